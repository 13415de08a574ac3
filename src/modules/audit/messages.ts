// Texts of the audit module (操作日志, Webhook) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'entity.webhookEndpoint': { 'zh-CN': 'Webhook', en: 'webhook' },
  'entity.webhookDelivery': { 'zh-CN': 'Webhook 投递记录', en: 'webhook delivery' },
  'entity.job.webhooks.deliver': { 'zh-CN': 'Webhook 发送', en: 'Webhook delivery' },
  'entity.job.webhooks.prune': { 'zh-CN': '清理已送达的 Webhook 记录（保留 30 天）', en: 'Webhook delivery log clean-up (kept 30 days)' },
  'field.url': { 'zh-CN': '地址', en: 'URL' },
  'field.events': { 'zh-CN': '事件', en: 'events' },
  'webhook.url.invalid': { 'zh-CN': '不是有效的网址（应以 http:// 或 https:// 开头）', en: 'is not a valid URL (it must start with http:// or https://)' },
  'webhook.url.scheme': { 'zh-CN': '只支持 http:// 和 https:// 开头的地址', en: 'must start with http:// or https:// (no other scheme is supported)' },
  'webhook.url.credentials': { 'zh-CN': '地址中不能包含用户名或密码，请用签名密钥校验请求', en: 'must not hold a user name or password; check requests with the signing secret instead' },
  'webhook.url.tooLong': { 'zh-CN': '地址不能超过 2000 个字符', en: 'must have at most 2000 characters' },
  'webhook.events.pattern': { 'zh-CN': '事件应为操作代码（如 card.issue）、某类操作（如 card.*）或 *：{value}', en: 'an event is an action code (e.g. card.issue), a kind of action (e.g. card.*) or *: {value}' },
  'webhook.events.required': { 'zh-CN': '至少选择一个事件', en: 'choose at least one event' },
  'webhook.url.refused.loopback': { 'zh-CN': '不允许发送到本机地址 {address}（可用 CLUBCRM_WEBHOOK_ALLOW_LOOPBACK=on 允许）', en: 'cannot be delivered to: {address} is a loopback address (allowed with CLUBCRM_WEBHOOK_ALLOW_LOOPBACK=on)' },
  'webhook.url.refused.linkLocal': { 'zh-CN': '不允许发送到链路本地地址 {address}（含云服务器元数据地址）', en: 'cannot be delivered to: {address} is a link-local address (cloud metadata included)' },
  'webhook.url.refused.metadata': { 'zh-CN': '不允许发送到云服务器元数据地址 {address}', en: 'cannot be delivered to: {address} is a cloud metadata address' },
  'webhook.url.refused.unspecified': { 'zh-CN': '不允许发送到未指定地址 {address}', en: 'cannot be delivered to: {address} is an unspecified address' },
  'webhook.url.refused.multicast': { 'zh-CN': '不允许发送到组播地址 {address}', en: 'cannot be delivered to: {address} is a multicast address' },
  'webhook.url.refused.reserved': { 'zh-CN': '不允许发送到保留地址 {address}', en: 'cannot be delivered to: {address} is a reserved address' },
  'webhook.redeliver.notFinished': { 'zh-CN': '该投递尚未结束（状态：{status}），无需重新发送', en: 'this delivery is not finished yet (status: {status}); it needs no redelivery' },
  'webhook.inactive': { 'zh-CN': 'Webhook“{name}”已停用，请先启用', en: 'the webhook “{name}” is inactive; activate it first' },
});
