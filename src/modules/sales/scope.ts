// What the sales records share: the data scope (own / department / all, as customers), the
// company's day, staff look-ups and the scope check on who may own a record.
import { and, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { users } from '../auth/schema.ts';
import './messages.ts';

/** The records an actor may see: own → they own; department → their department's; all → all. */
export function salesScope(actor: Actor, owner: SQLWrapper, department: SQLWrapper): SQL | undefined {
  if (actor.dataScope === 'all') return undefined;
  if (actor.dataScope === 'department') return actor.department ? sql`${department} = ${actor.department}` : sql`false`;
  return actor.kind === 'user' && actor.id != null ? sql`${owner} = ${actor.id}` : sql`false`;
}

/** The day (YYYY-MM-DD) in the company's time zone holding `at`. */
export { companyDate as companyDay } from '../../dates.ts';

export interface StaffMember { id: number; name: string; department: string | null }

/** An active user who may own sales records; a 400 naming `field` otherwise. */
export async function activeStaff(tx: Tx, id: number, field: string): Promise<StaffMember> {
  const [u] = await tx.select({ id: users.id, name: users.name, department: users.department, active: users.active }).from(users).where(eq(users.id, id));
  if (!u || !u.active) throw invalidField(field, 'sales.unknownUser', { id });
  return { id: u.id, name: u.name, department: u.department };
}

export async function staffNames(tx: Tx, ids: (number | null)[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((i): i is number => i != null))];
  if (!unique.length) return new Map();
  const list = await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(list.map((u) => [u.id, u.name]));
}

/**
 * The owner and department a record gets, checked against the actor's scope: an own-scope user
 * owns what they create; a department-scope user keeps records in their department. The
 * department defaults to the owner's.
 */
export async function ownerAndDepartment(tx: Tx, actor: Actor, input: { ownerId?: number | null; department?: string | null }) {
  const ownerId = input.ownerId ?? (actor.kind === 'user' ? actor.id : null);
  const owner = ownerId != null ? await activeStaff(tx, ownerId, 'ownerId') : null;
  const department = input.department !== undefined && input.department !== null ? input.department.trim() || null : owner?.department ?? actor.department;
  assertWithinScope(actor, owner?.id ?? null, department);
  return { ownerId: owner?.id ?? null, department };
}

/** Refuses (400) an owner or department that would put the record outside the actor's own scope. */
export function assertWithinScope(actor: Actor, ownerId: number | null, department: string | null) {
  if (actor.dataScope === 'own' && ownerId !== actor.id) throw invalidField('ownerId', 'sales.ownerOutOfScope');
  if (actor.dataScope === 'department' && department !== actor.department) {
    throw invalidField('department', 'sales.departmentOutOfScope', { department: actor.department ?? '' });
  }
}

/** The day must not be before today (company time zone). */
export function notBeforeToday(day: string | null | undefined, today: string, field: string) {
  if (day && day < today) throw invalidField(field, 'sales.nextBeforeToday', { today });
}

/** Active staff to pick an owner from: a department scope sees its department's, an own scope only itself. */
export async function staffDirectory(tx: Tx, actor: Actor, q: { search?: string }) {
  const s = q.search?.trim();
  const scope = actor.dataScope === 'all' ? undefined
    : actor.dataScope === 'department' ? (actor.department ? eq(users.department, actor.department) : sql`false`)
    : eq(users.id, actor.id ?? -1);
  return tx.select({ id: users.id, name: users.name, login: users.login, department: users.department }).from(users)
    .where(and(eq(users.active, true), scope, s ? sql`(${users.name} ILIKE ${`%${s.replace(/[%_\\]/g, '\\$&')}%`} OR ${users.login} ILIKE ${`%${s.replace(/[%_\\]/g, '\\$&')}%`})` : undefined))
    .orderBy(users.name).limit(50);
}
