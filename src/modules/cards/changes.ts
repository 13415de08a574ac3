// 换卡 as an application (SPEC §3): replacing a main card by one of the same type (worn, lost) is
// carried out at once; replacing it by another main type changes the member's level, so it
// becomes a change request (an upgrade or a downgrade) that someone holding card.approve decides
// (service.ts approveUpgrade / rejectUpgrade). Nothing of the card, the level or the balance
// changes until then.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { balanceOf } from '../points/ledger.ts';
import { cardUpgrades } from './schema.ts';
import { checkReplacement, replaceCard, type Card, type ReplaceInput } from './service.ts';
import { getCardType } from './types.ts';
import './messages.ts';

export type CardChange = typeof cardUpgrades.$inferSelect & { direction: 'upgrade' | 'downgrade' };

export type ReplaceOutcome =
  | { outcome: 'replaced'; old: Card; card: Card; endedSubCards: number; request: null }
  | { outcome: 'requested'; old: Card; card: null; endedSubCards: 0; request: CardChange };

/** A change request (or automatic upgrade proposal) by id. */
export async function getCardChange(tx: Tx, id: number) {
  const [u] = await tx.select().from(cardUpgrades).where(eq(cardUpgrades.id, id));
  if (!u) throw notFound('cardUpgrade', id);
  return u;
}

/**
 * 换卡 by staff: the same type → replaced now; another main type → a pending change request naming
 * the new card's number, checked now as a replacement would be (so an approval can carry it out).
 * One pending request per member (an automatic proposal counts): a second is a 409 naming it.
 */
export async function replaceOrRequest(tx: Tx, actor: Actor, cardId: number, input: ReplaceInput): Promise<ReplaceOutcome> {
  const { old, member, newNo, type } = await checkReplacement(tx, cardId, input, 'request');
  if (type.code === old.typeCode) {
    const done = await replaceCard(tx, actor, cardId, input, 'request');
    return { outcome: 'replaced', ...done, request: null };
  }
  const pending = async () => (await tx.select({ id: cardUpgrades.id }).from(cardUpgrades)
    .where(and(eq(cardUpgrades.memberId, member.id), eq(cardUpgrades.status, 'pending'))))[0];
  const waiting = await pending();
  if (waiting) throw conflict('CARD_CHANGE_PENDING', 'card.changePending', { id: waiting.id });
  const from = await getCardType(tx, old.typeCode);
  const [request] = await tx.insert(cardUpgrades).values({
    memberId: member.id, fromCardId: old.id, fromType: old.typeCode, toType: type.code, balance: await balanceOf(tx, member.id),
    requestedBy: actor.name, requestedCardNo: newNo, requestNote: input.note?.trim() || null,
  }).onConflictDoNothing().returning();
  if (!request) throw conflict('CARD_CHANGE_PENDING', 'card.changePending', { id: (await pending())?.id ?? '' });
  const direction = type.rank >= from.rank ? 'upgrade' : 'downgrade';
  await recordAudit(tx, actor, {
    action: 'card.changeRequest', entityType: 'cardUpgrade', entityId: request.id,
    after: { memberId: member.id, cardId: old.id, fromType: old.typeCode, toType: type.code, direction, requestedCardNo: newNo, note: request.requestNote },
  });
  return { outcome: 'requested', old, card: null, endedSubCards: 0, request: { ...request, direction } };
}
