// 会员360°: a member's whole story on one screen. The member page's tabs — cards, points and lots,
// activities attended, care received, complaints, merchant services used, notices, change history —
// each come from their own module's list; this module only assembles, from each module's
// functions, the tabs' counts in one request and the change history of the member and its records.
// It sits above every module it reads (nothing imports it), so membership needs none of them.
import type { Tx } from '../../db/index.ts';
import { listAuditOf } from '../audit/service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { countCallsOfCustomer } from '../calls/service.ts';
import { careHistoryOfMember } from '../care/service.ts';
import { activitiesOfMember } from '../activities/participants.ts';
import { complaintsOfMember, listComplaints } from '../complaints/queries.ts';
import { listParticipations } from '../merchants/activity.ts';
import { memberPage } from '../membership/members.ts';
import type { MembershipEnv } from '../membership/env.ts';
import { accountSummary, ledgerRecordsOfMember, listLots } from '../points/service.ts';

/** The most records of one kind whose audit lines the history looks up (a member's complaints or services). */
const recordsPerKind = 5000;

/**
 * The member page's tab counts, each within the actor's data scope. A tab the actor may not open
 * (its list's permission) has null: the console hides it. A member outside the scope is a 404.
 */
export async function memberTabCounts(tx: Tx, actor: Actor, env: MembershipEnv, memberId: number, now = new Date()) {
  const page = await memberPage(tx, actor, env, memberId); // 404 outside the data scope
  const one = { page: 1, pageSize: 1 };
  const points = can(actor, 'points.read') ? await accountSummary(tx, memberId, now) : null;
  return {
    memberId,
    cards: page.cards.length,
    points: points ? { balance: points.balance, lots: (await listLots(tx, memberId)).length } : null,
    activities: (await activitiesOfMember(tx, memberId)).length,
    care: can(actor, 'care.manage') ? (await careHistoryOfMember(tx, memberId)).length : null,
    complaints: can(actor, 'complaint.manage') ? (await listComplaints(tx, actor, { ...one, memberId }, now, env.timeZone)).total : null,
    services: can(actor, 'merchant.manage') ? (await listParticipations(tx, { ...one, memberId }, env.timeZone, actor)).total : null,
    notices: page.notices.length,
    calls: can(actor, 'calls.read') ? await countCallsOfCustomer(tx, actor, page.customer.id) : null,
    history: can(actor, 'audit.read') ? (await changeHistory(tx, actor, env, memberId, one, page)).total : null,
  };
}

/**
 * 变更记录: the audit lines of the member, its customer record, applications, cards, leave requests,
 * purchases, and — as far as the actor may read them — its points entries (booked, approved,
 * rejected, corrected) and redemptions (redeemed, delivered, cancelled) with points.read, the care
 * actions it received (their creation, and the enrolments and results that name this member) with
 * care.manage, its complaints and merchant services — newest first.
 */
export async function changeHistory(
  tx: Tx, actor: Actor, env: MembershipEnv, memberId: number, q: { page: number; pageSize: number },
  page?: Awaited<ReturnType<typeof memberPage>>,
) {
  const p = page ?? await memberPage(tx, actor, env, memberId); // 404 outside the data scope
  const complaints = can(actor, 'complaint.manage') ? await complaintsOfMember(tx, actor, memberId, { limit: recordsPerKind }) : [];
  const services = can(actor, 'merchant.manage')
    ? (await listParticipations(tx, { page: 1, pageSize: recordsPerKind, memberId }, env.timeZone, actor)).items : [];
  const ledger = can(actor, 'points.read') ? await ledgerRecordsOfMember(tx, memberId, recordsPerKind) : { entries: [], redemptions: [] };
  const care = can(actor, 'care.manage') ? [...new Set((await careHistoryOfMember(tx, memberId)).map((c) => c.careId))] : [];
  return listAuditOf(tx, [
    { entityType: 'member', ids: [memberId] },
    { entityType: 'customer', ids: [p.customer.id] },
    { entityType: 'application', ids: p.applications.map((a) => a.id) },
    { entityType: 'card', ids: p.cards.map((c) => c.id) },
    { entityType: 'leave_request', ids: p.leaveRequests.map((l) => l.id) },
    { entityType: 'purchase', ids: p.purchases.map((x) => x.id) },
    { entityType: 'complaint', ids: complaints.map((c) => c.id) },
    { entityType: 'merchant_participation', ids: services.map((s) => s.id) },
    { entityType: 'pointsEntry', ids: ledger.entries },
    { entityType: 'redemption', ids: ledger.redemptions },
    // a care action is audited as a whole: its creation, and of its enrolments and results the ones that list this member
    { entityType: 'care', ids: care, listing: { fields: ['members', 'memberIds'], id: memberId } },
    // a participation's recording is audited on its service
    { entityType: 'merchant_service', ids: [...new Set(services.map((s) => s.serviceId))], changed: { field: 'memberId', to: memberId } },
  ], q);
}
