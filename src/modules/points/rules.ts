// 积分规则与设置: trigger rules (event type → points, eligible levels, auto-approve) and the
// settings of expiry and reminders. Rules produce entries through the ledger like everything else:
// purchase rules in purchase-points.ts, activity / care / complaint rules in triggers.ts.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertActiveValue } from '../dictionaries/service.ts';
import { pointsRules, pointsSettings } from './schema.ts';
import './messages.ts';

export const ruleEventTypes = ['purchase', 'activity', 'care', 'complaint'] as const;
export type RuleEventType = (typeof ruleEventTypes)[number];
export type Rule = typeof pointsRules.$inferSelect;
export type Settings = typeof pointsSettings.$inferSelect;

/** Points a per-amount or fixed rule gives for an event of this amount (fen). */
export function pointsForRule(rule: Pick<Rule, 'formula' | 'points' | 'perFen'>, amountFen = 0): number {
  if (rule.formula === 'fixed') return rule.points;
  return Math.floor(Math.max(0, amountFen) / rule.perFen!) * rule.points;
}

/** 购房积分: 1 point per 100 yuan by default, i.e. floor(price in fen / 10 000). */
export function purchasePointsDue(priceFen: number, rule: Pick<Rule, 'formula' | 'points' | 'perFen'>): number {
  return pointsForRule(rule, priceFen);
}

/**
 * The rule that applies to an event for a member of this level: among the active rules of the
 * event type whose levels include it (or that name no level), one naming levels beats a general
 * one, and a newer one an older one.
 */
export async function ruleFor(tx: Tx, eventType: RuleEventType, level: string | null): Promise<Rule | null> {
  return pickRule(await activeRules(tx, eventType), level);
}

/** The active rules of an event type, newest first (for pickRule). */
export async function activeRules(tx: Tx, eventType: RuleEventType): Promise<Rule[]> {
  return tx.select().from(pointsRules)
    .where(and(eq(pointsRules.eventType, eventType), eq(pointsRules.active, true)))
    .orderBy(desc(pointsRules.id));
}

/** ruleFor over rules already read (newest first): for many members at once. */
export function pickRule(candidates: Rule[], level: string | null): Rule | null {
  const fits = candidates.filter((r) => r.eligibleLevels.length === 0 || (level !== null && r.eligibleLevels.includes(level)));
  return fits.find((r) => r.eligibleLevels.length > 0) ?? fits[0] ?? null;
}

/** Event types with an amount a per-amount rule can count (a purchase's price); the others take fixed points. */
export const amountEventTypes: readonly RuleEventType[] = ['purchase'];

export interface RuleInput {
  name: string;
  eventType: RuleEventType;
  formula: 'fixed' | 'per_amount';
  points: number;
  perFen?: number | null;
  eligibleLevels?: string[];
  autoApprove?: boolean;
  active?: boolean;
}

async function checkRule(tx: Tx, r: RuleInput) {
  if (!ruleEventTypes.includes(r.eventType)) throw invalidField('eventType', 'rule.eventType', { type: r.eventType });
  if (r.formula === 'per_amount' && !amountEventTypes.includes(r.eventType)) {
    throw invalidField('formula', 'rule.perAmountPurchaseOnly', { type: `entity.pointsSource.${r.eventType}` });
  }
  if (r.formula === 'per_amount' && !(r.perFen && r.perFen > 0)) throw invalidField('perFen', 'rule.perFenRequired');
  if (!Number.isSafeInteger(r.points) || r.points === 0) throw invalidField('points', 'points.amountInvalid', { max: 100_000_000 });
  // a rule fires inside the business action (a participation, a close): a deduction the balance
  // could not cover would undo that action, so rules only give points
  if (r.points < 0) throw invalidField('points', 'rule.pointsPositive');
  const levels = r.eligibleLevels ?? [];
  if (levels.length) {
    const known = await rows<{ code: string }>(tx, sql`SELECT code FROM card_types WHERE kind = 'main' AND code = ANY(${sql.param(levels)}::text[])`);
    const bad = levels.findIndex((l) => !known.some((k) => k.code === l));
    if (bad >= 0) throw invalidField(`eligibleLevels.${bad}`, 'rule.levelUnknown', { code: levels[bad] });
  }
}

export async function listRules(tx: Tx) {
  return tx.select().from(pointsRules).orderBy(asc(pointsRules.eventType), desc(pointsRules.active), asc(pointsRules.id));
}

export async function getRule(tx: Tx, id: number): Promise<Rule> {
  const [r] = await tx.select().from(pointsRules).where(eq(pointsRules.id, id));
  if (!r) throw notFound('pointsRule', id);
  return r;
}

export async function createRule(tx: Tx, actor: Actor, input: RuleInput): Promise<Rule> {
  await checkRule(tx, input);
  const [r] = await tx.insert(pointsRules).values({
    ...input, perFen: input.formula === 'per_amount' ? input.perFen! : null, eligibleLevels: [...new Set(input.eligibleLevels ?? [])],
  }).returning();
  await recordAudit(tx, actor, { action: 'points.rule.create', entityType: 'pointsRule', entityId: r.id, after: r });
  return r;
}

export async function updateRule(tx: Tx, actor: Actor, id: number, patch: Partial<RuleInput>): Promise<Rule> {
  const before = await getRule(tx, id);
  const next: RuleInput = {
    name: patch.name ?? before.name,
    eventType: (patch.eventType ?? before.eventType) as RuleEventType,
    formula: (patch.formula ?? before.formula) as RuleInput['formula'],
    points: patch.points ?? before.points,
    perFen: patch.perFen !== undefined ? patch.perFen : before.perFen,
    eligibleLevels: patch.eligibleLevels ?? before.eligibleLevels,
    autoApprove: patch.autoApprove ?? before.autoApprove,
    active: patch.active ?? before.active,
  };
  await checkRule(tx, next);
  const [after] = await tx.update(pointsRules).set({
    ...next, perFen: next.formula === 'per_amount' ? next.perFen! : null, eligibleLevels: [...new Set(next.eligibleLevels)], updatedAt: new Date(),
  }).where(eq(pointsRules.id, id)).returning();
  await recordAudit(tx, actor, { action: 'points.rule.update', entityType: 'pointsRule', entityId: id, before, after });
  return after;
}

// ---------- settings ----------

export async function getSettings(tx: Tx): Promise<Settings> {
  const [s] = await tx.select().from(pointsSettings).where(eq(pointsSettings.id, 1));
  if (!s) throw new Error('points settings are missing: the database was not prepared (clubcrm migrate)');
  return s;
}

export interface SettingsInput {
  expiryMode?: 'none' | 'months' | 'year_end';
  expiryMonths?: number;
  expiryYears?: number;
  reminderDays?: number;
  reminderChannel?: string;
  balanceReminderDay?: number | null;
}

/** New settings apply to lots earned from now on; a lot keeps the expiry it was given. */
export async function updateSettings(tx: Tx, actor: Actor, input: SettingsInput): Promise<Settings> {
  const before = await getSettings(tx);
  if (input.reminderChannel) await assertActiveValue(tx, 'notify_channel', input.reminderChannel, 'reminderChannel');
  const [after] = await tx.update(pointsSettings).set({ ...input, updatedAt: new Date(), updatedBy: actor.name }).where(eq(pointsSettings.id, 1)).returning();
  await recordAudit(tx, actor, { action: 'points.settings.update', entityType: 'pointsSettings', entityId: 1, before, after });
  return after;
}

/**
 * The rows a points ledger needs on every installation: the settings row (with the company time
 * zone, refreshed at each start so SQL can decide year ends) and, on first start, the purchase
 * rule of 1 point per 100 yuan, posted at once.
 */
export async function ensurePointsDefaults(tx: Tx, timeZone: string): Promise<void> {
  await tx.insert(pointsSettings).values({ id: 1, timeZone }).onConflictDoUpdate({ target: pointsSettings.id, set: { timeZone } });
  const [any] = await tx.select({ id: pointsRules.id }).from(pointsRules).where(eq(pointsRules.eventType, 'purchase')).limit(1);
  if (!any) {
    await tx.insert(pointsRules).values({
      name: '购房积分：每 100 元 1 分', eventType: 'purchase', formula: 'per_amount', points: 1, perFen: 10_000, autoApprove: true,
    });
  }
}
