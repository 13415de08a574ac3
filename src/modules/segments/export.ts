// The columns of a segment's member export (src/http/export.ts), zh-CN and en.
import { columns, enumLabel } from '../../http/export.ts';
import type { SegmentMember } from './service.ts';

export const valueSegmentLabel = enumLabel({
  new: ['新会员', 'new member'], dormant: ['沉睡', 'dormant'], high_value: ['高价值', 'high value'],
  churn_risk: ['流失风险', 'churn risk'], potential: ['潜力', 'potential'], regular: ['一般', 'regular'],
});
const status = enumLabel({ active: ['正常', 'active'], leaving: ['退会中', 'leaving'] });

export const segmentMemberColumns = columns<SegmentMember>([
  ['会员号', 'member no.', (r) => r.memberNo],
  ['姓名', 'name', (r) => r.name],
  ['手机', 'mobile', (r) => r.mobile, 'phone'],
  ['部门', 'department', (r) => r.department],
  ['等级', 'level', (r) => r.level],
  ['状态', 'status', (r, l) => status(r.status, l)],
  ['入会时间', 'joined', (r) => r.joinedAt],
  ['积分余额', 'points', (r) => r.points],
  ['价值分群', 'value segment', (r, l) => (r.segment ? valueSegmentLabel(r.segment, l) : null)],
  ['R', 'R', (r) => r.r],
  ['F', 'F', (r) => r.f],
  ['M', 'M', (r) => r.m],
  ['流失风险分', 'churn score', (r) => r.churn],
]);
