// The columns of the participant and cost exports (src/http/export.ts), zh-CN and en.
import { columns, enumLabel } from '../../http/export.ts';
import type { costsOf } from './costs.ts';
import type { Participant } from './participants.ts';

const method = enumLabel({ single: ['单个登记', 'one by one'], batch: ['批量登记', 'batch'], card_reader: ['读卡器', 'card reader'] });
const basis = enumLabel({ per_participant: ['人均费用', 'per participant'], shared: ['公共费用', 'shared'] });

export const participantColumns = columns<Participant>([
  ['会员号', 'member no.', (p) => p.memberNo],
  ['姓名', 'name', (p) => p.name],
  ['卡号', 'card no.', (p) => p.cardNo],
  ['登记方式', 'how recorded', (p, l) => method(p.method, l)],
  ['登记人', 'recorded by', (p) => p.recordedBy],
  ['参加时间', 'attended', (p) => p.attendedAt],
  ['地点', 'place', (p) => p.place],
  ['积分', 'points', (p) => p.points],
]);

export const costColumns = columns<Awaited<ReturnType<typeof costsOf>>['items'][number]>([
  ['项目', 'item', (c) => c.item],
  ['计算方式', 'basis', (c, l) => basis(c.basis, l)],
  ['金额（元）', 'amount (yuan)', (c) => c.costFen / 100],
  ['备注', 'note', (c) => c.note],
  ['录入人', 'entered by', (c) => c.createdBy],
  ['录入时间', 'entered', (c) => c.createdAt],
]);
