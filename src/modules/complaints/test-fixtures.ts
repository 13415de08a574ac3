// Test fixtures for complaints and merchants: club members with a main card of a level.
// Members and cards belong to the membership and cards modules; until their services can make
// one in a single call, tests create the rows here, in one place.
import { rows, sql, type Db } from '../../db/index.ts';

/** A test app or an e2e server: anything holding the database. */
type HasDb = { db: Pick<Db, 'db'> };

let seq = 0;

export interface FixtureMember { id: number; memberNo: string; name: string; cardNo: string | null; level: string | null }

/** A member (customer + member row) holding an active main card of `level` (card type code), if given. */
export async function makeMember(t: HasDb, input: { name: string; mobile?: string; level?: string | null; cardNo?: string; status?: string }): Promise<FixtureMember> {
  seq += 1;
  const tag = `${process.pid % 10000}${String(seq).padStart(4, '0')}`;
  const memberNo = `MT${tag}`;
  const [cust] = await rows<{ id: number }>(t.db.db, sql`INSERT INTO customers (name, mobile) VALUES (${input.name}, ${input.mobile ?? null}) RETURNING id`);
  const [m] = await rows<{ id: number }>(t.db.db, sql`
    INSERT INTO members (member_no, customer_id, status) VALUES (${memberNo}, ${cust.id}, ${input.status ?? 'active'}) RETURNING id`);
  await rows(t.db.db, sql`UPDATE customers SET member_id = ${m.id} WHERE id = ${cust.id}`);
  let cardNo: string | null = null;
  const level = input.level === undefined ? 'normal' : input.level;
  if (level) {
    cardNo = input.cardNo ?? `C${tag}`;
    await ensureMainCardType(t, level);
    await rows(t.db.db, sql`
      INSERT INTO cards (card_no, member_id, type_code, kind, status, issued_by) VALUES (${cardNo}, ${m.id}, ${level}, 'main', 'active', 'test')`);
  }
  return { id: m.id, memberNo, name: input.name, cardNo, level };
}

/** Makes `code` (a card_type dictionary value) a main card type, ranked after the existing ones. */
export async function ensureMainCardType(t: HasDb, code: string) {
  await rows(t.db.db, sql`
    INSERT INTO card_types (code, kind, rank) SELECT ${code}, 'main', coalesce(max(rank), 0) + 1 FROM card_types WHERE kind = 'main'
    ON CONFLICT (code) DO NOTHING`);
}
