// 首页 (issue 12): what waits for the signed-in user — each to-do counted by the module that owns
// it, only when the user holds the permission to act on it (omitted otherwise, never zero) and
// within their data scope — and the club's key figures of the company month, in one request.
// Home builds on every business module and nothing imports it.
import type { Config } from '../../config.ts';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { companyDayStart } from '../../jobs/as-of.ts';
import { countActivitiesInMonth } from '../activities/service.ts';
import { can, type Actor } from '../auth/actor.ts';
import type { Permission } from '../auth/permissions.ts';
import { countMembersByLevel } from '../cards/levels.ts';
import { countPendingCardRequests } from '../cards/service.ts';
import { countCareToDos } from '../care/service.ts';
import { countOpenComplaintWork } from '../complaints/queries.ts';
import { countImportJobs } from '../customers/import.ts';
import { countMemberMovements, countPendingApplications, countPendingLeaveRequests, countUnreachedMembers } from '../membership/counts.ts';
import { companyDate } from '../membership/env.ts';
import { memberScopeSql } from '../membership/scope.ts';
import { countFailedNotices } from '../notify/service.ts';
import { pointsKeyFigures } from '../points/dashboard.ts';
import { companyDay, countDueFollowUps } from '../sales/service.ts';
import { countPendingEntries } from '../points/service.ts';
import { countOpenTickets } from '../service/service.ts';
import './jobs.ts';

export type HomeEnv = Pick<Config, 'timeZone' | 'notifySms' | 'notifyEmail'>;

/** Who may see that notices go to the log provider (no real SMS / e-mail service configured). */
export const deliveryWarningPermission: Permission = 'user.manage';

/**
 * Members by level within the actor's data scope: from the home-figures job's counts when there
 * are any (by department for a department scope), else — and always for a role that sees only its
 * own customers, few members — counted now.
 */
async function membersByLevel(tx: Tx, actor: Actor): Promise<{ byLevel: { level: string; members: number }[]; asOf: Date | null }> {
  if (actor.dataScope !== 'own') {
    const cells = await rows<{ level: string; members: number; asOf: Date | string }>(tx, sql`
      SELECT level, sum(members)::int AS members, max(counted_at) AS "asOf" FROM home_level_counts
      ${actor.dataScope === 'department' ? sql`WHERE department = ${actor.department ?? ''}` : sql``}
      GROUP BY 1 ORDER BY 2 DESC`);
    const [any] = cells.length ? cells : await rows<{ asOf: Date | string }>(tx, sql`SELECT counted_at AS "asOf" FROM home_level_counts LIMIT 1`);
    if (any) return { byLevel: cells.map(({ level, members }) => ({ level, members })), asOf: new Date(any.asOf) };
  }
  return { byLevel: await countMembersByLevel(tx, actor), asOf: null };
}

/** The company month holding `now`: its first and last day and the instants bounding it. */
export function companyMonth(timeZone: string, now: Date) {
  const month = companyDate(timeZone, now).slice(0, 7);
  const [y, m] = month.split('-').map(Number);
  const next = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`;
  const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { month, fromDay: `${month}-01`, toDay: lastDay, from: companyDayStart(`${month}-01`, timeZone), to: companyDayStart(next, timeZone) };
}

/**
 * The home page of `actor`. Reads only (counts through indexes, the points figures from the
 * summaries the points-summary job keeps), so the parts run side by side on the pool.
 */
export async function homePage(db: Tx, actor: Actor, env: HomeEnv, now = new Date()) {
  const has = (p: Permission) => can(actor, p);
  const when = <T>(ok: boolean, f: () => Promise<T>) => (ok ? f() : Promise.resolve(undefined));
  const month = companyMonth(env.timeZone, now);
  const [
    applications, leaveRequests, cardRequests, pointsApprovals, complaintWork, careToDos, unreachedMembers, failedNotices, imports,
    byLevel, movements, points, activities, followUpsDue, tickets,
  ] = await Promise.all([
    when(has('member.approve'), () => countPendingApplications(db, actor)),
    when(has('member.leave.approve'), () => countPendingLeaveRequests(db, actor)),
    when(has('card.approve'), () => countPendingCardRequests(db, actor)),
    when(has('points.approve'), () => countPendingEntries(db, actor)),
    when(has('complaint.manage'), () => countOpenComplaintWork(db, actor, now)),
    when(has('care.manage'), () => countCareToDos(db, actor)),
    when(has('notify.manage'), () => countUnreachedMembers(db, actor)),
    when(has('notify.manage'), () => countFailedNotices(db, actor.dataScope === 'all' ? null : (col) => memberScopeSql(actor, col))),
    when(has('customer.import'), () => countImportJobs(db)),
    when(has('member.read'), () => membersByLevel(db, actor)),
    when(has('member.read'), () => countMemberMovements(db, actor, month)),
    when(has('points.read'), () => pointsKeyFigures(db, actor)),
    when(has('report.read') || has('activity.manage'), () => countActivitiesInMonth(db, month)),
    when(has('sales.write') && actor.kind === 'user', () => countDueFollowUps(db, actor, companyDay(env.timeZone, now))),
    when(has('service.write') && actor.kind === 'user', () => countOpenTickets(db, actor, now)),
  ]);
  return {
    month: month.month,
    todos: {
      applications, leaveRequests, cardRequests, pointsApprovals,
      overdueSteps: complaintWork?.overdueSteps, careToDos, unreachedMembers, failedNotices,
      importsRunning: imports?.running, importsFailed: imports?.failed, followUpsDue,
      ticketsOverdue: tickets?.overdue,
    },
    figures: {
      members: byLevel && movements ? { ...byLevel, total: byLevel.byLevel.reduce((a, l) => a + l.members, 0), joined: movements.joined, left: movements.left } : undefined,
      points: points ? { ...points, to: companyDate(env.timeZone, now) } : undefined,
      activities,
      openComplaints: complaintWork?.openComplaints,
    },
    delivery: has(deliveryWarningPermission) ? { sms: env.notifySms, email: env.notifyEmail } : undefined,
  };
}
