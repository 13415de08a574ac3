// Data scope of membership records (SPEC §11), from the customers module's rule (customerScope):
//   a member is seen by whoever sees its customer record;
//   an application by whoever sees its customer record, and — as a customer record is — by the
//   user who entered it (own scope) or their department (department scope). An application with
//   neither (the website's, the system's) is seen with scope all only.
// Outside the scope a record does not exist for the reader: 404, as for customers.
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import { notFound } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { customerScope } from '../customers/service.ts';
import { registerNoticeMemberScope } from '../notify/service.ts';
import { applications } from './schema.ts';

/** A condition on the applications table keeping those the actor may see (none for scope all). */
export function applicationScope(actor: Actor): SQL | undefined {
  const byCustomer = customerScope(actor);
  if (!byCustomer) return undefined;
  const entered = actor.dataScope === 'department'
    ? (actor.department ? sql`${applications.department} = ${actor.department}` : sql`false`)
    : (actor.kind === 'user' && actor.id != null ? sql`${applications.submittedById} = ${actor.id}` : sql`false`);
  return sql`(${entered} OR ${applications.customerId} IN (SELECT customers.id FROM customers WHERE ${byCustomer}))`;
}

/** Of these applications, the ones the actor may see. */
export async function applicationsInScope(tx: Tx, actor: Actor, ids: number[]): Promise<Set<number>> {
  const scope = applicationScope(actor);
  if (!scope || !ids.length) return new Set(ids);
  const found = await rows<{ id: number }>(tx, sql`
    SELECT ${applications.id} AS id FROM ${applications} WHERE ${applications.id} = ANY(${sql.param([...new Set(ids)])}::int[]) AND ${scope}`);
  return new Set(found.map((r) => r.id));
}

export async function assertApplicationInScope(tx: Tx, actor: Actor, id: number): Promise<void> {
  if (!(await applicationsInScope(tx, actor, [id])).has(id)) throw notFound('application', id);
}

/** Of these members, the ones whose customer record the actor may see. */
export async function membersInScope(tx: Tx, actor: Actor, ids: number[]): Promise<Set<number>> {
  const scope = customerScope(actor);
  if (!scope || !ids.length) return new Set(ids);
  const found = await rows<{ id: number }>(tx, sql`
    SELECT m.id FROM members m JOIN customers ON customers.id = m.customer_id
    WHERE m.id = ANY(${sql.param([...new Set(ids)])}::int[]) AND ${scope}`);
  return new Set(found.map((r) => r.id));
}

/** A member outside the actor's data scope does not exist for them (404), as on the member page. */
export async function assertMemberInScope(tx: Tx, actor: Actor, id: number): Promise<void> {
  if (!(await membersInScope(tx, actor, [id])).has(id)) throw notFound('member', id);
}

/** A condition on a member id column keeping the members of the actor's data scope (none for scope all). */
export function memberScopeSql(actor: Actor, memberId: SQL): SQL | undefined {
  const scope = customerScope(actor);
  if (!scope) return undefined;
  // a department scope reads the customer's department the member row carries (members_department_idx)
  if (actor.dataScope === 'department') return sql`${memberId} IN (SELECT sm.id FROM members sm WHERE ${memberDepartmentIs(actor, sql`sm`)})`;
  return sql`${memberId} IN (SELECT sm.id FROM members sm JOIN customers ON customers.id = sm.customer_id WHERE ${scope})`;
}

// 通知记录 (GET /notices) shows the notices of the members in scope
registerNoticeMemberScope(memberScopeSql);

/** A condition on a members row (`m` its alias) keeping the actor's data scope (none for scope all). */
export function memberRowScopeSql(actor: Actor, m: SQL): SQL | undefined {
  if (actor.dataScope === 'department') return memberDepartmentIs(actor, m);
  return memberScopeSql(actor, sql`${m}.id`);
}

/** The member's customer is of the actor's department (members.department mirrors customers.department). */
function memberDepartmentIs(actor: Actor, m: SQL): SQL {
  return actor.department ? sql`${m}.department = ${actor.department}` : sql`false`;
}
