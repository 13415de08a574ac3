// What complaints need from other modules, in one place: the member (membership + cards),
// goodwill points (points ledger) and the reminder notice (notify outbox). Each is a small
// function so the call to the owning module's service sits in exactly one spot.
import { rows, sql, type Tx } from '../../db/index.ts';
import { invalidField, refused } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';

export interface ComplainingMember {
  memberId: number;
  memberNo: string;
  name: string;
  mobile: string | null;
  /** the member's active main card, if any */
  cardNo: string | null;
}

/**
 * The member a complaint is about, found by member id or by card number (any card the member
 * holds or held: a complainant often quotes an old card). Both given → they must agree.
 */
export async function findComplainingMember(tx: Tx, input: { memberId?: number | null; memberNo?: string | null; cardNo?: string | null }): Promise<ComplainingMember | null> {
  if (input.memberNo && !input.memberId) {
    const [m] = await rows<{ id: number }>(tx, sql`SELECT id FROM members WHERE member_no = ${input.memberNo}`);
    if (!m) throw invalidField('memberNo', 'complaint.unknownMemberNo', { memberNo: input.memberNo });
    input = { ...input, memberId: m.id };
  }
  let byCard: number | null = null;
  if (input.cardNo) {
    const [card] = await rows<{ member_id: number }>(tx, sql`SELECT member_id FROM cards WHERE card_no = ${input.cardNo}`);
    if (!card) {
      // a card number typed at approval that the cards module has not issued yet
      const [m] = await rows<{ id: number }>(tx, sql`SELECT id FROM members WHERE requested_card_no = ${input.cardNo}`);
      if (!m) throw invalidField('cardNo', 'complaint.unknownCard', { cardNo: input.cardNo });
      byCard = m.id;
    } else byCard = card.member_id;
    if (input.memberId && input.memberId !== byCard) throw invalidField('cardNo', 'complaint.cardNotOfMember', { cardNo: input.cardNo });
  }
  const memberId = input.memberId ?? byCard;
  if (!memberId) return null;
  const [m] = await rows<{ id: number; member_no: string; name: string; mobile: string | null; card_no: string | null }>(tx, sql`
    SELECT m.id, m.member_no, c.name, c.mobile,
           (SELECT card_no FROM cards k WHERE k.member_id = m.id AND k.kind = 'main' AND k.status = 'active') AS card_no
    FROM members m JOIN customers c ON c.id = m.customer_id
    WHERE m.id = ${memberId}`);
  if (!m) throw invalidField('memberId', 'complaint.unknownMember', { memberId });
  return { memberId: m.id, memberNo: m.member_no, name: m.name, mobile: m.mobile, cardNo: m.card_no };
}

/** Member numbers and names for a page of complaints. */
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

/**
 * Posts goodwill points as a ledger entry whose business event is the complaint.
 * Wired to the points module's postEntry once it exists (see git log of src/modules/points).
 */
export async function postGoodwillPoints(_tx: Tx, _actor: Actor, _grant: GoodwillGrant): Promise<{ entryId: number | null; state: string }> {
  // Until the points module's postEntry is committed, goodwill is refused (nothing is written).
  throw refused('POINTS_UNAVAILABLE', 'complaint.pointsUnavailable');
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
  // Interim, until the notify module's queueNotice is committed: the same outbox row it writes.
  const [n] = await rows<{ id: number }>(tx, sql`
    INSERT INTO notices (channel, purpose, recipient, subject, body, status, ref_type, ref_id, meta, created_by)
    VALUES (${to.channel}, 'complaint_overdue', ${to.recipient}, ${r.subject}, ${r.body}, 'queued', 'complaint_step', ${r.stepId},
            ${JSON.stringify({ userId: r.handler.id, complaintId: r.complaintId })}::jsonb, ${actor.name})
    RETURNING id`);
  return Number(n.id);
}

/** A staff member is reminded by e-mail when they have an address, else by SMS to their mobile. */
export function reminderRoute(h: OverdueReminder['handler']): { channel: 'email' | 'sms'; recipient: string } | null {
  if (h.email) return { channel: 'email', recipient: h.email };
  if (h.mobile) return { channel: 'sms', recipient: h.mobile };
  return null;
}
