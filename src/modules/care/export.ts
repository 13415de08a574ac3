// The columns of the care-results export (src/http/export.ts), zh-CN and en.
import { columns, enumLabel } from '../../http/export.ts';
import type { listCareMembers } from './service.ts';

const status = enumLabel({
  queued: ['待发送', 'queued'], sent: ['已发送', 'sent'], failed: ['发送失败', 'failed'], no_recipient: ['无联系方式', 'no contact'],
  pending: ['待登记', 'pending'], reached: ['已送达', 'reached'], unreached: ['未送达', 'not reached'],
});

export const careResultColumns = columns<Awaited<ReturnType<typeof listCareMembers>>['items'][number]>([
  ['关怀', 'care', (r) => r.title],
  ['会员号', 'member no.', (r) => r.memberNo],
  ['姓名', 'name', (r) => r.name],
  ['关怀渠道', 'channel', (r, _l, dict) => dict('care_channel', r.channel)],
  ['结果', 'result', (r, l) => status(r.status, l)],
  ['联系方式', 'sent to', (r) => r.recipient, 'contact'],
  ['赠送积分', 'points', (r) => r.points],
  ['结果说明', 'note', (r) => r.resultNote],
  ['登记人', 'recorded by', (r) => r.resultBy],
  ['登记时间', 'recorded', (r) => r.resultAt],
  ['发起时间', 'created', (r) => r.createdAt],
]);
