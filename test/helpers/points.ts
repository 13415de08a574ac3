// Small steps the cards and points tests share, all through the HTTP API.
import { expect } from 'vitest';
import type { Session } from './app.ts';
export { attendAll } from './members.ts';

let activitySeq = 0;

/** An approved activity: the business event manual points name (no points per participant unless asked). */
export async function approvedActivity(admin: Session, points = 0): Promise<number> {
  const a = await admin.post('/api/v1/activities', {
    name: `业主沙龙 ${++activitySeq}`, type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31', pointsPerParticipant: points,
  });
  expect(a.status).toBe(200);
  expect((await admin.post(`/api/v1/activities/${a.body.id}/approve`)).status).toBe(200);
  return a.body.id;
}

/**
 * Books points for a member (positive: add, negative: deduct) for an activity; returns the reply.
 * Points added for an activity need the member's participation: it is recorded first (through
 * the API, as staff would; a member recorded before is left as is).
 */
export async function addPoints(admin: Session, memberId: number, amount: number, activityId: number, headers?: Record<string, string>) {
  if (amount > 0) await admin.post(`/api/v1/activities/${activityId}/participants`, { memberId }); // a refusal here shows in the posting's own
  return admin.post('/api/v1/points/entries', { memberId, amount, sourceType: 'activity', sourceId: activityId, reason: 'test' }, headers);
}

/** Records the member as having taken part in the activity (once; a second time is a 409 that is fine here). */
export async function attend(admin: Session, activityId: number, memberId: number): Promise<void> {
  const r = await admin.post(`/api/v1/activities/${activityId}/participants`, { memberId });
  expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
}

export async function balanceOf(admin: Session, memberId: number): Promise<number> {
  const r = await admin.get(`/api/v1/members/${memberId}/points`);
  expect(r.status).toBe(200);
  return r.body.balance;
}

let cardSeq = 0;
/** A fresh, valid card number. */
export function nextCardNo(prefix = '88'): string {
  return `${prefix}${String(process.pid % 10000).padStart(4, '0')}${String(++cardSeq).padStart(6, '0')}`;
}
