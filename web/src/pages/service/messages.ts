// Console texts of the service desk (服务台: 工单、知识库、服务统计、服务时限), zh-CN and en; merged into the locales under `service`.
const zh = {
  menu: { group: '服务台', tickets: '工单', articles: '知识库', stats: '服务统计', sla: '服务时限' },
  ticketNo: '工单号', type: '类型', channel: '渠道', priority: '优先级', subject: '主题', description: '问题描述', contactName: '联系人', contactMobile: '联系手机',
  customer: '客户', assignee: '处理人', department: '部门', status: '状态', createdAt: '创建时间', firstResponseDue: '首次响应时限', resolutionDue: '解决时限',
  firstResponseAt: '首次响应', resolvedAt: '解决时间', resolution: '解决说明', none: '—', complaintRef: '投诉单',
  statusValue: { new: '新建', in_progress: '处理中', waiting_customer: '待客户反馈', resolved: '已解决', closed: '已关闭' },
  priorityValue: { low: '低', normal: '普通', high: '高', urgent: '紧急' },
  overdueFirst: '响应超时', overdueResolution: '解决超时',
  filters: { search: '工单号、主题、联系人或手机号', status: '状态', open: '未解决', type: '类型', priority: '优先级', assignee: '处理人', overdue: '超时', dueToday: '今天到期', mine: '只看我的' },
  overdueValue: { any: '任一超时', first_response: '首次响应超时', resolution: '解决超时' },
  ticket: {
    create: '新建工单', createTitle: '新建工单', created: '已创建工单 {{no}}', createdWithCustomer: '已创建工单 {{no}}，已关联客户“{{name}}”',
    createdOtherCustomer: '已创建工单 {{no}}；该手机号属于其他部门的客户（{{name}}），未关联', editTitle: '修改工单', saved: '已保存工单 {{no}}',
    detail: '工单 {{no}}', assigneeHint: '留空为本人', departmentHint: '留空取处理人所在部门', customerHint: '按手机号自动识别客户',
  },
  timeline: {
    title: '处理记录', empty: '还没有处理记录',
    kind: { reply: '回复客户', note: '内部备注', customer: '客户反馈', status: '状态变更', assign: '分派', reopen: '重新打开', survey: '满意度', complaint: '转投诉', article: '引用知识库' },
  },
  message: {
    reply: '回复客户', note: '内部备注', customer: '记录客户反馈', title: { reply: '回复客户', note: '添加内部备注', customer: '记录客户反馈' },
    body: '内容', done: { reply: '已回复客户', note: '已添加内部备注', customer: '已记录客户反馈' },
  },
  action: {
    start: '开始处理', wait: '等待客户反馈', resolve: '解决', close: '关闭', reopen: '重新打开', survey: '登记满意度', assign: '分派', complaint: '转为投诉', link: '引用知识库',
    started: '工单 {{no}} 已开始处理', waiting: '工单 {{no}} 已改为待客户反馈', closed: '工单 {{no}} 已关闭', note: '备注',
  },
  resolve: { title: '解决工单', resolution: '解决说明', withSurvey: '同时登记满意度（如电话回访）', done: '工单 {{no}} 已解决', doneSurvey: '工单 {{no}} 已解决，满意度 {{score}} 分' },
  survey: { title: '登记满意度', score: '满意度评分', comment: '客户评价', done: '已登记满意度：{{score}} 分', list: '满意度回访', due: '本次解决尚未登记满意度', resolution: '第 {{n}} 次解决' },
  reopen: { title: '重新打开工单', note: '原因', done: '工单 {{no}} 已重新打开' },
  assign: {
    batch: '批量分派（{{count}}）', title: '分派给', assignee: '新处理人', department: '新部门', departmentHint: '留空取新处理人所在部门', note: '说明',
    done: '已分派 {{assigned}} 张工单给 {{name}}', doneUnchanged: '已分派 {{assigned}} 张工单给 {{name}}（{{unchanged}} 张原本就由其处理）',
  },
  complaint: {
    title: '转为投诉', hint: '将按本工单的内容在投诉模块受理一张投诉单；或填写已有投诉单编号进行关联。', existing: '关联已有投诉单（编号 ID，可选）',
    type: '投诉类型', channel: '投诉渠道', created: '已受理投诉单 {{no}}', linked: '已关联投诉单 {{no}}', open: '查看投诉单',
  },
  link: { title: '引用知识库文章', article: '文章', search: '输入关键词查找已发布的文章', done: '已引用文章', used: '本工单引用的文章', unlink: '取消引用', unlinked: '已取消引用' },
  article: {
    create: '新建文章', createTitle: '新建知识库文章', editTitle: '修改文章', created: '已创建文章“{{title}}”（草稿）', saved: '已保存文章“{{title}}”',
    title: '标题', body: '正文', bodyHint: '纯文本，按原样显示', category: '分类', tags: '标签', tagsHint: '输入后回车', status: '状态', views: '浏览',
    updatedAt: '更新时间', updatedBy: '更新人', publish: '发布', unpublish: '撤回为草稿', published: '文章“{{title}}”已发布', unpublished: '文章“{{title}}”已撤回为草稿',
    delete: '删除', deleted: '文章“{{title}}”已删除', confirmDelete: '删除文章“{{title}}”？已引用它的工单仍保留记录。', search: '搜索标题、正文或标签', usedIn: '已被 {{count}} 张工单引用',
    statusValue: { draft: '草稿', published: '已发布' },
  },
  stats: {
    range: '工单创建日期', tickets: '工单数', resolved: '已解决', resolutionRate: '解决率', onTimeRate: '按时解决率', firstOnTime: '按时首次响应率',
    firstResponse: '首次响应（小时）', resolution: '解决用时（小时）', average: '平均', median: '中位数', satisfaction: '平均满意度', surveys: '回访数',
    byType: '按类型', byMonth: '按月', month: '月份', none: '该期间没有工单', hours: '小时',
  },
  sla: {
    hint: '每个优先级从工单创建起计算的首次响应与解决时限（小时）；修改后只影响之后新建的工单。', firstResponseHours: '首次响应（小时）', resolutionHours: '解决（小时）',
    saved: '服务时限已保存', readOnly: '只有拥有“服务时限设置与知识库发布”权限的用户可以修改。',
  },
};

const en: typeof zh = {
  menu: { group: 'Service desk', tickets: 'Tickets', articles: 'Knowledge base', stats: 'Service statistics', sla: 'Service levels' },
  ticketNo: 'Ticket no.', type: 'Type', channel: 'Channel', priority: 'Priority', subject: 'Subject', description: 'Description', contactName: 'Contact', contactMobile: 'Contact mobile',
  customer: 'Customer', assignee: 'Assignee', department: 'Department', status: 'Status', createdAt: 'Created', firstResponseDue: 'First response due', resolutionDue: 'Resolution due',
  firstResponseAt: 'First response', resolvedAt: 'Resolved', resolution: 'Resolution', none: '—', complaintRef: 'Complaint',
  statusValue: { new: 'New', in_progress: 'In progress', waiting_customer: 'Waiting for the customer', resolved: 'Resolved', closed: 'Closed' },
  priorityValue: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
  overdueFirst: 'Response overdue', overdueResolution: 'Resolution overdue',
  filters: { search: 'Ticket no., subject, contact or mobile', status: 'Status', open: 'Open', type: 'Type', priority: 'Priority', assignee: 'Assignee', overdue: 'Overdue', dueToday: 'Due today', mine: 'Mine only' },
  overdueValue: { any: 'Any overdue', first_response: 'First response overdue', resolution: 'Resolution overdue' },
  ticket: {
    create: 'New ticket', createTitle: 'New ticket', created: 'Ticket {{no}} created', createdWithCustomer: 'Ticket {{no}} created and linked to customer “{{name}}”',
    createdOtherCustomer: 'Ticket {{no}} created; the mobile belongs to another department’s customer ({{name}}), not linked', editTitle: 'Edit ticket', saved: 'Ticket {{no}} saved',
    detail: 'Ticket {{no}}', assigneeHint: 'Empty: yourself', departmentHint: 'Empty: the assignee’s department', customerHint: 'The customer is recognised by the mobile',
  },
  timeline: {
    title: 'Timeline', empty: 'Nothing recorded yet',
    kind: { reply: 'Reply to customer', note: 'Internal note', customer: 'Customer said', status: 'Status change', assign: 'Assigned', reopen: 'Reopened', survey: 'Satisfaction', complaint: 'Made a complaint', article: 'Article used' },
  },
  message: {
    reply: 'Reply', note: 'Internal note', customer: 'Record customer message', title: { reply: 'Reply to the customer', note: 'Add an internal note', customer: 'Record what the customer said' },
    body: 'Text', done: { reply: 'Reply recorded', note: 'Internal note added', customer: 'Customer message recorded' },
  },
  action: {
    start: 'Start work', wait: 'Wait for customer', resolve: 'Resolve', close: 'Close', reopen: 'Reopen', survey: 'Record satisfaction', assign: 'Assign', complaint: 'Make a complaint', link: 'Use an article',
    started: 'Ticket {{no}} is in progress', waiting: 'Ticket {{no}} is waiting for the customer', closed: 'Ticket {{no}} closed', note: 'Note',
  },
  resolve: { title: 'Resolve the ticket', resolution: 'What was done', withSurvey: 'Record satisfaction now (e.g. from a call back)', done: 'Ticket {{no}} resolved', doneSurvey: 'Ticket {{no}} resolved, satisfaction {{score}}' },
  survey: { title: 'Record satisfaction', score: 'Score', comment: 'Customer’s comment', done: 'Satisfaction recorded: {{score}}', list: 'Satisfaction surveys', due: 'No satisfaction recorded for this resolution yet', resolution: 'Resolution {{n}}' },
  reopen: { title: 'Reopen the ticket', note: 'Reason', done: 'Ticket {{no}} reopened' },
  assign: {
    batch: 'Assign selected ({{count}})', title: 'Assign to', assignee: 'New assignee', department: 'New department', departmentHint: 'Empty: the new assignee’s department', note: 'Note',
    done: '{{assigned}} tickets assigned to {{name}}', doneUnchanged: '{{assigned}} tickets assigned to {{name}} ({{unchanged}} were theirs already)',
  },
  complaint: {
    title: 'Make a complaint', hint: 'Receives a complaint in the complaints module from this ticket; or give the id of an existing complaint to link it.', existing: 'Link an existing complaint (id, optional)',
    type: 'Complaint type', channel: 'Complaint channel', created: 'Complaint {{no}} received', linked: 'Linked to complaint {{no}}', open: 'Open the complaint',
  },
  link: { title: 'Use a knowledge-base article', article: 'Article', search: 'Type to find a published article', done: 'Article linked', used: 'Articles used in this ticket', unlink: 'Unlink', unlinked: 'Article unlinked' },
  article: {
    create: 'New article', createTitle: 'New knowledge-base article', editTitle: 'Edit article', created: 'Article “{{title}}” created (draft)', saved: 'Article “{{title}}” saved',
    title: 'Title', body: 'Text', bodyHint: 'Plain text, shown as written', category: 'Category', tags: 'Tags', tagsHint: 'Press Enter after each', status: 'Status', views: 'Views',
    updatedAt: 'Updated', updatedBy: 'Updated by', publish: 'Publish', unpublish: 'Back to draft', published: 'Article “{{title}}” published', unpublished: 'Article “{{title}}” is a draft again',
    delete: 'Delete', deleted: 'Article “{{title}}” deleted', confirmDelete: 'Delete the article “{{title}}”? Tickets that used it keep their record.', search: 'Search titles, text or tags', usedIn: 'Used in {{count}} tickets',
    statusValue: { draft: 'Draft', published: 'Published' },
  },
  stats: {
    range: 'Tickets created', tickets: 'Tickets', resolved: 'Resolved', resolutionRate: 'Resolution rate', onTimeRate: 'Resolved on time', firstOnTime: 'First response on time',
    firstResponse: 'First response (hours)', resolution: 'Time to resolve (hours)', average: 'Average', median: 'Median', satisfaction: 'Average satisfaction', surveys: 'Surveys',
    byType: 'By type', byMonth: 'By month', month: 'Month', none: 'No tickets in this range', hours: 'hours',
  },
  sla: {
    hint: 'Hours from a ticket’s creation to its first response and to its resolution, per priority; a change applies to tickets created afterwards.', firstResponseHours: 'First response (hours)', resolutionHours: 'Resolution (hours)',
    saved: 'Service levels saved', readOnly: 'Only users with “Service levels and knowledge-base publishing” may change them.',
  },
};

const auditZh = {
  serviceTicket: {
    create: '新建工单', update: '修改工单', reply: '回复客户', note: '工单内部备注', customerMessage: '记录客户反馈', status: '工单状态变更', resolve: '解决工单',
    survey: '登记满意度', close: '关闭工单', reopen: '重新打开工单', assign: '分派工单', toComplaint: '工单转投诉', linkComplaint: '工单关联投诉', linkArticle: '工单引用知识库', unlinkArticle: '工单取消引用知识库',
  },
  serviceArticle: { create: '新建知识库文章', update: '修改知识库文章', publish: '发布知识库文章', unpublish: '撤回知识库文章', delete: '删除知识库文章' },
  serviceSla: { update: '修改服务时限' },
};
const auditEn: typeof auditZh = {
  serviceTicket: {
    create: 'Ticket created', update: 'Ticket edited', reply: 'Reply to customer', note: 'Internal note on a ticket', customerMessage: 'Customer message recorded', status: 'Ticket status changed', resolve: 'Ticket resolved',
    survey: 'Satisfaction recorded', close: 'Ticket closed', reopen: 'Ticket reopened', assign: 'Ticket reassigned', toComplaint: 'Ticket made a complaint', linkComplaint: 'Ticket linked to a complaint', linkArticle: 'Article used in a ticket', unlinkArticle: 'Article unlinked from a ticket',
  },
  serviceArticle: { create: 'Article created', update: 'Article edited', publish: 'Article published', unpublish: 'Article back to draft', delete: 'Article deleted' },
  serviceSla: { update: 'Service levels changed' },
};
const entityZh = { serviceTicket: '工单', serviceArticle: '知识库文章', serviceSla: '服务时限', 'service-tickets': '工单列表' };
const entityEn: typeof entityZh = { serviceTicket: 'Ticket', serviceArticle: 'Knowledge-base article', serviceSla: 'Service levels', 'service-tickets': 'Tickets list' };
const exportZh = { serviceTickets: '工单列表' };
const exportEn: typeof exportZh = { serviceTickets: 'Tickets' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn, exportZh, exportEn };
