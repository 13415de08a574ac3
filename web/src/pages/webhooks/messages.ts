// Console texts of the webhooks page (Webhook), zh-CN and en; merged into the locales under `webhooks`.
const zh = {
  menu: 'Webhook',
  intro: '发生变更时（如发卡、新建客户），系统向以下地址 POST 一条 JSON 事件，只含事件类型、对象类型与编号、时间，不含个人信息；接收方用自己的 API 令牌（其权限与数据范围适用）调用接口读取详情。每个请求按 Standard Webhooks 规范签名（webhook-id、webhook-timestamp、webhook-signature 请求头）。',
  create: '新建 Webhook', editTitle: '修改 Webhook', name: '名称', nameHint: '接收事件的系统，如“营销系统”',
  url: '地址', urlHint: '以 http:// 或 https:// 开头；不能含用户名或密码；不能是本机、链路本地（云服务器元数据）等地址',
  events: '事件', eventsHint: '选择具体操作、某类操作（如“会员卡 · 全部”）或“全部变更”（不含登录、导出和查看证件号码，需要时请单独选择）',
  allEvents: '全部变更', allOf: '{{group}} · 全部', active: '启用',
  lastDelivery: '最近投递', noDelivery: '尚无投递', queued: '待发送 {{n}}', failedCount: '失败 {{n}}',
  secretTitle: '签名密钥', secretOnce: '请立即复制并妥善保存：签名密钥只显示这一次。接收方用它校验每个请求的签名。',
  rotate: '更换密钥', confirmRotate: '更换“{{name}}”的签名密钥？此后发送的事件用新密钥签名，接收方须同时更新。',
  rotated: '“{{name}}”的签名密钥已更换', test: '发送测试', tested: '已向“{{name}}”排队发送测试事件，几秒内送出，结果见下方投递记录',
  confirmDelete: '删除 Webhook“{{name}}”？尚未发送的事件将不再发送。', deleted: 'Webhook“{{name}}”已删除{{dropped}}', droppedNote: '，{{n}} 条待发送事件已取消',
  activated: 'Webhook“{{name}}”已启用', deactivated: 'Webhook“{{name}}”已停用',
  deliveries: '投递记录', endpoint: 'Webhook', allEndpoints: '全部 Webhook', allStatuses: '全部状态',
  event: '事件', record: '对象', occurredAt: '发生时间', attempts: '尝试次数', code: '响应码', error: '错误', lastAttemptAt: '最近尝试', nextAttemptAt: '下次尝试',
  status: { queued: '待发送', sending: '发送中', delivered: '已送达', failed: '失败' },
  redeliver: '重新发送', redelivered: '投递 #{{id}} 已重新排队发送',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
const en: Widen<typeof zh> = {
  menu: 'Webhooks',
  intro: 'When something changes (a card issued, a customer created…), a JSON event is POSTed to these URLs. It holds only the event type, the record type and id and the time — no personal data; the receiver reads the details through the API with its own API token (whose permissions and data scope apply). Every request is signed per the Standard Webhooks spec (headers webhook-id, webhook-timestamp, webhook-signature).',
  create: 'New webhook', editTitle: 'Edit webhook', name: 'Name', nameHint: 'The system receiving the events, e.g. “Sales system”',
  url: 'URL', urlHint: 'Starts with http:// or https://; no user name or password; not a loopback or link-local (cloud metadata) address',
  events: 'Events', eventsHint: 'Pick actions, kinds of action (e.g. “Cards · all”) or “Every change” (sign-ins, exports and ID-number views not included: pick them by name if needed)',
  allEvents: 'Every change', allOf: '{{group}} · all', active: 'Active',
  lastDelivery: 'Last delivery', noDelivery: 'nothing sent yet', queued: '{{n}} waiting', failedCount: '{{n}} failed',
  secretTitle: 'Signing secret', secretOnce: 'Copy it now and keep it safe: the signing secret is shown only this once. The receiver checks every request’s signature with it.',
  rotate: 'Rotate secret', confirmRotate: 'Replace the signing secret of “{{name}}”? Events sent from now on are signed with the new one; the receiver must be updated too.',
  rotated: 'The signing secret of “{{name}}” was replaced', test: 'Send test', tested: 'A test event to “{{name}}” is queued and goes out within seconds; see the deliveries below',
  confirmDelete: 'Delete the webhook “{{name}}”? Events not yet sent will not be sent.', deleted: 'Webhook “{{name}}” deleted{{dropped}}', droppedNote: '; {{n}} waiting events cancelled',
  activated: 'Webhook “{{name}}” activated', deactivated: 'Webhook “{{name}}” deactivated',
  deliveries: 'Deliveries', endpoint: 'Webhook', allEndpoints: 'All webhooks', allStatuses: 'All states',
  event: 'Event', record: 'Record', occurredAt: 'Occurred', attempts: 'Attempts', code: 'Code', error: 'Error', lastAttemptAt: 'Last tried', nextAttemptAt: 'Next try',
  status: { queued: 'Waiting', sending: 'Sending', delivered: 'Delivered', failed: 'Failed' },
  redeliver: 'Send again', redelivered: 'Delivery #{{id}} queued again',
};

const auditZh = {
  webhook: { create: '新建 Webhook', update: '修改 Webhook', delete: '删除 Webhook', rotateSecret: '更换 Webhook 签名密钥', test: '发送 Webhook 测试事件', redeliver: '重新发送 Webhook 事件' },
};
const auditEn: Widen<typeof auditZh> = {
  webhook: { create: 'Webhook created', update: 'Webhook edited', delete: 'Webhook deleted', rotateSecret: 'Webhook secret rotated', test: 'Webhook test sent', redeliver: 'Webhook event sent again' },
};
const entityZh = { webhookEndpoint: 'Webhook', webhookDelivery: 'Webhook 投递' };
const entityEn: typeof entityZh = { webhookEndpoint: 'Webhook', webhookDelivery: 'Webhook delivery' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
