// Idempotent replays: the main mutating endpoint of each module sent twice with the same
// Idempotency-Key gives the same reply and no second effect (rows, balances, stock unchanged).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../helpers/app.ts';
import { tableFingerprints } from '../../src/db/backup.ts';
import { clubMember } from '../helpers/club.ts';
import { nextId } from '../helpers/membership.ts';
import { approvedActivity, nextCardNo, attendAll } from '../helpers/points.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => { t = await startTestApp(); admin = await t.signIn(); });
afterAll(async () => { await t?.close(); });

const fingerprint = async () => {
  const f = await t.db.transaction((tx) => tableFingerprints(tx));
  delete f.sessions;
  return f;
};

/** Sends the request, then the same again with the same key: same reply, database untouched by the second. */
async function twice(method: 'post' | 'patch', url: string, body: unknown, key: string) {
  const first = await admin[method](url, body, { 'idempotency-key': key });
  expect(first.status, `${url} ${JSON.stringify(first.body)}`).toBe(200);
  const before = await fingerprint();
  const again = await admin[method](url, body, { 'idempotency-key': key });
  expect(again.status, url).toBe(200);
  expect(again.body, url).toEqual(first.body);
  const after = await fingerprint();
  expect(Object.keys(after).filter((k) => after[k] !== before[k]), `${url}: tables changed by the replay`).toEqual([]);
  return first.body;
}

describe('the same request twice with the same Idempotency-Key', () => {
  it('has one effect for each main mutation of every module', async () => {
    const customer = await twice('post', '/api/v1/customers', { name: '重放客户', mobile: '13955556666' }, 'r-customer');
    const purchase = await twice('post', `/api/v1/customers/${customer.id}/purchases`, { project: '西溪里', unit: '1-101', priceFen: 100_000_00 }, 'r-purchase');
    await twice('post', `/api/v1/purchases/${purchase.id}/payments`, { amountFen: 100_000_00, paidAt: new Date().toISOString() }, 'r-payment');
    const app = await twice('post', '/api/v1/applications', { channel: 'service_center', subChannel: 'event', name: '重放会员', idType: 'resident_id', idNumber: nextId(), birthday: '1985-03-15' }, 'r-application');
    const approved = await twice('post', `/api/v1/applications/${app.application.id}/approve`, {}, 'r-approve');
    const memberId = approved.member.id as number;
    await twice('post', '/api/v1/cards', { memberId, cardNo: nextCardNo('77') }, 'r-card');
    const activity = await approvedActivity(admin);
    await attendAll(t.db, activity, [memberId]);
    const posted = await twice('post', '/api/v1/points/entries', { memberId, amount: 200, sourceType: 'activity', sourceId: activity, reason: 'replay' }, 'r-points');
    const plan = await twice('post', '/api/v1/redemption-plans', { item: '电影票', pointsCost: 50, stockTotal: 10 }, 'r-plan');
    const red = await twice('post', '/api/v1/redemptions', { planId: plan.id, memberId }, 'r-redeem');
    await twice('post', `/api/v1/redemptions/${red.redemption.id}/cancel`, { reason: '会员取消' }, 'r-cancel');
    const staff = { service: await t.userWithRoles('replay_service', ['service']), manager: await t.userWithRoles('replay_manager', ['manager']) };
    const other = await clubMember(staff, { name: '活动会员', card: false });
    await twice('post', `/api/v1/activities/${activity}/participants`, { memberNo: other.memberNo }, 'r-participant');
    const complaint = await twice('post', '/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '物业响应慢', complainantName: '王先生' }, 'r-complaint');
    await twice('post', `/api/v1/complaints/${complaint.id}/steps`, { handlerId: 1, opinion: '电话回访，已联系' }, 'r-step');
    const merchant = await twice('post', '/api/v1/merchants', { code: 'REPLAY-1', name: '重放洗车行' }, 'r-merchant');
    expect(merchant.id).toBeGreaterThan(0);
    const balance = await admin.get(`/api/v1/members/${memberId}/points`);
    // one redemption, cancelled once: the balance is back where the single posting left it
    expect(balance.body.balance).toBe(posted.balance);
  });
});
