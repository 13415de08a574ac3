// Leaving the club (退会, SPEC §2.2). Only the service centre raises a leave request: by hand, or
// automatically by the rules below (a daily job). Reasons come from the dictionary leave_reason.
// A member has at most one open request (a partial unique index); while it is open the member is
// 'leaving'. Approval archives the member — kept, read-only, whole history, still found by
// search — and queues a leave notice; rejection makes the member active again.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import { conflict, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { getCustomer } from '../customers/service.ts';
import { assertActiveValue } from '../dictionaries/service.ts';
import { failureStreaks } from '../notify/service.ts';
import type { MembershipEnv } from './env.ts';
import { addMemberEvents, addMemberEventsBulk } from './events.ts';
import { isUniqueViolation, lockMember, queueMemberNotice } from './members.ts';
import { leaveRequests, members } from './schema.ts';
import { assertMemberInScope, memberScopeSql, membersInScope } from './scope.ts';

export type LeaveRow = typeof leaveRequests.$inferSelect;

export async function requestLeave(tx: Tx, actor: Actor, memberId: number, input: { reason: string; note?: string | null }): Promise<LeaveRow> {
  await assertMemberInScope(tx, actor, memberId);
  await assertActiveValue(tx, 'leave_reason', input.reason, 'reason');
  const m = await lockMember(tx, memberId);
  if (m.status === 'leaving') throw conflict('LEAVE_REQUEST_OPEN', 'leave.openRequestExists', { memberNo: m.memberNo });
  if (m.status !== 'active') throw refused('MEMBER_NOT_ACTIVE', 'leave.memberNotActive', { memberNo: m.memberNo, status: `entity.membership.memberStatus.${m.status}` });
  let req: LeaveRow;
  try {
    [req] = await tx.insert(leaveRequests).values({
      memberId, reason: input.reason, note: input.note?.trim() || null, method: 'manual', status: 'pending', requestedBy: actor.name,
    }).returning();
  } catch (e) {
    if (isUniqueViolation(e, 'leave_requests_open_uq')) throw conflict('LEAVE_REQUEST_OPEN', 'leave.openRequestExists', { memberNo: m.memberNo });
    throw e;
  }
  await tx.update(members).set({ status: 'leaving', updatedAt: new Date() }).where(eq(members.id, memberId));
  await addMemberEvents(tx, actor, [{ memberId, kind: 'leave_requested', field: 'status', oldValue: 'active', newValue: 'leaving', refType: 'leave_request', refId: req.id, note: input.reason }]);
  await recordAudit(tx, actor, { action: 'leave.request', entityType: 'leave_request', entityId: req.id, after: req });
  return req;
}

async function lockOpenRequest(tx: Tx, actor: Actor, id: number): Promise<LeaveRow> {
  const [req] = await tx.select().from(leaveRequests).where(eq(leaveRequests.id, id)).for('update');
  // a member outside the reader's data scope: their requests do not exist for them either
  if (!req || !(await membersInScope(tx, actor, [req.memberId])).has(req.memberId)) throw notFound('leaveRequest', id);
  if (req.status !== 'pending') throw refused('LEAVE_REQUEST_DECIDED', 'leave.notPending', { id, status: `entity.leaveStatus.${req.status}` });
  return req;
}

/** Approval: the member is archived (read-only, history kept) and told so by SMS / e-mail where possible. */
export async function approveLeave(tx: Tx, actor: Actor, env: MembershipEnv, id: number, note?: string | null) {
  const req = await lockOpenRequest(tx, actor, id);
  const m = await lockMember(tx, req.memberId);
  const now = new Date();
  const [after] = await tx.update(leaveRequests).set({
    status: 'approved', decidedBy: actor.kind === 'user' ? actor.id : null, decidedByName: actor.name, decidedAt: now, decisionNote: note?.trim() || null,
  }).where(eq(leaveRequests.id, id)).returning();
  const [archived] = await tx.update(members).set({ status: 'archived', archivedAt: now, updatedAt: now }).where(eq(members.id, m.id)).returning();
  await addMemberEvents(tx, actor, [{ memberId: m.id, kind: 'archived', field: 'status', oldValue: m.status, newValue: 'archived', refType: 'leave_request', refId: id, note: req.reason }]);
  await queueMemberNotice(tx, actor, env, archived, await getCustomer(tx, m.customerId, { includeDeleted: true }), 'leave');
  await recordAudit(tx, actor, { action: 'leave.approve', entityType: 'leave_request', entityId: id, before: req, after });
  return after;
}

export async function rejectLeave(tx: Tx, actor: Actor, id: number, note?: string | null) {
  const req = await lockOpenRequest(tx, actor, id);
  const m = await lockMember(tx, req.memberId);
  const now = new Date();
  const [after] = await tx.update(leaveRequests).set({
    status: 'rejected', decidedBy: actor.kind === 'user' ? actor.id : null, decidedByName: actor.name, decidedAt: now, decisionNote: note?.trim() || null,
  }).where(eq(leaveRequests.id, id)).returning();
  await tx.update(members).set({ status: 'active', updatedAt: now }).where(eq(members.id, m.id));
  await addMemberEvents(tx, actor, [{ memberId: m.id, kind: 'leave_rejected', field: 'status', oldValue: m.status, newValue: 'active', refType: 'leave_request', refId: id, note: note ?? null }]);
  await recordAudit(tx, actor, { action: 'leave.reject', entityType: 'leave_request', entityId: id, before: req, after });
  return after;
}

export interface LeaveQuery { page: number; pageSize: number; status?: string; method?: string; reason?: string; memberId?: number }

/** Leave requests with the member's number and name (read-only join on customers for the name), within the reader's data scope. */
export async function listLeaveRequests(tx: Tx, actor: Actor, q: LeaveQuery) {
  const where: SQL[] = [];
  const scope = memberScopeSql(actor, sql`r.member_id`);
  if (scope) where.push(scope);
  if (q.status) where.push(sql`r.status = ${q.status}`);
  if (q.method) where.push(sql`r.method = ${q.method}`);
  if (q.reason) where.push(sql`r.reason = ${q.reason}`);
  if (q.memberId) where.push(sql`r.member_id = ${q.memberId}`);
  const cond = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const list = await rows<Record<string, unknown>>(tx, sql`
    SELECT r.*, m.member_no, m.status AS member_status, c.name
    FROM leave_requests r JOIN members m ON m.id = r.member_id JOIN customers c ON c.id = m.customer_id
    ${cond} ORDER BY r.created_at DESC, r.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  const [{ total }] = await rows<{ total: number }>(tx, sql`SELECT count(*)::int AS total FROM leave_requests r ${cond}`);
  const d = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    items: list.map((r) => ({
      id: r.id as number, memberId: r.member_id as number, memberNo: r.member_no as string, memberStatus: r.member_status as string, name: r.name as string,
      reason: r.reason as string, note: r.note as string | null, method: r.method as string, rule: r.rule as string | null, status: r.status as string,
      requestedBy: r.requested_by as string, decidedByName: r.decided_by_name as string | null, decidedAt: d(r.decided_at),
      decisionNote: r.decision_note as string | null, createdAt: d(r.created_at)!,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

export interface LeaveRules {
  /** invalid contact: this many notices in a row failed or did not reach the member (0 = rule off) */
  failedNotices: number;
  /** term expired: months of membership after joining (0 = no term) */
  termMonths: number;
  /** data error: members flagged by staff */
  dataError: boolean;
}

export interface LeaveRuleReport { invalidContact: number; termExpired: number; dataError: number }

/** Inserts requests for many members at once; members with an open request are skipped by the index. */
async function raiseFor(tx: Tx, actor: Actor, memberIds: number[], rule: string, reason: string, notes: string[]): Promise<number> {
  if (!memberIds.length) return 0;
  const inserted = await rows<{ id: number; member_id: number }>(tx, sql`
    INSERT INTO leave_requests (member_id, reason, note, method, rule, status, requested_by)
    SELECT t.m, ${reason}, t.n, 'automatic', ${rule}, 'pending', ${actor.name}
    FROM unnest(${sql.param(memberIds)}::int[], ${sql.param(notes)}::text[]) AS t(m, n)
    JOIN members mm ON mm.id = t.m AND mm.status = 'active'
    ON CONFLICT (member_id) WHERE status = 'pending' DO NOTHING
    RETURNING id, member_id`);
  if (!inserted.length) return 0;
  const ids = inserted.map((r) => r.member_id);
  await tx.execute(sql`UPDATE members SET status = 'leaving', updated_at = now() WHERE id = ANY(${sql.param(ids)}::int[])`);
  await addMemberEventsBulk(tx, actor, ids, 'leave_requested', 'leave_request', inserted.map((r) => r.id), `${reason} (${rule})`);
  await recordAudit(tx, actor, { action: 'leave.automatic', entityType: 'leave_request', facts: { rule, reason, requests: inserted.map((r) => r.id), members: ids } });
  return inserted.length;
}

/**
 * 自动退会申请: applies the rules to every active member. A rule does not raise again what a
 * manager already rejected for the same facts: after a rejected "invalid contact" request only
 * failures after that decision count; a rejected "term expired" request is final for that member;
 * a rejected "data error" request counts until the member is flagged again.
 */
export async function raiseAutomaticLeaveRequests(tx: Tx, actor: Actor, rules: LeaveRules, now = new Date()): Promise<LeaveRuleReport> {
  const report: LeaveRuleReport = { invalidContact: 0, termExpired: 0, dataError: 0 };
  if (rules.failedNotices > 0) {
    const streaks = await failureStreaks(tx, rules.failedNotices);
    const rejected = new Map((await rows<{ member_id: number; at: string | Date }>(tx, sql`
      SELECT member_id, max(decided_at) AS at FROM leave_requests WHERE rule = 'invalid_contact' AND status = 'rejected' GROUP BY member_id`))
      .map((r) => [r.member_id, new Date(r.at)]));
    const due = streaks
      .map((s) => ({ memberId: s.memberId, failures: s.failedAt.filter((at) => at > (rejected.get(s.memberId) ?? new Date(0))).length }))
      .filter((s) => s.failures >= rules.failedNotices);
    report.invalidContact = await raiseFor(tx, actor, due.map((d) => d.memberId), 'invalid_contact', 'invalid_contact', due.map((d) => `${d.failures} notices failed in a row`));
  }
  if (rules.termMonths > 0) {
    const due = await rows<{ id: number; joined: string }>(tx, sql`
      SELECT m.id, to_char(m.joined_at, 'YYYY-MM-DD') AS joined FROM members m
      WHERE m.status = 'active' AND m.joined_at + make_interval(months => ${rules.termMonths}) <= ${now}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM leave_requests r WHERE r.member_id = m.id AND r.rule = 'term_expired' AND r.status = 'rejected')`);
    report.termExpired = await raiseFor(tx, actor, due.map((d) => d.id), 'term_expired', 'expired', due.map((d) => `joined ${d.joined}, term ${rules.termMonths} months`));
  }
  if (rules.dataError) {
    const due = await rows<{ id: number; flag: string }>(tx, sql`
      SELECT m.id, m.data_error_flag AS flag FROM members m
      WHERE m.status = 'active' AND m.data_error_flag IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM leave_requests r WHERE r.member_id = m.id AND r.rule = 'data_error' AND r.status = 'rejected'
                        AND r.decided_at >= m.data_error_flagged_at)`);
    report.dataError = await raiseFor(tx, actor, due.map((d) => d.id), 'data_error', 'data_error', due.map((d) => d.flag));
  }
  return report;
}

export async function leaveRequestsOfMember(tx: Tx, memberId: number) {
  return tx.select().from(leaveRequests).where(and(eq(leaveRequests.memberId, memberId))).orderBy(desc(leaveRequests.createdAt));
}
