// 自动关怀: triggers (birthday, purchase fully paid, activity participation) create care tasks —
// sent at once by SMS / e-mail, or queued for staff on the other channels — with the template and
// points configured per trigger. Each trigger gathers its members in one care action per company
// day (birthday, purchase) or per activity, and gives a member a care once per trigger per day or
// event: the trigger key (birthday:<member>:<day>, purchase:<purchase>:<member>,
// activity:<activity>:<member>) is unique, so a job run twice or a replayed event adds nothing.
import { eq } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import { t, type Lang } from '../../i18n/index.ts';
import { registerJob } from '../../jobs/scheduler.ts';
import { recordAudit } from '../audit/service.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { assertActiveValue } from '../dictionaries/service.ts';
import { companyDate } from '../membership/env.ts';
import { liveMemberOfCustomer } from '../points/members.ts';
import { getSettings } from '../points/rules.ts';
import { careActions, careTriggers } from './schema.ts';
import { enrol, type CareAction, type EnrolResult } from './service.ts';

export const triggerCodes = ['birthday', 'purchase', 'activity'] as const;
export type TriggerCode = (typeof triggerCodes)[number];
export type TriggerRow = typeof careTriggers.$inferSelect;

export interface TriggerSettings {
  trigger: TriggerCode;
  enabled: boolean;
  channel: string;
  subject: string | null;
  body: string;
  points: number;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** A trigger never configured is off, with the default SMS template in the reader's language. */
function defaults(trigger: TriggerCode, lang: Lang): TriggerSettings {
  return {
    trigger, enabled: false, channel: 'sms', subject: t(lang, `care.default.${trigger}.subject`), body: t(lang, `care.default.${trigger}.body`),
    points: 0, updatedBy: null, updatedAt: null,
  };
}

async function storedTrigger(tx: Tx, trigger: TriggerCode): Promise<TriggerRow | null> {
  const [r] = await tx.select().from(careTriggers).where(eq(careTriggers.trigger, trigger));
  return r ?? null;
}

export async function listTriggerSettings(tx: Tx, lang: Lang): Promise<TriggerSettings[]> {
  const stored = new Map((await tx.select().from(careTriggers)).map((r) => [r.trigger, r]));
  return triggerCodes.map((code) => {
    const r = stored.get(code);
    return r ? { ...r, trigger: code } : defaults(code, lang);
  });
}

export type TriggerPatch = Partial<Pick<TriggerSettings, 'enabled' | 'channel' | 'subject' | 'body' | 'points'>>;

export async function updateTriggerSettings(tx: Tx, actor: Actor, trigger: TriggerCode, patch: TriggerPatch, lang: Lang): Promise<TriggerSettings> {
  const before = (await storedTrigger(tx, trigger)) ?? defaults(trigger, lang);
  const next = {
    enabled: patch.enabled ?? before.enabled,
    channel: patch.channel ?? before.channel,
    subject: patch.subject !== undefined ? patch.subject?.trim() || null : before.subject,
    body: patch.body !== undefined ? patch.body.trim() : before.body,
    points: patch.points ?? before.points,
  };
  if (patch.channel) await assertActiveValue(tx, 'care_channel', patch.channel, 'channel');
  if (next.enabled && !next.body) throw invalidField('body', 'care.bodyRequired');
  const [after] = await tx.insert(careTriggers).values({ trigger, ...next, updatedBy: actor.name, updatedAt: new Date() })
    .onConflictDoUpdate({ target: careTriggers.trigger, set: { ...next, updatedBy: actor.name, updatedAt: new Date() } }).returning();
  await recordAudit(tx, actor, { action: 'care.trigger.update', entityType: 'careTrigger', entityId: trigger, before: { ...before }, after: { ...after } });
  return { ...after, trigger };
}

/** The trigger's settings when it is on, else null. */
async function enabledTrigger(tx: Tx, trigger: TriggerCode): Promise<TriggerRow | null> {
  const r = await storedTrigger(tx, trigger);
  return r?.enabled ? r : null;
}

/** The action a trigger gathers its members in for a day or an event, made on first use with the template as it is then. */
async function groupAction(tx: Tx, actor: Actor, s: TriggerRow, groupKey: string, title: string): Promise<CareAction> {
  const [care] = await tx.insert(careActions).values({
    kind: 'automatic', trigger: s.trigger, groupKey, title, channel: s.channel, subject: s.subject, body: s.body, points: s.points, createdBy: actor.name,
  }).onConflictDoUpdate({ target: careActions.groupKey, set: { updatedAt: new Date() } }).returning();
  return care;
}

async function audit(tx: Tx, actor: Actor, care: CareAction, r: EnrolResult, facts: Record<string, unknown>) {
  if (!r.added) return;
  await recordAudit(tx, actor, {
    action: 'care.auto', entityType: 'care', entityId: care.id,
    facts: { trigger: care.trigger, ...facts, members: r.added, queued: r.queued, noRecipient: r.noRecipient, pending: r.pending, memberIds: r.memberIds.slice(0, 1000) },
  });
}

const list = (memberIds: number[], keys: string[], refType: string | null, refId: number | null) => sql`
  SELECT t.member_id, t.trigger_key, ${refType}::text AS ref_type, ${refId}::int AS ref_id
  FROM unnest(${sql.param(memberIds)}::int[], ${sql.param(keys)}::text[]) AS t(member_id, trigger_key)`;

/** 活动关怀: members just recorded as participants of an activity (called by the activities module in the same transaction). */
export async function careOnParticipation(tx: Tx, actor: Actor, activity: { id: number; name: string }, memberIds: number[]): Promise<EnrolResult | null> {
  if (!memberIds.length) return null;
  const s = await enabledTrigger(tx, 'activity');
  if (!s) return null;
  const care = await groupAction(tx, actor, s, `activity:${activity.id}`, `${s.subject ?? s.trigger} · ${activity.name}`);
  const r = await enrol(tx, actor, care, list(memberIds, memberIds.map((m) => `activity:${activity.id}:${m}`), 'activity', activity.id), { activity: activity.name });
  await audit(tx, actor, care, r, { activityId: activity.id });
  return r;
}

/**
 * 购房关怀: a purchase was fully paid (called from customers' onPurchaseFullyPaid in the payment's
 * transaction). A buyer who is not a member yet gets no club care.
 */
export async function careOnPurchase(tx: Tx, actor: Actor, purchase: { id: number; customerId: number; project: string; unit: string }): Promise<EnrolResult | null> {
  const s = await enabledTrigger(tx, 'purchase');
  if (!s) return null;
  const member = await liveMemberOfCustomer(tx, purchase.customerId);
  if (!member) return null;
  const { timeZone } = await getSettings(tx); // the company time zone, kept by the points settings
  const day = companyDate(timeZone);
  const care = await groupAction(tx, actor, s, `purchase:${day}`, `${s.subject ?? s.trigger} · ${day}`);
  const r = await enrol(tx, actor, care, list([member.id], [`purchase:${purchase.id}:${member.id}`], 'purchase', purchase.id), {
    project: purchase.project, unit: purchase.unit, date: day,
  });
  await audit(tx, actor, care, r, { purchaseId: purchase.id });
  return r;
}

function isLeapYear(y: number) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * 生日关怀: members whose birthday is today in the company time zone (a member born on 29 February
 * is cared for on the 28th in other years). Idempotent per member per day.
 */
export async function birthdayCare(tx: Tx, actor: Actor, timeZone: string, now: Date): Promise<{ day: string; added: number }> {
  const day = companyDate(timeZone, now);
  const s = await enabledTrigger(tx, 'birthday');
  if (!s) return { day, added: 0 };
  const [y, mo, d] = day.split('-').map(Number);
  const leapDay = mo === 2 && d === 28 && !isLeapYear(y) ? sql` OR (EXTRACT(MONTH FROM c.birthday) = 2 AND EXTRACT(DAY FROM c.birthday) = 29)` : sql``;
  const whose = sql`m.status <> 'archived' AND c.deleted_at IS NULL AND c.birthday IS NOT NULL
    AND ((EXTRACT(MONTH FROM c.birthday) = ${mo} AND EXTRACT(DAY FROM c.birthday) = ${d})${leapDay})
    AND NOT EXISTS (SELECT 1 FROM care_members x WHERE x.trigger_key = 'birthday:' || m.id || ':' || ${day})`;
  const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM members m JOIN customers c ON c.id = m.customer_id WHERE ${whose}`);
  if (!n) return { day, added: 0 };
  const care = await groupAction(tx, actor, s, `birthday:${day}`, `${s.subject ?? s.trigger} · ${day}`);
  const r = await enrol(tx, actor, care, sql`
    SELECT m.id AS member_id, 'birthday:' || m.id || ':' || ${day} AS trigger_key, NULL::text AS ref_type, NULL::int AS ref_id
    FROM members m JOIN customers c ON c.id = m.customer_id WHERE ${whose}`, { date: day });
  await audit(tx, actor, care, r, { day });
  return { day, added: r.added };
}

/** The periodic job: the day's birthday care (purchase and activity care happen with their events). */
export async function runCareTriggers(db: Db, config: Pick<Config, 'timeZone'>, now: Date = new Date()) {
  const birthday = await db.transaction((tx) => birthdayCare(tx, systemActor('care'), config.timeZone, now));
  return { birthday };
}

registerJob({
  name: 'care.triggers',
  everyMs: 10 * 60_000,
  dated: true,
  run: async ({ db, config, log, asOf }) => {
    const r = await runCareTriggers(db, config, asOf);
    if (r.birthday.added) log.info(r, 'birthday care given');
    return r;
  },
});
