// The checks of one row of an import file, without the database: the person's rules
// (normalisePerson: GB 11643, mobiles, phones, e-mail, ID type), lengths, dates, prices, the
// dictionary values and owners named by login. A good row leaves here with its ID number already
// encrypted, hashed and masked; a bad row leaves with one issue per bad field.
import type { FieldIssue } from '../../http/errors.ts';
import { longTextMax } from '../../http/schemas.ts';
import type { Crypto } from '../../pii.ts';
import type { OldProjectPurchase } from './bulk.ts';
import { normalisePerson, protectNormalised, type ProtectedPerson } from './service.ts';
import { parseDate, parseGender, parsePrice, parseTags, requiredColumns, type ImportKind } from './import-file.ts';

/** Dictionary values by code and by label (a file may say 居民身份证 or resident_id), lower-cased. */
export type CodeLookup = Map<string, string>;

export function codeLookup(items: { code: string; labelZh: string; labelEn: string }[]): CodeLookup {
  const m = new Map<string, string>();
  for (const it of items) for (const k of [it.code, it.labelZh, it.labelEn]) m.set(k.trim().toLowerCase(), it.code);
  return m;
}

export interface RowContext {
  kind: ImportKind;
  pii: Crypto;
  idTypes: CodeLookup;
  idTypeCodes: ReadonlySet<string>;
  sources: CodeLookup;
  /** customer_source of rows naming none */
  defaultSource: string;
  /** user id by login, for the logins of this chunk (null: no such active user) */
  owners: ReadonlyMap<string, number | null>;
}

interface CheckedPerson {
  row: number;
  person: ProtectedPerson;
}
export interface CheckedCustomer extends CheckedPerson {
  source: string;
  tags: string[];
  /** undefined: the importing user */
  ownerId: number | null | undefined;
  department: string | null | undefined;
  note: string | null;
}
/** An owner's row: the person and the unit as bulk.ts writes old projects' purchases. */
export interface CheckedOwner extends CheckedPerson, Omit<OldProjectPurchase, 'customerId' | 'importId'> {}
export type CheckedRow = CheckedCustomer | CheckedOwner;

/** Names and codes keep short limits; a note is free prose (longTextMax, as through the API). */
const maxLength = Object.entries({
  name: 64, project: 100, unit: 64, contractNo: 64, address: 200, email: 128, note: longTextMax, department: 64, ownerLogin: 64, source: 64,
});

/** One issue per field: the first found stands. */
function addIssue(issues: FieldIssue[], i: FieldIssue) {
  for (const x of issues) if (x.field === i.field) return;
  issues.push(i);
}
const maxTags = 20;
const maxTagLength = 32;

/** Checks one row; returns the checked row, or the issues of its bad fields. */
export function checkRow(ctx: RowContext, row: number, cells: Record<string, string>): { ok: CheckedRow } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const add = (i: FieldIssue) => addIssue(issues, i);
  for (const f of requiredColumns[ctx.kind]) if (!cells[f]) add({ field: f, key: 'validation.required' });
  for (const [f, max] of maxLength) if ((cells[f] ?? '').length > max) add({ field: f, key: 'import.tooLong', params: { max } });
  const gender = parseGender(cells.gender ?? '');
  if (gender === undefined) add({ field: 'gender', key: 'import.gender' });
  const birthday = parseDate(cells.birthday ?? '');
  if (birthday === undefined) add({ field: 'birthday', key: 'validation.birthday' });
  const idTypeRaw = cells.idType ?? '';
  const idType = idTypeRaw ? (ctx.idTypes.get(idTypeRaw.toLowerCase()) ?? idTypeRaw) : cells.idNumber ? 'resident_id' : null;
  const checked = normalisePerson({
    name: cells.name ?? '', gender: gender ?? null, birthday: birthday ?? null, idType, idNumber: cells.idNumber || null,
    mobile: cells.mobile || null, homePhone: cells.homePhone || null, email: cells.email || null, address: cells.address || null,
  }, ctx.idTypeCodes);
  for (const i of checked.issues) add(i);

  let specific: Omit<CheckedCustomer, keyof CheckedPerson> | Omit<CheckedOwner, keyof CheckedPerson>;
  if (ctx.kind === 'owners') {
    const priceFen = parsePrice(cells.price ?? '');
    if (priceFen === undefined) add({ field: 'price', key: 'import.price' });
    const contractDate = parseDate(cells.contractDate ?? '');
    if (contractDate === undefined) add({ field: 'contractDate', key: 'import.date' });
    specific = {
      project: cells.project ?? '', unit: cells.unit ?? '', contractNo: cells.contractNo || null, contractDate: contractDate ?? null,
      priceFen: priceFen ?? null, note: cells.note || null,
    };
  } else {
    const sourceRaw = cells.source ?? '';
    const source = sourceRaw ? ctx.sources.get(sourceRaw.toLowerCase()) : ctx.defaultSource;
    if (!source) add({ field: 'source', key: 'validation.dictionaryValue', params: { kind: 'entity.dictionaryKind.customer_source', value: sourceRaw } });
    const tags = parseTags(cells.tags ?? '');
    if (tags.length > maxTags) add({ field: 'tags', key: 'import.tooManyTags', params: { max: maxTags } });
    else if (tags.some((t) => t.length > maxTagLength)) add({ field: 'tags', key: 'import.tagTooLong', params: { max: maxTagLength } });
    const login = cells.ownerLogin ?? '';
    const ownerId = login ? ctx.owners.get(login) : undefined;
    if (login && ownerId == null) add({ field: 'ownerLogin', key: 'customer.unknownOwner', params: { login } });
    specific = { source: source ?? '', tags, ownerId, department: cells.department ? cells.department : undefined, note: cells.note || null };
  }
  if (issues.length) return { issues };
  return { ok: { row, person: protectNormalised(ctx.pii, checked.person), ...specific } as CheckedRow };
}
