// A small reference model of SPEC §4's points rules, written apart from src/modules/points (it
// imports nothing from it): one account per member, balance = Σ booked entries, earnings open lots
// that expire after the configured months (company time zone, Asia/Shanghai: UTC+8, no DST),
// spending takes the lots that expire first (then the oldest), a correction names the entry it
// corrects (partial or whole, opposite sign, never more than what is left of it) and gives points
// back to the lots its entry took them from (last taken first) — except for an expiry, whose points
// come back as a fresh lot — and is refused for the deduction of a redemption still pending (cancel
// it instead; delivered, it may be corrected), a cancelled redemption gives back to its lots, pending entries move
// nothing until approved, and a deduction the balance cannot cover is refused.
// The model knows entry ids from the replies (they are names, not results) and learns the ids of
// the entries the expiry job writes by matching them to its own predictions.

export type EntryState = 'pending' | 'posted' | 'rejected' | 'reversed';

export interface MLot {
  /** the earning (or correction of an expiry) that opened it */
  entryId: number;
  amount: number;
  remaining: number;
  expired: number;
  earnedAt: number;
  expiresAt: number | null;
  /** creation order (the lot id's order) */
  seq: number;
}

export interface MMove { lot: MLot; amount: number; seq: number }

export interface MEntry {
  /** null: an expiry entry not yet matched to the server's */
  id: number | null;
  member: number;
  amount: number;
  state: EntryState;
  sourceType: string;
  correctsEntryId: number | null;
  /** an expiry entry: the lot it expired */
  lot?: MLot;
  /** what it took from (+) or gave back to (−) lots, in order */
  moves: MMove[];
}

export interface MRedemption { id: number; member: number; plan: number; quantity: number; entryId: number; status: 'pending' | 'delivered' | 'cancelled' }
export interface MPlan { id: number; item: string; cost: number; stockLeft: number | null; levels: string[] }
export interface MMember { id: number; memberNo: string; level: string | null; balance: number }

/** The reply the model expects: success, or the refusal's status and code. */
export type Outcome = { ok: true } | { ok: false; status: number; code: string };
const ok: Outcome = { ok: true };
const no = (status: number, code: string): Outcome => ({ ok: false, status, code });

const hourMs = 3600_000;
const companyOffset = 8 * hourMs; // Asia/Shanghai

/** t + n months on the company's wall clock; a day past the month's end becomes its last day (as PostgreSQL does). */
export function addMonths(t: number, months: number): number {
  const w = new Date(t + companyOffset);
  const y = w.getUTCFullYear();
  const m = w.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(w.getUTCDate(), last);
  return Date.UTC(y, m, day, w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), w.getUTCMilliseconds()) - companyOffset;
}

export class LedgerModel {
  members: MMember[] = [];
  plans: MPlan[] = [];
  entries: MEntry[] = [];
  lots: MLot[] = [];
  redemptions: MRedemption[] = [];
  validityMonths = 24;
  /** how far the expiry job's clock runs ahead of the real one */
  clockAheadMs = 0;
  private seq = 0;

  member(id: number): MMember {
    return this.members.find((m) => m.id === id)!;
  }

  entry(id: number): MEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  booked(e: MEntry) {
    return e.state === 'posted' || e.state === 'reversed';
  }

  /** What an entry still counts for: its amount less what booked corrections (and refunds) of it undid. */
  openOf(e: MEntry): number {
    return e.amount + this.entries.filter((c) => c.correctsEntryId === e.id && this.booked(c)).reduce((s, c) => s + c.amount, 0);
  }

  // ---------- predictions (nothing changes) ----------

  deduction(member: number, amount: number): Outcome {
    return this.member(member).balance >= amount ? ok : no(422, 'INSUFFICIENT_POINTS');
  }

  redeem(member: number, plan: MPlan, quantity: number): Outcome {
    const m = this.member(member);
    if (plan.levels.length && (!m.level || !plan.levels.includes(m.level))) return no(422, 'LEVEL_NOT_ELIGIBLE');
    if (m.balance < plan.cost * quantity) return no(422, 'INSUFFICIENT_POINTS');
    if (plan.stockLeft !== null && plan.stockLeft < quantity) return no(422, 'OUT_OF_STOCK');
    return ok;
  }

  /**
   * A pending redemption is cancelled for the whole of its points: its entry cannot have been
   * corrected while it was pending (see correct), and a delivered one is not cancelled.
   */
  cancel(r: MRedemption): Outcome {
    if (r.status !== 'pending') return no(422, 'REDEMPTION_BAD_STATUS');
    return ok;
  }

  deliver(r: MRedemption): Outcome {
    return r.status === 'pending' ? ok : no(422, 'REDEMPTION_BAD_STATUS');
  }

  approve(e: MEntry): Outcome {
    if (e.state !== 'pending') return no(422, 'ENTRY_NOT_PENDING');
    if (e.amount < 0) return this.deduction(e.member, -e.amount);
    return ok;
  }

  reject(e: MEntry): Outcome {
    return e.state === 'pending' ? ok : no(422, 'ENTRY_NOT_PENDING');
  }

  /** The redemption a deduction entry paid for, if it is one. */
  redemptionOf(e: MEntry): MRedemption | undefined {
    return e.sourceType === 'redemption' && e.amount < 0 ? this.redemptions.find((r) => r.entryId === e.id) : undefined;
  }

  /**
   * amount undefined: the whole of what is left. The deduction of a redemption still pending is
   * not corrected (its points come back by cancelling it); once delivered it may be (goodwill).
   */
  correct(e: MEntry, amount: number | undefined): Outcome {
    if (e.state !== 'posted') return no(422, 'ENTRY_NOT_CORRECTABLE');
    if (this.redemptionOf(e)?.status === 'pending') return no(422, 'REDEMPTION_PENDING');
    const open = this.openOf(e);
    const a = amount ?? -open;
    if (a === 0 || Math.sign(a) === Math.sign(e.amount) || Math.abs(a) > Math.abs(open)) return no(400, 'VALIDATION_FAILED');
    if (a < 0) return this.deduction(e.member, -a);
    return ok;
  }

  // ---------- effects (after the server said yes) ----------

  private newLot(entryId: number, amount: number, at: number): MLot {
    const lot: MLot = { entryId, amount, remaining: amount, expired: 0, earnedAt: at, expiresAt: addMonths(at, this.validityMonths), seq: ++this.seq };
    this.lots.push(lot);
    return lot;
  }

  private add(e: MEntry): MEntry {
    this.entries.push(e);
    return e;
  }

  earn(member: number, id: number, amount: number, at: number, sourceType = 'activity'): void {
    this.add({ id, member, amount, state: 'posted', sourceType, correctsEntryId: null, moves: [] });
    this.newLot(id, amount, at);
    this.member(member).balance += amount;
  }

  /** Takes `need` points from the member's lots: the preferred entry's lot first, then soonest expiry, then oldest. */
  private consume(e: MEntry, need: number, preferEntryId: number | null): void {
    const open = this.lots.filter((l) => l.remaining > 0 && this.lotMember(l) === e.member).sort((a, b) =>
      Number(b.entryId === preferEntryId) - Number(a.entryId === preferEntryId)
      || (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.earnedAt - b.earnedAt || a.seq - b.seq);
    for (const lot of open) {
      if (need === 0) break;
      const take = Math.min(lot.remaining, need);
      lot.remaining -= take;
      need -= take;
      e.moves.push({ lot, amount: take, seq: ++this.seq });
    }
    if (need !== 0) throw new Error(`model: lots of member ${e.member} hold less than the balance`);
  }

  lotMember(l: MLot): number {
    return this.entries.find((e) => e.id === l.entryId)!.member;
  }

  /** Gives `amount` back to the lots `from` (a negative entry) took them from, net of earlier give-backs, last moved first. */
  private restore(e: MEntry, from: MEntry, amount: number): void {
    const family = [from, ...this.entries.filter((c) => c !== e && c.correctsEntryId === from.id && this.booked(c))];
    const net = new Map<MLot, { net: number; last: number }>();
    for (const m of family.flatMap((f) => f.moves)) {
      const x = net.get(m.lot) ?? { net: 0, last: 0 };
      net.set(m.lot, { net: x.net + m.amount, last: Math.max(x.last, m.seq) });
    }
    const order = [...net.entries()].filter(([, x]) => x.net > 0).sort((a, b) => b[1].last - a[1].last);
    for (const [lot, x] of order) {
      if (amount === 0) break;
      const give = Math.min(x.net, amount);
      lot.remaining += give;
      amount -= give;
      e.moves.push({ lot, amount: -give, seq: ++this.seq });
    }
    if (amount !== 0) throw new Error(`model: cannot give back ${amount} more points to the lots of entry ${from.id}`);
  }

  deduct(member: number, id: number, amount: number, sourceType = 'activity'): MEntry {
    const e = this.add({ id, member, amount: -amount, state: 'posted', sourceType, correctsEntryId: null, moves: [] });
    this.consume(e, amount, null);
    this.member(member).balance -= amount;
    return e;
  }

  pending(member: number, id: number, amount: number): void {
    this.add({ id, member, amount, state: 'pending', sourceType: 'adjustment', correctsEntryId: null, moves: [] });
  }

  approved(e: MEntry, at: number): void {
    e.state = 'posted';
    if (e.amount > 0) this.newLot(e.id!, e.amount, at);
    else this.consume(e, -e.amount, null);
    this.member(e.member).balance += e.amount;
  }

  rejected(e: MEntry): void {
    e.state = 'rejected';
  }

  corrected(orig: MEntry, id: number, amount: number | undefined, at: number, sourceType = 'correction'): void {
    const open = this.openOf(orig);
    const a = amount ?? -open;
    const c = this.add({ id, member: orig.member, amount: a, state: 'posted', sourceType, correctsEntryId: orig.id, moves: [] });
    if (a > 0) {
      if (orig.sourceType === 'expiry') this.newLot(id, a, at); // back in the expired lot they would expire again
      else this.restore(c, orig, a);
    } else {
      this.consume(c, -a, orig.id);
    }
    this.member(orig.member).balance += a;
    if (a === -open) orig.state = 'reversed';
  }

  redeemed(member: number, plan: MPlan, quantity: number, redemptionId: number, entryId: number): void {
    this.deduct(member, entryId, plan.cost * quantity, 'redemption');
    if (plan.stockLeft !== null) plan.stockLeft -= quantity;
    this.redemptions.push({ id: redemptionId, member, plan: plan.id, quantity, entryId, status: 'pending' });
  }

  /** A cancellation gives back what the redemption's entry still counts for: all of it (no correction touches it while pending). */
  cancelled(r: MRedemption, refundId: number, at: number): void {
    this.corrected(this.entry(r.entryId)!, refundId, undefined, at, 'redemption');
    r.status = 'cancelled';
    const plan = this.plans.find((p) => p.id === r.plan)!;
    if (plan.stockLeft !== null) plan.stockLeft += r.quantity;
  }

  delivered(r: MRedemption): void {
    r.status = 'delivered';
  }

  /** The expiry job as of `asOf`: every lot of these members due by then expires whatever it has left. */
  expire(asOf: number): void {
    for (const lot of this.lots) {
      if (lot.remaining > 0 && lot.expiresAt !== null && lot.expiresAt <= asOf) {
        const member = this.lotMember(lot);
        const e = this.add({ id: null, member, amount: -lot.remaining, state: 'posted', sourceType: 'expiry', correctsEntryId: null, lot, moves: [] });
        e.moves.push({ lot, amount: lot.remaining, seq: ++this.seq });
        this.member(member).balance -= lot.remaining;
        lot.expired += lot.remaining;
        lot.remaining = 0;
      }
    }
  }
}
