// The columns of the card export (src/http/export.ts), zh-CN and en.
import { columns, enumLabel } from '../../http/export.ts';
import type { listCards } from './service.ts';

const status = enumLabel({ active: ['有效', 'active'], replaced: ['已换卡', 'replaced'], lost: ['已挂失', 'lost'], cancelled: ['已注销', 'cancelled'], lapsed: ['已过期', 'lapsed'], ended: ['已终止', 'ended'] });
const kind = enumLabel({ main: ['主卡', 'main'], sub: ['子卡', 'sub'] });

export const cardColumns = columns<Awaited<ReturnType<typeof listCards>>['items'][number]>([
  ['卡号', 'card no.', (c) => c.cardNo],
  ['会员号', 'member no.', (c) => c.memberNo],
  ['会员', 'member', (c) => c.memberName],
  ['卡类型', 'card type', (c, _l, dict) => dict('card_type', c.typeCode)],
  ['主/子卡', 'main/sub', (c, l) => kind(c.kind, l)],
  ['状态', 'status', (c, l) => status(c.status, l)],
  ['发卡时间', 'issued', (c) => c.issuedAt],
  ['有效期至', 'valid until', (c) => c.validUntil],
  ['终止时间', 'ended', (c) => c.endedAt],
  ['备注', 'note', (c) => c.note],
]);
