// What waits in membership and its figures of the month, counted for the home page (首页), within
// the reader's data scope: the totals of the review queue, the leave approvals and the 未通知到
// worklist, and the members who joined and left.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import type { Actor } from '../auth/actor.ts';
import { applications } from './schema.ts';
import { applicationScope, memberRowScopeSql, memberScopeSql } from './scope.ts';

const andIf = (cond: ReturnType<typeof memberScopeSql>) => (cond ? sql`AND ${cond}` : sql``);

/** 待审核: pending applications the actor may see (the review queue's total). */
export async function countPendingApplications(tx: Tx, actor: Actor): Promise<number> {
  if (actor.dataScope === 'department') {
    // applicationScope's OR hashed the department's every customer (108 000 at 1M members, 0.9 s);
    // apart: entered by the department, plus those of its customers entered elsewhere
    const dept = actor.department ?? null;
    const [{ n }] = await rows<{ n: number }>(tx, sql`
      SELECT (SELECT count(*) FROM applications a WHERE a.status = 'pending' AND a.department = ${dept})
           + (SELECT count(*) FROM applications a JOIN customers c ON c.id = a.customer_id
              WHERE a.status = 'pending' AND a.customer_id IS NOT NULL AND c.department = ${dept}
                AND a.department IS DISTINCT FROM ${dept}) AS n`);
    return Number(n);
  }
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(applications)
    .where(and(eq(applications.status, 'pending'), applicationScope(actor)));
  return n;
}

/** 待审批退会: open leave requests of members the actor may see. */
export async function countPendingLeaveRequests(tx: Tx, actor: Actor): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(tx, sql`
    SELECT count(*)::int AS n FROM leave_requests r WHERE r.status = 'pending' ${andIf(memberScopeSql(actor, sql`r.member_id`))}`);
  return n;
}

/** 未通知到: live members whose welcome notice has not reached them (the worklist's total). */
export async function countUnreachedMembers(tx: Tx, actor: Actor): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(tx, sql`
    SELECT count(*)::int AS n FROM members m WHERE m.notice_status = 'unreached' AND m.status <> 'archived' ${andIf(memberRowScopeSql(actor, sql`m`))}`);
  return n;
}

/** Members who joined and who left (archived) in [from, to). */
export async function countMemberMovements(tx: Tx, actor: Actor, range: { from: Date; to: Date }): Promise<{ joined: number; left: number }> {
  const inScope = andIf(memberRowScopeSql(actor, sql`m`));
  const [r] = await rows<{ joined: number; left: number }>(tx, sql`
    SELECT (SELECT count(*)::int FROM members m WHERE m.joined_at >= ${range.from} AND m.joined_at < ${range.to} ${inScope}) AS joined,
           (SELECT count(*)::int FROM members m WHERE m.status = 'archived' AND m.archived_at >= ${range.from} AND m.archived_at < ${range.to} ${inScope}) AS left`);
  return r;
}
