// Texts of the activities module (活动) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'activity.period': { 'zh-CN': '结束日期不能早于开始日期', en: 'the end date cannot be before the start date' },
  'activity.closed': { 'zh-CN': '活动“{name}”已结束，不能修改', en: 'Activity "{name}" is closed and cannot change' },
  'activity.badStatus': { 'zh-CN': '活动“{name}”当前为“{status}”，不能执行此操作', en: 'Activity "{name}" is {status}; this cannot be done now' },
  'entity.activity': { 'zh-CN': '活动', en: 'activity' },
  'entity.activityStatus.planned': { 'zh-CN': '待审核', en: 'planned' },
  'entity.activityStatus.approved': { 'zh-CN': '已审核', en: 'approved' },
  'entity.activityStatus.closed': { 'zh-CN': '已结束', en: 'closed' },
  'field.startsOn': { 'zh-CN': '开始日期', en: 'start date' },
  'field.pointsPerParticipant': { 'zh-CN': '每人积分', en: 'points per participant' },
  'field.type': { 'zh-CN': '类型', en: 'type' },
});
