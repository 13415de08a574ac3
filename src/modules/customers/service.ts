// Customers (客户): the person record, its validation and protection of the ID number.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import type { Tx } from '../../db/index.ts';
import { notFound, type FieldIssue, invalid } from '../../http/errors.ts';
import { maskIdNumber, type Crypto } from '../../pii.ts';
import { recordAudit } from '../audit/service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { assertActiveValue } from '../dictionaries/service.ts';
import { normaliseIdNumber, normaliseMobile, normalisePhone, residentIdFacts, residentIdProblem } from './identity.ts';
import { customers } from './schema.ts';

export type CustomerRow = typeof customers.$inferSelect;

/** Toneless pinyin of a name, syllables joined by spaces: 张珊 → "zhang shan". */
export function namePinyin(name: string): string {
  return pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ').toLowerCase();
}

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

/**
 * Validates and normalises a person: resident ID numbers must pass GB 11643 (check digit,
 * birth date), mobiles must be 11-digit mainland numbers. Every bad field is reported at once.
 * Birthday and gender are taken from a resident ID number when not given.
 */
export async function protectPerson(tx: Tx, pii: Crypto, input: PersonInput, fieldPrefix = ''): Promise<ProtectedPerson> {
  const issues: FieldIssue[] = [];
  const f = (name: string) => fieldPrefix + name;
  let idNumber: string | null = null;
  let idType = input.idType ?? null;
  let { birthday = null, gender = null } = input;
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
  if (idType) {
    try {
      await assertActiveValue(tx, 'id_type', idType, f('idType'));
    } catch (e) {
      issues.push({ field: f('idType'), key: 'validation.dictionaryValue', params: { kind: '证件类型', value: idType } });
    }
  }
  let mobile: string | null = null;
  if (input.mobile) {
    mobile = normaliseMobile(input.mobile);
    if (!mobile) issues.push({ field: f('mobile'), key: 'validation.mobile' });
  }
  const homePhone = input.homePhone ? normalisePhone(input.homePhone) : null;
  if (input.homePhone && (homePhone!.length < 7 || homePhone!.length > 15)) issues.push({ field: f('homePhone'), key: 'validation.phone' });
  if (issues.length) throw invalid(issues);
  const name = input.name.trim();
  return {
    name,
    namePinyin: namePinyin(name),
    gender,
    birthday,
    idType,
    idNumberEnc: idNumber ? pii.encrypt(idNumber) : null,
    idNumberHash: idNumber ? pii.lookupHash(idNumber) : null,
    idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
    mobile,
    homePhone,
    email: input.email?.trim() || null,
    address: input.address?.trim() || null,
  };
}

/** The keyed hash of an ID number as typed, for exact lookups. */
export function idNumberHash(pii: Crypto, raw: string): string {
  return pii.lookupHash(normaliseIdNumber(raw));
}

export interface CustomerInput extends PersonInput {
  source?: string;
  tags?: string[];
  ownerId?: number | null;
  department?: string | null;
  externalSystem?: string | null;
  externalId?: string | null;
}

export async function createCustomer(tx: Tx, actor: Actor, pii: Crypto, input: CustomerInput): Promise<CustomerRow> {
  const person = await protectPerson(tx, pii, input);
  const source = input.source ?? 'manual';
  await assertActiveValue(tx, 'customer_source', source, 'source');
  const [c] = await tx.insert(customers).values({
    ...person,
    source,
    tags: input.tags ?? [],
    ownerId: input.ownerId ?? (actor.kind === 'user' ? actor.id : null),
    department: input.department ?? actor.department,
    externalSystem: input.externalSystem ?? null,
    externalId: input.externalId ?? null,
  }).returning();
  await recordAudit(tx, actor, { action: 'customer.create', entityType: 'customer', entityId: c.id, after: c });
  return c;
}

/** A customer record as the actor may see it: the ID number masked unless the actor holds pii.view. */
export function presentCustomer(c: CustomerRow, actor: Actor, pii: Crypto, opts: { reveal?: boolean } = {}) {
  const { idNumberEnc, idNumberHash: _h, ...rest } = c;
  const reveal = !!opts.reveal && can(actor, 'pii.view') && !!idNumberEnc;
  return { ...rest, idNumber: reveal ? pii.decrypt(idNumberEnc!) : c.idNumberMasked, idNumberRevealed: reveal };
}

export async function getCustomer(tx: Tx, id: number, opts: { includeDeleted?: boolean } = {}): Promise<CustomerRow> {
  const [c] = await tx.select().from(customers).where(opts.includeDeleted ? eq(customers.id, id) : and(eq(customers.id, id), isNull(customers.deletedAt)));
  if (!c) throw notFound('customer', id);
  return c;
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
  const moved = await tx.execute(sql`UPDATE purchases SET customer_id = ${survivorId}, updated_at = now() WHERE customer_id = ${duplicateId} RETURNING id`);
  const movedIds = (moved as unknown as { rows: { id: number }[] }).rows.map((r) => r.id);
  const now = new Date();
  await tx.update(customers).set({ mergedIntoId: survivorId, deletedAt: now, updatedAt: now }).where(eq(customers.id, duplicateId));
  if (dup.isBuyer && !survivor.isBuyer) await tx.update(customers).set({ isBuyer: true, updatedAt: now }).where(eq(customers.id, survivorId));
  await recordAudit(tx, actor, { action: 'customer.merge', entityType: 'customer', entityId: duplicateId, facts: { mergedInto: survivorId, purchasesMoved: movedIds } });
  return { purchasesMoved: movedIds.length };
}

/** Profile fields that may be edited, as stored (normalised, protected). */
export type CustomerPatch = Partial<PersonInput> & { tags?: string[]; ownerId?: number | null; department?: string | null; source?: string };

/**
 * Edits a customer. Returns the changed fields as { field: [old, new] } (ID numbers shown
 * masked), so callers such as the member page can keep their own change records.
 */
export async function updateCustomer(tx: Tx, actor: Actor, pii: Crypto, id: number, patch: CustomerPatch) {
  const before = await getCustomer(tx, id);
  const person = await protectPerson(tx, pii, {
    name: patch.name ?? before.name,
    gender: patch.gender !== undefined ? patch.gender : (before.gender as 'male' | 'female' | null),
    birthday: patch.birthday !== undefined ? patch.birthday : before.birthday,
    idType: patch.idType !== undefined ? patch.idType : before.idType,
    idNumber: patch.idNumber !== undefined ? patch.idNumber : before.idNumberEnc ? pii.decrypt(before.idNumberEnc) : null,
    mobile: patch.mobile !== undefined ? patch.mobile : before.mobile,
    homePhone: patch.homePhone !== undefined ? patch.homePhone : before.homePhone,
    email: patch.email !== undefined ? patch.email : before.email,
    address: patch.address !== undefined ? patch.address : before.address,
  });
  if (patch.source) await assertActiveValue(tx, 'customer_source', patch.source, 'source');
  const next = {
    ...person,
    // a re-encryption of the same number is not a change
    ...(before.idNumberHash === person.idNumberHash ? { idNumberEnc: before.idNumberEnc } : {}),
    tags: patch.tags ?? before.tags,
    ownerId: patch.ownerId !== undefined ? patch.ownerId : before.ownerId,
    department: patch.department !== undefined ? patch.department : before.department,
    source: patch.source ?? before.source,
  };
  const [after] = await tx.update(customers).set({ ...next, updatedAt: new Date() }).where(eq(customers.id, id)).returning();
  const visible = ['name', 'gender', 'birthday', 'idType', 'idNumberMasked', 'mobile', 'homePhone', 'email', 'address', 'tags', 'ownerId', 'department', 'source'] as const;
  const changes: Record<string, [unknown, unknown]> = {};
  for (const k of visible) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changes[k === 'idNumberMasked' ? 'idNumber' : k] = [before[k], after[k]];
  }
  if (Object.keys(changes).length) {
    await recordAudit(tx, actor, { action: 'customer.update', entityType: 'customer', entityId: id, before, after });
  }
  return { customer: after, changes };
}
