// Reading an import file (CSV or XLSX) as a stream of records, never the whole file at once:
// the decoding of CSV text (UTF-8 or GB18030, the encoding of Chinese Excel), the column names
// people use for each field, the cell helpers, and the row count taken while the upload streams in.
import { Readable } from 'node:stream';
import { Parser } from 'csv-parse';
import ExcelJS from 'exceljs';

import type { ImportKind } from './schema.ts';

export type { ImportKind };
export const importKinds = ['customers', 'owners'] as const;

/** Column names people use for each field (zh-CN and en), compared without spaces, brackets and case. */
const columnAliases: Record<string, string[]> = {
  name: ['姓名', '客户姓名', '业主姓名', '业主', '名称', 'name'],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', 'birthday', 'birthdate'],
  idType: ['证件类型', 'idtype', 'id_type'],
  idNumber: ['证件号码', '证件号', '身份证号', '身份证号码', 'idnumber', 'id_number', 'idno'],
  mobile: ['手机', '手机号', '手机号码', '移动电话', 'mobile', 'cellphone'],
  homePhone: ['家庭电话', '住宅电话', '固定电话', '座机', 'homephone', 'home_phone', 'phone'],
  email: ['邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail'],
  address: ['地址', '通讯地址', '联系地址', '住址', 'address'],
  note: ['备注', 'note', 'remark'],
  // customers
  source: ['来源', '客户来源', 'source'],
  tags: ['标签', 'tags', 'tag'],
  ownerLogin: ['归属人', '归属人登录名', '负责人', 'owner', 'ownerlogin', 'owner_login'],
  department: ['部门', '所属部门', '案场', 'department'],
  // old-project owners
  project: ['项目', '楼盘', '项目名称', '楼盘名称', 'project'],
  unit: ['房号', '房间号', '单元', '房屋', 'unit', 'room'],
  contractNo: ['合同号', '合同编号', 'contractno', 'contract_no'],
  contractDate: ['签约日期', '合同日期', 'contractdate', 'contract_date'],
  price: ['房款', '房款元', '总价', '成交价', 'price', 'priceyuan'],
};

const personColumns = ['name', 'gender', 'birthday', 'idType', 'idNumber', 'mobile', 'homePhone', 'email', 'address', 'note'];
/** The columns each kind reads; others in the file are ignored. */
export const kindColumns: Record<ImportKind, string[]> = {
  customers: [...personColumns, 'source', 'tags', 'ownerLogin', 'department'],
  owners: [...personColumns, 'project', 'unit', 'contractNo', 'contractDate', 'price'],
};
export const requiredColumns: Record<ImportKind, string[]> = {
  customers: ['name'],
  owners: ['name', 'idNumber', 'project', 'unit'],
};

const headerKey = (h: string) => h.replace(/[\s（）()]/g, '').toLowerCase();
const aliasToField = new Map(Object.entries(columnAliases).flatMap(([field, names]) => names.map((n) => [headerKey(n), field] as const)));

/** The field each column of the header row holds (null: ignored), and the required ones missing. */
export function mapHeader(kind: ImportKind, header: unknown[]): { columns: (string | null)[]; missing: string[] } {
  const wanted = new Set(kindColumns[kind]);
  const columns = header.map((h) => {
    const f = aliasToField.get(headerKey(cellText(h)));
    return f && wanted.has(f) ? f : null;
  });
  return { columns, missing: requiredColumns[kind].filter((c) => !columns.includes(c)) };
}

/** A record of the file: its cells and its row number in the file (header = 1; blank lines keep their numbers). */
export interface FileRecord {
  cells: unknown[];
  row: number;
}

/** UTF-8 when these first bytes decode as UTF-8, else GB18030 (what Chinese Excel saves a CSV as). */
function isUtf8(head: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const csvOptions = { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true } as const;
interface CsvApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown[]) => void, close: () => void): Error | undefined;
  info: { lines: number };
}

/**
 * CSV records, a batch per stored piece of the file: csv-parse's incremental parser driven
 * directly (the same state machine its stream runs), so a million records cost no million
 * stream hand-offs. UTF-8 bytes go in as they are; GB18030 is decoded first. Each record keeps
 * the file's line number (blank lines are skipped, not renumbered).
 */
async function* csvBatches(input: AsyncIterable<Buffer>): AsyncGenerator<FileRecord[]> {
  const api = (new Parser(csvOptions) as unknown as { api?: CsvApi }).api;
  if (!api?.parse) throw new Error('csv-parse: incremental parser not available');
  let out: FileRecord[] = [];
  const push = (record: unknown[]) => { out.push({ cells: record, row: api.info.lines }); };
  const feed = (buf: Buffer | undefined, end: boolean) => {
    const err = api.parse(buf, end, push, () => {});
    if (err) throw err;
    const batch = out;
    out = [];
    return batch;
  };
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let utf8: boolean | null = null;
  let head: Buffer[] = [];
  let headBytes = 0;
  const take = (buf: Buffer) => (utf8 ? buf : Buffer.from(decoder!.decode(buf, { stream: true })));
  for await (const chunk of input) {
    if (utf8 === null) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < 64 * 1024) continue;
      const all = Buffer.concat(head);
      head = [];
      utf8 = isUtf8(all.subarray(0, 64 * 1024));
      if (!utf8) decoder = new TextDecoder('gb18030');
      yield feed(take(all), false);
      continue;
    }
    yield feed(take(chunk), false);
  }
  if (utf8 === null) {
    const all = Buffer.concat(head);
    utf8 = isUtf8(all);
    if (!utf8) decoder = new TextDecoder('gb18030');
    yield feed(take(all), false);
  }
  if (decoder) yield feed(Buffer.from(decoder.decode()), false);
  yield feed(undefined, true);
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

/**
 * The shared strings of a workbook (Excel keeps every text cell there, so a million rows make
 * millions of them), kept as UTF-8 in one growing buffer with an offset per string: a fraction of
 * the memory of as many JavaScript strings.
 */
function sharedStringStore() {
  let bytes = Buffer.alloc(1 << 20);
  let used = 0;
  let ends = new Uint32Array(1 << 16);
  let count = 0;
  return {
    add(index: number, text: string) {
      if (index !== count) throw new Error(`shared string ${index} out of order`);
      const need = Buffer.byteLength(text);
      if (used + need > bytes.length) {
        const grown = Buffer.alloc(Math.max(bytes.length * 2, used + need));
        bytes.copy(grown, 0, 0, used);
        bytes = grown;
      }
      used += bytes.write(text, used);
      if (count === ends.length) {
        const grown = new Uint32Array(ends.length * 2);
        grown.set(ends);
        ends = grown;
      }
      ends[count++] = used;
    },
    get(index: number): string | null {
      if (index < 0 || index >= count) return null;
      return bytes.toString('utf8', index ? ends[index - 1] : 0, ends[index]);
    },
  };
}

const richText = (v: unknown): string => {
  const o = v as { richText?: { text: string }[] } | string | null;
  return typeof o === 'string' ? o : o?.richText ? o.richText.map((r) => r.text).join('') : '';
};

/** XLSX rows of the first sheet (exceljs's streaming reader, shared strings kept compact), in batches of 1 000. */
async function* xlsxBatches(input: AsyncIterable<Buffer>): AsyncGenerator<FileRecord[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(input), {
    worksheets: 'emit', sharedStrings: 'emit', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  const strings = sharedStringStore();
  const value = (v: unknown) => {
    const shared = (v as { sharedString?: number } | null)?.sharedString;
    return typeof shared === 'number' ? strings.get(shared) : cellValue(v);
  };
  // parse() hands over the shared strings ({ index, text }) and then the worksheets ({ eventType: 'worksheet' }):
  // with sharedStrings 'emit', exceljs reads a sheet stored before them from a temporary file afterwards
  const events = (reader as unknown as { parse(): AsyncIterable<{ eventType?: string; value?: unknown; index?: number; text?: unknown }> }).parse();
  let sheet = 0;
  let batch: FileRecord[] = [];
  for await (const ev of events) {
    if (ev.eventType === undefined && typeof ev.index === 'number') {
      strings.add(ev.index, richText(ev.text));
      continue;
    }
    if (ev.eventType !== 'worksheet') continue;
    sheet++;
    for await (const row of ev.value as AsyncIterable<ExcelJS.Row>) {
      if (sheet > 1) continue; // the first sheet holds the rows; the rest is drained
      // keep Excel's row numbers: blank rows in between are skipped by the reader
      batch.push({ cells: (row.values as unknown[]).slice(1).map(value), row: row.number });
      if (batch.length >= 1000) { yield batch; batch = []; }
    }
  }
  yield batch;
}

/** The records of a file, header first, one record at a time over batches. */
export function fileRecords(input: AsyncIterable<Buffer>, format: 'csv' | 'xlsx') {
  const batches = (format === 'csv' ? csvBatches(input) : xlsxBatches(input))[Symbol.asyncIterator]();
  let buf: FileRecord[] = [];
  let pos = 0;
  let ended = false;
  return {
    /** the next record when one is already read (no waiting), else undefined */
    ready(): FileRecord | undefined {
      return pos < buf.length ? buf[pos++] : undefined;
    },
    /** the next record, null at the end of the file */
    async next(): Promise<FileRecord | null> {
      while (pos >= buf.length) {
        if (ended) return null;
        const b = await batches.next();
        if (b.done) { ended = true; return null; }
        buf = b.value;
        pos = 0;
      }
      return buf[pos++];
    },
    async close() {
      await batches.return?.(undefined);
    },
  };
}
export type RecordReader = ReturnType<typeof fileRecords>;

/** Text of a cell: trimmed; Excel dates as YYYY-MM-DD; whole numbers without ".0". */
export function cellText(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

/** The cells of a record by field; null when every mapped cell is blank (a blank row is skipped, not reported). */
export function recordFields(columns: (string | null)[], cells: unknown[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  let any = false;
  for (let i = 0; i < columns.length; i++) {
    const f = columns[i];
    if (!f || out[f] !== undefined) continue;
    const s = cellText(cells[i]);
    out[f] = s;
    if (s) any = true;
  }
  return any ? out : null;
}

/**
 * Counts the lines of a CSV holding anything, outside quoted fields, as the bytes stream in (an
 * estimate of the data rows for the progress bar before the import runs). Works on UTF-8 and
 * GB18030 bytes alike: neither uses '"', CR or LF inside a multi-byte character.
 */
export function csvLineCounter() {
  let quoted = false;
  let filled = false;
  let lines = 0;
  return {
    feed(buf: Buffer) {
      for (let i = 0; i < buf.length; i++) {
        const b = buf[i];
        if (b === 0x22) { quoted = !quoted; filled = true; } else if (!quoted && b === 0x0a) {
          if (filled) lines++;
          filled = false;
        } else if (b !== 0x0d && b !== 0x2c && b !== 0x20) filled = true;
      }
    },
    /** lines with content so far, the last one counted even without a final newline */
    get lines() { return lines + (filled ? 1 : 0); },
  };
}

export function parsePrice(raw: string): number | null | undefined {
  if (!raw) return null;
  const s = raw.replace(/[,，\s¥￥元]/g, '');
  if (!/^\d{1,11}(\.\d{1,2})?$/.test(s)) return undefined;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function parseDate(raw: string): string | null | undefined {
  if (!raw) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(iso + 'T00:00:00Z');
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

export function parseGender(raw: string): 'male' | 'female' | null | undefined {
  if (!raw) return null;
  const s = raw.toLowerCase();
  if (['男', 'male', 'm'].includes(s)) return 'male';
  if (['女', 'female', 'f'].includes(s)) return 'female';
  return undefined;
}

/** Tags of one cell: separated by commas, semicolons, 、 or |; trimmed, without repeats. */
export function parseTags(raw: string): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(/[,，;；、|]/).map((s) => s.replace(/[\u0000-\u001f]/g, '').trim()).filter(Boolean))];
}
