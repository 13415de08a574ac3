// Review of a pending application (审核, SPEC §2.1). The reviewer may pick at most one similar
// member and any number of similar pending applications:
//  1. member + pending → the application joins that member; the picked pending applications are
//     merged into it; all leave the queue; data linking for each;
//  2. member only      → the application joins that member and leaves the queue; data linking;
//  3. pending only     → with the final mobile, home phone and address, the picked applications and
//     this one become ONE new member; data linking for each;
//  4. nothing picked   → this application becomes a new member; data linking.
// Or the reviewer rejects it with a reason. Every decision is audited and, where a member results,
// written to its history (joined / application_merged / customer_merged / linked).
import { eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { AppError, conflict, invalid, invalidField, refused, type FieldIssue } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { normaliseMobile, normalisePhone } from '../customers/identity.ts';
import { createCustomer, findCustomersByIdNumber, getCustomer, updateCustomer, type CustomerRow } from '../customers/service.ts';
import { normaliseCardNo } from './applications.ts';
import type { MembershipEnv } from './env.ts';
import { addMemberEvents } from './events.ts';
import { applicationApproved, memberLinked, type ApplicationApprovedEvent } from './hooks.ts';
import { linkApplication, type LinkResult } from './linking.ts';
import {
  assertNotArchived, createMember, getMember, liveMemberByIdHash, liveMemberOfCustomer, lockMember, presentApplication,
  type ApplicationRow, type MemberRow,
} from './members.ts';
import { applications } from './schema.ts';
import { applicationsInScope, membersInScope } from './scope.ts';

export type Outcome = 'joined_member' | 'merged_new_member' | 'new_member';

export interface ApprovalInput {
  /** similar members picked (at most one) */
  memberIds?: number[];
  /** similar pending applications picked */
  pendingIds?: number[];
  /** outcome 3 only: the new member's contact details */
  final?: { mobile?: string | null; homePhone?: string | null; address?: string | null } | null;
  /** a card number given at approval (defaults to the one on the application) */
  cardNo?: string | null;
  /** joining a member whose ID number differs from the application's: the reviewer confirmed it is the same person */
  confirmDifferentId?: boolean;
  note?: string | null;
  /**
   * When the review happened, for history loaded after the fact (`clubcrm demo-data`): the review
   * time and a new member's joining date. Default: now. The console and the API never pass it.
   */
  at?: Date | null;
}

export interface ApprovalResult {
  outcome: Outcome;
  member: { id: number; memberNo: string };
  application: ReturnType<typeof presentApplication>;
  mergedApplicationIds: number[];
  linking: LinkResult[];
  cardNo: string | null;
  cardIssued: boolean;
}

/** Validates the reviewer's picks before anything is read or written (400 naming the field). */
function checkPicks(id: number, input: ApprovalInput) {
  const issues: FieldIssue[] = [];
  const memberIds = [...new Set(input.memberIds ?? [])];
  const pendingIds = [...new Set(input.pendingIds ?? [])];
  if (memberIds.length > 1) issues.push({ field: 'memberIds', key: 'review.oneMember' });
  if (pendingIds.includes(id)) issues.push({ field: 'pendingIds', key: 'review.pickedSelf' });
  const pendingOnly = memberIds.length === 0 && pendingIds.length > 0;
  let final: { mobile: string | null; homePhone: string | null; address: string | null } | null = null;
  if (pendingOnly) {
    const f = input.final;
    const mobile = f?.mobile?.trim() ? normaliseMobile(f.mobile) : null;
    const homePhone = f?.homePhone?.trim() ? normalisePhone(f.homePhone) : null;
    if (!f || (!f.mobile?.trim() && !f.homePhone?.trim())) issues.push({ field: 'final', key: 'review.finalRequired' });
    if (f?.mobile?.trim() && !mobile) issues.push({ field: 'final.mobile', key: 'validation.mobile' });
    if (homePhone !== null && (homePhone.length < 7 || homePhone.length > 15)) issues.push({ field: 'final.homePhone', key: 'validation.phone' });
    final = { mobile, homePhone, address: f?.address?.trim() || null };
  } else if (input.final) {
    issues.push({ field: 'final', key: 'review.finalNotAllowed' });
  }
  const cardNo = input.cardNo ? normaliseCardNo(input.cardNo) : null;
  if (input.cardNo && !cardNo) issues.push({ field: 'cardNo', key: 'card.numberFormat' });
  if (issues.length) throw invalid(issues);
  return { memberId: memberIds[0] ?? null, pendingIds, final, cardNo };
}

/** Locks the applications in id order (no deadlock between two reviewers) and checks they are pending. */
async function lockPending(tx: Tx, actor: Actor, id: number, pendingIds: number[]): Promise<{ app: ApplicationRow; picked: ApplicationRow[] }> {
  const locked = await tx.select().from(applications).where(inArray(applications.id, [id, ...pendingIds])).orderBy(applications.id).for('update');
  // outside the reviewer's data scope an application does not exist for them (scope.ts)
  const visible = await applicationsInScope(tx, actor, locked.map((a) => a.id));
  const app = locked.find((a) => a.id === id && visible.has(a.id));
  if (!app) throw new AppError(404, 'NOT_FOUND', 'error.notFound', { entity: 'entity.application', id });
  if (app.status !== 'pending') throw refused('APPLICATION_NOT_PENDING', 'application.notPending', { applicationNo: app.applicationNo, status: `entity.applicationStatus.${app.status}` });
  const issues: FieldIssue[] = [];
  const picked: ApplicationRow[] = [];
  for (const pid of pendingIds) {
    const p = locked.find((a) => a.id === pid && visible.has(a.id));
    if (!p) issues.push({ field: 'pendingIds', key: 'error.notFound', params: { entity: 'entity.application', id: pid } });
    else if (p.status !== 'pending') issues.push({ field: 'pendingIds', key: 'review.pendingGone', params: { applicationNo: p.applicationNo, status: `entity.applicationStatus.${p.status}` } });
    else picked.push(p);
  }
  if (issues.length) throw invalid(issues);
  return { app, picked };
}

/** Transaction locks on people's ID numbers (hashes), in a fixed order so two reviewers never deadlock. */
async function lockPeople(tx: Tx, hashes: (string | null)[]) {
  for (const h of [...new Set(hashes.filter((x): x is string => !!x))].sort()) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`member-person:${h}`}, 0))`);
  }
}

/** The customer record of a new member: an existing record of one of the applicants, or a new one from the application. */
async function survivorCustomer(tx: Tx, actor: Actor, env: MembershipEnv, app: ApplicationRow, picked: ApplicationRow[]): Promise<CustomerRow> {
  for (const a of [app, ...picked]) {
    if (!a.customerId) continue;
    const c = await getCustomer(tx, a.customerId, { includeDeleted: true });
    if (!c.deletedAt) return c;
  }
  // registered meanwhile (e.g. by the sales system) under the same ID number
  const idNumber = app.idNumberEnc ? env.pii.decrypt(app.idNumberEnc) : null;
  const known = idNumber ? (await findCustomersByIdNumber(tx, env.pii, idNumber)).sort((a, b) => a.id - b.id)[0] : undefined;
  if (known) return known;
  return createCustomer(tx, actor, env.pii, {
    name: app.name, gender: app.gender as 'male' | 'female' | null, birthday: app.birthday, idType: app.idType,
    idNumber, mobile: app.mobile, homePhone: app.homePhone,
    email: app.email, address: app.address, source: app.channel === 'website' ? 'website' : 'manual',
    // the new record stays with whoever entered the application (their data scope), not the reviewer's
    ...(app.submittedById != null ? { ownerId: app.submittedById, department: app.department } : {}),
  });
}

/**
 * The approval's event (applicationApproved, hooks.ts) with the card number given, if any: the cards
 * module listens and issues the card, or refuses the approval (a number taken, a second main card).
 * Returns whether a card was issued.
 */
async function announceApproval(tx: Tx, event: ApplicationApprovedEvent): Promise<boolean> {
  const replies = await applicationApproved.run(tx, event);
  const issued = replies.some((r) => r.cardIssued);
  if (issued) await addMemberEvents(tx, event.actor, [{ memberId: event.memberId, kind: 'card_issued', field: 'cardNo', newValue: event.cardNo, refType: 'application', refId: event.applicationId }]);
  return issued;
}

/**
 * Joining a member whose recorded ID number differs from the application's (both known) asks the
 * reviewer to confirm it is the same person (a typing error, a new document): 409 naming both
 * masked numbers and the field confirmDifferentId, nothing changed, until confirmed.
 */
async function assertSameIdNumber(tx: Tx, app: ApplicationRow, member: MemberRow, confirmed: boolean) {
  if (!app.idNumberHash || confirmed) return;
  const person = await getCustomer(tx, member.customerId, { includeDeleted: true });
  if (!person.idNumberHash || person.idNumberHash === app.idNumberHash) return;
  throw new AppError(409, 'ID_NUMBER_DIFFERS', 'review.idNumberDiffers',
    { memberNo: member.memberNo, applicationIdNumber: app.idNumberMasked ?? '', memberIdNumber: person.idNumberMasked ?? '' },
    [{ field: 'confirmDifferentId', key: 'review.confirmDifferentId' }]);
}

export async function approveApplication(tx: Tx, actor: Actor, env: MembershipEnv, id: number, input: ApprovalInput): Promise<ApprovalResult> {
  const picks = checkPicks(id, input);
  const { app, picked } = await lockPending(tx, actor, id, picks.pendingIds);
  const now = input.at ?? new Date();
  let member: MemberRow;
  let outcome: Outcome;
  if (picks.memberId) {
    // outcomes 1 and 2: the application joins the member picked
    member = await lockMember(tx, picks.memberId).catch((e) => {
      if (e instanceof AppError && e.status === 404) throw invalidField('memberIds', 'review.memberNotFound', { id: picks.memberId });
      throw e;
    });
    if (!(await membersInScope(tx, actor, [member.id])).has(member.id)) throw invalidField('memberIds', 'review.memberNotFound', { id: picks.memberId });
    assertNotArchived(member);
    await assertSameIdNumber(tx, app, member, input.confirmDifferentId === true);
    outcome = 'joined_member';
  } else {
    // outcomes 3 and 4: a new member — unless the person turned out to be one meanwhile. Two
    // approvals of one person's applications wait for each other here (a lock per ID number).
    await lockPeople(tx, [app, ...picked].map((a) => a.idNumberHash));
    for (const a of [app, ...picked]) {
      const existing = await liveMemberByIdHash(tx, a.idNumberHash);
      if (existing) throw conflict('MEMBER_ALREADY_EXISTS', 'member.alreadyExistsAtReview', { memberNo: existing.memberNo });
    }
    const customer = await survivorCustomer(tx, actor, env, app, picked);
    const existing = await liveMemberOfCustomer(tx, customer.id);
    if (existing) throw conflict('MEMBER_ALREADY_EXISTS', 'member.alreadyExistsAtReview', { memberNo: existing.memberNo });
    if (picks.final) await updateCustomer(tx, actor, env.pii, customer.id, picks.final);
    member = await createMember(tx, actor, env, { customerId: customer.id, channel: app.channel, subChannel: app.subChannel, applicationId: app.id, joinedAt: input.at });
    outcome = picked.length ? 'merged_new_member' : 'new_member';
  }

  const reviewed = { reviewerId: actor.kind === 'user' ? actor.id : null, reviewedAt: now, updatedAt: now, memberId: member.id };
  const [approved] = await tx.update(applications).set({ ...reviewed, status: 'approved', outcome, note: input.note?.trim() || app.note })
    .where(eq(applications.id, app.id)).returning();
  if (picked.length) {
    await tx.update(applications).set({ ...reviewed, status: 'merged', outcome, mergedIntoId: app.id }).where(inArray(applications.id, picked.map((p) => p.id)));
  }
  const folded = outcome === 'joined_member' ? [app, ...picked] : picked;
  await addMemberEvents(tx, actor, folded.map((a) => ({
    memberId: member.id, kind: 'application_merged' as const, refType: 'application', refId: a.id,
    note: a.id === app.id ? a.applicationNo : `${a.applicationNo} → ${app.applicationNo}`,
  })));

  const linking: LinkResult[] = [];
  for (const a of [app, ...picked]) linking.push(await linkApplication(tx, actor, a, await getMember(tx, member.id)));

  const cardNo = picks.cardNo ?? app.cardNo ?? null;
  const cardIssued = await announceApproval(tx, { actor, applicationId: app.id, outcome, memberId: member.id, customerId: member.customerId, cardNo });
  // linked, with its card (its level): listeners act now, in this transaction (points owed from before joining post)
  await memberLinked.run(tx, { actor, memberId: member.id, customerId: member.customerId, applicationId: app.id, at: input.at });

  await recordAudit(tx, actor, {
    action: 'application.approve', entityType: 'application', entityId: app.id,
    facts: {
      outcome, memberId: member.id, memberNo: member.memberNo, merged: picked.map((p) => p.id), pickedMember: picks.memberId, cardNo, linking: linking.map((l) => l.case),
      ...(input.confirmDifferentId ? { confirmedDifferentId: true } : {}),
    },
  });
  return {
    outcome, member: { id: member.id, memberNo: member.memberNo }, application: presentApplication(approved),
    mergedApplicationIds: picked.map((p) => p.id), linking, cardNo, cardIssued,
  };
}

export async function rejectApplication(tx: Tx, actor: Actor, id: number, reason: string) {
  const { app } = await lockPending(tx, actor, id, []);
  const now = new Date();
  const [after] = await tx.update(applications).set({
    status: 'rejected', rejectReason: reason.trim(), reviewerId: actor.kind === 'user' ? actor.id : null, reviewedAt: now, updatedAt: now,
  }).where(eq(applications.id, app.id)).returning();
  await recordAudit(tx, actor, { action: 'application.reject', entityType: 'application', entityId: id, before: app, after });
  return presentApplication(after);
}
