// Fixtures for membership tests: valid resident ID numbers, applications entered through the
// API, members made by approving them, old-project owners imported from a CSV file.
import { expect } from 'vitest';
import { idCheckDigit } from '../../src/modules/customers/identity.ts';
import type { Session, TestApp } from './app.ts';

/** A valid mainland resident ID number (GB 11643 check digit) for a sequence number. */
export function residentId(seq: number, birth = '19850315', region = '330106'): string {
  const first17 = `${region}${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/** The same number with a wrong check digit. */
export function withWrongCheckDigit(id: string): string {
  const right = id[17];
  return id.slice(0, 17) + (right === '0' ? '1' : '0');
}

let seq = 100;
/** A distinct valid ID number per call. */
export const nextId = (birth = '19850315') => residentId(seq++, birth);

export interface Staff { service: Session; manager: Session; admin: Session }

export async function staff(t: TestApp, suffix = ''): Promise<Staff> {
  return {
    service: await t.userWithRoles(`service${suffix}`, ['service']),
    manager: await t.userWithRoles(`manager${suffix}`, ['manager']),
    admin: await t.signIn(),
  };
}

export async function apply(s: Session, body: Record<string, unknown>) {
  return s.post('/api/v1/applications', { channel: 'service_center', subChannel: 'event', ...body });
}

/** Enters an application and approves it with nothing picked: a new member. */
export async function newMember(st: Staff, body: Record<string, unknown>): Promise<{ memberId: number; memberNo: string; applicationId: number }> {
  const a = await apply(st.service, body);
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { memberId: r.body.member.id, memberNo: r.body.member.memberNo, applicationId: a.body.application.id };
}

/** Imports old-project owners (老项目业主) through the customers import API. */
export async function importOwners(s: Session, owners: { name: string; idNumber: string; project: string; unit: string; mobile?: string }[]) {
  const csv = ['姓名,证件号码,手机,项目,房号', ...owners.map((o) => [o.name, o.idNumber, o.mobile ?? '', o.project, o.unit].join(','))].join('\n');
  const r = await s.post('/api/v1/customers/import?kind=owners&fileName=owners.csv&wait=60', csv, { 'content-type': 'text/csv' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.status).toBe('done');
  return r.body;
}

export async function customerByIdNumber(s: Session, idNumber: string) {
  const r = await s.get(`/api/v1/customers?q=${idNumber}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as { id: number; name: string; memberId: number | null }[];
}
