// What merchants need from other modules, in one place: members (membership), their level and
// the main card types (cards). Each is a small function so the owner's service is called from
// exactly one spot.
import { rows, sql, type Tx } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';

export interface ServedMember { id: number; memberNo: string; name: string; status: string }

/** A member by id, member number or card number (any card they hold or held). */
export async function findServedMember(tx: Tx, by: { memberId?: number | null; memberNo?: string | null; cardNo?: string | null }): Promise<ServedMember> {
  let cond;
  let field = 'memberId';
  if (by.memberId) cond = sql`m.id = ${by.memberId}`;
  else if (by.memberNo) { cond = sql`m.member_no = ${by.memberNo}`; field = 'memberNo'; }
  else if (by.cardNo) { cond = sql`m.id = (SELECT member_id FROM cards WHERE card_no = ${by.cardNo})`; field = 'cardNo'; }
  else throw invalidField('memberId', 'merchant.memberRequired');
  const [m] = await rows<ServedMember>(tx, sql`
    SELECT m.id, m.member_no AS "memberNo", c.name, m.status FROM members m JOIN customers c ON c.id = m.customer_id WHERE ${cond}`);
  if (!m) throw invalidField(field, 'merchant.unknownMember', { value: by.memberId ?? by.memberNo ?? by.cardNo });
  return m;
}

/** The member by member number, for the website; null when there is none. */
export async function memberByNo(tx: Tx, memberNo: string): Promise<ServedMember | null> {
  const [m] = await rows<ServedMember>(tx, sql`
    SELECT m.id, m.member_no AS "memberNo", c.name, m.status FROM members m JOIN customers c ON c.id = m.customer_id WHERE m.member_no = ${memberNo}`);
  return m ?? null;
}

/** The member's level: the card type of their active main card (cards module), or null. */
export async function levelOfMember(tx: Tx, memberId: number): Promise<string | null> {
  const [l] = await rows<{ code: string }>(tx, sql`
    SELECT type_code AS code FROM cards WHERE member_id = ${memberId} AND kind = 'main' AND status = 'active'`);
  return l?.code ?? null;
}

/** Names of members for lists. */
export async function memberLabels(tx: Tx, memberIds: number[]): Promise<Map<number, { memberNo: string; name: string }>> {
  const ids = [...new Set(memberIds)];
  if (!ids.length) return new Map();
  const list = await rows<{ id: number; member_no: string; name: string }>(tx, sql`
    SELECT m.id, m.member_no, c.name FROM members m JOIN customers c ON c.id = m.customer_id
    WHERE m.id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
  return new Map(list.map((m) => [m.id, { memberNo: m.member_no, name: m.name }]));
}

/** Throws a 400 naming field.i unless every code is an active main card type (a level). */
export async function assertLevels(tx: Tx, codes: string[], field: string): Promise<void> {
  if (!codes.length) return;
  const found = await rows<{ code: string }>(tx, sql`
    SELECT t.code FROM card_types t JOIN dictionary_items d ON d.kind = 'card_type' AND d.code = t.code
    WHERE t.kind = 'main' AND t.active AND d.active AND t.code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
  const ok = new Set(found.map((f) => f.code));
  const bad = codes.findIndex((c) => !ok.has(c));
  if (bad >= 0) throw invalidField(`${field}.${bad}`, 'merchant.unknownLevel', { level: codes[bad] });
}

/** The levels a service can be open to: active main card types, lowest rank first, with their labels. */
export async function levelOptions(tx: Tx): Promise<{ code: string; rank: number; labelZh: string; labelEn: string }[]> {
  return rows(tx, sql`
    SELECT t.code, t.rank, d.label_zh AS "labelZh", d.label_en AS "labelEn"
    FROM card_types t JOIN dictionary_items d ON d.kind = 'card_type' AND d.code = t.code
    WHERE t.kind = 'main' AND t.active AND d.active ORDER BY t.rank`);
}
