// Membership (会籍, SPEC §2): the public face of the module. Other modules call these functions
// (e.g. customers raises the automatic application when a purchase makes someone a buyer);
// the rules live in the files named after each part of the SPEC:
//   applications.ts  入会申请 and screening        candidates.ts  similar members / applications
//   review.ts        审核: the four outcomes        linking.ts     数据关联
//   members.ts       会员: search, page, edits      leave.ts       退会
import type { Config } from '../../config.ts';
import { rows, sql } from '../../db/index.ts';
import { registerJob } from '../../jobs/scheduler.ts';
import { systemActor } from '../auth/actor.ts';
import { registerDictionaryUsage } from '../dictionaries/service.ts';
import { raiseAutomaticLeaveRequests, type LeaveRules } from './leave.ts';
import './messages.ts';

export { raiseAutomaticApplication, submitApplication, listApplications, applicationDetail, normaliseCardNo } from './applications.ts';
export type { ApplicationInput, SubmitResult, Screening } from './applications.ts';
export { approveApplication, rejectApplication } from './review.ts';
export type { ApprovalInput, ApprovalResult, Outcome } from './review.ts';
export { candidatesFor, findCandidates } from './candidates.ts';
export { linkApplication } from './linking.ts';
export {
  createMember, getMember, listMembers, memberPage, updateMemberProfile, setDataErrorFlag, unreachedWorklist, resendWelcome,
  liveMemberOfCustomer, liveMemberByIdHash,
} from './members.ts';
export { requestLeave, approveLeave, rejectLeave, listLeaveRequests, raiseAutomaticLeaveRequests } from './leave.ts';
export type { LeaveRules, LeaveRuleReport } from './leave.ts';
export { membershipEnv, type MembershipEnv } from './env.ts';

// Dictionary values in use here can only be deactivated, not deleted.
registerDictionaryUsage('leave_reason', async (tx, code) => {
  const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM leave_requests WHERE reason = ${code}`);
  return n;
});
registerDictionaryUsage('application_channel', async (tx, code) => {
  const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM applications WHERE channel = ${code} OR sub_channel = ${code}`);
  return n;
});

export function leaveRulesFrom(config: Config): LeaveRules {
  return { failedNotices: config.leaveAfterFailedNotices, termMonths: config.memberTermMonths, dataError: config.leaveOnDataError === 'on' };
}

// The leave rules run once a day (and once shortly after start); raising is idempotent.
registerJob({
  name: 'membership.leave-rules',
  everyMs: 24 * 60 * 60 * 1000,
  dated: true,
  run: async ({ db, config, log, asOf }) => {
    const report = await db.transaction((tx) => raiseAutomaticLeaveRequests(tx, systemActor('leave rules'), leaveRulesFrom(config), asOf));
    if (report.invalidContact || report.termExpired || report.dataError) log.info(report, 'automatic leave requests raised');
    return { ...report };
  },
});
