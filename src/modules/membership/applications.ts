// Applications (入会申请) and their screening on arrival (入会甄别, SPEC §2.1).
// Channels come from the dictionary application_channel: 案场 (sales_office), 客服中心
// (service_center, with its sub-channels), 外部网站 (website, only through the website API).
// Screening by ID number: a live member with that number →
//   from 客服中心 or the website: refused, "already a member", nothing stored;
//   from 案场 or automatic (a purchase made the customer a buyer): no new member, the
//   application is kept as 'linked' and goes straight to data linking;
// otherwise the application waits for review (待审核, 'pending').
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, listOrder, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { AppError, conflict, invalid, notFound, refused, type FieldIssue } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { findCustomersByIdNumber, getCustomer, getCustomerInScope, idNumberHash, presentCustomer, protectPerson, type CustomerRow, type PersonInput } from '../customers/service.ts';
import { assertActiveValue, listItems } from '../dictionaries/service.ts';
import { normaliseMobile } from '../customers/identity.ts';
import { nameForms } from '../customers/name-forms.ts';
import { normaliseCardNo as normaliseTypedCardNo } from '../../normalise.ts';
import type { MembershipEnv } from './env.ts';
import { addMemberEvents } from './events.ts';
import { memberLinked } from './hooks.ts';
import { linkApplication, purchaseInProject, type LinkResult } from './linking.ts';
import {
  getMember, liveMemberByIdHash, liveMemberOfCustomer, nextNumber, presentApplication, purchasesOfCustomer,
  type ApplicationRow, type MemberRow,
} from './members.ts';
import { applications } from './schema.ts';
import { applicationScope, applicationsInScope, assertApplicationInScope, membersInScope } from './scope.ts';
import './messages.ts';

export type Screening = 'pending' | 'linked';

export interface ApplicationInput extends PersonInput {
  channel: string;
  subChannel?: string | null;
  /** the registered customer who applies (e.g. an old-project owner from the property import) */
  customerId?: number | null;
  /** old-project owner: the project whose purchase is linked */
  project?: string | null;
  cardNo?: string | null;
  note?: string | null;
}

export interface SubmitResult {
  application: ReturnType<typeof presentApplication>;
  screening: Screening;
  /** the same website application (same external id) was received before */
  replayed: boolean;
  member: { id: number; memberNo: string } | null;
  linking: LinkResult | null;
}

/** Who entered an application, for the data scope: a user and their department (a token or the system: neither). */
export function enteredBy(actor: Actor): { submittedById: number | null; department: string | null } {
  return actor.kind === 'user' && actor.id != null ? { submittedById: actor.id, department: actor.department } : { submittedById: null, department: null };
}

/** Card numbers as printed (normalised as everywhere: src/normalise.ts), when 6–20 digits or capital letters. */
export function normaliseCardNo(raw: string): string | null {
  const s = normaliseTypedCardNo(raw);
  return /^[A-Z0-9]{6,20}$/.test(s) ? s : null;
}

/** Channel rules: an active top-level channel; service-centre applications name their sub-channel. */
async function channelIssues(tx: Tx, channel: string, subChannel: string | null | undefined, via: 'console' | 'website'): Promise<FieldIssue[]> {
  const items = await listItems(tx, { kind: 'application_channel', activeOnly: true });
  // an unknown or inactive code: the dictionaries' own message ("not an active value of …")
  const bad = async (field: string, value: string): Promise<FieldIssue[]> => {
    try {
      await assertActiveValue(tx, 'application_channel', value, field);
    } catch (e) {
      if (e instanceof AppError) return e.details;
      throw e;
    }
    return [];
  };
  const item = items.find((i) => i.code === channel);
  if (!item) return bad('channel', channel);
  if (item.parentCode) return [{ field: 'channel', key: 'application.channelNotTopLevel' }];
  if (via === 'console' && channel === 'website') return [{ field: 'channel', key: 'application.websiteViaApi' }];
  const children = items.filter((i) => i.parentCode === channel);
  if (children.length && !subChannel) return [{ field: 'subChannel', key: 'application.subChannelRequired' }];
  if (!children.length && subChannel) return [{ field: 'subChannel', key: 'application.subChannelNotAllowed' }];
  if (subChannel && !children.some((c) => c.code === subChannel)) {
    const issues = await bad('subChannel', subChannel);
    return issues.length ? issues : [{ field: 'subChannel', key: 'application.subChannelNotAllowed' }];
  }
  return [];
}

/** Of several records of one person, the member's first, else the oldest. */
async function pickCustomer(tx: Tx, found: CustomerRow[]): Promise<CustomerRow | null> {
  for (const c of found) if (await liveMemberOfCustomer(tx, c.id)) return c;
  return [...found].sort((a, b) => a.id - b.id)[0] ?? null;
}

/**
 * A manual application from the console (any channel but the website) or from the website API.
 * Validates everything at once (400 naming each bad field), screens by ID number, stores it as
 * pending or linked. A website application is idempotent by the website's own id.
 */
export async function submitApplication(
  tx: Tx, actor: Actor, env: MembershipEnv, input: ApplicationInput,
  via: 'console' | 'website' = 'console', external?: { system: string; id: string },
): Promise<SubmitResult> {
  if (external) {
    const [prev] = await tx.select().from(applications).where(and(eq(applications.externalSystem, external.system), eq(applications.externalId, external.id)));
    if (prev) return replay(tx, prev);
  }
  const channel = via === 'website' ? 'website' : input.channel;
  const subChannel = via === 'website' ? null : input.subChannel ?? null;
  const issues = await channelIssues(tx, channel, subChannel, via);
  if (!input.idNumber?.trim()) issues.push({ field: 'idNumber', key: 'validation.required' });
  if (via === 'website' && !input.mobile?.trim()) issues.push({ field: 'mobile', key: 'validation.required' });
  const cardNo = input.cardNo ? normaliseCardNo(input.cardNo) : null;
  if (input.cardNo && !cardNo) issues.push({ field: 'cardNo', key: 'card.numberFormat' });
  let person: Awaited<ReturnType<typeof protectPerson>> | null = null;
  try {
    person = await protectPerson(tx, env.pii, input);
  } catch (e) {
    if (!(e instanceof AppError) || !e.details.length) throw e;
    issues.push(...e.details);
  }
  if (issues.length || !person) throw invalid(issues);

  // the person: the customer chosen, else the customer registered with this ID number
  let customer: CustomerRow | null = null;
  if (input.customerId) {
    // a customer outside the actor's data scope does not exist for them (404, as on the customer list)
    customer = await getCustomerInScope(tx, actor, input.customerId);
    if (customer.idNumberHash && person.idNumberHash && customer.idNumberHash !== person.idNumberHash) {
      throw invalid([{ field: 'idNumber', key: 'application.idNumberDiffers' }]);
    }
  } else {
    customer = await pickCustomer(tx, await findCustomersByIdNumber(tx, env.pii, input.idNumber!));
  }

  // screening
  const member = (customer && (await liveMemberOfCustomer(tx, customer.id))) ?? (await liveMemberByIdHash(tx, person.idNumberHash));
  if (member && channel !== 'sales_office') throw conflict('MEMBER_ALREADY_EXISTS', 'member.alreadyExists', { memberNo: member.memberNo });
  // a customer whose application already waits for review does not apply again (it would only be merged at review)
  // (two submissions for one customer at once queue up on the customer's number: the second sees the first)
  if (!member && customer) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`application-customer:${customer.id}`}, 0))`);
  const waiting = !member && customer ? await pendingApplicationOfCustomer(tx, customer.id) : null;
  if (waiting) throw conflict('APPLICATION_PENDING', 'application.alreadyPending', { name: customer!.name, applicationNo: waiting.applicationNo });

  const project = input.project?.trim() || null;
  if (project) {
    if (!customer) throw refused('PROJECT_NEEDS_CUSTOMER', 'application.projectNeedsCustomer');
    await purchaseInProject(tx, customer.id, project);
  }

  const values = {
    applicationNo: await nextNumber(tx, 'A', env.timeZone),
    method: 'manual', channel, subChannel, customerId: customer?.id ?? null, project, ...person, cardNo, note: input.note?.trim() || null,
    status: member ? 'linked' : 'pending', outcome: member ? 'linked_existing' : null, memberId: member?.id ?? null,
    submittedBy: actor.name, ...enteredBy(actor), externalSystem: external?.system ?? null, externalId: external?.id ?? null,
  };
  const inserted = external
    ? await tx.insert(applications).values(values).onConflictDoNothing({ target: [applications.externalSystem, applications.externalId] }).returning()
    : await tx.insert(applications).values(values).returning();
  if (!inserted.length) {
    // the same website application arrived twice at once; the first one stands
    const [prev] = await tx.select().from(applications).where(and(eq(applications.externalSystem, external!.system), eq(applications.externalId, external!.id)));
    return replay(tx, prev);
  }
  const app = inserted[0];
  await recordAudit(tx, actor, { action: 'application.submit', entityType: 'application', entityId: app.id, after: app });
  const linking = member ? await linkToExisting(tx, actor, app, member) : null;
  return { application: presentApplication(app), screening: member ? 'linked' : 'pending', replayed: false, member: member && { id: member.id, memberNo: member.memberNo }, linking };
}

/** The oldest application of this customer waiting for review (待审核), if any. */
export async function pendingApplicationOfCustomer(tx: Tx, customerId: number): Promise<{ id: number; applicationNo: string; createdAt: Date } | null> {
  const [a] = await tx.select({ id: applications.id, applicationNo: applications.applicationNo, createdAt: applications.createdAt }).from(applications)
    .where(and(eq(applications.customerId, customerId), eq(applications.status, 'pending'))).orderBy(asc(applications.id)).limit(1);
  return a ?? null;
}

async function replay(tx: Tx, prev: ApplicationRow): Promise<SubmitResult> {
  const member = prev.memberId ? await getMember(tx, prev.memberId) : null;
  return {
    application: presentApplication(prev), screening: prev.status === 'linked' ? 'linked' : 'pending', replayed: true,
    member: member && { id: member.id, memberNo: member.memberNo }, linking: null,
  };
}

/** Screening found the member: record the application on the member's history and link the data. */
async function linkToExisting(tx: Tx, actor: Actor, app: ApplicationRow, member: MemberRow): Promise<LinkResult> {
  await addMemberEvents(tx, actor, [{
    memberId: member.id, kind: 'application_linked', refType: 'application', refId: app.id,
    note: `${app.applicationNo} (${app.method === 'automatic' ? 'automatic' : app.channel})`,
  }]);
  const linked = await linkApplication(tx, actor, app, member);
  await memberLinked.run(tx, { actor, memberId: member.id, customerId: member.customerId, applicationId: app.id });
  return linked;
}

/**
 * 自动申请: called by the customers module, in its transaction, when a purchase makes a customer
 * a buyer. One automatic application per purchase, however often the event is replayed (the
 * unique index applications_purchase_uq guards concurrent replays too). Screening as SPEC says:
 * an existing member goes straight to data linking; anyone else waits for review.
 */
export async function raiseAutomaticApplication(
  tx: Tx, actor: Actor, input: { customerId: number; purchaseId: number }, opts: { timeZone?: string } = {},
): Promise<SubmitResult> {
  const [prev] = await tx.select().from(applications).where(eq(applications.purchaseId, input.purchaseId));
  if (prev) return replay(tx, prev);
  const customer = await getCustomer(tx, input.customerId);
  const member = (await liveMemberOfCustomer(tx, customer.id)) ?? (await liveMemberByIdHash(tx, customer.idNumberHash));
  const inserted = await tx.insert(applications).values({
    applicationNo: await nextNumber(tx, 'A', opts.timeZone ?? 'Asia/Shanghai'),
    method: 'automatic', channel: null, subChannel: null, customerId: customer.id, purchaseId: input.purchaseId,
    name: customer.name, namePinyin: customer.namePinyin, ...nameForms(customer.name), gender: customer.gender, birthday: customer.birthday, idType: customer.idType,
    idNumberEnc: customer.idNumberEnc, idNumberHash: customer.idNumberHash, idNumberMasked: customer.idNumberMasked,
    mobile: customer.mobile, homePhone: customer.homePhone, email: customer.email, address: customer.address,
    status: member ? 'linked' : 'pending', outcome: member ? 'linked_existing' : null, memberId: member?.id ?? null, submittedBy: actor.name,
    ...enteredBy(actor),
  }).onConflictDoNothing({ target: applications.purchaseId }).returning();
  if (!inserted.length) {
    const [again] = await tx.select().from(applications).where(eq(applications.purchaseId, input.purchaseId));
    return replay(tx, again);
  }
  const app = inserted[0];
  await recordAudit(tx, actor, { action: 'application.automatic', entityType: 'application', entityId: app.id, after: app });
  const linking = member ? await linkToExisting(tx, actor, app, member) : null;
  return { application: presentApplication(app), screening: member ? 'linked' : 'pending', replayed: false, member: member && { id: member.id, memberNo: member.memberNo }, linking };
}

export interface ApplicationQuery extends ListPage {
  status?: string;
  method?: string;
  channel?: string;
  subChannel?: string;
  /** application no., name, mobile or ID number */
  q?: string;
  from?: Date;
  to?: Date;
}

/** The review queue (status=pending, oldest first) and every other list of applications (newest first), within the actor's data scope. */
export async function listApplications(tx: Tx, actor: Actor, env: MembershipEnv, q: ApplicationQuery) {
  const where: SQL[] = [];
  const scope = applicationScope(actor);
  if (scope) where.push(scope);
  if (q.status) where.push(eq(applications.status, q.status));
  if (q.method) where.push(eq(applications.method, q.method));
  if (q.channel) where.push(eq(applications.channel, q.channel));
  if (q.subChannel) where.push(eq(applications.subChannel, q.subChannel));
  if (q.from) where.push(gte(applications.createdAt, q.from));
  if (q.to) where.push(lt(applications.createdAt, q.to));
  const text = q.q?.trim();
  if (text) {
    const alts: SQL[] = [sql`${applications.applicationNo} = ${text.toUpperCase()}`, sql`${applications.name} LIKE ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`];
    const mobile = normaliseMobile(text);
    if (mobile) alts.push(eq(applications.mobile, mobile));
    if (/^[\dXx]{15,18}$/.test(text)) alts.push(eq(applications.idNumberHash, idNumberHash(env.pii, text)));
    where.push(sql`(${sql.join(alts, sql` OR `)})`);
  }
  const cond = where.length ? and(...where) : undefined;
  const order = listOrder(applications.id, q, q.status === 'pending' ? [asc(applications.createdAt), asc(applications.id)] : [desc(applications.createdAt), desc(applications.id)]);
  const items = await tx.select().from(applications).where(and(cond, beforeId(applications.id, q))).orderBy(...order).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await totalUnlessExport(q, () => tx.select({ total: sql<number>`count(*)::int` }).from(applications).where(cond) as never);
  return { items: items.map(presentApplication), total, page: q.page, pageSize: q.pageSize };
}

export async function getApplicationRow(tx: Tx, id: number): Promise<ApplicationRow> {
  const [a] = await tx.select().from(applications).where(eq(applications.id, id));
  if (!a) throw notFound('application', id);
  return a;
}

/** An application inside the actor's data scope; outside it the application does not exist for them (404). */
export async function getApplicationInScope(tx: Tx, actor: Actor, id: number): Promise<ApplicationRow> {
  const a = await getApplicationRow(tx, id);
  await assertApplicationInScope(tx, actor, id);
  return a;
}

const notFoundAsNull = (e: unknown) => {
  if (e instanceof AppError && e.status === 404) return null;
  throw e;
};

/** One application for the review screen: the application, the customer behind it, the merged ones. */
export async function applicationDetail(tx: Tx, actor: Actor, env: MembershipEnv, id: number) {
  const a = await getApplicationInScope(tx, actor, id);
  // the customer record, merged applications and member only as far as the reader's scope reaches
  // (an application entered here may name a person another department owns)
  const customer = a.customerId ? await getCustomerInScope(tx, actor, a.customerId, { includeDeleted: true }).catch(notFoundAsNull) : null;
  const mergedAll = await tx.select().from(applications).where(eq(applications.mergedIntoId, a.id)).orderBy(asc(applications.id));
  const visible = await applicationsInScope(tx, actor, mergedAll.map((m) => m.id));
  const merged = mergedAll.filter((m) => visible.has(m.id));
  const member = a.memberId && (await membersInScope(tx, actor, [a.memberId])).has(a.memberId) ? await getMember(tx, a.memberId) : null;
  return {
    application: presentApplication(a),
    customer: customer ? presentCustomer(customer, actor, env.pii) : null,
    purchases: customer ? await purchasesOfCustomer(tx, customer.id) : [],
    mergedApplications: merged.map(presentApplication),
    member: member && { id: member.id, memberNo: member.memberNo, status: member.status },
  };
}
