// Many customers and old-project purchases at once (the property import, demo data): rows already
// checked by normalisePerson are written with one multi-row INSERT … SELECT unnest(…) per chunk,
// and audited one line each with one more multi-row insert.
import { and, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import type { Crypto } from '../../pii.ts';
import { recordAuditMany, type AuditInput } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { customers, purchases } from './schema.ts';
import { protectNormalised, type NormalisedPerson } from './service.ts';

export const BULK_CHUNK = 5000;

/** Ids for n new rows of a serial table, so children can point at them before the multi-row insert. */
async function nextIds(tx: Tx, table: 'customers' | 'purchases', n: number): Promise<number[]> {
  if (!n) return [];
  const list = await rows<{ id: number }>(tx, sql`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int AS id FROM generate_series(1, ${n}::int)`);
  return list.map((r) => r.id);
}

const col = <T, V>(list: T[], f: (x: T) => V) => sql.param(list.map(f));

/** Live customers holding these ID-number hashes: hash → { id, name }. */
export async function customersByIdHash(tx: Tx, hashes: string[]): Promise<Map<string, { id: number; name: string }>> {
  const found = new Map<string, { id: number; name: string }>();
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += BULK_CHUNK) {
    const list = await tx.select({ id: customers.id, name: customers.name, hash: customers.idNumberHash }).from(customers)
      .where(and(sql`${customers.idNumberHash} = ANY(${sql.param(unique.slice(i, i + BULK_CHUNK))}::text[])`, isNull(customers.deletedAt)));
    for (const c of list) if (!found.has(c.hash!)) found.set(c.hash!, { id: c.id, name: c.name });
  }
  return found;
}

export const unitKey = (customerId: number, project: string, unit: string) => `${customerId}\u0000${project}\u0000${unit}`;

/** The project/unit pairs these customers hold in live purchases, as unitKey strings. */
export async function unitsOwnedBy(tx: Tx, customerIds: number[]): Promise<Set<string>> {
  const owned = new Set<string>();
  const unique = [...new Set(customerIds)];
  for (let i = 0; i < unique.length; i += BULK_CHUNK) {
    const list = await tx.select({ customerId: purchases.customerId, project: purchases.project, unit: purchases.unit }).from(purchases)
      .where(and(sql`${purchases.customerId} = ANY(${sql.param(unique.slice(i, i + BULK_CHUNK))}::int[])`, isNull(purchases.deletedAt)));
    for (const p of list) owned.add(unitKey(p.customerId, p.project, p.unit));
  }
  return owned;
}

export interface NewCustomer {
  person: NormalisedPerson;
  source: string;
  ownerId: number | null;
  department: string | null;
  tags?: string[];
  isBuyer?: boolean;
  importId?: number | null;
}

/** Inserts checked customers; returns their ids in the order given. `audit` names the line written for each. */
export async function insertCustomers(tx: Tx, actor: Actor, pii: Crypto, list: NewCustomer[], audit: (id: number, c: NewCustomer, i: number) => AuditInput): Promise<number[]> {
  const ids = await nextIds(tx, 'customers', list.length);
  for (let i = 0; i < list.length; i += BULK_CHUNK) {
    const batch = list.slice(i, i + BULK_CHUNK).map((c) => ({ ...c, p: protectNormalised(pii, c.person) }));
    await tx.execute(sql`
      INSERT INTO customers (id, name, name_pinyin, name_simplified, name_keys, gender, birthday, id_type, id_number_enc, id_number_hash, id_number_masked, mobile,
                             home_phone, email, address, source, owner_id, department, tags, is_buyer, import_id)
      SELECT u.id, u.name, u.name_pinyin, u.name_simplified, string_to_array(u.name_keys, E'\\x1f'), u.gender, u.birthday, u.id_type, u.id_number_enc, u.id_number_hash, u.id_number_masked, u.mobile,
             u.home_phone, u.email, u.address, u.source, u.owner_id, u.department,
             coalesce(array(SELECT jsonb_array_elements_text(u.tags::jsonb)), '{}'), u.is_buyer, u.import_id
      FROM unnest(${sql.param(ids.slice(i, i + BULK_CHUNK))}::int[], ${col(batch, (c) => c.p.name)}::text[], ${col(batch, (c) => c.p.namePinyin)}::text[],
                  ${col(batch, (c) => c.p.nameSimplified)}::text[], ${col(batch, (c) => c.p.nameKeys.join('\u001f'))}::text[],
                  ${col(batch, (c) => c.p.gender)}::text[], ${col(batch, (c) => c.p.birthday)}::date[], ${col(batch, (c) => c.p.idType)}::text[],
                  ${col(batch, (c) => c.p.idNumberEnc)}::text[], ${col(batch, (c) => c.p.idNumberHash)}::text[], ${col(batch, (c) => c.p.idNumberMasked)}::text[],
                  ${col(batch, (c) => c.p.mobile)}::text[], ${col(batch, (c) => c.p.homePhone)}::text[], ${col(batch, (c) => c.p.email)}::text[],
                  ${col(batch, (c) => c.p.address)}::text[], ${col(batch, (c) => c.source)}::text[], ${col(batch, (c) => c.ownerId)}::int[],
                  ${col(batch, (c) => c.department)}::text[], ${col(batch, (c) => JSON.stringify(c.tags ?? []))}::text[],
                  ${col(batch, (c) => c.isBuyer ?? false)}::boolean[], ${col(batch, (c) => c.importId ?? null)}::int[])
           AS u(id, name, name_pinyin, name_simplified, name_keys, gender, birthday, id_type, id_number_enc, id_number_hash, id_number_masked, mobile, home_phone, email, address,
                source, owner_id, department, tags, is_buyer, import_id)`);
  }
  await recordAuditMany(tx, actor, list.map((c, i) => audit(ids[i], c, i)));
  return ids;
}

export interface OldProjectPurchase {
  customerId: number;
  project: string;
  unit: string;
  contractNo: string | null;
  contractDate: string | null;
  priceFen: number | null;
  note: string | null;
  importId?: number | null;
}

/**
 * Inserts old projects' units (老项目): paid off long ago, origin property_import — never a new
 * sale, so no automatic application and no "fully paid" event. Returns their ids in order.
 */
export async function insertOldProjectPurchases(tx: Tx, actor: Actor, list: OldProjectPurchase[], audit: (id: number, p: OldProjectPurchase, i: number) => AuditInput): Promise<number[]> {
  const ids = await nextIds(tx, 'purchases', list.length);
  for (let i = 0; i < list.length; i += BULK_CHUNK) {
    const batch = list.slice(i, i + BULK_CHUNK);
    await tx.execute(sql`
      INSERT INTO purchases (id, customer_id, project, unit, contract_no, contract_date, price_fen, note, import_id, received_fen, status, origin)
      SELECT u.*, coalesce(u.price_fen, 0), 'paid_off', 'property_import'
      FROM unnest(${sql.param(ids.slice(i, i + BULK_CHUNK))}::int[], ${col(batch, (r) => r.customerId)}::int[], ${col(batch, (r) => r.project)}::text[],
                  ${col(batch, (r) => r.unit)}::text[], ${col(batch, (r) => r.contractNo)}::text[], ${col(batch, (r) => r.contractDate)}::date[],
                  ${col(batch, (r) => r.priceFen)}::bigint[], ${col(batch, (r) => r.note)}::text[], ${col(batch, (r) => r.importId ?? null)}::int[])
           AS u(id, customer_id, project, unit, contract_no, contract_date, price_fen, note, import_id)`);
  }
  await recordAuditMany(tx, actor, list.map((p, i) => audit(ids[i], p, i)));
  return ids;
}

/** Marks customers who now hold a purchase as buyers; audits the ones that changed. */
export async function markBuyers(tx: Tx, actor: Actor, customerIds: number[]): Promise<number[]> {
  const unique = [...new Set(customerIds)];
  const changed: number[] = [];
  for (let i = 0; i < unique.length; i += BULK_CHUNK) {
    const list = await rows<{ id: number }>(tx, sql`
      UPDATE customers SET is_buyer = true, updated_at = now()
      WHERE id = ANY(${sql.param(unique.slice(i, i + BULK_CHUNK))}::int[]) AND NOT is_buyer RETURNING id`);
    changed.push(...list.map((r) => r.id));
  }
  await recordAuditMany(tx, actor, changed.map((id) => ({ action: 'customer.update', entityType: 'customer', entityId: id, before: { isBuyer: false }, after: { isBuyer: true } })));
  return changed;
}
