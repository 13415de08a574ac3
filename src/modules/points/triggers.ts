// 按事件触发 (SPEC §4 "automatic by trigger rules"): the activity, care and complaint rules. The
// module that owns each event declares a hook and runs it in its transaction; this file listens:
// - activity: a participation recorded (single, card reader, batch) — per participation;
// - care: a care that reached the member (SMS / e-mail sent, or a letter … recorded as reached) — per care member;
// - complaint: a complaint about a member closed — per complaint (a reopen and a new close book nothing more).
// For each member the rule of their level (rules.ts pickRule) gives fixed points; the entry is
// posted at once when the rule auto-approves, else it waits as pending in the approval queue.
// Keys rule:<ruleId>:<event type>:<event id> make it once per event and rule, however often the
// event is reported. Purchase rules are applied by purchase-points.ts.
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { participationsRecorded } from '../activities/hooks.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { memberLevels } from '../cards/levels.ts';
import { careDelivered } from '../care/hooks.ts';
import { complaintClosed } from '../complaints/hooks.ts';
import { postEarnings, postPendingEntries, type Earning } from './bulk.ts';
import { activeRules, pickRule, pointsForRule, type Rule, type RuleEventType } from './rules.ts';

export interface RuleEvent {
  memberId: number;
  /** the business event the entry names (activity, care action, complaint) */
  sourceId: number;
  /** what makes the event one: the participation, the care member, the complaint */
  eventId: number;
}

/** The idempotency key of a rule's entry for one event. */
export const ruleEntryKey = (ruleId: number, eventType: RuleEventType, eventId: number) => `rule:${ruleId}:${eventType}:${eventId}`;

/**
 * Applies the active rules of an event type to events (many members at once: a batch of
 * participations): one read of the rules, one of the members' levels, one bulk write per rule.
 * Members who left (archived) get nothing. Returns the entries booked now per rule.
 */
export async function applyRules(
  tx: Tx, actor: Actor, eventType: Exclude<RuleEventType, 'purchase'>, events: RuleEvent[], label: string,
): Promise<{ ruleId: number; state: 'posted' | 'pending'; memberIds: number[] }[]> {
  if (!events.length) return [];
  const rules = await activeRules(tx, eventType);
  if (!rules.length) return [];
  const ids = [...new Set(events.map((e) => e.memberId))];
  const live = new Set((await rows<{ id: number }>(tx, sql`
    SELECT id FROM members WHERE id = ANY(${sql.param(ids)}::int[]) AND status <> 'archived'`)).map((m) => m.id));
  const levels = await memberLevels(tx, ids);
  const byRule = new Map<number, { rule: Rule; entries: Earning[] }>();
  for (const e of events) {
    if (!live.has(e.memberId)) continue;
    const rule = pickRule(rules, levels.get(e.memberId) ?? null);
    if (!rule) continue;
    const amount = pointsForRule(rule);
    if (amount <= 0) continue; // rules give points (rules.ts refuses others; an older row is left alone)
    const group = byRule.get(rule.id) ?? { rule, entries: [] };
    group.entries.push({ memberId: e.memberId, amount, key: ruleEntryKey(rule.id, eventType, e.eventId), sourceId: e.sourceId });
    byRule.set(rule.id, group);
  }
  const out: { ruleId: number; state: 'posted' | 'pending'; memberIds: number[] }[] = [];
  for (const { rule, entries } of byRule.values()) {
    const input = { sourceType: eventType, reason: `${rule.name} · ${label}`, ruleId: rule.id };
    const memberIds = rule.autoApprove
      ? await postEarnings(tx, actor, { ...input, earnings: entries })
      : await postPendingEntries(tx, actor, { ...input, entries });
    if (!memberIds.length) continue; // every one booked before: a replay
    const state = rule.autoApprove ? 'posted' : 'pending';
    out.push({ ruleId: rule.id, state, memberIds });
    await recordAudit(tx, actor, {
      action: 'points.rule.fire', entityType: 'pointsRule', entityId: rule.id,
      facts: { eventType, event: label, sourceIds: [...new Set(entries.map((e) => e.sourceId))], state, points: rule.points, count: memberIds.length, members: memberIds.slice(0, 1000) },
    });
  }
  return out;
}

participationsRecorded.on(async (tx, e) => {
  await applyRules(tx, e.actor, 'activity', e.participations.map((p) => ({ memberId: p.memberId, sourceId: e.activityId, eventId: p.participationId })), e.activityName);
});

careDelivered.on(async (tx, e) => {
  await applyRules(tx, e.actor, 'care', e.deliveries.map((d) => ({ memberId: d.memberId, sourceId: e.careId, eventId: d.careMemberId })), e.careTitle);
});

complaintClosed.on(async (tx, e) => {
  if (!e.memberId) return;
  await applyRules(tx, e.actor, 'complaint', [{ memberId: e.memberId, sourceId: e.complaintId, eventId: e.complaintId }], e.complaintNo);
});
