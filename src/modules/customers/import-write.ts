// Writing one chunk of checked import rows, inside the chunk's transaction: duplicate screening
// against live customers (ID-number hash, mobile) — which include those earlier chunks of the
// same import created, so a repeat later in the file is found too — and within the chunk; then
// multi-row INSERT … SELECT unnest(…) of customers / purchases, and the per-row report lines.
// Each record written carries its import and row (import_id, import_row); the audit log gets the
// import's lines (file accepted, each chunk with its rows and counts, done), not one line per
// record: at a million rows, per-record lines cost as much database time as the records themselves.
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../db/index.ts';
import type { Actor } from '../auth/actor.ts';
import { markBuyers, unitKey } from './bulk.ts';
import type { CheckedCustomer, CheckedOwner } from './import-rows.ts';
import type { ImportIssue } from './schema.ts';

export interface ImportRef {
  id: number;
  fileName: string;
}

export interface ChunkOutcome {
  customersCreated: number;
  purchasesCreated: number;
  /** rows that created a customer or a purchase */
  importedRows: number;
  issues: ImportIssue[];
}

const col = <T, V>(list: T[], f: (x: T) => V) => sql.param(list.map(f));

/** Customers with these ID-number hashes or mobiles (live records), with the import that made them. */
interface Known { id: number; name: string; hash: string | null; mobile: string | null; importId: number | null; importRow: number | null }

async function liveCustomersMatching(tx: Tx, hashes: string[], mobiles: string[]): Promise<Known[]> {
  if (!hashes.length && !mobiles.length) return [];
  const cols = sql`id, name, id_number_hash AS hash, mobile, import_id AS "importId", import_row AS "importRow"`;
  const found = await rows<Known>(tx, sql`
    SELECT ${cols} FROM customers WHERE id_number_hash = ANY(${sql.param(hashes)}::text[]) AND deleted_at IS NULL
    UNION
    SELECT ${cols} FROM customers WHERE mobile = ANY(${sql.param(mobiles)}::text[]) AND deleted_at IS NULL`);
  return found.sort((a, b) => a.id - b.id);
}

interface NewPerson { row: number; person: CheckedCustomer['person']; source: string; tags: string[]; ownerId: number | null; department: string | null; note: string | null; isBuyer: boolean }

/**
 * A column of a chunk as one query parameter: the values as a JSON array (JSON.stringify is native
 * code), read back by json_array_elements_text. Handing node-postgres JavaScript arrays cost more
 * CPU than the rest of the import's writing (its array literals are built and escaped element by
 * element in JavaScript: 25 µs a row for the customer columns, measured); JSON null is SQL NULL.
 */
const jsonColumn = (values: readonly unknown[]) => sql`json_array_elements_text(${JSON.stringify(values)}::json)`;

/** One multi-row insert of new customers; returns id and hash of each when asked. */
async function insertPeople(tx: Tx, imp: ImportRef, list: NewPerson[], returning = true): Promise<{ id: number; hash: string | null }[]> {
  if (!list.length) return [];
  // the columns in one pass over the rows (a pass per column cost more than the rest of this function)
  const fields = ['name', 'namePinyin', 'nameSimplified', 'gender', 'birthday', 'idType', 'idNumberEnc', 'idNumberHash', 'idNumberMasked', 'mobile', 'homePhone', 'email', 'address'] as const;
  const person = fields.map(() => new Array<string | null>(list.length));
  const note = new Array<string | null>(list.length);
  const source = new Array<string>(list.length);
  const owner = new Array<number | null>(list.length);
  const department = new Array<string | null>(list.length);
  const tags = new Array<string>(list.length);
  const keys = new Array<string>(list.length);
  const buyer = new Array<boolean>(list.length);
  const row = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    for (let f = 0; f < fields.length; f++) person[f][i] = c.person[fields[f]];
    note[i] = c.note;
    source[i] = c.source;
    owner[i] = c.ownerId;
    department[i] = c.department;
    tags[i] = c.tags.join('\u001f');
    keys[i] = c.person.nameKeys.join('\u001f');
    buyer[i] = c.isBuyer;
    row[i] = c.row;
  }
  const columns = [...person, keys, note, source, owner, department, tags, buyer, row].map(jsonColumn);
  // ROWS FROM: the columns side by side, row i of each together (as unnest of several arrays does)
  return rows<{ id: number; hash: string | null }>(tx, sql`
    INSERT INTO customers (name, name_pinyin, name_simplified, name_keys, gender, birthday, id_type, id_number_enc, id_number_hash, id_number_masked, mobile, home_phone,
                           email, address, note, source, owner_id, department, tags, is_buyer, import_id, import_row)
    SELECT u.name, u.name_pinyin, u.name_simplified, string_to_array(u.name_keys, E'\\x1f'), u.gender, u.birthday::date, u.id_type, u.id_number_enc, u.id_number_hash,
           u.id_number_masked, u.mobile, u.home_phone, u.email, u.address, u.note, u.source, u.owner_id::int, u.department,
           CASE WHEN u.tags = '' THEN '{}'::text[] ELSE string_to_array(u.tags, E'\\x1f') END, u.is_buyer::boolean, ${imp.id}::int, u.row::int
    FROM ROWS FROM (${sql.join(columns, sql`, `)})
         AS u(name, name_pinyin, name_simplified, gender, birthday, id_type, id_number_enc, id_number_hash, id_number_masked, mobile, home_phone, email, address,
              name_keys, note, source, owner_id, department, tags, is_buyer, row)
    ${returning ? sql`RETURNING id, id_number_hash AS hash` : sql``}`);
}

/** Rows with at least one issue of this level. */
export function countRows(issues: ImportIssue[], level: ImportIssue['level']): number {
  return new Set(issues.filter((i) => i.level === level).map((i) => i.row)).size;
}

/**
 * Customers: a row whose ID number, or whose mobile, a live customer or an earlier row already has
 * is a duplicate and is not imported. A shared mobile is not a duplicate when both records carry
 * different ID numbers (two people, one family phone).
 */
export async function writeCustomerChunk(tx: Tx, actor: Actor, imp: ImportRef, list: CheckedCustomer[]): Promise<ChunkOutcome> {
  const hashes = [...new Set(list.map((r) => r.person.idNumberHash).filter((h): h is string => !!h))];
  const mobiles = [...new Set(list.map((r) => r.person.mobile).filter((m): m is string => !!m))];
  const known = await liveCustomersMatching(tx, hashes, mobiles);
  const byHash = new Map<string, Known>();
  const byMobile = new Map<string, Known[]>();
  for (const k of known) {
    if (k.hash && !byHash.has(k.hash)) byHash.set(k.hash, k);
    if (k.mobile) byMobile.set(k.mobile, [...(byMobile.get(k.mobile) ?? []), k]);
  }
  const seenHash = new Map<string, number>();
  const seenMobile = new Map<string, { row: number; hasId: boolean }>();
  const issues: ImportIssue[] = [];
  const accepted: NewPerson[] = [];
  const inFile = (k: Known) => k.importId === imp.id && k.importRow != null;
  for (const r of list) {
    const h = r.person.idNumberHash;
    const m = r.person.mobile;
    const dup = (field: string, key: string, params: Record<string, unknown>) => issues.push({ row: r.row, field, key, params, level: 'duplicate' });
    if (h) {
      const s = seenHash.get(h);
      if (s !== undefined) { dup('idNumber', 'import.duplicateIdInFile', { row: s }); continue; }
      const k = byHash.get(h);
      if (k) { dup('idNumber', inFile(k) ? 'import.duplicateIdInFile' : 'import.existingId', inFile(k) ? { row: k.importRow } : { id: k.id }); continue; }
    }
    if (m) {
      const s = seenMobile.get(m);
      if (s && (!s.hasId || !h)) { dup('mobile', 'import.duplicateMobileInFile', { row: s.row }); continue; }
      const k = (byMobile.get(m) ?? []).find((c) => !c.hash || !h);
      if (k) { dup('mobile', inFile(k) ? 'import.duplicateMobileInFile' : 'import.existingMobile', inFile(k) ? { row: k.importRow } : { id: k.id, name: k.name }); continue; }
    }
    if (h) seenHash.set(h, r.row);
    if (m && !seenMobile.has(m)) seenMobile.set(m, { row: r.row, hasId: !!h });
    accepted.push({
      row: r.row, person: r.person, source: r.source, tags: r.tags, note: r.note, isBuyer: false,
      ownerId: r.ownerId !== undefined ? r.ownerId : actor.kind === 'user' ? actor.id : null,
      department: r.department !== undefined ? r.department : actor.department,
    });
  }
  await insertPeople(tx, imp, accepted, false);
  return { customersCreated: accepted.length, purchasesCreated: 0, importedRows: accepted.length, issues };
}

interface OwnedUnit { customerId: number; project: string; unit: string; importId: number | null; importRow: number | null }

/**
 * Old-project owners: one customer per person (source property_import) with a purchase of each
 * project/unit (paid off, origin property_import — not a new sale: no automatic application, no
 * purchase points). A person already on file (same ID number) gets only the units new to them; a
 * unit they already hold is reported, never doubled; the same ID number under another name is an error.
 */
export async function writeOwnerChunk(tx: Tx, actor: Actor, imp: ImportRef, list: CheckedOwner[]): Promise<ChunkOutcome> {
  const hashes = [...new Set(list.map((r) => r.person.idNumberHash!))];
  const known = await liveCustomersMatching(tx, hashes, []);
  const byHash = new Map<string, Known>();
  for (const k of known) if (!byHash.has(k.hash!)) byHash.set(k.hash!, k);
  const knownIds = [...byHash.values()].map((k) => k.id);
  const owned = new Map<string, OwnedUnit>();
  if (knownIds.length) {
    const units = await rows<OwnedUnit>(tx, sql`
      SELECT customer_id AS "customerId", project, unit, import_id AS "importId", import_row AS "importRow"
      FROM purchases WHERE customer_id = ANY(${sql.param(knownIds)}::int[]) AND deleted_at IS NULL`);
    for (const u of units) owned.set(unitKey(u.customerId, u.project, u.unit), u);
  }

  const issues: ImportIssue[] = [];
  const seen = new Map<string, { row: number; name: string; units: Map<string, number> }>();
  const newPeople = new Map<string, CheckedOwner>();
  const units: { r: CheckedOwner; customerId?: number }[] = [];
  for (const r of list) {
    const h = r.person.idNumberHash!;
    const name = r.person.name;
    const uk = `${r.project}\u0000${r.unit}`;
    const issue = (field: string, key: string, params: Record<string, unknown>, level: ImportIssue['level']) => issues.push({ row: r.row, field, key, params, level });
    const earlier = seen.get(h);
    if (earlier && earlier.name !== name) { issue('name', 'import.sameIdOtherName', { row: earlier.row, name: earlier.name }, 'error'); continue; }
    if (earlier?.units.has(uk)) { issue('idNumber', 'import.duplicateInFile', { row: earlier.units.get(uk) }, 'duplicate'); continue; }
    if (earlier) earlier.units.set(uk, r.row);
    else seen.set(h, { row: r.row, name, units: new Map([[uk, r.row]]) });
    const k = byHash.get(h);
    if (!k) {
      if (!newPeople.has(h)) newPeople.set(h, r);
      units.push({ r });
      continue;
    }
    const mine = k.importId === imp.id && k.importRow != null;
    if (k.name !== name) {
      if (mine) issue('name', 'import.sameIdOtherName', { row: k.importRow, name: k.name }, 'error');
      else issue('idNumber', 'import.existingOtherName', { id: k.id }, 'error');
      continue;
    }
    const held = owned.get(unitKey(k.id, r.project, r.unit));
    if (held) {
      if (held.importId === imp.id && held.importRow != null) issue('idNumber', 'import.duplicateInFile', { row: held.importRow }, 'duplicate');
      else issue('unit', 'import.alreadyRecorded', { id: k.id }, 'duplicate');
      continue;
    }
    units.push({ r, customerId: k.id });
  }

  const people = [...newPeople.values()];
  const ownerId = actor.kind === 'user' ? actor.id : null;
  const created = await insertPeople(tx, imp, people.map((p) => ({
    row: p.row, person: p.person, source: 'property_import', tags: [], ownerId, department: actor.department, note: null, isBuyer: true,
  })));
  const idOf = new Map(created.map((c) => [c.hash!, c.id] as const));
  const purchases = units.map(({ r, customerId }) => ({ ...r, customerId: customerId ?? idOf.get(r.person.idNumberHash!)! }));
  if (purchases.length) {
    await tx.execute(sql`
      INSERT INTO purchases (customer_id, project, unit, contract_no, contract_date, price_fen, note, import_id, import_row, received_fen, status, origin)
      SELECT u.customer_id, u.project, u.unit, u.contract_no, u.contract_date, u.price_fen, u.note, ${imp.id}::int, u.row,
             coalesce(u.price_fen, 0), 'paid_off', 'property_import'
      FROM unnest(${col(purchases, (p) => p.customerId)}::int[], ${col(purchases, (p) => p.project)}::text[], ${col(purchases, (p) => p.unit)}::text[],
                  ${col(purchases, (p) => p.contractNo)}::text[], ${col(purchases, (p) => p.contractDate)}::date[], ${col(purchases, (p) => p.priceFen)}::bigint[],
                  ${col(purchases, (p) => p.note)}::text[], ${col(purchases, (p) => p.row)}::int[])
           AS u(customer_id, project, unit, contract_no, contract_date, price_fen, note, row)`);
  }
  await markBuyers(tx, actor, units.filter((u) => u.customerId).map((u) => u.customerId!));
  return { customersCreated: people.length, purchasesCreated: purchases.length, importedRows: purchases.length, issues };
}

/** The report lines of a chunk, as one multi-row insert (to run inside the statement that moves the progress). */
export function insertIssues(importId: number, issues: ImportIssue[]) {
  return sql`
    INSERT INTO customer_import_issues (import_id, row, field, key, params, level)
    SELECT ${importId}::int, u.row, u.field, u.key, u.params::jsonb, u.level
    FROM unnest(${col(issues, (i) => i.row)}::int[], ${col(issues, (i) => i.field)}::text[], ${col(issues, (i) => i.key)}::text[],
                ${col(issues, (i) => (i.params ? JSON.stringify(i.params) : null))}::text[], ${col(issues, (i) => i.level)}::text[])
         AS u(row, field, key, params, level)`;
}
