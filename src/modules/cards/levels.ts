// 等级: a member's level is the type of their active main card. Upgrade proposals (自动换卡)
// are raised here when points reach a higher main type's threshold.
import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { recordAudit } from '../audit/service.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { memberDepartmentsSql, memberScopeSql } from '../points/scope.ts';

export interface Level {
  code: string;
  rank: number;
  cardId: number;
  cardNo: string;
}

/** The member's level (type of the active main card), or null when no main card is active. */
export async function memberLevel(tx: Tx, memberId: number): Promise<Level | null> {
  const [l] = await rows<Level>(tx, sql`
    SELECT c.type_code AS code, t.rank, c.id AS "cardId", c.card_no AS "cardNo"
    FROM cards c JOIN card_types t ON t.code = c.type_code
    WHERE c.member_id = ${memberId} AND c.kind = 'main' AND c.status = 'active'`);
  return l ?? null;
}

/**
 * For lists that show the level beside each member: a scalar subquery on the member id column,
 * e.g. `SELECT m.*, ${memberLevelSql(sql`m.id`)} AS level FROM members m` (uses the one-active-main-card index).
 */
export function memberLevelSql(memberId: SQL): SQL {
  return sql`(SELECT c.type_code FROM cards c WHERE c.member_id = ${memberId} AND c.kind = 'main' AND c.status = 'active')`;
}

/** (member_id, level) of every member with an active main card, as a derived table to join (statistics by level). */
export const memberLevelsTableSql: SQL = sql`(SELECT member_id, type_code AS level FROM cards WHERE kind = 'main' AND status = 'active')`;

/** Members by level (type of their active main card), within the actor's data scope: the home page's chart. */
export async function countMembersByLevel(tx: Tx, actor: Actor): Promise<{ level: string; members: number }[]> {
  const scope = memberScopeSql(actor, sql`c.member_id`);
  return rows<{ level: string; members: number }>(tx, sql`
    SELECT c.type_code AS level, count(*)::int AS members FROM cards c
    WHERE c.kind = 'main' AND c.status = 'active' ${scope ? sql`AND ${scope}` : sql``}
    GROUP BY 1 ORDER BY 2 DESC`);
}

/** Members by department (of their customer record, '' none) and level: what the home page's snapshot keeps (one read of every active main card). */
export async function memberLevelCells(tx: Tx): Promise<{ department: string; level: string; members: number }[]> {
  return rows<{ department: string; level: string; members: number }>(tx, sql`
    SELECT coalesce(d.department, '') AS department, c.type_code AS level, count(*)::int AS members
    FROM cards c LEFT JOIN ${memberDepartmentsSql} d ON d.member_id = c.member_id
    WHERE c.kind = 'main' AND c.status = 'active' GROUP BY 1, 2`);
}

/** A condition: the member (id expression) holds an active main card of this type (for filters; a semi-join, estimated well). */
export function memberHasLevelSql(memberId: SQL, level: string): SQL {
  return sql`EXISTS (SELECT 1 FROM cards lc WHERE lc.member_id = ${memberId} AND lc.kind = 'main' AND lc.status = 'active' AND lc.type_code = ${level})`;
}

/** The members who hold or held this card number (any state: staff may have an old card in hand), as a subquery of member ids. */
export function membersWithCardNoSql(cardNo: string): SQL {
  return sql`SELECT member_id FROM cards WHERE card_no = ${cardNo}`;
}

/** The levels of many members at once (members without an active main card are absent). */
export async function memberLevels(tx: Tx, memberIds: number[]): Promise<Map<number, string>> {
  if (!memberIds.length) return new Map();
  const found = await rows<{ memberId: number; code: string }>(tx, sql`
    SELECT member_id AS "memberId", type_code AS code FROM cards
    WHERE member_id = ANY(${sql.param(memberIds)}::int[]) AND kind = 'main' AND status = 'active'`);
  return new Map(found.map((r) => [r.memberId, r.code]));
}

/**
 * True when a member (id expression) with this balance (expression) holds an active main card of
 * a type below an active main type whose threshold the balance reaches — i.e. proposeUpgrades may
 * have work. Lets the ledger's posting statement tell in passing, without another round trip.
 */
export function upgradeMaybeDueSql(memberId: SQL, balance: SQL): SQL {
  return sql`EXISTS (
    SELECT 1 FROM cards c JOIN card_types cur ON cur.code = c.type_code
    JOIN card_types t ON t.kind = 'main' AND t.active AND t.rank > cur.rank AND t.upgrade_threshold <= ${balance}
    WHERE c.member_id = ${memberId} AND c.kind = 'main' AND c.status = 'active')`;
}

/**
 * Proposes an upgrade for each of these members whose balance reached the threshold of a higher,
 * active main type: the highest such type, unless a request is already pending or an automatic
 * proposal of that type was rejected for the member before (a rejected staff request does not count). One statement for any number of members (batches use it too).
 */
export async function proposeUpgrades(tx: Tx, memberIds: number[]): Promise<number[]> {
  if (!memberIds.length) return [];
  const created = await rows<{ id: number; memberId: number; toType: string }>(tx, sql`
    INSERT INTO card_upgrades (member_id, from_card_id, from_type, to_type, balance)
    SELECT c.member_id, c.id, c.type_code, nt.code, a.balance
    FROM points_accounts a
    JOIN cards c ON c.member_id = a.member_id AND c.kind = 'main' AND c.status = 'active'
    JOIN card_types cur ON cur.code = c.type_code
    JOIN LATERAL (
      SELECT t.code FROM card_types t
      WHERE t.kind = 'main' AND t.active AND t.rank > cur.rank AND t.upgrade_threshold IS NOT NULL AND t.upgrade_threshold <= a.balance
        AND NOT EXISTS (SELECT 1 FROM card_upgrades r WHERE r.member_id = a.member_id AND r.to_type = t.code AND r.status = 'rejected' AND r.requested_by IS NULL)
      ORDER BY t.rank DESC LIMIT 1
    ) nt ON true
    WHERE a.member_id = ANY(${sql.param(memberIds)}::int[])
      AND NOT EXISTS (SELECT 1 FROM card_upgrades p WHERE p.member_id = a.member_id AND p.status = 'pending')
    ON CONFLICT DO NOTHING
    RETURNING id, member_id AS "memberId", to_type AS "toType"`);
  if (created.length) {
    await recordAudit(tx, systemActor('card upgrade rule'), {
      action: 'card.upgradeProposed', entityType: 'cardUpgrade', entityId: created.length === 1 ? created[0].id : null,
      facts: { proposals: created.map((c) => ({ id: c.id, memberId: c.memberId, toType: c.toType })) },
    });
  }
  return created.map((c) => c.id);
}
