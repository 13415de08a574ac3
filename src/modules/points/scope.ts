// Data scope of cards and points (SPEC §11), from the customers module's rule: kept apart from
// members.ts so the ledger's own imports never reach the customers module.
import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { sql } from '../../db/index.ts';
import { notFound } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { customerScope, getCustomerInScope } from '../customers/service.ts';
import { getMemberFacts } from './members.ts';

/**
 * Data scope (SPEC §11): a member is visible to a role with a department or own scope only when
 * their customer record is (customers.customerScope); outside it the member does not exist (404).
 */
export async function assertMemberInScope(tx: Tx, actor: Actor, memberId: number): Promise<void> {
  if (actor.dataScope === 'all') return;
  const m = await getMemberFacts(tx, memberId);
  await getCustomerInScope(tx, actor, m.customerId, { includeDeleted: true }).catch(() => { throw notFound('member', memberId); });
}

/** A condition on a member id column keeping the members of the actor's data scope (none for scope all). */
export function memberScopeSql(actor: Actor, memberId: SQL): SQL | undefined {
  const scope = customerScope(actor);
  if (!scope) return undefined;
  return sql`${memberId} IN (SELECT m.id FROM members m JOIN customers ON customers.id = m.customer_id WHERE ${scope})`;
}

/**
 * (member_id, department): the department of each member's customer record, as a derived table to
 * join — the points statistics are kept per department so a department scope can read them.
 */
export const memberDepartmentsSql: SQL = sql`(SELECT m.id AS member_id, customers.department FROM members m JOIN customers ON customers.id = m.customer_id)`;
