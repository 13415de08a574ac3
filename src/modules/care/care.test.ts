// Care (关怀): members chosen by filters and previewed, SMS / e-mail sent through the outbox with a
// result per member (a real HTTP SMS gateway started here refuses one number), letters and other
// channels recorded by staff, points per member once, automatic triggers (birthday across the
// company time-zone day boundary, purchase fully paid, activity participation), the analysis,
// and bad input changing nothing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { clubMember, leaveClub, paidPurchase, type ClubMember, type ClubStaff } from '../../../test/helpers/club.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { balanceOf } from '../../../test/helpers/points.ts';
import { companyDate } from '../membership/env.ts';
import { deliverDueNotices } from '../notify/service.ts';
import { systemActor } from '../auth/actor.ts';
import { careOnPurchase, runCareTriggers } from './automatic.ts';

let t: TestApp;
let admin: Session;
let st: ClubStaff;
let gateway: http.Server;
let sun: ClubMember; // born 14 March, mobile + e-mail, tag VIP客户, bought in 滨江府
let zhou: ClubMember; // born 13 March, a mobile the SMS gateway refuses
let wu: ClubMember; // e-mail only
let zheng: ClubMember; // born 29 February, no card
let qian: ClubMember; // born 14 March, left the club
const refused = '13900000099';

beforeAll(async () => {
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const { to } = JSON.parse(body) as { to: string };
      if (to === refused) { res.writeHead(400).end('invalid number'); return; }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${to}` }));
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  t = await startTestApp();
  admin = await t.signIn();
  st = { service: await t.userWithRoles('kefu', ['service']), manager: await t.userWithRoles('jingli', ['manager']) };
  sun = await clubMember(st, { name: '孙一', birthday: '1980-03-14', mobile: '13900000011', email: 'sun@example.com', tags: ['VIP客户'] });
  await paidPurchase(st.service, sun.customerId, '滨江府', '3-1-1201');
  zhou = await clubMember(st, { name: '周二', birthday: '1990-03-13', mobile: refused });
  wu = await clubMember(st, { name: '吴三', birthday: '1975-07-01', email: 'wu@example.com' });
  zheng = await clubMember(st, { name: '郑四', birthday: '1988-02-29', mobile: '13900000044', card: false });
  qian = await clubMember(st, { name: '钱五', birthday: '1979-03-14', mobile: '13900000055' });
  await leaveClub(st, qian.memberId);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => gateway?.close(resolve));
});

/** Sends the due notices through the real HTTP gateway above (what the outbox worker does). */
async function deliver() {
  const config = { ...t.config, notifySms: 'http' as const, smsGatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms` };
  return deliverDueNotices(t.db, config, new Date(Date.now() + 1000));
}
const preview = async (filters: Record<string, unknown>) => {
  const r = await st.service.post('/api/v1/care/preview', { filters });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { count: number; withMobile: number; withEmail: number; sample: { memberId: number }[] };
};
const ids = (sample: { memberId: number }[]) => sample.map((s) => s.memberId).sort((a, b) => a - b);
const careEntries = async (memberId: number, careId: number) =>
  ((await admin.get(`/api/v1/points/entries?memberId=${memberId}&sourceType=care&sourceId=${careId}`)).body.items as { amount: number }[]);
const careCount = async () => (await st.service.get('/api/v1/care/actions?pageSize=1')).body.total as number;
const members = async (careId: number) =>
  ((await st.service.get(`/api/v1/care/actions/${careId}/members?pageSize=100`)).body.items as { memberId: number; status: string; resultNote: string | null; recipient: string | null }[]);
const statusOf = async (careId: number) => Object.fromEntries((await members(careId)).map((m) => [m.memberId, m.status]));

describe('choosing members', () => {
  it('previews the count and a sample by level, project, tag, birthday month, joining date, last activity — never members who left', async () => {
    const everyone = await preview({});
    expect(ids(everyone.sample)).toEqual([sun.memberId, zhou.memberId, wu.memberId, zheng.memberId].sort((a, b) => a - b));
    expect(everyone).toMatchObject({ count: 4, withMobile: 3, withEmail: 2 });
    expect(ids((await preview({ levels: ['normal'] })).sample)).toEqual([sun.memberId, zhou.memberId, wu.memberId]);
    expect(ids((await preview({ projects: ['滨江府'] })).sample)).toEqual([sun.memberId]);
    expect(ids((await preview({ tags: ['VIP客户', '老业主'] })).sample)).toEqual([sun.memberId]);
    expect(ids((await preview({ birthdayMonth: 3 })).sample)).toEqual([sun.memberId, zhou.memberId]);
    expect((await preview({ birthdayMonth: 2, levels: ['normal'] })).count).toBe(0);
    const today = companyDate(t.config.timeZone);
    expect((await preview({ joinedFrom: today, joinedTo: today })).count).toBe(4);
    expect((await preview({ joinedTo: '2000-01-01' })).count).toBe(0);
    const a = (await st.service.post('/api/v1/activities', { name: '品茶会', type: 'salon', startsOn: '2025-01-01', endsOn: '2099-12-31' })).body;
    await st.manager.post(`/api/v1/activities/${a.id}/approve`, {});
    await st.service.post(`/api/v1/activities/${a.id}/participants`, { cardNo: sun.cardNo });
    expect(ids((await preview({ lastActivityBefore: today })).sample)).toEqual([zhou.memberId, wu.memberId, zheng.memberId]);
    expect(ids((await preview({ activityId: a.id })).sample)).toEqual([sun.memberId]);
    expect((await preview({ memberIds: [zhou.memberId, qian.memberId] })).count).toBe(1);
  });

  it('refuses bad filters with a localised 400 naming the filter', async () => {
    const level = await st.service.post('/api/v1/care/preview', { filters: { levels: ['gold'] } }, { 'accept-language': 'en' });
    expect(level.status).toBe(400);
    expect(level.body.error.details).toEqual([{ field: 'filters.levels.0', issue: 'is not a member level (main card type): gold' }]);
    const range = await st.service.post('/api/v1/care/preview', { filters: { joinedFrom: '2025-02-01', joinedTo: '2025-01-01' } });
    expect(range.body.error.details).toEqual([{ field: 'filters.joinedTo', issue: '结束日期不能早于开始日期' }]);
    const month = await st.service.post('/api/v1/care/preview', { filters: { birthdayMonth: 13 } });
    expect(month.body.error.details[0].field).toBe('filters.birthdayMonth');
    const unknown = await st.service.post('/api/v1/care/preview', { filters: { city: '杭州' } });
    expect(unknown.status).toBe(400);
  });
});

describe('manual care', () => {
  it('by SMS: sent through the outbox with progress and a result per member; points posted once per member as entries naming the care', async () => {
    const before = { sun: await balanceOf(admin, sun.memberId), zhou: await balanceOf(admin, zhou.memberId), wu: await balanceOf(admin, wu.memberId) };
    const r = await st.service.post('/api/v1/care/actions', {
      title: '春季问候', channel: 'sms', body: '{name}您好，春暖花开，客户会赠您{points}积分。', points: 20, filters: { levels: ['normal'] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const care = r.body;
    expect(care).toMatchObject({ kind: 'manual', channel: 'sms', sentBySystem: true, filters: { levels: ['normal'] }, createdBy: 'kefu' });
    expect(care.progress).toMatchObject({ total: 3, queued: 2, noRecipient: 1, sent: 0, done: 1, points: 60 });
    const queued = await admin.get(`/api/v1/notices?purpose=care&memberId=${sun.memberId}`);
    expect(queued.body.items[0]).toMatchObject({ channel: 'sms', recipient: '13900000011', body: '孙一您好，春暖花开，客户会赠您20积分。', status: 'queued' });
    for (const m of [sun, zhou, wu]) expect(await careEntries(m.memberId, care.id)).toMatchObject([{ amount: 20 }]);
    expect(await balanceOf(admin, wu.memberId)).toBe(before.wu + 20); // the points are the care's, whether the SMS reaches or not

    const report = await deliver();
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(await statusOf(care.id)).toEqual({ [sun.memberId]: 'sent', [zhou.memberId]: 'failed', [wu.memberId]: 'no_recipient' });
    const failed = (await members(care.id)).find((m) => m.memberId === zhou.memberId)!;
    expect(failed.resultNote).toContain('SMS gateway answered 400');
    const after = (await st.service.get(`/api/v1/care/actions/${care.id}`)).body;
    expect(after.progress).toMatchObject({ total: 3, queued: 0, sent: 1, failed: 1, noRecipient: 1, done: 3 });
    expect(await balanceOf(admin, sun.memberId)).toBe(before.sun + 20);
    expect(await balanceOf(admin, zhou.memberId)).toBe(before.zhou + 20);
    const audit = await admin.get(`/api/v1/audit?entityType=care&entityId=${care.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'care.create' });
  });

  it('by letter (recorded channel): queued for staff, who record reached / unreached; SMS results cannot be typed in', async () => {
    const r = await st.service.post('/api/v1/care/actions', { title: '年终感谢信', channel: 'letter', body: '感谢您一年来的支持', filters: { memberIds: [sun.memberId, wu.memberId, zheng.memberId] } });
    expect(r.body).toMatchObject({ sentBySystem: false, progress: { total: 3, pending: 3, done: 0 } });
    const one = await st.service.post(`/api/v1/care/actions/${r.body.id}/results`, { members: [sun.memberId], result: 'reached', note: '本人签收' });
    expect(one.body).toMatchObject({ updated: 1, care: { progress: { pending: 2, reached: 1 } } });
    const rest = await st.service.post(`/api/v1/care/actions/${r.body.id}/results`, { allPending: true, result: 'unreached', note: '地址无人' });
    expect(rest.body.care.progress).toMatchObject({ pending: 0, reached: 1, unreached: 2, done: 3 });
    expect((await members(r.body.id)).find((m) => m.memberId === sun.memberId)).toMatchObject({ status: 'reached', resultNote: '本人签收' });
    const stranger = await st.service.post(`/api/v1/care/actions/${r.body.id}/results`, { members: [zhou.memberId], result: 'reached' });
    expect(stranger.body.error.details).toEqual([{ field: 'members.0', issue: `会员 #${zhou.memberId} 不在这次关怀中` }]);
    // a list as long as the API takes (up to 100 000) is checked as one array, not as 70 000 parameters (PostgreSQL takes 65 535)
    const many = await st.service.post(`/api/v1/care/actions/${r.body.id}/results`, { members: [sun.memberId, ...Array.from({ length: 70_000 }, (_, i) => 5_000_000 + i)], result: 'reached' });
    expect(many.status).toBe(400);
    expect(many.body.error.details).toEqual([{ field: 'members.1', issue: '会员 #5000000 不在这次关怀中' }]);
    const whom = await st.service.post(`/api/v1/care/actions/${r.body.id}/results`, { result: 'reached' });
    expect(whom.body.error.details[0].field).toBe('members');
    const sms = (await st.service.get('/api/v1/care/actions?channel=sms')).body.items[0];
    const typed = await st.service.post(`/api/v1/care/actions/${sms.id}/results`, { allPending: true, result: 'reached' }, { 'accept-language': 'en' });
    expect(typed.status).toBe(422);
    expect(typed.body.error.code).toBe('CARE_SENT_BY_SYSTEM');
  });

  it('a user-defined channel from the dictionary records results like letters; a used channel can only be deactivated', async () => {
    const wechat = await admin.post('/api/v1/dictionaries', { kind: 'care_channel', code: 'wechat', labelZh: '微信', labelEn: 'WeChat' });
    expect(wechat.status).toBe(200);
    const r = await st.service.post('/api/v1/care/actions', { title: '微信问候', channel: 'wechat', body: '节日快乐', filters: { memberIds: [zhou.memberId] } });
    expect(r.body).toMatchObject({ channel: 'wechat', sentBySystem: false, progress: { pending: 1 } });
    expect((await admin.delete(`/api/v1/dictionaries/${wechat.body.id}`)).status).toBe(422);
  });

  it('refuses bad input with a localised 4xx naming the field, and creates nothing', async () => {
    const before = await careCount();
    const channel = await st.service.post('/api/v1/care/actions', { title: 'x', channel: 'pigeon', body: 'x', filters: {} }, { 'accept-language': 'en' });
    expect(channel.status).toBe(400);
    expect(channel.body.error.message).toMatch(/^Invalid request: .*\(channel\) is not an active value of dictionary "Care channels": pigeon$/);
    const points = await st.service.post('/api/v1/care/actions', { title: 'x', channel: 'sms', body: 'x', points: -5, filters: {} });
    expect(points.body.error.details[0].field).toBe('points');
    const nobody = await st.service.post('/api/v1/care/actions', { title: 'x', channel: 'sms', body: 'x', points: 5, filters: { memberIds: [qian.memberId] } });
    expect(nobody.status).toBe(422);
    expect(nobody.body.error).toMatchObject({ code: 'NO_MEMBERS', message: '没有符合条件的会员，未创建关怀' });
    const empty = await st.service.post('/api/v1/care/actions', { title: ' ', channel: 'sms', body: 'x', filters: {} });
    expect(empty.body.error.details[0].field).toBe('title');
    expect((await t.userWithRoles('care_sales', ['sales']).then((s) => s.post('/api/v1/care/preview', { filters: {} }))).status).toBe(403);
    expect(await careCount()).toBe(before);
  });
});

describe('automatic care', () => {
  it('shows the triggers off with default templates; turning one on needs a known channel and a template', async () => {
    const list = await st.service.get('/api/v1/care/triggers', { 'accept-language': 'en' });
    expect(list.body.map((x: { trigger: string; enabled: boolean }) => [x.trigger, x.enabled])).toEqual([['birthday', false], ['purchase', false], ['activity', false]]);
    expect(list.body[0].body).toBe('Dear {name}, happy birthday from all of us at the club!');
    const badChannel = await st.service.patch('/api/v1/care/triggers/birthday', { enabled: true, channel: 'pigeon' });
    expect(badChannel.body.error.details[0].field).toBe('channel');
    const noBody = await st.service.patch('/api/v1/care/triggers/birthday', { enabled: true, body: '  ' });
    expect(noBody.body.error.details).toEqual([{ field: 'body', issue: '启用自动关怀时需要填写内容模板' }]);
    expect((await st.service.get('/api/v1/care/triggers')).body[0].enabled).toBe(false);
  });

  it('birthday: by the company day (Asia/Shanghai) — a member born on 14 March is cared for at 00:30 on the 14th in Shanghai, still the 13th in UTC; once per day', async () => {
    const on = await st.service.patch('/api/v1/care/triggers/birthday', { enabled: true, channel: 'sms', body: '{name}，祝您{date}生日快乐！', points: 10 });
    expect(on.body).toMatchObject({ trigger: 'birthday', enabled: true, points: 10, updatedBy: 'kefu' });
    const sunBefore = await balanceOf(admin, sun.memberId);
    // 2025-03-13 23:30 in Shanghai (15:30 UTC): the 13th — 周二's birthday, not 孙一's
    const evening = await runCareTriggers(t.db, t.config, new Date('2025-03-13T15:30:00Z'));
    expect(evening.birthday).toEqual({ day: '2025-03-13', added: 1 });
    // 2025-03-14 00:30 in Shanghai (16:30 UTC, still the 13th in UTC): 孙一 (钱五 has left)
    const midnight = await runCareTriggers(t.db, t.config, new Date('2025-03-13T16:30:00Z'));
    expect(midnight.birthday).toEqual({ day: '2025-03-14', added: 1 });
    const again = await runCareTriggers(t.db, t.config, new Date('2025-03-14T03:00:00Z'));
    expect(again.birthday).toEqual({ day: '2025-03-14', added: 0 });
    const actions = (await st.service.get('/api/v1/care/actions?trigger=birthday')).body.items as { id: number; groupKey: string; kind: string }[];
    const byDay = Object.fromEntries(actions.map((a) => [a.groupKey, a]));
    expect(Object.keys(byDay).sort()).toEqual(['birthday:2025-03-13', 'birthday:2025-03-14']);
    expect((await members(byDay['birthday:2025-03-14'].id)).map((m) => m.memberId)).toEqual([sun.memberId]);
    expect((await members(byDay['birthday:2025-03-13'].id)).map((m) => m.memberId)).toEqual([zhou.memberId]);
    const notice = await admin.get(`/api/v1/notices?purpose=care&memberId=${sun.memberId}`);
    expect(notice.body.items[0].body).toBe('孙一，祝您2025-03-14生日快乐！');
    expect(await balanceOf(admin, sun.memberId)).toBe(sunBefore + 10);
    expect(await careEntries(sun.memberId, byDay['birthday:2025-03-14'].id)).toHaveLength(1);
  });

  it('birthday: a member born on 29 February is cared for on 28 February in other years', async () => {
    const r = await runCareTriggers(t.db, t.config, new Date('2025-02-28T02:00:00Z'));
    expect(r.birthday).toEqual({ day: '2025-02-28', added: 1 });
    const action = (await st.service.get('/api/v1/care/actions?trigger=birthday')).body.items.find((a: { groupKey: string }) => a.groupKey === 'birthday:2025-02-28');
    expect((await members(action.id)).map((m) => m.memberId)).toEqual([zheng.memberId]);
    expect((await runCareTriggers(t.db, t.config, new Date('2024-02-28T02:00:00Z'))).birthday.added).toBe(0); // 2024 has a 29th
  });

  it('purchase: a purchase fully paid gives its member the purchase care by e-mail, once', async () => {
    await st.service.patch('/api/v1/care/triggers/purchase', { enabled: true, channel: 'email', subject: '恭喜乔迁', body: '{name}，恭喜您购得{project}{unit}！' });
    const purchaseId = await paidPurchase(st.service, wu.customerId, '西溪里', '2-302');
    const tasks = await st.service.get(`/api/v1/care/tasks?q=${encodeURIComponent('吴三')}`);
    const task = tasks.body.items.find((x: { refType: string; refId: number }) => x.refType === 'purchase' && x.refId === purchaseId);
    expect(task).toMatchObject({ memberId: wu.memberId, channel: 'email', status: 'queued', recipient: 'wu@example.com' });
    const mail = await admin.get(`/api/v1/notices?purpose=care&memberId=${wu.memberId}&channel=email`);
    expect(mail.body.items[0]).toMatchObject({ subject: '恭喜乔迁', body: '吴三，恭喜您购得西溪里2-302！' });
    const action = await st.service.get(`/api/v1/care/actions/${task.careId}`);
    expect(action.body).toMatchObject({ kind: 'automatic', trigger: 'purchase', progress: { total: 1 } });
    await deliver();
    expect((await st.service.get(`/api/v1/care/actions/${task.careId}`)).body.progress).toMatchObject({ sent: 1, done: 1 });
    // the event replayed (a retried call of the purchase hook): nothing more
    const replay = await t.db.transaction((tx) => careOnPurchase(tx, systemActor('test'), { id: purchaseId, customerId: wu.customerId, project: '西溪里', unit: '2-302' }));
    expect(replay).toMatchObject({ added: 0 });
    expect((await st.service.get(`/api/v1/care/actions/${task.careId}`)).body.progress.total).toBe(1);
  });

  it('activity participation: care tasks queued for staff (letter), once per member per activity even when the batch is replayed', async () => {
    await st.service.patch('/api/v1/care/triggers/activity', { enabled: true, channel: 'letter', subject: '活动感谢', body: '感谢{name}参加{activity}', points: 5 });
    const a = (await st.service.post('/api/v1/activities', { name: '插花课', type: 'salon', startsOn: '2025-01-01', endsOn: '2099-12-31' })).body;
    await st.manager.post(`/api/v1/activities/${a.id}/approve`, {});
    const before = await balanceOf(admin, zhou.memberId);
    const lines = [sun.cardNo, zhou.cardNo];
    expect((await st.service.post(`/api/v1/activities/${a.id}/participants/batch`, { lines })).body.recorded).toBe(2);
    expect((await st.service.post(`/api/v1/activities/${a.id}/participants/batch`, { lines })).body.recorded).toBe(0);
    const action = (await st.service.get('/api/v1/care/actions?trigger=activity')).body.items[0];
    expect(action).toMatchObject({ title: '活动感谢 · 插花课', channel: 'letter', groupKey: `activity:${a.id}`, progress: { total: 2, pending: 2 } });
    const pending = await st.service.get('/api/v1/care/tasks?status=pending&channel=letter&pageSize=100');
    expect(pending.body.items.filter((x: { careId: number }) => x.careId === action.id)).toHaveLength(2);
    expect(await balanceOf(admin, zhou.memberId)).toBe(before + 5);
    await st.service.patch('/api/v1/care/triggers/activity', { enabled: false });
  });
});

describe('analysis', () => {
  it("a member's care history, newest first", async () => {
    const r = await st.service.get(`/api/v1/members/${sun.memberId}/care`);
    expect(r.status).toBe(200);
    expect(r.body.map((x: { title: string; channel: string; status: string }) => [x.title, x.channel, x.status])).toEqual([
      ['活动感谢 · 插花课', 'letter', 'pending'],
      ['生日快乐 · 2025-03-14', 'sms', 'sent'],
      ['年终感谢信', 'letter', 'reached'],
      ['春季问候', 'sms', 'sent'],
    ]);
  });

  it('shares by channel and by trigger, and counts per month in the company time zone', async () => {
    const r = await st.service.get('/api/v1/care/statistics');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const channel = Object.fromEntries(r.body.byChannel.map((c: { channel: string }) => [c.channel, c]));
    expect(channel.sms).toMatchObject({ members: 6, reached: 3, unreached: 3, open: 0 }); // spring: sent, failed, no recipient; birthdays: 2 sent, 1 refused
    expect(channel.letter).toMatchObject({ members: 5, reached: 1, unreached: 2, open: 2 });
    expect(channel.email).toMatchObject({ members: 1, reached: 1 });
    expect(channel.wechat).toMatchObject({ members: 1, open: 1 });
    const trigger = Object.fromEntries(r.body.byTrigger.map((c: { trigger: string; members: number }) => [c.trigger, c.members]));
    expect(trigger).toEqual({ manual: 7, birthday: 3, purchase: 1, activity: 2 });
    const month = companyDate(t.config.timeZone).slice(0, 7);
    expect(r.body.monthly.every((m: { month: string }) => m.month === month)).toBe(true);
    expect(r.body.monthly.reduce((s: number, m: { members: number }) => s + m.members, 0)).toBe(r.body.totals.members);
    expect(r.body.totals).toMatchObject({ members: 13, distinctMembers: 4 });
    const none = await st.service.get('/api/v1/care/statistics?from=2000-01-01&to=2000-12-31');
    expect(none.body.totals.members).toBe(0);
  });

  it('a care is the event of manual points only for its own members', async () => {
    const letter = (await st.service.get(`/api/v1/care/actions?q=${encodeURIComponent('年终')}`)).body.items[0];
    expect((await admin.post('/api/v1/points/entries', { memberId: sun.memberId, amount: 8, sourceType: 'care', sourceId: letter.id, reason: '补发' })).status).toBe(200);
    const other = await admin.post('/api/v1/points/entries', { memberId: zhou.memberId, amount: 8, sourceType: 'care', sourceId: letter.id, reason: '补发' });
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].field).toBe('sourceId');
  });
});

describe('large selections', () => {
  it('a care to thousands of members is written in bulk: members, notices and points, each once', async () => {
    const many = await createMembers(t.db, 3000, { prefix: 'C' });
    const r = await st.service.post('/api/v1/care/actions', {
      title: '全体会员问候', channel: 'sms', body: '{name}您好', points: 3, filters: { memberIds: many.map((m) => m.id) },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.progress).toMatchObject({ total: 3000, queued: 3000, points: 9000 });
    const notices = await admin.get('/api/v1/notices?purpose=care&status=queued&pageSize=1');
    expect(notices.body.total).toBeGreaterThanOrEqual(3000);
    expect(await balanceOf(admin, many[2999].id)).toBe(3);
    const sample = await admin.get(`/api/v1/notices?purpose=care&memberId=${many[1234].id}`);
    expect(sample.body.items).toMatchObject([{ body: `${many[1234].name}您好`, status: 'queued' }]);
  });
});
