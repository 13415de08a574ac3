// What complaints need from other modules, in one place: the member (membership, customers,
// cards), goodwill points (the points ledger's postEntry) and the reminder notice (the notify
// outbox's queueNotice). Each is a small function so the owner's service is called from one spot.
import { rows, sql, type Tx } from '../../db/index.ts';
import { AppError, invalidField } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { lookupCard, memberLevel, normaliseCardNo } from '../cards/service.ts';
import { getCustomer } from '../customers/service.ts';
import { getMember } from '../membership/service.ts';
import { queueNotice } from '../notify/service.ts';
import { postEntry } from '../points/service.ts';

export interface ComplainingMember {
  memberId: number;
  memberNo: string;
  name: string;
  mobile: string | null;
  /** the member's active main card, if any */
  cardNo: string | null;
}

const isNotFound = (e: unknown) => e instanceof AppError && e.status === 404;

/** Member id by member number. Membership exports no look-up by number; this reads the one column. */
async function memberIdByNo(tx: Tx, memberNo: string): Promise<number | null> {
  const [m] = await rows<{ id: number }>(tx, sql`SELECT id FROM members WHERE member_no = ${memberNo.trim()}`);
  return m?.id ?? null;
}

/**
 * The member a complaint is about, found by member id, member number or card number (any card
 * the member holds or held: a complainant often quotes an old card). Given together, they must agree.
 */
export async function findComplainingMember(tx: Tx, input: { memberId?: number | null; memberNo?: string | null; cardNo?: string | null }): Promise<ComplainingMember | null> {
  let memberId = input.memberId ?? null;
  if (input.memberNo && !memberId) {
    memberId = await memberIdByNo(tx, input.memberNo);
    if (!memberId) throw invalidField('memberNo', 'complaint.unknownMemberNo', { memberNo: input.memberNo });
  }
  if (input.cardNo) {
    let byCard: number;
    try {
      byCard = (await lookupCard(tx, input.cardNo)).memberId;
    } catch (e) {
      if (isNotFound(e)) throw invalidField('cardNo', 'complaint.unknownCard', { cardNo: input.cardNo });
      throw e;
    }
    if (memberId && memberId !== byCard) throw invalidField('cardNo', 'complaint.cardNotOfMember', { cardNo: input.cardNo });
    memberId = byCard;
  }
  if (!memberId) return null;
  let member;
  try {
    member = await getMember(tx, memberId);
  } catch (e) {
    if (isNotFound(e)) throw invalidField('memberId', 'complaint.unknownMember', { memberId });
    throw e;
  }
  const person = await getCustomer(tx, member.customerId, { includeDeleted: true });
  const level = await memberLevel(tx, member.id);
  return { memberId: member.id, memberNo: member.memberNo, name: person.name, mobile: person.mobile, cardNo: level?.cardNo ?? null };
}

/** A card number as the cards module writes it (so searches by card match what was stored). */
export function cardNoForSearch(raw: string): string {
  return normaliseCardNo(raw);
}

/** Member numbers and names for a page of complaints (one query for the page, not one per row). */
export async function memberLabels(tx: Tx, memberIds: number[]): Promise<Map<number, { memberNo: string; name: string }>> {
  const ids = [...new Set(memberIds)];
  if (!ids.length) return new Map();
  const list = await rows<{ id: number; member_no: string; name: string }>(tx, sql`
    SELECT m.id, m.member_no, c.name FROM members m JOIN customers c ON c.id = m.customer_id
    WHERE m.id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
  return new Map(list.map((m) => [m.id, { memberNo: m.member_no, name: m.name }]));
}

export interface GoodwillGrant {
  memberId: number;
  points: number;
  complaintId: number;
  /** the complaint_goodwill row: makes the ledger's idempotency key */
  goodwillId: number;
  reason: string;
}

/** Posts goodwill points as a ledger entry whose business event is the complaint. */
export async function postGoodwillPoints(tx: Tx, actor: Actor, g: GoodwillGrant): Promise<{ entryId: number; state: string }> {
  const posted = await postEntry(tx, actor, {
    memberId: g.memberId,
    amount: g.points,
    sourceType: 'complaint',
    sourceId: g.complaintId,
    idempotencyKey: `complaint:${g.complaintId}:goodwill:${g.goodwillId}`,
    reason: g.reason,
    sourceChecked: true, // the complaint, locked by the caller, is this member's
  });
  return { entryId: posted.entry.id, state: posted.entry.state };
}

export interface OverdueReminder {
  handler: { id: number; name: string; email: string | null; mobile: string | null };
  stepId: number;
  complaintId: number;
  subject: string;
  body: string;
}

/** Queues the overdue reminder to the step's handler in the notify outbox; returns the notice id. */
export async function queueOverdueReminder(tx: Tx, actor: Actor, r: OverdueReminder): Promise<number | null> {
  const to = reminderRoute(r.handler);
  if (!to) return null; // no e-mail or mobile: the console's overdue list is the reminder
  const n = await queueNotice(tx, actor, {
    channel: to.channel, purpose: 'complaint_overdue', recipient: to.recipient, subject: r.subject, body: r.body,
    refType: 'complaint_step', refId: r.stepId, meta: { userId: r.handler.id, complaintId: r.complaintId },
  });
  return n.id;
}

/** A staff member is reminded by e-mail when they have an address, else by SMS to their mobile. */
export function reminderRoute(h: OverdueReminder['handler']): { channel: 'email' | 'sms'; recipient: string } | null {
  if (h.email) return { channel: 'email', recipient: h.email };
  if (h.mobile) return { channel: 'sms', recipient: h.mobile };
  return null;
}
