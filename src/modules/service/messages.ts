// Texts of the service desk (工单、满意度、知识库) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'entity.serviceTicket': { 'zh-CN': '工单', en: 'ticket' },
  'entity.serviceArticle': { 'zh-CN': '知识库文章', en: 'knowledge-base article' },
  'field.priority': { 'zh-CN': '优先级', en: 'priority' },
  'field.description': { 'zh-CN': '问题描述', en: 'description' },
  'field.assigneeId': { 'zh-CN': '处理人', en: 'assignee' },
  'field.contactMobile': { 'zh-CN': '联系手机', en: 'contact mobile' },
  'field.contactName': { 'zh-CN': '联系人', en: 'contact name' },
  'field.resolution': { 'zh-CN': '解决说明', en: 'resolution' },
  'field.score': { 'zh-CN': '满意度评分', en: 'satisfaction score' },
  'field.category': { 'zh-CN': '分类', en: 'category' },
  'field.articleId': { 'zh-CN': '知识库文章', en: 'article' },
  'field.complaintId': { 'zh-CN': '投诉单', en: 'complaint' },
  'field.complaintType': { 'zh-CN': '投诉类型', en: 'complaint type' },
  'field.complaintChannel': { 'zh-CN': '投诉渠道', en: 'complaint channel' },
  'field.sla': { 'zh-CN': '服务时限', en: 'service levels' },
  'entity.ticketStatus.new': { 'zh-CN': '新建', en: 'new' },
  'entity.ticketStatus.in_progress': { 'zh-CN': '处理中', en: 'in progress' },
  'entity.ticketStatus.waiting_customer': { 'zh-CN': '待客户反馈', en: 'waiting for the customer' },
  'entity.ticketStatus.resolved': { 'zh-CN': '已解决', en: 'resolved' },
  'entity.ticketStatus.closed': { 'zh-CN': '已关闭', en: 'closed' },
  'service.unknownUser': { 'zh-CN': '没有这个在职用户：#{id}', en: 'No active user #{id}' },
  'service.assigneeOutOfScope': {
    'zh-CN': '您只能处理本人负责的工单，处理人须为您本人', en: 'you may only handle your own tickets: the assignee must be you',
  },
  'service.departmentOutOfScope': {
    'zh-CN': '您只能处理本部门（{department}）的工单', en: 'you may only handle tickets of your own department ({department})',
  },
  'service.notInScope': { 'zh-CN': '不存在或不在您的数据范围内：#{id}', en: 'does not exist or is outside your data scope: #{id}' },
  'service.duplicateIds': { 'zh-CN': '重复选择', en: 'chosen twice' },
  'service.ticketIsClosed': { 'zh-CN': '工单已关闭', en: 'the ticket is closed' },
  'service.badTransition': {
    'zh-CN': '工单 {ticketNo} 当前为“{from}”，不能改为“{to}”', en: 'Ticket {ticketNo} is {from}; it cannot become {to}',
  },
  'service.ticketClosed': {
    'zh-CN': '工单 {ticketNo} 已关闭，请先重新打开', en: 'Ticket {ticketNo} is closed; reopen it first',
  },
  'service.ticketResolved': {
    'zh-CN': '工单 {ticketNo} 已解决，只能添加内部备注；如需继续回复请先重新打开',
    en: 'Ticket {ticketNo} is resolved: only internal notes may be added; reopen it to reply',
  },
  'service.notResolved': {
    'zh-CN': '工单 {ticketNo} 尚未解决，不能登记满意度', en: 'Ticket {ticketNo} is not resolved; there is nothing to survey yet',
  },
  'service.surveyTaken': {
    'zh-CN': '工单 {ticketNo} 本次解决已登记过满意度', en: 'Ticket {ticketNo} already has a satisfaction survey for this resolution',
  },
  'service.notReopenable': {
    'zh-CN': '工单 {ticketNo} 未解决或关闭，无需重新打开', en: 'Ticket {ticketNo} is not resolved or closed; there is nothing to reopen',
  },
  'service.notComplaintType': {
    'zh-CN': '只有“投诉”类工单可以转为投诉单', en: 'only tickets of type “complaint” can become a complaint',
  },
  'service.complaintLinked': {
    'zh-CN': '工单 {ticketNo} 已关联投诉单 #{complaintId}', en: 'Ticket {ticketNo} is already linked to complaint #{complaintId}',
  },
  'service.complaintPermission': {
    'zh-CN': '转投诉需要“投诉受理与处理”权限', en: 'making a complaint needs the “Receive and handle complaints” permission',
  },
  'service.articleNotPublished': { 'zh-CN': '文章未发布：#{id}', en: 'the article is not published: #{id}' },
  'service.articleLinked': { 'zh-CN': '该文章已关联到此工单', en: 'this article is already linked to the ticket' },
  'service.articleNotLinked': { 'zh-CN': '该文章未关联到此工单', en: 'this article is not linked to the ticket' },
  'service.alreadyStatus': { 'zh-CN': '文章已是该状态', en: 'the article already has this status' },
  'service.noChange': { 'zh-CN': '没有要修改的内容', en: 'nothing to change' },
  'service.rangeReversed': { 'zh-CN': '开始日期不能晚于结束日期', en: 'the start date cannot be after the end date' },
  'service.slaOrder': {
    'zh-CN': '解决时限不能短于首次响应时限', en: 'the resolution time cannot be shorter than the first-response time',
  },
});
