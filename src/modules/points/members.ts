// The few facts about members that cards and points need, read in one place.
// TO BE REPLACED by membership service calls (getMember, membersByNo, liveMemberOfCustomer) once
// src/modules/membership/service.ts exports them: membership owns the members table.
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { notFound, refused } from '../../http/errors.ts';

export interface MemberFacts {
  id: number;
  memberNo: string;
  customerId: number;
  status: string; // active / leaving / archived
}

const columns = sql`id, member_no AS "memberNo", customer_id AS "customerId", status`;

export async function findMember(tx: Tx, id: number): Promise<MemberFacts | null> {
  const [m] = await rows<MemberFacts>(tx, sql`SELECT ${columns} FROM members WHERE id = ${id}`);
  return m ?? null;
}

export async function getMemberFacts(tx: Tx, id: number): Promise<MemberFacts> {
  const m = await findMember(tx, id);
  if (!m) throw notFound('member', id);
  return m;
}

/** A member whose points or cards may change: an archived (left) member is read-only. */
export async function getLiveMember(tx: Tx, id: number): Promise<MemberFacts> {
  const m = await getMemberFacts(tx, id);
  if (m.status === 'archived') throw refused('MEMBER_ARCHIVED', 'member.archivedReadOnly', { memberNo: m.memberNo });
  return m;
}

export async function memberByNo(tx: Tx, memberNo: string): Promise<MemberFacts | null> {
  const [m] = await rows<MemberFacts>(tx, sql`SELECT ${columns} FROM members WHERE member_no = ${memberNo}`);
  return m ?? null;
}

/** The live (not archived) member a customer is, if any. */
export async function liveMemberOfCustomer(tx: Tx, customerId: number): Promise<MemberFacts | null> {
  const [m] = await rows<MemberFacts>(tx, sql`SELECT ${columns} FROM members WHERE customer_id = ${customerId} AND status <> 'archived' ORDER BY id DESC LIMIT 1`);
  return m ?? null;
}

/** Member ids by member number, for batch input; unknown numbers are left out. */
export async function memberIdsByNo(tx: Tx, memberNos: string[]): Promise<Map<string, { id: number; status: string }>> {
  if (!memberNos.length) return new Map();
  const found = await rows<{ no: string; id: number; status: string }>(
    tx, sql`SELECT member_no AS no, id, status FROM members WHERE member_no = ANY(${sql.param(memberNos)}::text[])`,
  );
  return new Map(found.map((r) => [r.no, { id: r.id, status: r.status }]));
}

/** Names for lists: member number and the person's name. */
export async function memberLabels(tx: Tx, ids: number[]): Promise<Map<number, { memberNo: string; name: string }>> {
  if (!ids.length) return new Map();
  const found = await rows<{ id: number; memberNo: string; name: string }>(
    tx, sql`SELECT m.id, m.member_no AS "memberNo", c.name FROM members m JOIN customers c ON c.id = m.customer_id WHERE m.id = ANY(${sql.param(ids)}::int[])`,
  );
  return new Map(found.map((r) => [r.id, { memberNo: r.memberNo, name: r.name }]));
}

