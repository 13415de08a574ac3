// Export of the customer list (CSV / XLSX) through the shared export (src/http/export.ts): the
// columns and the rows of the list's filters within the data scope. Full ID numbers only on
// request (reveal=idNumber), with pii.view and pii.export; the audit line says which.
import { and, desc, lt } from 'drizzle-orm';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import type { Tx } from '../../db/index.ts';
import { forbidden } from '../../http/errors.ts';
import { columns, enumLabel, yesNo } from '../../http/export.ts';
import { maskIdNumber, type Crypto } from '../../pii.ts';
import { can, type Actor } from '../auth/actor.ts';
import { customers } from './schema.ts';
import { normaliseIdNumber } from './identity.ts';
import { customerConditions, looksLikeIdNumber, type CustomerQuery } from './list.ts';
import { presentCustomer, withOwnerNames } from './service.ts';

type Filters = Omit<CustomerQuery, 'page' | 'pageSize'> & { reveal?: 'idNumber' };
type Row = Awaited<ReturnType<typeof withOwnerNames<ReturnType<typeof presentCustomer>>>>[number];

const gender = enumLabel({ male: ['男', 'male'], female: ['女', 'female'] });

export const customerColumns = columns<Row>([
  ['编号', 'ID', (c) => c.id],
  ['姓名/名称', 'name', (c) => c.name],
  ['性别', 'gender', (c, l) => gender(c.gender, l)],
  ['生日', 'birthday', (c) => c.birthday],
  ['证件类型', 'ID type', (c, _l, dict) => dict('id_type', c.idType)],
  ['证件号码', 'ID number', (c) => c.idNumber, 'idNumber'],
  ['手机号', 'mobile', (c) => c.mobile, 'phone'],
  ['家庭电话', 'home phone', (c) => c.homePhone, 'phone'],
  ['电子邮箱', 'e-mail', (c) => c.email, 'email'],
  ['地址', 'address', (c) => c.address, 'address'],
  ['来源', 'source', (c, _l, dict) => dict('customer_source', c.source)],
  ['标签', 'tags', (c) => c.tags.join(' ')],
  ['负责人', 'owner', (c) => c.ownerName],
  ['部门', 'department', (c) => c.department],
  ['购房客户', 'buyer', (c, l) => yesNo(String(c.isBuyer), l)],
  ['会员编号', 'member', (c) => (c.memberId ? String(c.memberId) : '')],
  ['创建时间', 'created', (c) => c.createdAt],
]);

/** The filters as the audit log keeps them: an ID number searched for is kept masked, like everywhere at rest. */
export function auditableCustomerFilters(q: { idNumber?: string; q?: string }) {
  const out: Record<string, unknown> = { ...q };
  if (q.idNumber) out.idNumber = maskIdNumber(normaliseIdNumber(q.idNumber));
  if (q.q && looksLikeIdNumber(q.q)) out.q = maskIdNumber(normaliseIdNumber(q.q));
  return out;
}

/** The customers of the list's filters within the actor's scope, newest first, page by page. */
export async function customerExportRows(tx: Tx, actor: Actor, pii: Crypto, q: Filters): Promise<AsyncIterable<Row>> {
  const reveal = q.reveal === 'idNumber';
  if (reveal && !can(actor, 'pii.view')) throw forbidden('pii.view');
  const { where } = customerConditions(actor, pii, q);
  return keysetRows(async (before) => {
    const page = await tx.select().from(customers).where(and(where, before ? lt(customers.id, before) : undefined)).orderBy(desc(customers.id)).limit(exportPageSize);
    const shown = await withOwnerNames(tx, page.map((c) => presentCustomer(c, actor, pii, { reveal })));
    return { items: shown };
  });
}
