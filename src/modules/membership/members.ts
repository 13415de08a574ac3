// Members (会员): numbers, creation at approval, search, the member page, profile edits kept as
// change records, the "data error" flag, and the welcome notice with its notified / not reached
// status and worklist.
import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import { beforeId, isExportPage, type ListPage } from '../../db/keyset.ts';
import { listTotal } from '../../db/total.ts';
import { AppError, conflict, notFound, refused } from '../../http/errors.ts';
import { t } from '../../i18n/index.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { normaliseIdNumber, normaliseMobile, normalisePhone } from '../customers/identity.ts';
import { customerScope, getCustomer, getCustomerInScope, idNumberHash, presentCustomer, updateCustomer, type CustomerPatch, type CustomerRow } from '../customers/service.ts';
import { memberCards, memberHasLevelSql, memberLevelSql, membersWithCardNoSql, normaliseCardNo } from '../cards/service.ts';
import { nameContains, pinyinStartsWith } from '../customers/list.ts';
import { simplifiedName } from '../customers/name-forms.ts';
import { purchasesOfCustomer as livePurchases } from '../customers/purchases.ts';
import { latestNotices, noticeInFlight, noticesOfMember, onNoticeOutcome, queueNotice } from '../notify/service.ts';
import { companyYear, type MembershipEnv } from './env.ts';
import { addMemberEvents, historyValue, memberHistory } from './events.ts';
import { applications, leaveRequests, members } from './schema.ts';
import { assertMemberInScope, memberScopeSql } from './scope.ts';
import './messages.ts';

export type MemberRow = typeof members.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;

/** M2026000123: prefix, the company's year, a database sequence (never reused, never guessed). */
export async function nextNumber(tx: Tx, prefix: 'M' | 'A', timeZone: string, at = new Date()): Promise<string> {
  const seq = prefix === 'M' ? 'member_no_seq' : 'application_no_seq';
  const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT nextval(${seq})::int AS n`);
  return `${prefix}${companyYear(timeZone, at)}${String(n).padStart(6, '0')}`;
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  for (let err = e as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) {
    if (err.code === '23505') return !constraint || err.constraint === constraint || !!err.message?.includes(constraint);
  }
  return false;
}

export async function getMember(tx: Tx, id: number): Promise<MemberRow> {
  const [m] = await tx.select().from(members).where(eq(members.id, id));
  if (!m) throw notFound('member', id);
  return m;
}

/** The member row, locked for the rest of the transaction. */
export async function lockMember(tx: Tx, id: number): Promise<MemberRow> {
  const [m] = await tx.select().from(members).where(eq(members.id, id)).for('update');
  if (!m) throw notFound('member', id);
  return m;
}

export function assertNotArchived(m: MemberRow): void {
  if (m.status === 'archived') throw refused('MEMBER_ARCHIVED', 'member.archived', { memberNo: m.memberNo });
}

export async function liveMemberOfCustomer(tx: Tx, customerId: number): Promise<MemberRow | null> {
  const [m] = await tx.select().from(members).where(and(eq(members.customerId, customerId), ne(members.status, 'archived')));
  return m ?? null;
}

/**
 * The live member whose person carries this ID number (screening, 入会甄别). A read-only join
 * on customers: the customers service finds people by the typed number, but automatic
 * applications only know the stored hash.
 */
export async function liveMemberByIdHash(tx: Tx, hash: string | null): Promise<MemberRow | null> {
  if (!hash) return null;
  const [r] = await rows<{ id: number }>(tx, sql`
    SELECT m.id FROM customers c JOIN members m ON m.customer_id = c.id AND m.status <> 'archived'
    WHERE c.id_number_hash = ${hash} AND c.deleted_at IS NULL
    ORDER BY m.id LIMIT 1`);
  return r ? getMember(tx, r.id) : null;
}

export interface NewMember {
  customerId: number;
  channel: string | null;
  subChannel: string | null;
  applicationId: number;
  /** the joining day, for history loaded after the fact (review.ts ApprovalInput.at); default now */
  joinedAt?: Date | null;
}

/** Creates the member and queues its welcome notice (SMS and/or e-mail, whatever the person has). */
export async function createMember(tx: Tx, actor: Actor, env: MembershipEnv, input: NewMember): Promise<MemberRow> {
  const customer = await getCustomer(tx, input.customerId);
  const existing = await liveMemberOfCustomer(tx, customer.id);
  if (existing) throw conflict('MEMBER_ALREADY_EXISTS', 'member.customerIsMember', { customerId: customer.id, memberNo: existing.memberNo });
  const memberNo = await nextNumber(tx, 'M', env.timeZone, input.joinedAt ?? undefined);
  let member: MemberRow;
  try {
    [member] = await tx.insert(members).values({
      memberNo, customerId: customer.id, status: 'active', channel: input.channel, subChannel: input.subChannel, applicationId: input.applicationId,
      ...(input.joinedAt ? { joinedAt: input.joinedAt } : {}),
    }).returning();
  } catch (e) {
    // a concurrent approval made this customer a member first
    if (isUniqueViolation(e, 'members_customer_live_uq')) throw conflict('MEMBER_ALREADY_EXISTS', 'member.customerIsMember', { customerId: customer.id, memberNo: '?' });
    throw e;
  }
  await addMemberEvents(tx, actor, [{ memberId: member.id, kind: 'joined', refType: 'application', refId: input.applicationId }]);
  await recordAudit(tx, actor, { action: 'member.create', entityType: 'member', entityId: member.id, after: member });
  const status = await queueMemberNotice(tx, actor, env, member, customer, 'welcome');
  if (status !== member.noticeStatus) {
    [member] = await tx.update(members).set({ noticeStatus: status }).where(eq(members.id, member.id)).returning();
  }
  return member;
}

/**
 * Queues the welcome (or leave) notice by SMS and by e-mail where the person has a mobile or an
 * address. Returns the member's notice status: pending while something is on its way,
 * unreached when nothing can be sent (the worklist then asks for a call or a letter).
 */
export async function queueMemberNotice(
  tx: Tx, actor: Actor, env: MembershipEnv, member: MemberRow, customer: CustomerRow, purpose: 'welcome' | 'leave',
  only?: 'sms' | 'email',
): Promise<'pending' | 'unreached'> {
  const params = { name: customer.name, memberNo: member.memberNo, date: new Intl.DateTimeFormat('en-CA', { timeZone: env.timeZone }).format(new Date()) };
  const base = { memberId: member.id, customerId: customer.id, purpose, refType: 'member', refId: member.id };
  let queued = 0;
  if (customer.mobile && only !== 'email') {
    await queueNotice(tx, actor, { ...base, channel: 'sms', recipient: customer.mobile, body: t(env.language, `notice.${purpose}.body`, params) });
    queued++;
  }
  if (customer.email && only !== 'sms') {
    await queueNotice(tx, actor, {
      ...base, channel: 'email', recipient: customer.email,
      subject: t(env.language, `notice.${purpose}.subject`, params), body: t(env.language, `notice.${purpose}.body`, params),
    });
    queued++;
  }
  return queued ? 'pending' : 'unreached';
}

// Welcome notices decide "notified / not reached": one that gets through marks the member
// notified for good; when every attempt failed and nothing is on its way, not reached.
onNoticeOutcome('welcome', async (tx, n, outcome) => {
  if (!n.memberId) return;
  if (outcome === 'sent' || outcome === 'reached') {
    await tx.update(members).set({ noticeStatus: 'reached', updatedAt: new Date() }).where(eq(members.id, n.memberId));
  } else if (!(await noticeInFlight(tx, n.memberId, 'welcome'))) {
    await tx.update(members).set({ noticeStatus: 'unreached', updatedAt: new Date() })
      .where(and(eq(members.id, n.memberId), ne(members.noticeStatus, 'reached')));
  }
});

/** Sends the welcome notice again by SMS or e-mail (from the worklist). */
export async function resendWelcome(tx: Tx, actor: Actor, env: MembershipEnv, memberId: number, channel: 'sms' | 'email') {
  await assertMemberInScope(tx, actor, memberId);
  const m = await lockMember(tx, memberId);
  assertNotArchived(m);
  const c = await getCustomer(tx, m.customerId);
  if (channel === 'sms' ? !c.mobile : !c.email) {
    throw refused('NO_RECIPIENT', 'notice.noRecipient', { channel: `entity.noticeChannel.${channel}` });
  }
  await queueMemberNotice(tx, actor, env, m, c, 'welcome', channel);
  if (m.noticeStatus !== 'reached') await tx.update(members).set({ noticeStatus: 'pending', updatedAt: new Date() }).where(eq(members.id, m.id));
  await recordAudit(tx, actor, { action: 'member.resendWelcome', entityType: 'member', entityId: m.id, facts: { channel } });
  return getMember(tx, m.id);
}

// ---------- search ----------

export interface MemberQuery extends ListPage {
  /** any field: member no., name (or pinyin), mobile, home phone, ID number */
  q?: string;
  memberNo?: string;
  name?: string;
  mobile?: string;
  idNumber?: string;
  status?: string;
  channel?: string;
  subChannel?: string;
  noticeStatus?: string;
  /** card type of the active main card (等级) */
  level?: string;
  /** YYYY-MM-DD, company dates, inclusive */
  joinedFrom?: string;
  joinedTo?: string;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface MemberListItem {
  id: number; memberNo: string; status: string; joinedAt: Date; channel: string | null; subChannel: string | null;
  noticeStatus: string; cardNo: string | null; archivedAt: Date | null; dataErrorFlag: string | null;
  customerId: number; name: string; mobile: string | null; homePhone: string | null; email: string | null; idNumber: string | null; isBuyer: boolean;
  /** card type of the active main card, or null */
  level: string | null;
  /** the customer record's department, and the project of their latest purchase: tell two 王伟 apart */
  department: string | null;
  project: string | null;
}

/**
 * What the search box matches, as a condition on `m` (members) — and whether it reads customers:
 * member number (whole, or an M-number's start), card number (any of the member's cards), mobile,
 * home phone, ID number (keyed hash), a name containing the text, pinyin from the start. Each is
 * one indexed look-up of member ids, united (an OR across members, cards and customers could only
 * be answered by reading every member: 2.7 s at 1M); a single character of a name cannot use an
 * index and is a filter on the joined rows instead, read newest first until the page is full.
 */
function searchBox(text: string, env: MembershipEnv): { cond: SQL; joinsCustomer: boolean; narrow: boolean } {
  const upper = text.toUpperCase();
  const digits = text.replace(/[\s()-]/g, '');
  const nameText = !/^\d+$/.test(digits);
  // names in simplified characters (張偉 finds 张伟 and the reverse): name_simplified, customers/name-forms.ts
  const simplified = nameText ? simplifiedName(text) : text;
  if (nameText && [...text].length === 1) return { cond: sql`(m.member_no = ${upper} OR customers.name_simplified LIKE ${`%${likeEscape(simplified)}%`})`, joinsCustomer: true, narrow: false };
  const byMember: SQL[] = [sql`SELECT id FROM members WHERE member_no = ${upper}`];
  // an M-number's start (M2026…): a range the unique index answers (its collation is not C, so LIKE alone could not)
  if (/^M\d{4,}$/.test(upper)) byMember.push(sql`SELECT id FROM members WHERE member_no >= ${upper} AND member_no < ${`${upper}\u{10FFFF}`} AND member_no LIKE ${`${likeEscape(upper)}%`}`);
  const cardNo = normaliseCardNo(text);
  if (/^[0-9A-Z]{6,20}$/.test(cardNo)) byMember.push(membersWithCardNoSql(cardNo));
  const person: SQL[] = [];
  const mobile = normaliseMobile(text);
  if (mobile) person.push(sql`c.mobile = ${mobile}`);
  // the last digits of a mobile (尾号 8888), through the index on the reversed numbers (customers_mobile_tail_idx)
  else if (/^\d{4,10}$/.test(digits)) person.push(sql`reverse(c.mobile) LIKE ${`${[...digits].reverse().join('')}%`}`);
  if (/^\d{7,15}$/.test(digits)) person.push(sql`c.home_phone = ${normalisePhone(digits)}`);
  if (/^[\dXx]{15,18}$/.test(digits)) person.push(sql`c.id_number_hash = ${idNumberHash(env.pii, digits)}`);
  if (nameText) {
    person.push(nameContains(sql`c.name_simplified`, simplified));
    // pinyin as typed, with or without spaces between syllables (ouyang / ou yang)
    if (/^[a-z ]+$/i.test(text)) person.push(pinyinStartsWith(sql`c.name_pinyin`, text));
  }
  if (person.length) byMember.push(sql`SELECT pm.id FROM members pm WHERE pm.customer_id IN (SELECT c.id FROM customers c WHERE ${sql.join(person, sql` OR `)})`);
  return { cond: sql`m.id IN (${sql.join(byMember, sql` UNION `)})`, joinsCustomer: false, narrow: true };
}

/**
 * Members by any field, within the actor's data scope, newest first. Reads the customers table in
 * the same query (read-only join: a service call per row would be absurd for a paginated search);
 * ID numbers are matched by their keyed hash. A page's ids come first (from members alone when
 * nothing needs the customer), then its rows; the total is counted up to a few thousand and
 * estimated beyond (src/db/total.ts).
 */
export async function listMembers(tx: Tx, actor: Actor, env: MembershipEnv, q: MemberQuery) {
  const where: SQL[] = [];
  let joinsCustomer = false;
  let narrow = false;
  const text = q.q?.trim();
  if (text) {
    const box = searchBox(text, env);
    where.push(box.cond);
    joinsCustomer ||= box.joinsCustomer;
    narrow = box.narrow;
  }
  if (q.memberNo) where.push(sql`m.member_no = ${q.memberNo.trim().toUpperCase()}`);
  if (q.name?.trim()) where.push(nameContains(sql`customers.name_simplified`, simplifiedName(q.name)));
  if (q.mobile) where.push(sql`customers.mobile = ${normaliseMobile(q.mobile) ?? q.mobile.trim()}`);
  if (q.idNumber) where.push(sql`customers.id_number_hash = ${idNumberHash(env.pii, normaliseIdNumber(q.idNumber))}`);
  if (q.name?.trim() || q.mobile || q.idNumber) joinsCustomer = true;
  if ([...(q.name?.trim() ?? '')].length >= 2 || q.mobile || q.idNumber || q.memberNo) narrow = true;
  if (q.status) where.push(sql`m.status = ${q.status}`);
  if (q.channel) where.push(q.channel === 'automatic' ? sql`m.channel IS NULL` : sql`m.channel = ${q.channel}`);
  if (q.subChannel) where.push(sql`m.sub_channel = ${q.subChannel}`);
  if (q.noticeStatus) where.push(sql`m.notice_status = ${q.noticeStatus}`);
  // the level is the type of the member's active main card (cards module)
  if (q.level) where.push(memberHasLevelSql(sql`m.id`, q.level));
  if (q.joinedFrom) where.push(sql`m.joined_at >= (${q.joinedFrom}::date::timestamp AT TIME ZONE ${env.timeZone})`);
  if (q.joinedTo) where.push(sql`m.joined_at < ((${q.joinedTo}::date + 1)::timestamp AT TIME ZONE ${env.timeZone})`);
  // the actor's data scope (a sales office sees its own department's people), as on the customer list
  const scope = customerScope(actor);
  if (scope) {
    where.push(scope);
    joinsCustomer = true;
  }
  const from = joinsCustomer ? sql`members m JOIN customers ON customers.id = m.customer_id` : sql`members m`;
  const cond = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const offset = (q.page - 1) * q.pageSize;
  const exporting = isExportPage(q);
  const order = exporting ? sql`m.id DESC` : sql`m.joined_at DESC, m.id DESC`;
  // a narrow search (a few ids from indexes): found first and counted while sorted; otherwise read newest first;
  // an export reads pages of ids below the last one (keyset), uncounted
  const page = await rows<{ id: number; total: number | null }>(tx, exporting
    ? sql`SELECT m.id, -1 AS total FROM ${from} ${where.length ? sql`${cond} AND` : sql`WHERE`} ${beforeId(sql`m.id`, q) ?? sql`true`} ORDER BY m.id DESC LIMIT ${q.pageSize}`
    : narrow
      ? sql`WITH found AS MATERIALIZED (SELECT m.id, m.joined_at FROM ${from} ${cond})
      SELECT id, count(*) OVER () AS total FROM found ORDER BY joined_at DESC, id DESC LIMIT ${q.pageSize} OFFSET ${offset}`
      : sql`SELECT m.id, NULL::bigint AS total FROM ${from} ${cond} ORDER BY m.joined_at DESC, m.id DESC LIMIT ${q.pageSize} OFFSET ${offset}`);
  const ids = page.map((r) => r.id);
  const list = ids.length ? await rows<Record<string, unknown>>(tx, sql`
    SELECT m.id, m.member_no, m.status, m.joined_at, m.channel, m.sub_channel, m.notice_status, m.requested_card_no, m.archived_at,
      m.data_error_flag, customers.id AS customer_id, customers.name, customers.mobile, customers.home_phone, customers.email, customers.id_number_masked,
      customers.is_buyer, ${memberLevelSql(sql`m.id`)} AS level, customers.department,
      (SELECT p.project FROM purchases p WHERE p.customer_id = customers.id AND p.deleted_at IS NULL ORDER BY p.id DESC LIMIT 1) AS project
    FROM members m JOIN customers ON customers.id = m.customer_id
    WHERE m.id = ANY(${sql.param(ids)}::int[])
    ORDER BY ${order}`) : [];
  const { total, totalExact } = exporting ? { total: -1, totalExact: false } : page[0]?.total != null
    ? { total: Number(page[0].total), totalExact: true }
    : await listTotal(tx, sql`SELECT 1 FROM ${from} ${cond}`, { offset, pageSize: q.pageSize, found: list.length });
  return { items: list.map(memberListItem), total, totalExact, page: q.page, pageSize: q.pageSize };
}

const asDate = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

function memberListItem(r: Record<string, unknown>): MemberListItem {
  return {
    id: r.id as number, memberNo: r.member_no as string, status: r.status as string, joinedAt: asDate(r.joined_at)!,
    channel: r.channel as string | null, subChannel: r.sub_channel as string | null, noticeStatus: r.notice_status as string,
    cardNo: r.requested_card_no as string | null, archivedAt: asDate(r.archived_at), dataErrorFlag: r.data_error_flag as string | null,
    customerId: r.customer_id as number, name: r.name as string, mobile: r.mobile as string | null, homePhone: r.home_phone as string | null,
    email: r.email as string | null, idNumber: r.id_number_masked as string | null, isBuyer: r.is_buyer as boolean,
    level: (r.level as string | null) ?? null,
    department: (r.department as string | null) ?? null, project: (r.project as string | null) ?? null,
  };
}

/** An application as staff see it: the ID number masked, the hash and ciphertext never leave. */
export function presentApplication(a: ApplicationRow) {
  // the name's search forms (simplified, sound keys) are internal
  const { idNumberEnc: _e, idNumberHash: _h, idNumberMasked, nameSimplified: _s, nameKeys: _k, ...rest } = a;
  return { ...rest, idNumber: idNumberMasked };
}

/** Everything the member page shows. */
export async function memberPage(tx: Tx, actor: Actor, env: MembershipEnv, id: number) {
  const member = await getMember(tx, id);
  const customer = await getCustomerInScope(tx, actor, member.customerId, { includeDeleted: true }).catch((e) => {
    throw e instanceof AppError && e.status === 404 ? notFound('member', id) : e;
  });
  const [apps, history, notices, leaves] = [
    await tx.select().from(applications).where(eq(applications.memberId, id)).orderBy(asc(applications.createdAt), asc(applications.id)),
    await memberHistory(tx, id),
    await noticesOfMember(tx, id),
    await tx.select().from(leaveRequests).where(eq(leaveRequests.memberId, id)).orderBy(desc(leaveRequests.createdAt)),
  ];
  const { level, cards } = await memberCards(tx, id);
  return {
    member,
    level,
    cards: cards.map((c) => ({ id: c.id, cardNo: c.cardNo, typeCode: c.typeCode, kind: c.kind, status: c.status, issuedAt: c.issuedAt, endedAt: c.endedAt, validUntil: c.validUntil })),
    customer: presentCustomer(customer, actor, env.pii),
    applications: apps.map(presentApplication),
    history,
    notices,
    leaveRequests: leaves,
    purchases: await purchasesOfCustomer(tx, customer.id),
  };
}

/** A customer's live purchases (购房记录), as the member page and data linking show them. */
export async function purchasesOfCustomer(tx: Tx, customerId: number) {
  return (await livePurchases(tx, customerId)).map((p) => ({
    id: p.id, project: p.project, unit: p.unit, contractNo: p.contractNo, priceFen: p.priceFen, receivedFen: p.receivedFen,
    status: p.status, origin: p.origin, fullyPaidAt: p.fullyPaidAt, createdAt: p.createdAt,
  }));
}

export type ProfilePatch = Pick<CustomerPatch, 'name' | 'gender' | 'birthday' | 'idType' | 'idNumber' | 'mobile' | 'homePhone' | 'email' | 'address'>;

/**
 * Edits a member's profile (客服中心 only): through the customers service, each changed field
 * kept as a change record (who, when, field, old → new). Archived members are read-only.
 */
export async function updateMemberProfile(tx: Tx, actor: Actor, env: MembershipEnv, id: number, patch: ProfilePatch) {
  await assertMemberInScope(tx, actor, id);
  const m = await lockMember(tx, id);
  assertNotArchived(m);
  if (patch.idNumber) {
    const other = await liveMemberByIdHash(tx, idNumberHash(env.pii, patch.idNumber));
    if (other && other.id !== m.id) throw conflict('MEMBER_ALREADY_EXISTS', 'member.alreadyExists', { memberNo: other.memberNo });
  }
  const { changes } = await updateCustomer(tx, actor, env.pii, m.customerId, patch);
  await addMemberEvents(tx, actor, Object.entries(changes).map(([field, [before, after]]) => ({
    memberId: m.id, kind: 'profile_changed' as const, field, oldValue: historyValue(before), newValue: historyValue(after),
  })));
  if (Object.keys(changes).length) {
    await tx.update(members).set({ updatedAt: new Date() }).where(eq(members.id, m.id));
    await recordAudit(tx, actor, { action: 'member.profile', entityType: 'member', entityId: m.id, facts: { fields: Object.keys(changes) } });
  }
  return { changed: Object.keys(changes) };
}

/** Staff mark (or clear) a member's data as wrong; the "data error" leave rule acts on it. */
export async function setDataErrorFlag(tx: Tx, actor: Actor, id: number, flag: string | null) {
  await assertMemberInScope(tx, actor, id);
  const m = await lockMember(tx, id);
  assertNotArchived(m);
  if ((m.dataErrorFlag ?? null) === (flag ?? null)) return m;
  const [after] = await tx.update(members).set({ dataErrorFlag: flag, dataErrorFlaggedAt: flag ? new Date() : null, updatedAt: new Date() })
    .where(eq(members.id, id)).returning();
  await addMemberEvents(tx, actor, [{
    memberId: id, kind: flag ? 'data_error_flagged' : 'data_error_cleared', field: 'dataErrorFlag', oldValue: m.dataErrorFlag, newValue: flag,
  }]);
  await recordAudit(tx, actor, { action: 'member.dataErrorFlag', entityType: 'member', entityId: id, before: m, after });
  return after;
}

/** Not yet reached (未通知到): members to contact again, with their last attempt (within the reader's data scope). */
export async function unreachedWorklist(tx: Tx, actor: Actor, q: { page: number; pageSize: number }) {
  const scope = memberScopeSql(actor, sql`m.id`);
  const inScope = scope ? sql`AND ${scope}` : sql``;
  const list = await rows<Record<string, unknown>>(tx, sql`
    SELECT m.id, m.member_no, m.status, m.joined_at, m.channel, m.sub_channel, m.notice_status, m.requested_card_no, m.archived_at,
      m.data_error_flag, c.id AS customer_id, c.name, c.mobile, c.home_phone, c.email, c.id_number_masked, c.is_buyer, c.address,
      ${memberLevelSql(sql`m.id`)} AS level
    FROM members m JOIN customers c ON c.id = m.customer_id
    WHERE m.notice_status = 'unreached' AND m.status <> 'archived' ${inScope}
    ORDER BY m.joined_at, m.id
    LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  const [{ total }] = await rows<{ total: number }>(tx, sql`SELECT count(*)::int AS total FROM members m WHERE m.notice_status = 'unreached' AND m.status <> 'archived' ${inScope}`);
  const last = await latestNotices(tx, list.map((r) => r.id as number));
  return {
    items: list.map((r) => {
      const n = last.get(r.id as number);
      return {
        ...memberListItem(r), address: r.address as string | null,
        lastNotice: n ? { id: n.id, channel: n.channel, status: n.status, at: n.sentAt ?? n.createdAt, error: n.lastError, attempts: n.attempts } : null,
      };
    }),
    total, page: q.page, pageSize: q.pageSize,
  };
}
