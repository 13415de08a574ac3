// Import of old-project owners (老项目业主) from a property-management file (CSV or XLSX).
// Two phases: the file is read as a stream and every row checked without a transaction
// (readOwnerFile); then the valid rows are written in one transaction with multi-row inserts
// (importOwners). Invalid rows and duplicates — within the file and against existing customers,
// by ID number — come back as a per-row report; valid rows are imported either way.
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { AppError, invalid, localParams, notFound, type FieldIssue } from '../../http/errors.ts';
import { fieldLabel, t, type Lang } from '../../i18n/index.ts';
import type { Crypto } from '../../pii.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { customerImports, type ImportIssue } from './schema.ts';
import { customersByIdHash, insertCustomers, insertOldProjectPurchases, markBuyers, unitKey, unitsOwnedBy } from './bulk.ts';
import { normalisePerson, type NormalisedPerson } from './service.ts';

export const MAX_IMPORT_ROWS = 100_000;

/** Column names people use for each field (zh-CN and en), compared without spaces and case. */
const columnAliases: Record<string, string[]> = {
  name: ['姓名', '客户姓名', '业主姓名', '业主', 'name'],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', 'birthday', 'birthdate'],
  idType: ['证件类型', 'idtype', 'id_type'],
  idNumber: ['证件号码', '证件号', '身份证号', '身份证号码', 'idnumber', 'id_number', 'idno'],
  mobile: ['手机', '手机号', '手机号码', '移动电话', 'mobile', 'cellphone'],
  homePhone: ['家庭电话', '住宅电话', '固定电话', '座机', 'homephone', 'home_phone', 'phone'],
  email: ['邮箱', '电子邮箱', 'email', 'e-mail'],
  address: ['地址', '通讯地址', '联系地址', '住址', 'address'],
  project: ['项目', '楼盘', '项目名称', '楼盘名称', 'project'],
  unit: ['房号', '房间号', '单元', '房屋', 'unit', 'room'],
  contractNo: ['合同号', '合同编号', 'contractno', 'contract_no'],
  contractDate: ['签约日期', '合同日期', 'contractdate', 'contract_date'],
  price: ['房款', '房款元', '总价', '成交价', 'price', 'priceyuan'],
  note: ['备注', 'note', 'remark'],
};
export const requiredColumns = ['name', 'idNumber', 'project', 'unit'] as const;
const maxLength: Record<string, number> = { name: 64, project: 100, unit: 64, contractNo: 64, address: 200, email: 128, note: 500 };

const headerKey = (h: string) => h.replace(/[\s（）()]/g, '').toLowerCase();
const aliasToField = new Map(Object.entries(columnAliases).flatMap(([field, names]) => names.map((n) => [headerKey(n), field] as const)));

/** A row that passed every check, ready to write. */
export interface OwnerRow {
  row: number;
  person: NormalisedPerson;
  hash: string;
  project: string;
  unit: string;
  contractNo: string | null;
  contractDate: string | null;
  priceFen: number | null;
  note: string | null;
}

export interface ParsedOwnerFile {
  totalRows: number;
  valid: OwnerRow[];
  issues: ImportIssue[];
}

/** Dictionary values of id_type by code and by label, so a file may say 居民身份证 or resident_id. */
export type IdTypeLookup = Map<string, string>;

export function idTypeLookup(items: { code: string; labelZh: string; labelEn: string }[]): IdTypeLookup {
  const m = new Map<string, string>();
  for (const it of items) for (const k of [it.code, it.labelZh, it.labelEn]) m.set(k.trim().toLowerCase(), it.code);
  return m;
}

// ---------- reading the file ----------

/** Decodes text as UTF-8 (with or without BOM) or, when it is not valid UTF-8, as GB18030 (Excel's Chinese CSV). */
async function* decodeText(input: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let head = Buffer.alloc(0);
  const pick = (buf: Buffer) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: true });
      return new TextDecoder('utf-8');
    } catch {
      return new TextDecoder('gb18030');
    }
  };
  for await (const chunk of input) {
    if (decoder) {
      yield decoder.decode(chunk, { stream: true });
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < 64 * 1024) continue;
    decoder = pick(head);
    yield decoder.decode(head, { stream: true });
  }
  if (!decoder) {
    decoder = pick(head);
    yield decoder.decode(head, { stream: true });
  }
  yield decoder.decode();
}

async function* csvRows(input: AsyncIterable<Buffer>): AsyncGenerator<unknown[]> {
  const parser = Readable.from(decodeText(input)).pipe(parseCsv({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }));
  // keep the file's line numbers: blank lines are skipped, not renumbered
  for await (const { record, info } of parser as AsyncIterable<{ record: unknown[]; info: { lines: number } }>) yield Object.assign(record, { rowNumber: info.lines });
}

function cellValue(v: unknown): unknown {
  if (v == null) return null;
  if (typeof v === 'object' && !(v instanceof Date)) {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellValue(o.result);
    if ('text' in o) return cellValue(o.text);
    if ('error' in o) return null;
  }
  return v;
}

async function* xlsxRows(input: AsyncIterable<Buffer>): AsyncGenerator<unknown[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(input), {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  let sheet = 0;
  for await (const ws of reader) {
    sheet++;
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      if (sheet > 1) continue; // the first sheet holds the owners; the rest is drained
      const values = (row.values as unknown[]).slice(1).map(cellValue);
      // keep Excel's row numbers: blank rows in between are skipped by the reader
      yield Object.assign(values, { rowNumber: row.number });
    }
  }
}

/** Text of a cell: trimmed; Excel dates as YYYY-MM-DD; whole numbers without ".0". */
function text(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

function parsePrice(raw: string): number | null | undefined {
  if (!raw) return null;
  const s = raw.replace(/[,，\s¥￥元]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return undefined;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

function parseDate(raw: string): string | null | undefined {
  if (!raw) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(iso + 'T00:00:00Z');
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function parseGender(raw: string): 'male' | 'female' | null | undefined {
  if (!raw) return null;
  const s = raw.toLowerCase();
  if (['男', 'male', 'm'].includes(s)) return 'male';
  if (['女', 'female', 'f'].includes(s)) return 'female';
  return undefined;
}

/**
 * Reads an owners file row by row (streaming; never the whole file in one string) and checks
 * each row: required fields, person rules (GB 11643, mobiles, phones…), ID type from the
 * dictionary, price and dates. Duplicates inside the file are found here too: the same ID number
 * with the same project and unit, or with another name.
 */
export async function readOwnerFile(input: AsyncIterable<Buffer>, format: 'csv' | 'xlsx', idTypes: IdTypeLookup, pii: Crypto): Promise<ParsedOwnerFile> {
  const source = format === 'csv' ? csvRows(input) : xlsxRows(input);
  const issues: ImportIssue[] = [];
  const valid: OwnerRow[] = [];
  const idTypeCodes = new Set(idTypes.values());
  const seen = new Map<string, { row: number; name: string; units: Map<string, number> }>();
  let columns: (string | null)[] | null = null;
  let line = 0;
  let totalRows = 0;
  try {
    for await (const record of source) {
      line = (record as { rowNumber?: number }).rowNumber ?? line + 1;
      if (!columns) {
        columns = record.map((h) => aliasToField.get(headerKey(text(h))) ?? null);
        const missing = requiredColumns.filter((c) => !columns!.includes(c));
        if (missing.length) {
          throw new AppError(400, 'IMPORT_COLUMNS_MISSING', 'import.missingColumns', { columns: missing.join(', ') }, [{ field: 'file', key: 'import.missingColumns', params: { columns: missing.join(', ') } }]);
        }
        continue;
      }
      const cells: Record<string, string> = {};
      columns.forEach((field, i) => { if (field && cells[field] === undefined) cells[field] = text(record[i]); });
      if (!Object.values(cells).some(Boolean)) continue;
      totalRows++;
      if (totalRows > MAX_IMPORT_ROWS) throw new AppError(400, 'IMPORT_TOO_LARGE', 'import.tooManyRows', { max: MAX_IMPORT_ROWS }, [{ field: 'file', key: 'import.tooManyRows', params: { max: MAX_IMPORT_ROWS } }]);
      const row = line;
      const rowIssues: FieldIssue[] = [];
      for (const f of requiredColumns) if (!cells[f]) rowIssues.push({ field: f, key: 'validation.required' });
      for (const [f, max] of Object.entries(maxLength)) if ((cells[f] ?? '').length > max) rowIssues.push({ field: f, key: 'import.tooLong', params: { max } });
      const gender = parseGender(cells.gender ?? '');
      if (gender === undefined) rowIssues.push({ field: 'gender', key: 'import.gender' });
      const priceFen = parsePrice(cells.price ?? '');
      if (priceFen === undefined) rowIssues.push({ field: 'price', key: 'import.price' });
      const contractDate = parseDate(cells.contractDate ?? '');
      if (contractDate === undefined) rowIssues.push({ field: 'contractDate', key: 'import.date' });
      const birthday = parseDate(cells.birthday ?? '');
      if (birthday === undefined) rowIssues.push({ field: 'birthday', key: 'validation.birthday' });
      const idTypeRaw = cells.idType ?? '';
      const idType = idTypeRaw ? (idTypes.get(idTypeRaw.toLowerCase()) ?? idTypeRaw) : 'resident_id';
      const { issues: personIssues, person } = normalisePerson({
        name: cells.name ?? '', gender: gender ?? null, birthday: birthday ?? null, idType, idNumber: cells.idNumber || null,
        mobile: cells.mobile || null, homePhone: cells.homePhone || null, email: cells.email || null, address: cells.address || null,
      }, idTypeCodes);
      for (const i of personIssues) if (!rowIssues.some((r) => r.field === i.field)) rowIssues.push(i);
      if (rowIssues.length) {
        for (const i of rowIssues) issues.push({ row, field: i.field, key: i.key, params: i.params, level: 'error' });
        continue;
      }
      const hash = pii.lookupHash(person.idNumber!);
      const unitKey = `${cells.project}\u0000${cells.unit}`;
      const earlier = seen.get(hash);
      if (earlier && earlier.name !== person.name) {
        issues.push({ row, field: 'name', key: 'import.sameIdOtherName', params: { row: earlier.row, name: earlier.name }, level: 'error' });
        continue;
      }
      if (earlier?.units.has(unitKey)) {
        issues.push({ row, field: 'idNumber', key: 'import.duplicateInFile', params: { row: earlier.units.get(unitKey) }, level: 'duplicate' });
        continue;
      }
      if (earlier) earlier.units.set(unitKey, row);
      else seen.set(hash, { row, name: person.name, units: new Map([[unitKey, row]]) });
      valid.push({
        row, person, hash, project: cells.project, unit: cells.unit, contractNo: cells.contractNo || null,
        contractDate: contractDate ?? null, priceFen: priceFen ?? null, note: cells.note || null,
      });
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(400, 'IMPORT_UNREADABLE', 'import.unreadable', { reason: e instanceof Error ? e.message : String(e) }, [{ field: 'file', key: 'import.unreadable', params: { reason: e instanceof Error ? e.message : String(e) } }]);
  }
  if (!columns || totalRows === 0) throw invalid([{ field: 'file', key: 'import.empty' }]);
  return { totalRows, valid, issues };
}

// ---------- writing ----------

/**
 * Writes the valid rows of an owners file: one customer per person (source property_import) with a
 * purchase record of each project/unit (status paid_off, origin property_import — not a new sale:
 * no automatic application, no purchase points). A person already in ClubCRM (same ID number) gets
 * only the purchase, when it is new to them; a purchase they already have is reported, not doubled.
 */
export async function importOwners(tx: Tx, actor: Actor, pii: Crypto, file: ParsedOwnerFile, meta: { fileName: string; format: 'csv' | 'xlsx' }) {
  const [imp] = await tx.insert(customerImports).values({ fileName: meta.fileName, format: meta.format, actorName: actor.name, actorId: actor.kind === 'user' ? actor.id : null, totalRows: file.totalRows }).returning();
  const issues = [...file.issues];

  // existing live customers with these ID numbers, and the purchases they already have
  const existing = await customersByIdHash(tx, file.valid.map((r) => r.hash));
  const owned = await unitsOwnedBy(tx, [...existing.values()].map((c) => c.id));

  // decide row by row: a new person, another unit of a new person, or a unit of an existing customer
  const newPeople = new Map<string, OwnerRow>();
  const purchaseRows: { row: OwnerRow; customerId?: number }[] = [];
  let skipped = 0;
  for (const r of file.valid) {
    const known = existing.get(r.hash);
    if (known) {
      if (known.name !== r.person.name) {
        issues.push({ row: r.row, field: 'idNumber', key: 'import.existingOtherName', params: { id: known.id }, level: 'error' });
        skipped++;
      } else if (owned.has(unitKey(known.id, r.project, r.unit))) {
        issues.push({ row: r.row, field: 'unit', key: 'import.alreadyRecorded', params: { id: known.id }, level: 'duplicate' });
        skipped++;
      } else {
        purchaseRows.push({ row: r, customerId: known.id });
      }
      continue;
    }
    if (!newPeople.has(r.hash)) newPeople.set(r.hash, r);
    purchaseRows.push({ row: r });
  }

  // the new people, then every unit (theirs and existing customers'), in multi-row inserts
  const people = [...newPeople.values()];
  const ownerId = actor.kind === 'user' ? actor.id : null;
  const ids = await insertCustomers(tx, actor, pii,
    people.map((p) => ({ person: p.person, source: 'property_import', ownerId, department: actor.department, isBuyer: true, importId: imp.id })),
    (id, _c, i) => ({ action: 'customer.import', entityType: 'customer', entityId: id, facts: { importId: imp.id, row: people[i].row, fileName: meta.fileName, source: 'property_import' } }));
  const customerIdOf = new Map(people.map((p, i) => [p.hash, ids[i]] as const));
  await insertOldProjectPurchases(tx, actor,
    purchaseRows.map(({ row: r, customerId }) => ({
      customerId: customerId ?? customerIdOf.get(r.hash)!, project: r.project, unit: r.unit, contractNo: r.contractNo,
      contractDate: r.contractDate, priceFen: r.priceFen, note: r.note, importId: imp.id,
    })),
    (id, p, i) => ({
      action: 'purchase.import', entityType: 'purchase', entityId: id,
      facts: { importId: imp.id, row: purchaseRows[i].row.row, customerId: p.customerId, project: p.project, unit: p.unit, status: 'paid_off', origin: 'property_import' },
    }));
  await markBuyers(tx, actor, purchaseRows.filter((p) => p.customerId).map((p) => p.customerId!));

  issues.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  const rowsWith = (level: ImportIssue['level']) => new Set(issues.filter((i) => i.level === level).map((i) => i.row)).size;
  const [done] = await tx.update(customerImports).set({
    customersCreated: people.length, purchasesCreated: purchaseRows.length,
    errorRows: rowsWith('error'), duplicateRows: rowsWith('duplicate'), issues,
  }).where(eq(customerImports.id, imp.id)).returning();
  await recordAudit(tx, actor, {
    action: 'customer.importFile', entityType: 'customerImport', entityId: imp.id,
    facts: { fileName: meta.fileName, totalRows: file.totalRows, customersCreated: people.length, purchasesCreated: purchaseRows.length, errorRows: done.errorRows, duplicateRows: done.duplicateRows, skipped },
  });
  return done;
}

// ---------- reports ----------

export type ImportRow = typeof customerImports.$inferSelect;

/** An import with its issues in the reader's language. */
export function presentImport(imp: ImportRow, lang: Lang) {
  return {
    ...imp,
    issues: imp.issues.map((i) => ({ ...i, fieldLabel: fieldLabel(lang, i.field), issue: t(lang, i.key, localParams(lang, i.params ?? {})) })),
  };
}

export async function getImport(tx: Tx, id: number): Promise<ImportRow> {
  const [imp] = await tx.select().from(customerImports).where(eq(customerImports.id, id));
  if (!imp) throw notFound('customerImport', id);
  return imp;
}

export async function listImports(tx: Tx, q: { page: number; pageSize: number }) {
  const [items, [{ total }]] = await Promise.all([
    tx.select({
      id: customerImports.id, fileName: customerImports.fileName, format: customerImports.format, actorName: customerImports.actorName,
      totalRows: customerImports.totalRows, customersCreated: customerImports.customersCreated, purchasesCreated: customerImports.purchasesCreated,
      errorRows: customerImports.errorRows, duplicateRows: customerImports.duplicateRows, createdAt: customerImports.createdAt,
    }).from(customerImports).orderBy(desc(customerImports.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(customerImports),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The per-row report as CSV (UTF-8 with BOM, so Excel shows Chinese), in the reader's language. */
export function importReportCsv(imp: ImportRow, lang: Lang): string {
  const head = ['import.report.row', 'import.report.field', 'import.report.level', 'import.report.issue'].map((k) => t(lang, k));
  const lines = imp.issues.map((i) => [i.row, `${fieldLabel(lang, i.field)} (${i.field})`, t(lang, `import.level.${i.level}`), t(lang, i.key, localParams(lang, i.params ?? {}))]);
  return '\uFEFF' + [head, ...lines].map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
