import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('Idempotency-Key on mutations', () => {
  it('a replay with the same key and body returns the first reply and creates nothing more', async () => {
    const admin = await t.signIn();
    const body = { kind: 'activity_type', code: 'book_club', labelZh: '读书会', labelEn: 'Book club' };
    const first = await admin.post('/api/v1/dictionaries', body, { 'idempotency-key': 'dict-1' });
    expect(first.status).toBe(200);
    const again = await admin.post('/api/v1/dictionaries', body, { 'idempotency-key': 'dict-1' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const list = await admin.get('/api/v1/dictionaries?kind=activity_type');
    expect(list.body.filter((i: { code: string }) => i.code === 'book_club')).toHaveLength(1);
    const audit = await admin.get('/api/v1/audit?action=dictionary.create');
    expect(audit.body.items.filter((a: { entityId: string }) => a.entityId === String(first.body.id))).toHaveLength(1);
  });

  it('the same key with a different body is refused with 422 and changes nothing', async () => {
    const admin = await t.signIn();
    await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'hike', labelZh: '徒步', labelEn: 'Hike' }, { 'idempotency-key': 'dict-2' });
    const other = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'golf', labelZh: '高尔夫', labelEn: 'Golf' }, { 'idempotency-key': 'dict-2', 'accept-language': 'en' });
    expect(other.status).toBe(422);
    expect(other.body.error.message).toBe('This Idempotency-Key was already used for a different request');
    const list = await admin.get('/api/v1/dictionaries?kind=activity_type');
    expect(list.body.some((i: { code: string }) => i.code === 'golf')).toBe(false);
  });

  it('a failed request does not use up its key: fixing the input and retrying works', async () => {
    const admin = await t.signIn();
    const bad = await admin.post('/api/v1/dictionaries', { kind: 'no_such_kind', code: 'x', labelZh: 'x', labelEn: 'x' }, { 'idempotency-key': 'dict-3' });
    expect(bad.status).toBe(400);
    const badAgain = await admin.post('/api/v1/dictionaries', { kind: 'no_such_kind', code: 'x', labelZh: 'x', labelEn: 'x' }, { 'idempotency-key': 'dict-3' });
    expect(badAgain.status).toBe(400);
  });

  it('keys of different callers do not collide', async () => {
    const admin = await t.signIn();
    const other = await t.userWithRoles('dict_admin2', ['admin']);
    const a = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'chess', labelZh: '象棋', labelEn: 'Chess' }, { 'idempotency-key': 'shared' });
    const b = await other.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'tea', labelZh: '茶会', labelEn: 'Tea party' }, { 'idempotency-key': 'shared' });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('a malformed key is a 400 naming the header', async () => {
    const admin = await t.signIn();
    const r = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'yoga', labelZh: '瑜伽', labelEn: 'Yoga' }, { 'idempotency-key': 'has spaces!' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('Idempotency-Key');
  });
});
