// The columns of the member and application exports (src/http/export.ts), zh-CN and en.
import { columns, enumLabel, yesNo } from '../../http/export.ts';
import type { presentApplication, MemberListItem } from './members.ts';

const memberStatus = enumLabel({ active: ['正常', 'active'], leaving: ['退会中', 'leaving'], archived: ['已退会（归档）', 'left (archived)'] });
const noticeStatus = enumLabel({ pending: ['通知中', 'notifying'], reached: ['已通知', 'reached'], unreached: ['未通知到', 'not reached'] });
const applicationStatus = enumLabel({ pending: ['待审核', 'pending'], approved: ['已通过', 'approved'], merged: ['已归并', 'merged'], linked: ['已关联会员', 'linked to a member'], rejected: ['已驳回', 'rejected'] });
const method = enumLabel({ manual: ['手工申请', 'manual'], automatic: ['自动申请（购房）', 'automatic (purchase)'] });
const outcome = enumLabel({ new_member: ['新会员', 'new member'], joined_member: ['并入已有会员', 'joined a member'], merged_new_member: ['归并为新会员', 'merged into a new member'], linked_existing: ['关联已有会员', 'linked to a member'] });
const gender = enumLabel({ male: ['男', 'male'], female: ['女', 'female'] });
const channel = (code: string | null, lang: 'zh-CN' | 'en', dict: (k: string, c: string | null) => string) => (code ? dict('application_channel', code) : lang === 'en' ? 'automatic (purchase)' : '自动（购房）');

export const memberExportDictionaries = ['application_channel', 'card_type'];

export const memberColumns = columns<MemberListItem>([
  ['会员号', 'member no.', (m) => m.memberNo],
  ['姓名', 'name', (m) => m.name],
  ['等级', 'level', (m, _l, dict) => dict('card_type', m.level)],
  ['状态', 'status', (m, l) => memberStatus(m.status, l)],
  ['入会时间', 'joined', (m) => m.joinedAt],
  ['申请途径', 'channel', (m, l, dict) => channel(m.channel, l, dict)],
  ['细分途径', 'sub-channel', (m, _l, dict) => dict('application_channel', m.subChannel)],
  ['通知情况', 'notice', (m, l) => noticeStatus(m.noticeStatus, l)],
  ['卡号', 'card no.', (m) => m.cardNo],
  ['手机', 'mobile', (m) => m.mobile, 'phone'],
  ['家庭电话', 'home phone', (m) => m.homePhone, 'phone'],
  ['电子邮箱', 'e-mail', (m) => m.email, 'email'],
  ['证件号码', 'ID number', (m) => m.idNumber, 'idNumber'],
  ['购房客户', 'buyer', (m, l) => yesNo(String(m.isBuyer), l)],
  ['数据错误', 'data error', (m) => m.dataErrorFlag],
]);

export const applicationColumns = columns<ReturnType<typeof presentApplication>>([
  ['申请编号', 'application no.', (a) => a.applicationNo],
  ['姓名', 'name', (a) => a.name],
  ['性别', 'gender', (a, l) => gender(a.gender, l)],
  ['生日', 'birthday', (a) => a.birthday],
  ['证件号码', 'ID number', (a) => a.idNumber, 'idNumber'],
  ['手机', 'mobile', (a) => a.mobile, 'phone'],
  ['家庭电话', 'home phone', (a) => a.homePhone, 'phone'],
  ['电子邮箱', 'e-mail', (a) => a.email, 'email'],
  ['地址', 'address', (a) => a.address, 'address'],
  ['申请方式', 'method', (a, l) => method(a.method, l)],
  ['申请途径', 'channel', (a, l, dict) => channel(a.channel, l, dict)],
  ['细分途径', 'sub-channel', (a, _l, dict) => dict('application_channel', a.subChannel)],
  ['状态', 'status', (a, l) => applicationStatus(a.status, l)],
  ['审核结果', 'outcome', (a, l) => outcome(a.outcome, l)],
  ['提交人', 'entered by', (a) => a.submittedBy],
  ['部门', 'department', (a) => a.department],
  ['申请时间', 'applied', (a) => a.createdAt],
  ['审核时间', 'reviewed', (a) => a.reviewedAt],
  ['驳回原因', 'reject reason', (a) => a.rejectReason],
]);
