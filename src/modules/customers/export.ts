// Export of the customer list (CSV / XLSX): personal data, so it needs pii.export and is audited
// (who, which filters, how many records, whether full ID numbers were included).
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { and, asc, gt } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { forbidden } from '../../http/errors.ts';
import { fieldLabel, t, type Lang } from '../../i18n/index.ts';
import { maskIdNumber, type Crypto } from '../../pii.ts';
import { recordAudit } from '../audit/service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { listItems } from '../dictionaries/service.ts';
import { customers } from './schema.ts';
import { normaliseIdNumber } from './identity.ts';
import { customerConditions, looksLikeIdNumber, type CustomerQuery } from './list.ts';
import { presentCustomer, withOwnerNames } from './service.ts';

const PAGE = 2000;
const columns = ['id', 'name', 'gender', 'birthday', 'idType', 'idNumber', 'mobile', 'homePhone', 'email', 'address', 'source', 'tags', 'ownerName', 'department', 'isBuyer', 'memberId', 'createdAt'] as const;

/** A spreadsheet must not run what a customer's name says: cells that look like formulas get a leading quote. */
function safe(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** The filters as the audit log keeps them: an ID number searched for is kept masked, like everywhere at rest. */
function auditableFilters(q: Omit<CustomerQuery, 'page' | 'pageSize'>) {
  const out: Record<string, unknown> = { ...q };
  if (q.idNumber) out.idNumber = maskIdNumber(normaliseIdNumber(q.idNumber));
  if (q.q && looksLikeIdNumber(q.q)) out.q = maskIdNumber(normaliseIdNumber(q.q));
  return out;
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function exportCustomers(
  tx: Tx, actor: Actor, pii: Crypto, q: Omit<CustomerQuery, 'page' | 'pageSize'>,
  opts: { format: 'csv' | 'xlsx'; reveal?: boolean; lang: Lang; timeZone: string },
): Promise<{ body: Buffer; count: number; contentType: string; fileName: string }> {
  if (opts.reveal && !can(actor, 'pii.view')) throw forbidden('pii.view');
  const { lang } = opts;
  const labels = new Map<string, string>();
  for (const kind of ['customer_source', 'id_type']) {
    for (const it of await listItems(tx, { kind })) labels.set(`${kind}:${it.code}`, lang === 'en' ? it.labelEn : it.labelZh);
  }
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: opts.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const header = columns.map((c) => fieldLabel(lang, c === 'ownerName' ? 'ownerId' : c === 'memberId' ? 'member' : c));
  const { where } = customerConditions(actor, pii, q);
  const records: string[][] = [];
  let lastId = 0;
  for (;;) {
    const page = await tx.select().from(customers).where(and(where, gt(customers.id, lastId))).orderBy(asc(customers.id)).limit(PAGE);
    if (!page.length) break;
    lastId = page[page.length - 1].id;
    const shown = await withOwnerNames(tx, page.map((c) => presentCustomer(c, actor, pii, { reveal: opts.reveal })));
    for (const c of shown) {
      records.push([
        String(c.id), c.name, c.gender ? t(lang, `export.gender.${c.gender}`) : '', c.birthday ?? '',
        c.idType ? (labels.get(`id_type:${c.idType}`) ?? c.idType) : '', c.idNumber ?? '', c.mobile ?? '', c.homePhone ?? '', c.email ?? '',
        c.address ?? '', labels.get(`customer_source:${c.source}`) ?? c.source, c.tags.join(' '), c.ownerName ?? '', c.department ?? '',
        t(lang, c.isBuyer ? 'export.yes' : 'export.no'), c.memberId ? String(c.memberId) : '', day.format(c.createdAt),
      ].map(safe));
    }
    if (page.length < PAGE) break;
  }
  await recordAudit(tx, actor, {
    action: 'pii.export', entityType: 'customer', entityId: null,
    facts: { format: opts.format, count: records.length, filters: auditableFilters(q), idNumbers: opts.reveal ? 'full' : 'masked' },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  if (opts.format === 'csv') {
    const text = '\uFEFF' + [header, ...records].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
    return { body: Buffer.from(text, 'utf8'), count: records.length, contentType: 'text/csv; charset=utf-8', fileName: `customers-${stamp}.csv` };
  }
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet(lang === 'en' ? 'Customers' : '客户');
  ws.addRow(header).commit();
  for (const r of records) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return {
    body: Buffer.concat(chunks), count: records.length,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `customers-${stamp}.xlsx`,
  };
}
