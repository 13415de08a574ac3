import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterAll(async () => { await t?.close(); });

describe('activities (first version: enough to be the event of points)', () => {
  it('are planned with a type from the dictionary and a period; bad input names the field and stores nothing', async () => {
    const badType = await admin.post('/api/v1/activities', { name: '品酒会', type: 'wine', startsOn: '2026-05-01', endsOn: '2026-05-01' });
    expect(badType.status).toBe(400);
    expect(badType.body.error.details[0].field).toBe('type');
    const badPeriod = await admin.post('/api/v1/activities', { name: '品酒会', type: 'salon', startsOn: '2026-05-02', endsOn: '2026-05-01' }, { 'accept-language': 'en' });
    expect(badPeriod.body.error.details).toEqual([{ field: 'endsOn', issue: 'the end date cannot be before the start date' }]);
    const ok = await admin.post('/api/v1/activities', { name: '品酒会', type: 'salon', startsOn: '2026-05-01', endsOn: '2026-05-01', pointsPerParticipant: 30 });
    expect(ok.body).toMatchObject({ status: 'planned', pointsPerParticipant: 30, createdBy: '系统管理员' });
    expect((await admin.get('/api/v1/activities?q=品酒')).body.total).toBe(1);
  });

  it('need approval (activity.approve) before points may name them; a closed activity cannot change', async () => {
    const a = (await admin.post('/api/v1/activities', { name: '亲子运动会', type: 'onsite', startsOn: '2026-06-01', endsOn: '2026-06-02' })).body;
    const service = await t.userWithRoles('act_service', ['service']);
    expect((await service.post(`/api/v1/activities/${a.id}/approve`)).status).toBe(403);
    const manager = await t.userWithRoles('act_manager', ['manager']);
    const approved = await manager.post(`/api/v1/activities/${a.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'act_manager' });
    expect((await admin.get('/api/v1/points/events?sourceType=activity')).body.map((e: { id: number }) => e.id)).toContain(a.id);
    expect((await service.post(`/api/v1/activities/${a.id}/close`)).body.status).toBe('closed');
    const edit = await admin.patch(`/api/v1/activities/${a.id}`, { name: '改名' });
    expect(edit.status).toBe(422);
    expect(edit.body.error.message).toBe('活动“亲子运动会”已结束，不能修改');
    const audit = await admin.get(`/api/v1/audit?entityType=activity&entityId=${a.id}`);
    expect(audit.body.items.map((x: { action: string }) => x.action).sort()).toEqual(['activity.approve', 'activity.close', 'activity.create']);
  });
});
