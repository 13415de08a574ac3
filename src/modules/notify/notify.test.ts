// Notices (通知): the outbox and its worker against a real SMTP server (smtp-server) and a real
// HTTP SMS gateway (node:http) started here, the log provider, retries and failures, staff
// records, the "not yet reached" worklist — and, on PostgreSQL, several workers at once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../db/index.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { describeOnPostgres } from '../../../test/helpers/db.ts';
import { newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { deliverDueNotices, maxAttempts } from './service.ts';

interface Mail { to: string[]; from: string; data: string }
const mails: Mail[] = [];
const texts: { to: string; text: string; auth?: string }[] = [];
/** recipient → the statuses the gateway answers, in turn (then 200) */
const gatewayScript = new Map<string, number[]>();
let smtp: SMTPServer;
let gateway: http.Server;
let t: TestApp;
let st: Staff;
const silent = { info: () => {}, warn: () => {} };

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('bounce')) return cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), from: (session.envelope.mailFrom as { address: string }).address, data: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  let n = 0;
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const msg = JSON.parse(body) as { to: string; text: string };
      const script = gatewayScript.get(msg.to) ?? [];
      const status = script.shift() ?? 200;
      if (status === 200) texts.push({ ...msg, auth: req.headers.authorization });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { id: `gw-${++n}` } : { error: status === 400 ? 'invalid number' : 'busy' }));
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  t = await startTestApp({
    notifyEmail: 'smtp', smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, smtpFrom: 'ClubCRM 客户会 <club@example.com>',
    notifySms: 'http', smsGatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`, smsGatewayToken: 'gw-secret',
  });
  st = await staff(t);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await new Promise((r) => gateway?.close(r));
});

const deliver = (now = new Date()) => deliverDueNotices(t.db, t.config, now, { log: silent });
const page = async (memberId: number) => (await st.manager.get(`/api/v1/members/${memberId}`)).body;
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

/** The text part of a raw message, whatever transfer encoding nodemailer chose. */
function mailText(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

describe('welcome notices through real providers', () => {
  it('an e-mail over SMTP and an SMS through the HTTP gateway; the member shows notified', async () => {
    const m = await newMember(st, { name: '邮件短信', idNumber: nextId(), mobile: '13900000001', email: 'welcome@example.com' });
    expect((await page(m.memberId)).member.noticeStatus).toBe('pending');
    const report = await deliver();
    expect(report).toMatchObject({ sent: 2, failed: 0 });
    const mail = mails.find((x) => x.to.includes('welcome@example.com'))!;
    expect(mail.from).toBe('club@example.com');
    expect(mail.data).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(mailText(mail.data)).toContain(m.memberNo);
    expect(mailText(mail.data)).toContain('邮件短信您好');
    const sms = texts.find((x) => x.to === '13900000001')!;
    expect(sms.auth).toBe('Bearer gw-secret');
    expect(sms.text).toContain(m.memberNo);
    const pg = await page(m.memberId);
    expect(pg.member.noticeStatus).toBe('reached');
    const sent = pg.notices.map((n: { channel: string; status: string; providerId: string; attempts: number }) => [n.channel, n.status, n.providerId.split(':')[0], n.attempts]).sort();
    expect(sent).toEqual([['email', 'sent', 'smtp', 1], ['sms', 'sent', 'http', 1]]);
    // nothing is sent twice
    expect(await deliver(minutes(60))).toMatchObject({ sent: 0 });
    expect(mails.filter((x) => x.to.includes('welcome@example.com'))).toHaveLength(1);
  });

  it('the log provider (the embedded default) records the notice as sent in the log, sending nothing', async () => {
    const m = await newMember(st, { name: '只记日志', idNumber: nextId(), mobile: '13900000002' });
    const lines: { obj: Record<string, unknown>; msg: string }[] = [];
    const log = { info: (obj: object, msg: string) => lines.push({ obj: obj as Record<string, unknown>, msg }), warn: () => {} };
    const before = texts.length;
    const report = await deliverDueNotices(t.db, { ...t.config, notifySms: 'log', notifyEmail: 'log' }, new Date(), { log });
    expect(report.sent).toBe(1);
    expect(texts.length).toBe(before);
    expect(lines[0].obj).toMatchObject({ channel: 'sms', to: '139****0002' });
    expect(String(lines[0].obj.text)).toContain(m.memberNo);
    expect(lines[0].msg).toContain('not sent');
    const pg = await page(m.memberId);
    expect(pg.notices[0]).toMatchObject({ status: 'sent', providerId: expect.stringMatching(/^log/) });
    expect(pg.member.noticeStatus).toBe('reached');
  });

  it('a refused address fails at once and for good; the member is not reached and on the worklist', async () => {
    const m = await newMember(st, { name: '退信', idNumber: nextId(), email: 'bounce@example.com' });
    const report = await deliver();
    expect(report).toMatchObject({ failed: 1, sent: 0 });
    const pg = await page(m.memberId);
    expect(pg.notices[0]).toMatchObject({ channel: 'email', status: 'failed', attempts: 1 });
    expect(pg.notices[0].lastError).toContain('550');
    expect(pg.member.noticeStatus).toBe('unreached');
    const list = (await st.service.get('/api/v1/members/unreached?pageSize=100')).body;
    const row = list.items.find((x: { id: number }) => x.id === m.memberId);
    expect(row).toMatchObject({ memberNo: m.memberNo, email: 'bounce@example.com', lastNotice: { channel: 'email', status: 'failed' } });
  });

  it('a gateway that is busy is tried again after a backoff; a number it refuses fails for good', async () => {
    gatewayScript.set('13900000003', [503]);
    gatewayScript.set('13900000004', [400]);
    const busy = await newMember(st, { name: '忙线', idNumber: nextId(), mobile: '13900000003' });
    const refused = await newMember(st, { name: '空号', idNumber: nextId(), mobile: '13900000004' });
    const now = new Date();
    const first = await deliver(now);
    expect(first).toMatchObject({ retried: 1, failed: 1 });
    let n = (await page(busy.memberId)).notices[0];
    expect(n).toMatchObject({ status: 'queued', attempts: 1 });
    expect(n.lastError).toContain('503');
    expect(new Date(n.nextAttemptAt).getTime() - now.getTime()).toBe(60_000);
    expect((await page(busy.memberId)).member.noticeStatus).toBe('pending');
    expect((await deliver(new Date(now.getTime() + 30_000))).retried + (await deliver(new Date(now.getTime() + 30_000))).sent).toBe(0);
    expect((await deliver(new Date(now.getTime() + 61_000))).sent).toBe(1);
    n = (await page(busy.memberId)).notices[0];
    expect(n).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await page(busy.memberId)).member.noticeStatus).toBe('reached');
    const r = (await page(refused.memberId)).notices[0];
    expect(r).toMatchObject({ status: 'failed', attempts: 1 });
    expect(r.lastError).toContain('400');
    expect((await page(refused.memberId)).member.noticeStatus).toBe('unreached');
  });

  it(`after ${maxAttempts} failed attempts a notice fails for good`, async () => {
    gatewayScript.set('13900000005', Array(maxAttempts).fill(503));
    const m = await newMember(st, { name: '一直忙', idNumber: nextId(), mobile: '13900000005' });
    let at = Date.now();
    for (let i = 1; i <= maxAttempts; i++) {
      await deliver(new Date(at));
      const n = (await page(m.memberId)).notices[0];
      expect(n.attempts).toBe(i);
      expect(n.status).toBe(i < maxAttempts ? 'queued' : 'failed');
      at = new Date(n.nextAttemptAt).getTime() + 1000;
    }
    expect((await page(m.memberId)).member.noticeStatus).toBe('unreached');
  });
});

describe('contacts recorded by staff and the worklist', () => {
  it('a member with no mobile or e-mail is not reached at once; a call recorded as reached takes them off the list', async () => {
    const m = await newMember(st, { name: '无联系方式', idNumber: nextId(), address: '杭州市上城区解放路 1 号' });
    expect((await page(m.memberId)).member.noticeStatus).toBe('unreached');
    let list = (await st.service.get('/api/v1/members/unreached?pageSize=100')).body;
    expect(list.items.find((x: { id: number }) => x.id === m.memberId)).toMatchObject({ address: '杭州市上城区解放路 1 号', lastNotice: null });

    const sms = await st.service.post(`/api/v1/members/${m.memberId}/notices/record`, { channel: 'sms', result: 'reached', note: '短信' }, { 'accept-language': 'en' });
    expect(sms.status).toBe(400);
    expect(sms.body.error.details[0].field).toBe('channel');
    const unknown = await st.service.post(`/api/v1/members/${m.memberId}/notices/record`, { channel: 'pigeon', result: 'reached', note: '飞鸽' });
    expect(unknown.status).toBe(400);
    const letter = await st.service.post(`/api/v1/members/${m.memberId}/notices/record`, { channel: 'letter', result: 'unreached', note: '信件退回：地址不详' });
    expect(letter.status).toBe(200);
    expect(letter.body).toMatchObject({ channel: 'letter', status: 'unreached', createdBy: 'service' });
    expect((await page(m.memberId)).member.noticeStatus).toBe('unreached');
    const call = await st.service.post(`/api/v1/members/${m.memberId}/notices/record`, { channel: 'phone', result: 'reached', note: '电话已通知本人' });
    expect(call.status).toBe(200);
    expect((await page(m.memberId)).member.noticeStatus).toBe('reached');
    list = (await st.service.get('/api/v1/members/unreached?pageSize=100')).body;
    expect(list.items.some((x: { id: number }) => x.id === m.memberId)).toBe(false);
    const log = (await st.service.get(`/api/v1/notices?memberId=${m.memberId}`)).body;
    expect(log.items.map((n: { channel: string; status: string }) => `${n.channel}:${n.status}`)).toEqual(['phone:reached', 'letter:unreached']);
    // only notify.manage works the list
    expect((await st.manager.get('/api/v1/members/unreached')).status).toBe(403);
  });

  it('the welcome SMS can be sent again from the worklist once a mobile is known', async () => {
    const m = await newMember(st, { name: '后补手机', idNumber: nextId() });
    const none = await st.service.post(`/api/v1/members/${m.memberId}/notices/send`, { channel: 'sms' });
    expect(none.status).toBe(422);
    expect(none.body.error.message).toContain('手机号');
    expect((await st.service.patch(`/api/v1/members/${m.memberId}`, { mobile: '13900000006' })).status).toBe(200);
    const again = await st.service.post(`/api/v1/members/${m.memberId}/notices/send`, { channel: 'sms' });
    expect(again.status).toBe(200);
    expect(again.body.noticeStatus).toBe('pending');
    await deliver();
    expect(texts.some((x) => x.to === '13900000006')).toBe(true);
    expect((await page(m.memberId)).member.noticeStatus).toBe('reached');
  });
});

describe('通知记录 (GET /notices): permission and data scope', () => {
  it('a user with a department scope sees only the notices of their department\'s members; without notify.manage none', async () => {
    const [a, b] = [await newMember(st, { name: '通知甲', idNumber: nextId() }), await newMember(st, { name: '通知乙', idNumber: nextId() })];
    for (const [m, dept] of [[a, '案场甲'], [b, '案场乙']] as const) {
      await rows(t.db.db, sql`UPDATE customers SET department = ${dept} WHERE id = (SELECT customer_id FROM members WHERE id = ${m.memberId})`);
      const r = await st.service.post(`/api/v1/members/${m.memberId}/notices/record`, { channel: 'letter', result: 'unreached', note: `寄往${dept}` });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const role = await st.admin.post('/api/v1/roles', { code: 'office_notices', nameZh: '案场通知', nameEn: 'Office notices', permissions: ['notify.manage'], dataScope: 'department' });
    expect(role.status, JSON.stringify(role.body)).toBe(200);
    const user = await st.admin.post('/api/v1/users', { login: 'notices_a', name: '甲案场客服', department: '案场甲', password: 'Harbour-lamp-42', roleIds: [role.body.id] });
    expect(user.status, JSON.stringify(user.body)).toBe(200);
    const officeA = await t.signIn('notices_a', 'Harbour-lamp-42');
    const members = (body: { items: { memberId: number }[] }) => body.items.map((n) => n.memberId);
    const own = await officeA.get('/api/v1/notices?channel=letter&pageSize=100');
    expect(own.status).toBe(200);
    expect(members(own.body)).toEqual([a.memberId]);
    expect(own.body.total).toBe(1);
    // another department's member, asked for by id: nothing
    expect((await officeA.get(`/api/v1/notices?memberId=${b.memberId}`)).body).toMatchObject({ items: [], total: 0 });
    // scope all sees both
    expect(members((await st.service.get('/api/v1/notices?channel=letter&pageSize=100')).body)).toEqual(expect.arrayContaining([a.memberId, b.memberId]));
    // permission: notify.manage
    expect((await st.manager.get('/api/v1/notices')).status).toBe(403);
    expect((await t.anonymous.get('/api/v1/notices')).status).toBe(401);
  });
});

describeOnPostgres('several workers at once (PostgreSQL)', () => {
  it('never send one notice twice', async () => {
    const made = [];
    for (let i = 0; i < 12; i++) made.push(await newMember(st, { name: `并发${i}`, idNumber: nextId(), mobile: `1390001${String(i).padStart(4, '0')}` }));
    const before = texts.length;
    const reports = await Promise.all([1, 2, 3, 4].map(() => deliverDueNotices(t.db, t.config, new Date(), { log: silent, batchSize: 2 })));
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(12);
    const got = texts.slice(before).map((x) => x.to).sort();
    expect(got).toEqual(made.map((_, i) => `1390001${String(i).padStart(4, '0')}`).sort());
  });
});
