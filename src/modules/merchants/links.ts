// What merchants need from other modules, in one place: members (membership, customers), their
// level and the main card types (cards). Each is a small function so the owner's service is
// called from exactly one spot.
import { rows, sql, type Tx } from '../../db/index.ts';
import { AppError, invalidField } from '../../http/errors.ts';
import { listCardTypes, lookupCard, memberLevel } from '../cards/service.ts';
import { getCustomer } from '../customers/service.ts';
import { getMember } from '../membership/service.ts';

export interface ServedMember { id: number; memberNo: string; name: string; status: string }

const isNotFound = (e: unknown) => e instanceof AppError && e.status === 404;

/** Member id by member number. Membership exports no look-up by number; this reads the one column. */
async function memberIdByNo(tx: Tx, memberNo: string): Promise<number | null> {
  const [m] = await rows<{ id: number }>(tx, sql`SELECT id FROM members WHERE member_no = ${memberNo.trim()}`);
  return m?.id ?? null;
}

async function served(tx: Tx, id: number): Promise<ServedMember | null> {
  try {
    const m = await getMember(tx, id);
    const person = await getCustomer(tx, m.customerId, { includeDeleted: true });
    return { id: m.id, memberNo: m.memberNo, name: person.name, status: m.status };
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** A member by id, member number or card number (any card they hold or held); a 400 naming the field when unknown. */
export async function findServedMember(tx: Tx, by: { memberId?: number | null; memberNo?: string | null; cardNo?: string | null }): Promise<ServedMember> {
  let id: number | null = null;
  let field = 'memberId';
  let value: unknown = by.memberId;
  if (by.memberId) id = by.memberId;
  else if (by.memberNo) { field = 'memberNo'; value = by.memberNo; id = await memberIdByNo(tx, by.memberNo); }
  else if (by.cardNo) {
    field = 'cardNo'; value = by.cardNo;
    try {
      id = (await lookupCard(tx, by.cardNo)).memberId;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  } else throw invalidField('memberId', 'merchant.memberRequired');
  const m = id ? await served(tx, id) : null;
  if (!m) throw invalidField(field, 'merchant.unknownMember', { value });
  return m;
}

/** The member by member number, for the website; null when there is none. */
export async function memberByNo(tx: Tx, memberNo: string): Promise<ServedMember | null> {
  const id = await memberIdByNo(tx, memberNo);
  return id ? served(tx, id) : null;
}

/** The member's level: the card type of their active main card (cards module), or null. */
export async function levelOfMember(tx: Tx, memberId: number): Promise<string | null> {
  return (await memberLevel(tx, memberId))?.code ?? null;
}

/** Names of members for lists (one query for the page, not one per row). */
export async function memberLabels(tx: Tx, memberIds: number[]): Promise<Map<number, { memberNo: string; name: string }>> {
  const ids = [...new Set(memberIds)];
  if (!ids.length) return new Map();
  const list = await rows<{ id: number; member_no: string; name: string }>(tx, sql`
    SELECT m.id, m.member_no, c.name FROM members m JOIN customers c ON c.id = m.customer_id
    WHERE m.id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
  return new Map(list.map((m) => [m.id, { memberNo: m.member_no, name: m.name }]));
}

/** The levels a service can be open to: active main card types, lowest rank first, with their labels. */
export async function levelOptions(tx: Tx): Promise<{ code: string; rank: number; labelZh: string; labelEn: string }[]> {
  const types = await listCardTypes(tx);
  return types.filter((t) => t.kind === 'main' && t.active).sort((a, b) => a.rank - b.rank)
    .map((t) => ({ code: t.code, rank: t.rank, labelZh: t.labelZh, labelEn: t.labelEn }));
}

/** Throws a 400 naming field.i unless every code is an active main card type (a level). */
export async function assertLevels(tx: Tx, codes: string[], field: string): Promise<void> {
  if (!codes.length) return;
  const ok = new Set((await levelOptions(tx)).map((l) => l.code));
  const bad = codes.findIndex((c) => !ok.has(c));
  if (bad >= 0) throw invalidField(`${field}.${bad}`, 'merchant.unknownLevel', { level: codes[bad] });
}
