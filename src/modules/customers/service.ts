// Customers (客户): the person record, its validation and protection of the ID number, the data
// scope, logical delete/restore, the customer page, and the "purchase fully paid" event (its one
// entry point, onPurchaseFullyPaid). The list and search are in list.ts.
import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import { rows, type Tx } from '../../db/index.ts';
import { conflict, forbidden, notFound, refused, type FieldIssue, invalid } from '../../http/errors.ts';
import { maskIdNumber, type Crypto } from '../../pii.ts';
import { auditHistoryOf, listAudit, recordAudit } from '../audit/service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { userNamesById } from '../auth/service.ts';
import { listItems, registerDictionaryUsage } from '../dictionaries/service.ts';
import { normaliseIdNumber, normaliseMobile, normalisePhone, residentIdFacts, residentIdProblem } from './identity.ts';
import { customers, purchases } from './schema.ts';
import { nameForms, simplifiedName } from './name-forms.ts';
import './messages.ts';
import { purchasesOfCustomer } from './purchases.ts';
import { memberSummaryOf, pendingApplicationOf, purchaseFullyPaid } from './hooks.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type PurchaseRow = typeof purchases.$inferSelect;

registerDictionaryUsage('customer_source', async (tx, code) => count(tx, eq(customers.source, code)));
registerDictionaryUsage('id_type', async (tx, code) => count(tx, eq(customers.idType, code)));

async function count(tx: Tx, where: SQL | undefined): Promise<number> {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(customers).where(where);
  return n;
}

/** Toneless pinyin of a name, syllables joined by spaces: 张珊 → "zhang shan". */
export function namePinyin(name: string): string {
  let py = pinyinOfName.get(name);
  if (py === undefined) {
    // of the simplified name: 張偉 and 张伟 are both "zhang wei"
    py = pinyin(simplifiedName(name), { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ').toLowerCase();
    // names repeat a lot (an import of a million people has far fewer names): a bounded memo
    if (pinyinOfName.size >= 50_000) pinyinOfName.clear();
    pinyinOfName.set(name, py);
  }
  return py;
}
const pinyinOfName = new Map<string, string>();

export interface PersonInput {
  name: string;
  gender?: 'male' | 'female' | null;
  birthday?: string | null;
  idType?: string | null;
  idNumber?: string | null;
  mobile?: string | null;
  homePhone?: string | null;
  email?: string | null;
  address?: string | null;
}

/** The protected, normalised columns of a person's identifiers (shared by customers and applications). */
export interface ProtectedPerson {
  name: string;
  namePinyin: string;
  /** simplified characters and sound keys of the name (name-forms.ts) */
  nameSimplified: string;
  nameKeys: string[];
  gender: string | null;
  birthday: string | null;
  idType: string | null;
  idNumberEnc: string | null;
  idNumberHash: string | null;
  idNumberMasked: string | null;
  mobile: string | null;
  homePhone: string | null;
  email: string | null;
  address: string | null;
}

/** A person checked and normalised, the ID number still in clear (never stored like this). */
export interface NormalisedPerson extends Omit<ProtectedPerson, 'idNumberEnc' | 'idNumberHash' | 'idNumberMasked'> {
  idNumber: string | null;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isPastDate(d: string, today = new Date()): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return false;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return +m[1] >= 1900 && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3] && date <= today;
}

/**
 * The rules of a person's identifiers, without the database: resident ID numbers must pass
 * GB 11643 (check digit, birth date), mobiles must be 11-digit mainland numbers (a +86 / 0086
 * prefix is dropped), phones 7–15 digits, the ID type an active value of its dictionary.
 * Every bad field is reported at once. Birthday and gender come from a resident ID number
 * when not given.
 */
export function normalisePerson(input: PersonInput, idTypes: ReadonlySet<string>, fieldPrefix = ''): { issues: FieldIssue[]; person: NormalisedPerson } {
  const issues: FieldIssue[] = [];
  const f = (name: string) => fieldPrefix + name;
  let idNumber: string | null = null;
  let idType = input.idType ?? null;
  let { birthday = null, gender = null } = input;
  if (birthday && !isPastDate(birthday)) issues.push({ field: f('birthday'), key: 'validation.birthday' });
  if (input.idNumber) {
    idNumber = normaliseIdNumber(input.idNumber);
    idType ??= 'resident_id';
    if (idType === 'resident_id') {
      const problem = residentIdProblem(idNumber);
      if (problem) issues.push({ field: f('idNumber'), key: problem });
      else {
        const facts = residentIdFacts(idNumber);
        birthday ??= facts.birthday;
        gender ??= facts.gender;
      }
    } else if (idNumber.length < 5 || idNumber.length > 32) {
      issues.push({ field: f('idNumber'), key: 'validation.idNumber.other' });
    }
  }
  if (idType && !idTypes.has(idType)) {
    issues.push({ field: f('idType'), key: 'validation.dictionaryValue', params: { kind: 'entity.dictionaryKind.id_type', value: idType } });
  }
  let mobile: string | null = null;
  if (input.mobile) {
    mobile = normaliseMobile(input.mobile);
    if (!mobile) issues.push({ field: f('mobile'), key: 'validation.mobile' });
  }
  const homePhone = input.homePhone ? normalisePhone(input.homePhone) : null;
  if (input.homePhone && (homePhone!.length < 7 || homePhone!.length > 15)) issues.push({ field: f('homePhone'), key: 'validation.phone' });
  const email = input.email?.trim() || null;
  if (email && !emailPattern.test(email)) issues.push({ field: f('email'), key: 'validation.email' });
  const name = input.name.trim();
  if (!name) issues.push({ field: f('name'), key: 'validation.required' });
  return {
    issues,
    person: { name, namePinyin: namePinyin(name), ...nameForms(name), gender, birthday, idType, idNumber, mobile, homePhone, email, address: input.address?.trim() || null },
  };
}

/** Encrypts, hashes and masks the ID number of a checked person. */
export function protectNormalised(pii: Crypto, p: NormalisedPerson): ProtectedPerson {
  const { idNumber, ...rest } = p;
  return {
    ...rest,
    idNumberEnc: idNumber ? pii.encrypt(idNumber) : null,
    idNumberHash: idNumber ? pii.lookupHash(idNumber) : null,
    idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
  };
}

/** The active codes of a dictionary kind, for checking many values with one query. */
export async function activeCodes(tx: Tx, kind: string): Promise<Set<string>> {
  return new Set((await listItems(tx, { kind, activeOnly: true })).map((i) => i.code));
}

/**
 * Validates and normalises a person (see normalisePerson) and protects the ID number:
 * a 400 naming every bad field, or the columns to store.
 */
export async function protectPerson(tx: Tx, pii: Crypto, input: PersonInput, fieldPrefix = ''): Promise<ProtectedPerson> {
  const { issues, person } = normalisePerson(input, await activeCodes(tx, 'id_type'), fieldPrefix);
  if (issues.length) throw invalid(issues);
  return protectNormalised(pii, person);
}

/** The keyed hash of an ID number as typed, for exact lookups. */
export function idNumberHash(pii: Crypto, raw: string): string {
  return pii.lookupHash(normaliseIdNumber(raw));
}

/** 409 when a live customer other than exceptId already holds this ID number (one person, one record). */
export async function assertIdNumberFree(tx: Tx, hash: string | null, exceptId?: number): Promise<void> {
  if (!hash) return;
  const [other] = await tx.select({ id: customers.id }).from(customers)
    .where(and(eq(customers.idNumberHash, hash), isNull(customers.deletedAt), exceptId ? sql`${customers.id} <> ${exceptId}` : undefined)).limit(1);
  if (other) throw conflict('CUSTOMER_ID_NUMBER_TAKEN', 'customer.idNumberTaken', { id: other.id });
}

export interface CustomerInput extends PersonInput {
  source?: string;
  tags?: string[];
  ownerId?: number | null;
  department?: string | null;
  note?: string | null;
  externalSystem?: string | null;
  externalId?: string | null;
}

/**
 * Creates a customer. An ID number already held by a live customer is refused (409 naming
 * that customer) unless opts.allowDuplicateIdNumber — one person has one record; callers that
 * find the person first (screening, integration, import) link to the existing record instead.
 */
export async function createCustomer(tx: Tx, actor: Actor, pii: Crypto, input: CustomerInput, opts: { allowDuplicateIdNumber?: boolean } = {}): Promise<CustomerRow> {
  const source = input.source ?? 'manual';
  const { issues, person } = normalisePerson(input, await activeCodes(tx, 'id_type'));
  issues.push(...(await recordFieldIssues(tx, { source, ownerId: input.ownerId })));
  if (issues.length) throw invalid(issues);
  const prot = protectNormalised(pii, person);
  if (!opts.allowDuplicateIdNumber) await assertIdNumberFree(tx, prot.idNumberHash);
  const [c] = await tx.insert(customers).values({
    ...prot,
    source,
    tags: normaliseTags(input.tags),
    ownerId: input.ownerId !== undefined ? input.ownerId : actor.kind === 'user' ? actor.id : null,
    department: input.department !== undefined ? input.department?.trim() || null : actor.department,
    note: input.note?.trim() || null,
    externalSystem: input.externalSystem ?? null,
    externalId: input.externalId ?? null,
  }).returning();
  await recordAudit(tx, actor, { action: 'customer.create', entityType: 'customer', entityId: c.id, after: c });
  return c;
}

/** Source from its dictionary and an owner who exists: issues for the same 400 as the person's fields. */
async function recordFieldIssues(tx: Tx, input: { source?: string; ownerId?: number | null }): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (input.source !== undefined && !(await activeCodes(tx, 'customer_source')).has(input.source)) {
    issues.push({ field: 'source', key: 'validation.dictionaryValue', params: { kind: 'entity.dictionaryKind.customer_source', value: input.source } });
  }
  if (input.ownerId != null && !(await userNamesById(tx, [input.ownerId])).has(input.ownerId)) {
    issues.push({ field: 'ownerId', key: 'error.notFound', params: { entity: 'entity.user', id: input.ownerId } });
  }
  return issues;
}

function normaliseTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean))];
}

/**
 * A customer record as the actor may see it: the ID number masked unless opts.reveal and the
 * actor holds pii.view. A reveal must be audited — screens use presentCustomerForView, which does.
 */
export function presentCustomer(c: CustomerRow, actor: Actor, pii: Crypto, opts: { reveal?: boolean } = {}) {
  // the name's search forms (simplified, sound keys) are internal
  const { idNumberEnc, idNumberHash: _h, nameSimplified: _s, nameKeys: _k, ...rest } = c;
  const reveal = !!opts.reveal && can(actor, 'pii.view') && !!idNumberEnc;
  return { ...rest, idNumber: reveal ? pii.decrypt(idNumberEnc!) : c.idNumberMasked, idNumberRevealed: reveal };
}

export type PresentedCustomer = ReturnType<typeof presentCustomer>;

/**
 * The record for a screen. Asking to reveal the ID number needs pii.view (403 otherwise) and
 * writes a pii.view line to the audit log: who saw which record's number, when.
 */
export async function presentCustomerForView(tx: Tx, actor: Actor, pii: Crypto, c: CustomerRow, opts: { reveal?: boolean } = {}) {
  if (opts.reveal) {
    if (!can(actor, 'pii.view')) throw forbidden('pii.view');
    if (c.idNumberEnc) await recordAudit(tx, actor, { action: 'pii.view', entityType: 'customer', entityId: c.id, facts: { field: 'idNumber', customerName: c.name } });
  }
  return presentCustomer(c, actor, pii, opts);
}

export async function getCustomer(tx: Tx, id: number, opts: { includeDeleted?: boolean } = {}): Promise<CustomerRow> {
  const [c] = await tx.select().from(customers).where(opts.includeDeleted ? eq(customers.id, id) : and(eq(customers.id, id), isNull(customers.deletedAt)));
  if (!c) throw notFound('customer', id);
  return c;
}

/**
 * The customers an actor may see (SPEC §11 data scope): own → the records they own;
 * department → their department's records; all → every record.
 */
export function customerScope(actor: Actor): SQL | undefined {
  if (actor.dataScope === 'all') return undefined;
  if (actor.dataScope === 'department') return actor.department ? eq(customers.department, actor.department) : sql`false`;
  return actor.kind === 'user' && actor.id != null ? eq(customers.ownerId, actor.id) : sql`false`;
}

/** A customer inside the actor's data scope; outside it the record does not exist for them (404). */
export async function getCustomerInScope(tx: Tx, actor: Actor, id: number, opts: { includeDeleted?: boolean } = {}): Promise<CustomerRow> {
  const [c] = await tx.select().from(customers)
    .where(and(eq(customers.id, id), opts.includeDeleted ? undefined : isNull(customers.deletedAt), customerScope(actor)));
  if (!c) throw notFound('customer', id);
  return c;
}

/** Live (not deleted) customers with this normalised mobile, oldest first (sales: a lead's duplicate warning, conversion). */
export async function findLiveCustomersByMobile(tx: Tx, mobile: string): Promise<CustomerRow[]> {
  return tx.select().from(customers).where(and(eq(customers.mobile, mobile), isNull(customers.deletedAt))).orderBy(customers.id).limit(5);
}

/**
 * Live customers whose mobile or home phone is this normalised number (calls: who is calling),
 * oldest first, at most `limit`.
 */
export async function findLiveCustomersByPhone(tx: Tx, number: string, limit = 10): Promise<CustomerRow[]> {
  return tx.select().from(customers)
    .where(and(or(eq(customers.mobile, number), eq(customers.homePhone, number)), isNull(customers.deletedAt)))
    .orderBy(customers.id).limit(limit);
}

/** Which of these customers (deleted ones too) lie inside the actor's data scope (calls: whose name and number a list may show). */
export async function customerIdsInScope(tx: Tx, actor: Actor, ids: number[]): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Set();
  const list = await tx.select({ id: customers.id }).from(customers).where(and(inArray(customers.id, unique), customerScope(actor)));
  return new Set(list.map((c) => c.id));
}

/** Customers' names by id (deleted ones too: a record pointing at one still shows who it was). */
export async function customerNamesById(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const list = await tx.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, unique));
  return new Map(list.map((c) => [c.id, c.name]));
}

/** Live (not deleted, not merged) customers with this ID number. */
export async function findCustomersByIdNumber(tx: Tx, pii: Crypto, rawIdNumber: string): Promise<CustomerRow[]> {
  return tx.select().from(customers).where(and(eq(customers.idNumberHash, idNumberHash(pii, rawIdNumber)), isNull(customers.deletedAt)));
}

/** Data linking (数据关联): mark a customer as the given member. */
export async function linkCustomerToMember(tx: Tx, actor: Actor, customerId: number, memberId: number): Promise<void> {
  const before = await getCustomer(tx, customerId);
  if (before.memberId === memberId) return;
  await tx.update(customers).set({ memberId, updatedAt: new Date() }).where(eq(customers.id, customerId));
  await recordAudit(tx, actor, { action: 'customer.linkMember', entityType: 'customer', entityId: customerId, before: { memberId: before.memberId }, after: { memberId } });
}

/**
 * Merges a duplicate customer record into the surviving one: the duplicate is kept (logically
 * deleted, pointing at the survivor) so its history stays traceable; its purchases move over.
 */
export async function mergeCustomerInto(tx: Tx, actor: Actor, duplicateId: number, survivorId: number): Promise<{ purchasesMoved: number }> {
  if (duplicateId === survivorId) return { purchasesMoved: 0 };
  const dup = await getCustomer(tx, duplicateId);
  const survivor = await getCustomer(tx, survivorId);
  const moved = await tx.update(purchases).set({ customerId: survivorId, updatedAt: new Date() }).where(eq(purchases.customerId, duplicateId)).returning({ id: purchases.id });
  const movedIds = moved.map((r) => r.id);
  const now = new Date();
  await tx.update(customers).set({ mergedIntoId: survivorId, deletedAt: now, updatedAt: now }).where(eq(customers.id, duplicateId));
  if (dup.isBuyer && !survivor.isBuyer) await tx.update(customers).set({ isBuyer: true, updatedAt: now }).where(eq(customers.id, survivorId));
  await recordAudit(tx, actor, { action: 'customer.merge', entityType: 'customer', entityId: duplicateId, facts: { mergedInto: survivorId, purchasesMoved: movedIds } });
  for (const pid of movedIds) {
    await recordAudit(tx, actor, { action: 'purchase.move', entityType: 'purchase', entityId: pid, before: { customerId: duplicateId }, after: { customerId: survivorId } });
  }
  return { purchasesMoved: movedIds.length };
}

/** Profile fields that may be edited, as stored (normalised, protected). */
export type CustomerPatch = Partial<PersonInput> & { tags?: string[]; ownerId?: number | null; department?: string | null; source?: string; note?: string | null };

const visibleFields = ['name', 'gender', 'birthday', 'idType', 'idNumberMasked', 'mobile', 'homePhone', 'email', 'address', 'note', 'tags', 'ownerId', 'department', 'source'] as const;

/**
 * Edits a customer. Returns the changed fields as { field: [old, new] } (ID numbers shown
 * masked), so callers such as the member page can keep their own change records. Nothing
 * changed → nothing written, nothing audited.
 */
export async function updateCustomer(tx: Tx, actor: Actor, pii: Crypto, id: number, patch: CustomerPatch) {
  const before = await getCustomer(tx, id);
  const oldId = before.idNumberEnc ? pii.decrypt(before.idNumberEnc) : null;
  // A new resident ID number brings its own birth date and gender, unless those were typed apart from the old one.
  const oldFacts = oldId && before.idType === 'resident_id' && !residentIdProblem(oldId) ? residentIdFacts(oldId) : null;
  const idChanges = patch.idNumber !== undefined && normaliseIdNumber(patch.idNumber ?? '') !== (oldId ?? '');
  const derived = (field: 'birthday' | 'gender') => idChanges && oldFacts && before[field] === oldFacts[field];
  const { issues, person: plain } = normalisePerson({
    name: patch.name ?? before.name,
    gender: patch.gender !== undefined ? patch.gender : derived('gender') ? null : (before.gender as 'male' | 'female' | null),
    birthday: patch.birthday !== undefined ? patch.birthday : derived('birthday') ? null : before.birthday,
    idType: patch.idType !== undefined ? patch.idType : before.idType,
    idNumber: patch.idNumber !== undefined ? patch.idNumber : oldId,
    mobile: patch.mobile !== undefined ? patch.mobile : before.mobile,
    homePhone: patch.homePhone !== undefined ? patch.homePhone : before.homePhone,
    email: patch.email !== undefined ? patch.email : before.email,
    address: patch.address !== undefined ? patch.address : before.address,
  }, new Set([...(await activeCodes(tx, 'id_type')), ...(before.idType ? [before.idType] : [])])); // a value deactivated since stays valid here
  issues.push(...(await recordFieldIssues(tx, { source: patch.source, ownerId: patch.ownerId })));
  if (issues.length) throw invalid(issues);
  const person = protectNormalised(pii, plain);
  if (person.idNumberHash !== before.idNumberHash) await assertIdNumberFree(tx, person.idNumberHash, id);
  const next = {
    ...person,
    // a re-encryption of the same number is not a change
    ...(before.idNumberHash === person.idNumberHash ? { idNumberEnc: before.idNumberEnc } : {}),
    tags: patch.tags !== undefined ? normaliseTags(patch.tags) : before.tags,
    ownerId: patch.ownerId !== undefined ? patch.ownerId : before.ownerId,
    department: patch.department !== undefined ? patch.department?.trim() || null : before.department,
    source: patch.source ?? before.source,
    note: patch.note !== undefined ? patch.note?.trim() || null : before.note,
  };
  const changes: Record<string, [unknown, unknown]> = {};
  for (const k of visibleFields) {
    if (JSON.stringify(before[k]) !== JSON.stringify(next[k])) changes[k === 'idNumberMasked' ? 'idNumber' : k] = [before[k], next[k]];
  }
  // the masked form may stay the same while the number changes
  if (person.idNumberHash !== before.idNumberHash && !changes.idNumber) changes.idNumber = [before.idNumberMasked, person.idNumberMasked];
  if (!Object.keys(changes).length) return { customer: before, changes };
  const [after] = await tx.update(customers).set({ ...next, updatedAt: new Date() }).where(eq(customers.id, id)).returning();
  await recordAudit(tx, actor, { action: 'customer.update', entityType: 'customer', entityId: id, before, after });
  return { customer: after, changes };
}

/** Logical delete (SPEC §1): the record is kept and can be restored. A member's record cannot be deleted. */
export async function deleteCustomer(tx: Tx, actor: Actor, id: number): Promise<CustomerRow> {
  const c = await getCustomerInScope(tx, actor, id, { includeDeleted: true });
  if (c.deletedAt) return c;
  if (c.memberId) throw refused('CUSTOMER_IS_MEMBER', 'customer.isMember', { id });
  const [after] = await tx.update(customers).set({ deletedAt: new Date(), updatedAt: new Date() }).where(eq(customers.id, id)).returning();
  await recordAudit(tx, actor, { action: 'customer.delete', entityType: 'customer', entityId: id, before: { deletedAt: null }, after: { deletedAt: after.deletedAt } });
  return after;
}

/** Brings a logically deleted customer back — not one merged into another, nor a second record of a live ID number. */
export async function restoreCustomer(tx: Tx, actor: Actor, id: number): Promise<CustomerRow> {
  const c = await getCustomerInScope(tx, actor, id, { includeDeleted: true });
  if (!c.deletedAt) return c;
  if (c.mergedIntoId) throw refused('CUSTOMER_MERGED', 'customer.merged', { id, into: c.mergedIntoId });
  await assertIdNumberFree(tx, c.idNumberHash, id);
  const [after] = await tx.update(customers).set({ deletedAt: null, updatedAt: new Date() }).where(eq(customers.id, id)).returning();
  await recordAudit(tx, actor, { action: 'customer.restore', entityType: 'customer', entityId: id, before: { deletedAt: c.deletedAt }, after: { deletedAt: null } });
  return after;
}

/** Keeps the buyer flag true exactly while the customer has a live purchase (SPEC §1: 购房客户). */
export async function refreshBuyerFlag(tx: Tx, actor: Actor, customerId: number): Promise<void> {
  const [{ is_buyer: isBuyer }] = await rows<{ is_buyer: boolean }>(tx,
    sql`SELECT exists (SELECT 1 FROM purchases WHERE customer_id = ${customerId} AND deleted_at IS NULL) AS is_buyer`);
  const changed = await tx.update(customers).set({ isBuyer, updatedAt: new Date() })
    .where(and(eq(customers.id, customerId), sql`${customers.isBuyer} <> ${isBuyer}`)).returning({ id: customers.id });
  if (changed.length) {
    await recordAudit(tx, actor, { action: 'customer.update', entityType: 'customer', entityId: customerId, before: { isBuyer: !isBuyer }, after: { isBuyer } });
  }
}

// ---------- the customer page ----------

/** Records with their owners' names (users are the auth module's). */
export async function withOwnerNames<T extends { ownerId: number | null }>(tx: Tx, list: T[]): Promise<(T & { ownerName: string | null })[]> {
  const names = await userNamesById(tx, list.map((c) => c.ownerId).filter((id): id is number => id != null));
  return list.map((c) => ({ ...c, ownerName: c.ownerId != null ? (names.get(c.ownerId) ?? null) : null }));
}


/** Everything known about one person: the record, purchases with payments, membership link, history. */
export async function customerDetail(tx: Tx, actor: Actor, pii: Crypto, id: number, opts: { reveal?: boolean } = {}) {
  const c = await getCustomerInScope(tx, actor, id, { includeDeleted: true });
  const [customer] = await withOwnerNames(tx, [await presentCustomerForView(tx, actor, pii, c, opts)]);
  const purchaseList = await purchasesOfCustomer(tx, id, { includeDeleted: true });
  const history = await auditHistoryOf(tx, [
    { entityType: 'customer', ids: [id] },
    { entityType: 'purchase', ids: purchaseList.map((p) => p.id) },
  ]);
  // a record made by a file import: the import's acceptance (who, when, which file) is its creation line
  const importIds = [...new Set([c.importId, ...purchaseList.map((p) => p.importId)].filter((x): x is number => x != null))];
  for (const importId of importIds) {
    history.push(...(await listAudit(tx, { page: 1, pageSize: 1, entityType: 'customerImport', entityId: String(importId), action: 'customer.importFile' })).items);
  }
  if (importIds.length) history.sort((a, b) => b.id - a.id);
  const member = c.memberId ? ((await memberSummaryOf.run(tx, { memberId: c.memberId }))[0] ?? null) : null;
  // not a member yet: an application waiting for review (the page shows it instead of 申请入会)
  const pendingApplication = member ? null : ((await pendingApplicationOf.run(tx, { customerId: id }))[0] ?? null);
  return { customer, purchases: purchaseList, memberId: c.memberId, member, pendingApplication, mergedIntoId: c.mergedIntoId, history };
}

// ---------- the "purchase fully paid" event ----------

/**
 * 房款到账率 100%: the one place the "purchase fully paid" event is handled. It is called only by
 * settleIfFullyPaid (purchases.ts) right after the guarded
 * `UPDATE purchases SET fully_paid_at = now() WHERE id = $1 AND fully_paid_at IS NULL … RETURNING`
 * succeeded, so it runs once each time the purchase reaches 100%, in the transaction of the payment
 * (or price change) that completed it — replays and concurrent payments cannot fire it twice. A
 * refund, a void or a cancellation that takes it below 100% clears fully_paid_at (purchases.ts
 * unsettle, the purchaseRefunded hook), and a later 100% fires it again.
 *
 * The purchase is marked paid_off and audited, then the purchaseFullyPaid hook (hooks.ts) runs its
 * listeners in this same transaction, in their stated order: points grants the purchase points
 * (SPEC §4: "purchase points only at 100% payment received; once per purchase" — it books only what
 * the purchase does not already count for, points/purchase-points.ts, so a purchase paid in full
 * again after a refund has its points once), then care enrols the member in 购房关怀.
 */
export async function onPurchaseFullyPaid(tx: Tx, actor: Actor, purchase: PurchaseRow): Promise<void> {
  await tx.update(purchases).set({ status: 'paid_off', updatedAt: new Date() }).where(eq(purchases.id, purchase.id));
  await recordAudit(tx, actor, {
    action: 'purchase.fullyPaid', entityType: 'purchase', entityId: purchase.id,
    facts: { customerId: purchase.customerId, priceFen: purchase.priceFen, receivedFen: purchase.receivedFen, statusBefore: purchase.status, status: 'paid_off', fullyPaidAt: purchase.fullyPaidAt },
  });
  await purchaseFullyPaid.run(tx, { actor, purchase }); // points (purchase points), then care (购房关怀)
}
