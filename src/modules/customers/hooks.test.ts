// Typed hooks (src/hooks.ts) run their listeners inside the owner's transaction: a listener that
// fails rolls the whole business action back — the owner's own writes and the other listeners'.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { apply, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { balanceOf } from '../../../test/helpers/points.ts';
import { AppError } from '../../http/errors.ts';
import { applicationApproved } from '../membership/hooks.ts';
import { purchaseFullyPaid } from './hooks.ts';

let t: TestApp;
let admin: Session;
let st: Staff;
const dispose: (() => void)[] = [];
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  st = await staff(t, 'hooks');
});
afterEach(async () => {
  while (dispose.length) dispose.pop()!();
  if (t) await expectLedgerConsistent(t.db);
});
afterAll(async () => { await t?.close(); });

/** A listener that refuses, as a real one may (a rule broken downstream). */
const refusing = () => { throw new AppError(409, 'LISTENER_REFUSED', 'validation.failed'); };

describe('a failing hook listener', () => {
  it('rolls a payment that completes the purchase back: no payment, not paid off, no purchase points', async () => {
    const [m] = await createMembers(t.db, 1);
    const p = await admin.post(`/api/v1/customers/${m.customerId}/purchases`, { project: '钩子花园', unit: `H-${process.pid}-1`, priceFen: 100_000_00 });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const part = await admin.post(`/api/v1/purchases/${p.body.id}/payments`, { amountFen: 40_000_00 });
    expect(part.status, JSON.stringify(part.body)).toBe(200);

    // after points (10) and care (20): by then the points module has booked the purchase points
    dispose.push(purchaseFullyPaid.on(async () => refusing(), { order: 50 }));
    const r = await admin.post(`/api/v1/purchases/${p.body.id}/payments`, { amountFen: 60_000_00 });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.error.code).toBe('LISTENER_REFUSED');

    const detail = (await admin.get(`/api/v1/customers/${m.customerId}`)).body;
    const purchase = detail.purchases.find((x: { id: number }) => x.id === p.body.id);
    expect(purchase).toMatchObject({ receivedFen: 40_000_00, status: 'contracted', fullyPaidAt: null });
    expect(purchase.payments.map((x: { amountFen: number }) => x.amountFen)).toEqual([40_000_00]);
    expect(await balanceOf(admin, m.id)).toBe(0);
    expect((await admin.get(`/api/v1/audit?action=purchase.fullyPaid&entityType=purchase&entityId=${p.body.id}`)).body.total).toBe(0);

    // the listener gone, the same payment completes the purchase and books its points once
    dispose.pop()!();
    const ok = await admin.post(`/api/v1/purchases/${p.body.id}/payments`, { amountFen: 60_000_00 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.purchase).toMatchObject({ status: 'paid_off' });
    expect(await balanceOf(admin, m.id)).toBe(1_000);
  });

  it('rolls an approval back: no member, no card, the application still pending', async () => {
    const a = await apply(st.service, { name: '钩子测', idNumber: nextId(), mobile: '13599991234' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const members = async () => (await st.manager.get('/api/v1/members?pageSize=1')).body.total as number;
    const before = await members();

    // after cards (10): the card has been issued and its base points credited when this refuses
    dispose.push(applicationApproved.on(async () => refusing(), { order: 50 }));
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { cardNo: 'HK 770001' });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.error.code).toBe('LISTENER_REFUSED');
    expect((await st.manager.get(`/api/v1/applications/${a.body.application.id}`)).body.application).toMatchObject({ status: 'pending', memberId: null });
    expect(await members()).toBe(before);

    dispose.pop()!();
    const ok = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { cardNo: 'HK 770001' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ cardNo: 'HK770001', cardIssued: true });
    expect(await members()).toBe(before + 1);
  });
});
