// The columns of the points-entry and redemption exports (src/http/export.ts), zh-CN and en.
import { columns, enumLabel } from '../../http/export.ts';
import type { listRedemptions } from './redemption.ts';
import type { listEntries } from './service.ts';

const state = enumLabel({ pending: ['待审批', 'pending'], posted: ['已入账', 'posted'], rejected: ['已驳回', 'rejected'], reversed: ['已冲正', 'reversed'] });
const source = enumLabel({
  purchase: ['购房', 'purchase'], activity: ['活动', 'activity'], care: ['关怀', 'care'], complaint: ['投诉', 'complaint'], redemption: ['兑付', 'redemption'],
  expiry: ['积分过期', 'expiry'], card: ['发卡基本积分', 'card base points'], correction: ['冲正', 'correction'], adjustment: ['调整', 'adjustment'],
});
const redemptionStatus = enumLabel({ pending: ['待交付', 'pending'], delivered: ['已交付', 'delivered'], cancelled: ['已取消', 'cancelled'] });

export const entryColumns = columns<Awaited<ReturnType<typeof listEntries>>['items'][number]>([
  ['流水号', 'entry no.', (e) => e.id],
  ['会员号', 'member no.', (e) => e.memberNo],
  ['会员', 'member', (e) => e.memberName],
  ['积分', 'points', (e) => e.amount],
  ['状态', 'state', (e, l) => state(e.state, l)],
  ['业务事件', 'event', (e, l) => source(e.sourceType, l)],
  ['事件编号', 'event no.', (e) => e.sourceId],
  ['原因', 'reason', (e) => e.reason],
  ['操作人', 'by', (e) => e.actorName],
  ['录入时间', 'entered', (e) => e.createdAt],
  ['入账时间', 'posted', (e) => e.postedAt],
]);

export const redemptionColumns = columns<Awaited<ReturnType<typeof listRedemptions>>['items'][number]>([
  ['兑付编号', 'redemption no.', (r) => r.id],
  ['会员号', 'member no.', (r) => r.memberNo],
  ['会员', 'member', (r) => r.memberName],
  ['兑付项目', 'item', (r) => r.item],
  ['数量', 'quantity', (r) => r.quantity],
  ['积分', 'points', (r) => r.points],
  ['等级', 'level', (r, _l, dict) => dict('card_type', r.memberLevel)],
  ['状态', 'status', (r, l) => redemptionStatus(r.status, l)],
  ['兑换时间', 'redeemed', (r) => r.createdAt],
  ['交付时间', 'delivered', (r) => r.deliveredAt],
  ['取消时间', 'cancelled', (r) => r.cancelledAt],
  ['取消原因', 'cancel reason', (r) => r.cancelReason],
]);
