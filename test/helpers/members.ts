// Members for tests of cards and points: customers and members rows in bulk (10 000 or 100 000
// at once for batch and benchmark runs). Membership's own tests go through its review flow; the
// ledger's tests only need members to exist.
import { rows, sql, type Db } from '../../src/db/index.ts';

export interface TestMember { id: number; memberNo: string; customerId: number; name: string }

let seq = 0;

/** Creates n active members (with a customer each: name, mobile) in one statement per table. */
export async function createMembers(db: Pick<Db, 'db'>, n: number, opts: { prefix?: string; mobile?: boolean } = {}): Promise<TestMember[]> {
  const tag = `${opts.prefix ?? 'T'}${process.pid % 1000}${++seq}`;
  const names = Array.from({ length: n }, (_, i) => `会员${tag}-${i + 1}`);
  const mobiles = Array.from({ length: n }, (_, i) => (opts.mobile === false ? null : `139${String((seq * 100_000 + i) % 100_000_000).padStart(8, '0')}`));
  const nos = Array.from({ length: n }, (_, i) => `M${tag}${String(i + 1).padStart(6, '0')}`);
  const created = await rows<TestMember>(db.db, sql`
    WITH c AS (
      INSERT INTO customers (name, name_simplified, name_keys, mobile, source)
      SELECT name, name, ARRAY[lower(name)], mobile, 'manual' FROM unnest(${sql.param(names)}::text[], ${sql.param(mobiles)}::text[]) WITH ORDINALITY AS t(name, mobile, i)
      ORDER BY i RETURNING id, name
    ),
    numbered AS (SELECT id, name, row_number() OVER (ORDER BY id) AS i FROM c)
    INSERT INTO members (member_no, customer_id, status)
    SELECT (${sql.param(nos)}::text[])[numbered.i], numbered.id, 'active' FROM numbered ORDER BY numbered.i
    RETURNING id, member_no AS "memberNo", customer_id AS "customerId", ''::text AS name`);
  return created.sort((a, b) => a.id - b.id).map((m, i) => ({ ...m, name: names[i] }));
}

/** Marks a member as left (archived): read-only for cards and points. */
export async function archiveMember(db: Pick<Db, 'db'>, memberId: number): Promise<void> {
  await rows(db.db, sql`UPDATE members SET status = 'archived', archived_at = now() WHERE id = ${memberId}`);
}

/** Members recorded as having taken part in an activity, written as test setup (no points: the tests book their own). */
export async function attendAll(db: Pick<Db, 'db'>, activityId: number, memberIds: number[]): Promise<void> {
  await rows(db.db, sql`
    INSERT INTO activity_participants (activity_id, member_id, method, attended_at, points, recorded_by)
    SELECT ${activityId}, unnest(${sql.param(memberIds)}::int[]), 'batch', now(), 0, 'test'
    ON CONFLICT (activity_id, member_id) DO NOTHING`);
}
