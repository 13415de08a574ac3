// The columns of the merchant export (src/http/export.ts), zh-CN and en. A merchant's contact
// details are a business's, not a person's: not masked.
import { columns, enumLabel } from '../../http/export.ts';
import type { listMerchants } from './service.ts';

const importance = enumLabel({ high: ['重要', 'high'], normal: ['一般', 'normal'], low: ['次要', 'low'] });

export const merchantColumns = columns<Awaited<ReturnType<typeof listMerchants>>['items'][number]>([
  ['编码', 'code', (m) => m.code],
  ['名称', 'name', (m) => m.name],
  ['联系人', 'contact', (m) => m.contact],
  ['电话 1', 'phone 1', (m) => m.phone1],
  ['电话 2', 'phone 2', (m) => m.phone2],
  ['地址', 'address', (m) => m.address],
  ['所属公司', 'parent company', (m) => m.parentCompany],
  ['类型', 'type', (m) => m.type],
  ['重要程度', 'importance', (m, l) => importance(m.importance, l)],
  ['合同到期', 'contract ends', (m) => m.contractEndsOn],
  ['服务数', 'services', (m) => m.serviceCount],
  ['备注', 'note', (m) => m.note],
  ['删除时间', 'deleted', (m) => m.deletedAt],
]);
