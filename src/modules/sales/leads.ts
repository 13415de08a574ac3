// Leads (线索, SPEC §10): a prospect who called, visited the sales office or came from an event,
// the website or a referral. new → following (first follow-up) → converted (became or was linked
// to a customer) | lost (with a reason). Converted and lost leads are read-only.
import { and, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, isExportPage, listOrder, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { invalid, invalidField, notFound, refused, type FieldIssue } from '../../http/errors.ts';
import { normaliseMobile } from '../../normalise.ts';
import { maskPersonal, type Crypto } from '../../pii.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { createCustomer, customerNamesById, findLiveCustomersByMobile, getCustomerInScope } from '../customers/service.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { createOpportunity } from './opportunities.ts';
import { salesLeads, type LeadStatus } from './schema.ts';
import { assertWithinScope, activeStaff, notBeforeToday, ownerAndDepartment, salesScope, staffNames } from './scope.ts';

export type LeadRow = typeof salesLeads.$inferSelect;

registerDictionaryUsage('lead_source', async (tx, code) => count(tx, eq(salesLeads.source, code)));
registerDictionaryUsage('sales_lost_reason', async (tx, code) => count(tx, eq(salesLeads.lostReason, code)));

async function count(tx: Tx, where: SQL) {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(salesLeads).where(where);
  return n;
}

const leadScope = (actor: Actor) => salesScope(actor, salesLeads.ownerId, salesLeads.department);
export const isLeadOpen = (l: LeadRow) => l.status === 'new' || l.status === 'following';

/** A live lead inside the actor's data scope; outside it, the lead does not exist for them (404). */
export async function getLeadInScope(tx: Tx, actor: Actor, id: number, opts: { lock?: boolean } = {}): Promise<LeadRow> {
  const q = tx.select().from(salesLeads).where(and(eq(salesLeads.id, id), isNull(salesLeads.deletedAt), leadScope(actor)));
  const [l] = opts.lock ? await q.for('update') : await q;
  if (!l) throw notFound('salesLead', id);
  return l;
}

export function assertLeadOpen(l: LeadRow) {
  if (!isLeadOpen(l)) throw refused('LEAD_CLOSED', 'sales.leadClosed', { name: l.name, status: `entity.salesLeadStatus.${l.status}` });
}

function mobileOf(raw: string | null | undefined, issues: FieldIssue[]): string | null {
  if (!raw?.trim()) return null;
  const m = normaliseMobile(raw);
  if (!m) issues.push({ field: 'mobile', key: 'validation.mobile' });
  return m;
}

/**
 * A customer already holding the lead's mobile: the duplicate warning. Inside the actor's customer
 * scope they see who it is; outside it only that one exists (name masked, no id).
 */
export async function duplicateOf(tx: Tx, actor: Actor, mobile: string | null) {
  if (!mobile) return null;
  const found = await findLiveCustomersByMobile(tx, mobile);
  if (!found.length) return null;
  let visible = null;
  for (const c of found) {
    try { visible = await getCustomerInScope(tx, actor, c.id); break; } catch { /* outside the actor's scope */ }
  }
  const c = visible ?? found[0];
  const inScope = visible != null;
  return { customerId: inScope ? c.id : null, name: inScope ? c.name : `${[...c.name][0]}${'*'.repeat(Math.max(1, [...c.name].length - 1))}`, inScope, isMember: inScope && c.memberId != null };
}

export interface LeadInput {
  name: string; mobile?: string | null; source: string; intention?: string | null; note?: string | null;
  ownerId?: number | null; department?: string | null; nextFollowUpOn?: string | null;
}

export async function createLead(tx: Tx, actor: Actor, input: LeadInput, today: string) {
  const issues: FieldIssue[] = [];
  const mobile = mobileOf(input.mobile, issues);
  if (issues.length) throw invalid(issues);
  await assertActiveValue(tx, 'lead_source', input.source, 'source');
  notBeforeToday(input.nextFollowUpOn, today, 'nextFollowUpOn');
  const { ownerId, department } = await ownerAndDepartment(tx, actor, input);
  const [lead] = await tx.insert(salesLeads).values({
    name: input.name.trim(), mobile, source: input.source, intention: input.intention?.trim() || null, note: input.note?.trim() || null,
    ownerId, department, nextFollowUpOn: input.nextFollowUpOn ?? null, createdBy: actor.name,
  }).returning();
  await recordAudit(tx, actor, { action: 'salesLead.create', entityType: 'salesLead', entityId: lead.id, after: lead });
  return { lead, duplicate: await duplicateOf(tx, actor, mobile) };
}

export type LeadPatch = Partial<Pick<LeadInput, 'name' | 'mobile' | 'source' | 'intention' | 'note' | 'nextFollowUpOn'>>;

export async function updateLead(tx: Tx, actor: Actor, id: number, patch: LeadPatch, today: string) {
  const before = await getLeadInScope(tx, actor, id, { lock: true });
  assertLeadOpen(before);
  const issues: FieldIssue[] = [];
  const set: Partial<LeadRow> = {};
  if (patch.name !== undefined) set.name = patch.name.trim();
  if (patch.mobile !== undefined) set.mobile = mobileOf(patch.mobile, issues);
  if (issues.length) throw invalid(issues);
  if (patch.source !== undefined) { await assertActiveValue(tx, 'lead_source', patch.source, 'source'); set.source = patch.source; }
  if (patch.intention !== undefined) set.intention = patch.intention?.trim() || null;
  if (patch.note !== undefined) set.note = patch.note?.trim() || null;
  if (patch.nextFollowUpOn !== undefined) { notBeforeToday(patch.nextFollowUpOn, today, 'nextFollowUpOn'); set.nextFollowUpOn = patch.nextFollowUpOn; }
  if (!Object.keys(set).length) throw invalidField('name', 'sales.noChange');
  const [after] = await tx.update(salesLeads).set({ ...set, updatedAt: new Date() }).where(eq(salesLeads.id, id)).returning();
  await recordAudit(tx, actor, { action: 'salesLead.update', entityType: 'salesLead', entityId: id, before, after });
  return { lead: after, duplicate: await duplicateOf(tx, actor, after.mobile) };
}

export async function markLeadLost(tx: Tx, actor: Actor, id: number, input: { lostReason: string; lostNote?: string | null }) {
  const before = await getLeadInScope(tx, actor, id, { lock: true });
  assertLeadOpen(before);
  await assertActiveValue(tx, 'sales_lost_reason', input.lostReason, 'lostReason');
  const [after] = await tx.update(salesLeads).set({
    status: 'lost', lostReason: input.lostReason, lostNote: input.lostNote?.trim() || null, nextFollowUpOn: null, updatedAt: new Date(),
  }).where(eq(salesLeads.id, id)).returning();
  await recordAudit(tx, actor, { action: 'salesLead.lose', entityType: 'salesLead', entityId: id, before, after });
  return after;
}

/**
 * Converts a lead: links the customer chosen (in the actor's scope), or the live customer holding
 * the lead's mobile, or creates one through the customers module with the lead's owner and
 * department; optionally opens an opportunity for it. The lead becomes converted (read-only).
 */
export async function convertLead(
  tx: Tx, actor: Actor, pii: Crypto, id: number,
  input: { customerId?: number | null; opportunity?: { title: string; intention?: string | null; expectedAmountFen?: number; expectedCloseOn?: string | null } | null },
  today: string,
) {
  const lead = await getLeadInScope(tx, actor, id, { lock: true });
  assertLeadOpen(lead);
  let customerId: number;
  let customerCreated = false;
  if (input.customerId != null) {
    try {
      customerId = (await getCustomerInScope(tx, actor, input.customerId)).id;
    } catch {
      throw invalidField('customerId', 'sales.notInScope', { id: input.customerId });
    }
  } else {
    const dup = await duplicateOf(tx, actor, lead.mobile);
    if (dup?.customerId) customerId = dup.customerId;
    else {
      const c = await createCustomer(tx, actor, pii, {
        name: lead.name, mobile: lead.mobile, source: 'manual', ownerId: lead.ownerId, department: lead.department,
        note: lead.intention,
      });
      customerId = c.id;
      customerCreated = true;
    }
  }
  const [after] = await tx.update(salesLeads).set({ status: 'converted', customerId, convertedAt: new Date(), nextFollowUpOn: null, updatedAt: new Date() })
    .where(eq(salesLeads.id, id)).returning();
  await recordAudit(tx, actor, { action: 'salesLead.convert', entityType: 'salesLead', entityId: id, before: lead, after });
  const opportunity = input.opportunity
    ? await createOpportunity(tx, actor, {
      ...input.opportunity, customerId, leadId: id, ownerId: lead.ownerId, department: lead.department,
      intention: input.opportunity.intention ?? lead.intention,
    }, today, { customerChecked: true })
    : null;
  return { lead: after, customerId, customerCreated, opportunityId: opportunity?.id ?? null };
}

export interface LeadQuery extends ListPage {
  status?: LeadStatus; ownerId?: number; department?: string; source?: string; q?: string;
  due?: 'today' | 'overdue' | 'due';
}

/**
 * The lead list; mobiles masked (138****5678) on screen. An export reads them clear
 * (`clearMobiles`) and leaves the masking to the export helper, which keeps them for pii.export.
 */
export async function listLeads(tx: Tx, actor: Actor, q: LeadQuery, today: string, opts: { clearMobiles?: boolean } = {}) {
  const conds: (SQL | undefined)[] = [isNull(salesLeads.deletedAt), leadScope(actor), beforeId(salesLeads.id, q)];
  if (q.status) conds.push(eq(salesLeads.status, q.status));
  if (q.ownerId) conds.push(eq(salesLeads.ownerId, q.ownerId));
  if (q.department) conds.push(eq(salesLeads.department, q.department));
  if (q.source) conds.push(eq(salesLeads.source, q.source));
  if (q.q?.trim()) {
    const s = q.q.trim();
    const m = normaliseMobile(s);
    conds.push(m ? eq(salesLeads.mobile, m) : /^\d{4,}$/.test(s) ? sql`${salesLeads.mobile} LIKE ${`%${s}`}` : ilike(salesLeads.name, `%${s.replace(/[%_\\]/g, '\\$&')}%`));
  }
  if (q.due) {
    conds.push(inArray(salesLeads.status, ['new', 'following']));
    conds.push(q.due === 'today' ? eq(salesLeads.nextFollowUpOn, today) : q.due === 'overdue' ? sql`${salesLeads.nextFollowUpOn} < ${today}` : sql`${salesLeads.nextFollowUpOn} <= ${today}`);
  }
  const where = and(...conds);
  const list = await tx.select().from(salesLeads).where(where)
    .orderBy(...listOrder(salesLeads.id, q, [sql`${salesLeads.nextFollowUpOn} ASC NULLS LAST`, desc(salesLeads.id)]))
    .limit(q.pageSize).offset(isExportPage(q) ? 0 : (q.page - 1) * q.pageSize);
  const [{ total }] = await totalUnlessExport(q, () => tx.select({ total: sql<number>`count(*)::int` }).from(salesLeads).where(where).then((r): [{ total: number }] => [r[0]]));
  const names = await staffNames(tx, list.map((l) => l.ownerId));
  return {
    items: list.map((l) => ({ ...presentLead(l, names), mobile: l.mobile && !opts.clearMobiles ? maskPersonal('phone', l.mobile) : l.mobile })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

export function presentLead(l: LeadRow, names: Map<number, string>) {
  const { deletedAt: _d, ...rest } = l;
  return { ...rest, ownerName: l.ownerId != null ? names.get(l.ownerId) ?? null : null };
}

/** Reassigns leads (all or nothing; each id that cannot be reassigned is named). */
export async function assignLeads(tx: Tx, actor: Actor, ids: number[], input: { ownerId: number; department?: string | null; note?: string | null }) {
  const owner = await activeStaff(tx, input.ownerId, 'ownerId');
  const department = input.department?.trim() || owner.department;
  // a department's manager hands work over inside the department; an own scope may hand its own records to anyone
  if (actor.dataScope === 'department') assertWithinScope(actor, owner.id, department);
  const found = await tx.select().from(salesLeads).where(and(inArray(salesLeads.id, ids), isNull(salesLeads.deletedAt), leadScope(actor))).for('update');
  const byId = new Map(found.map((l) => [l.id, l]));
  const issues: FieldIssue[] = [];
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    const l = byId.get(id);
    if (seen.has(id)) issues.push({ field: `ids.${i}`, key: 'sales.duplicateIds' });
    else if (!l) issues.push({ field: `ids.${i}`, key: 'sales.notInScope', params: { id } });
    else if (!isLeadOpen(l)) issues.push({ field: `ids.${i}`, key: 'sales.leadIsClosed' });
    seen.add(id);
  });
  if (issues.length) throw invalid(issues);
  const moved = found.filter((l) => l.ownerId !== owner.id || l.department !== department);
  if (moved.length) {
    await tx.update(salesLeads).set({ ownerId: owner.id, department, updatedAt: new Date() }).where(inArray(salesLeads.id, moved.map((l) => l.id)));
    for (const l of moved) {
      await recordAudit(tx, actor, {
        action: 'salesLead.assign', entityType: 'salesLead', entityId: l.id,
        before: { ownerId: l.ownerId, department: l.department }, after: { ownerId: owner.id, department, ...(input.note ? { note: input.note } : {}) },
      });
    }
  }
  return { assigned: moved.length, unchanged: ids.length - moved.length, ownerId: owner.id, ownerName: owner.name, department };
}
