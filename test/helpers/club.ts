// Members with cards for the activities and care tests, made the way staff make them: an
// application entered by the service centre and approved by a manager with a card number
// (which issues the card), then profile facts (tags, purchases) through the customers API.
import { expect } from 'vitest';
import type { Session } from './app.ts';
import { nextId } from './membership.ts';
import { nextCardNo } from './points.ts';

export interface ClubStaff { service: Session; manager: Session }

export interface ClubMember { memberId: number; memberNo: string; customerId: number; cardNo: string | null; name: string }

export interface ClubMemberInput {
  name: string;
  /** YYYY-MM-DD; the ID number carries the same birth date */
  birthday?: string;
  mobile?: string | null;
  email?: string | null;
  /** false: no card */
  card?: boolean;
  tags?: string[];
}

export async function clubMember(st: ClubStaff, p: ClubMemberInput): Promise<ClubMember> {
  const birthday = p.birthday ?? '1985-03-15';
  const cardNo = p.card === false ? null : nextCardNo('66');
  const a = await st.service.post('/api/v1/applications', {
    channel: 'service_center', subChannel: 'event', name: p.name, idType: 'resident_id', idNumber: nextId(birthday.replaceAll('-', '')), birthday,
    mobile: p.mobile ?? null, email: p.email ?? null,
  });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, cardNo ? { cardNo } : {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const member = await st.manager.get(`/api/v1/members/${r.body.member.id}`);
  expect(member.status, JSON.stringify(member.body)).toBe(200);
  const customerId = member.body.customer.id as number;
  if (p.tags?.length) {
    const c = await st.service.patch(`/api/v1/customers/${customerId}`, { tags: p.tags });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
  }
  return { memberId: r.body.member.id, memberNo: r.body.member.memberNo, customerId, cardNo, name: p.name };
}

/** A purchase in a project, fully paid: the "purchase fully paid" event fires. */
export async function paidPurchase(s: Session, customerId: number, project: string, unit: string, priceFen = 1_000_000_00) {
  const p = await s.post(`/api/v1/customers/${customerId}/purchases`, { project, unit, priceFen, contractNo: `HT-${project}-${unit}` });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  const pay = await s.post(`/api/v1/purchases/${p.body.id}/payments`, { amountFen: priceFen, paidAt: new Date().toISOString() });
  expect(pay.status, JSON.stringify(pay.body)).toBe(200);
  return p.body.id as number;
}

/** Ends a membership the way the service centre does: a leave request, approved. */
export async function leaveClub(st: ClubStaff, memberId: number) {
  const r = await st.service.post(`/api/v1/members/${memberId}/leave-requests`, { reason: 'normal' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const ok = await st.manager.post(`/api/v1/leave-requests/${r.body.id}/approve`, {});
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
}
