// 来电弹屏: when the phone rings the agent types or pastes the number and sees who it is — the
// customers holding it (masked outside the scope), their member number and level, and the last
// calls of that number or those customers.
import type { Tx } from '../../db/index.ts';
import type { Actor } from '../auth/actor.ts';
import { callNumber, latestCalls, presentCalls, recogniseCaller } from './records.ts';

export async function lookupCaller(tx: Tx, actor: Actor, raw: string) {
  const { number, kind } = callNumber(raw);
  const matches = await recogniseCaller(tx, actor, number);
  const recent = await latestCalls(tx, actor, number, matches.map((m) => m.customerId).filter((x): x is number => x != null));
  return {
    number, numberKind: kind, matches,
    /** what registering now would link: the one customer in scope holding it, when only one holds it */
    recognisedCustomerId: matches.length === 1 && matches[0].inScope ? matches[0].customerId : null,
    lastCalls: await presentCalls(tx, actor, recent, { maskNumbers: false }),
  };
}
