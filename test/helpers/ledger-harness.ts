// The model-based ledger test's commands (fast-check): each asks the model what should happen,
// does it through the HTTP API, checks the reply (success, or the refusal's status and code),
// applies it to the model, and then checks that every member's balance, lots (amount, remaining,
// expired, expiry) and entries (amount, state, event, corrected entry), the redemptions and the
// plans' stock agree with the model and that verifyLedger finds nothing.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { verifyLedger } from '../../src/modules/points/verify.ts';
import { LedgerModel, type MEntry, type MPlan, type Outcome } from './ledger-model.ts';
import { attendAll, createMembers } from './members.ts';
import { nextCardNo } from './points.ts';

export interface Reply { status: number; body: any }
/** An HTTP client signed in as an administrator (in-process app or a server process). */
export interface Api {
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

interface Sent { path: string; body: Record<string, unknown>; key: string; reply: unknown }

export interface Real {
  api: Api;
  db: Pick<Db, 'db'>;
  activity: number;
  run: string;
  n: number;
  /** requests that succeeded, for replays */
  sent: Sent[];
  /** the steps done so far, with what each acted on */
  steps: string[];
}

export interface Env { api: Api; db: Pick<Db, 'db'>; activity: number }

let runs = 0;
const ms = (iso: string) => new Date(iso).getTime();

/** One run's world: three members (normal card, VIP card, and one with no card and no points account) and three plans. */
export async function setupRun(env: Env): Promise<{ model: LedgerModel; real: Real }> {
  const { api, db } = env;
  const model = new LedgerModel();
  const real: Real = { ...env, run: `m${process.pid}-${++runs}`, n: 0, sent: [], steps: [] };
  expect((await api.patch('/api/v1/points/settings', { expiryMode: 'months', expiryMonths: 24 })).status).toBe(200);
  const ms3 = await createMembers(db, 3);
  const levels = ['normal', 'vip', null];
  for (const [i, m] of ms3.entries()) {
    if (levels[i]) expect((await api.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo(), typeCode: levels[i] })).status).toBe(200);
    model.members.push({ id: m.id, memberNo: m.memberNo, level: levels[i], balance: 0 });
  }
  await attendAll(db, env.activity, ms3.map((m) => m.id));
  const plans: Omit<MPlan, 'id' | 'item'>[] = [
    { cost: 30, stockLeft: null, levels: [] },
    { cost: 70, stockLeft: 2, levels: [] },
    { cost: 20, stockLeft: null, levels: ['vip'] },
  ];
  for (const [i, p] of plans.entries()) {
    const item = `模型礼品 ${real.run}-${i}`;
    const r = await api.post('/api/v1/redemption-plans', { item, pointsCost: p.cost, stockTotal: p.stockLeft, eligibleLevels: p.levels });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    model.plans.push({ ...p, id: r.body.id, item });
  }
  // the cards' base points: the earnings the run starts with
  for (const m of model.members) {
    const list = await api.get(`/api/v1/points/entries?memberId=${m.id}&pageSize=500`);
    for (const e of [...list.body.items].reverse()) model.earn(m.id, e.id, e.amount, ms(e.postedAt), e.sourceType);
  }
  expect(model.members.map((m) => m.balance)).toEqual([100, 500, 0]);
  await compare(model, real);
  return { model, real };
}

/** Everything the model says must hold, read back through the API; then the ledger invariant. */
export async function compare(model: LedgerModel, real: Real): Promise<void> {
  const { api } = real;
  for (const m of model.members) {
    const [summary, lots, entries] = await Promise.all([
      api.get(`/api/v1/members/${m.id}/points`), api.get(`/api/v1/members/${m.id}/points/lots`), api.get(`/api/v1/points/entries?memberId=${m.id}&pageSize=500`),
    ]);
    const who = `member ${m.id} (${m.level ?? 'no card'})`;
    expect(summary.body.balance, `${who}: balance`).toBe(m.balance);
    const lotEntry = new Map<number, number>(lots.body.map((l: { id: number; entryId: number }) => [l.id, l.entryId]));
    // the expiry job's entries: matched to the model's predictions by lot and amount
    const known = new Set(model.entries.map((e) => e.id));
    for (const e of [...entries.body.items].sort((a, b) => a.id - b.id)) {
      if (e.sourceType !== 'expiry' || known.has(e.id)) continue;
      const guess = model.entries.find((x) => x.id === null && x.member === m.id && x.lot?.entryId === lotEntry.get(e.sourceId) && x.amount === e.amount);
      if (guess) guess.id = e.id;
    }
    const shownEntry = (e: { id: number | null; amount: number; state: string; sourceType: string; correctsEntryId: number | null }, lot?: number) => ({
      id: e.id, amount: e.amount, state: e.state, sourceType: e.sourceType, correctsEntryId: e.correctsEntryId, ...(e.sourceType === 'expiry' ? { lot } : {}),
    });
    const realEntries = [...entries.body.items].sort((a, b) => a.id - b.id).map((e) => shownEntry(e, lotEntry.get(e.sourceId)));
    const modelEntries = model.entries.filter((e) => e.member === m.id).sort((a, b) => (a.id ?? Infinity) - (b.id ?? Infinity)).map((e) => shownEntry(e, e.lot?.entryId));
    expect(realEntries, `${who}: entries`).toEqual(modelEntries);
    const shownLot = (l: { entryId: number; amount: number; remaining: number; expired: number; expiresAt: number | string | null }) => ({
      entryId: l.entryId, amount: l.amount, remaining: l.remaining, expired: l.expired, expiresAt: l.expiresAt === null ? null : new Date(l.expiresAt).toISOString(),
    });
    const realLots = lots.body.map(shownLot).sort((a: { entryId: number }, b: { entryId: number }) => a.entryId - b.entryId);
    const modelLots = model.lots.filter((l) => model.lotMember(l) === m.id).map(shownLot).sort((a, b) => a.entryId - b.entryId);
    expect(realLots, `${who}: lots`).toEqual(modelLots);
    if (model.redemptions.some((r) => r.member === m.id)) {
      const reds = await api.get(`/api/v1/redemptions?memberId=${m.id}&pageSize=500`);
      const shown = (r: { id: number; status: string; quantity: number }) => ({ id: r.id, status: r.status, quantity: r.quantity });
      expect(reds.body.items.map(shown).sort((a: { id: number }, b: { id: number }) => a.id - b.id), `${who}: redemptions`)
        .toEqual(model.redemptions.filter((r) => r.member === m.id).map(shown).sort((a, b) => a.id - b.id));
    }
  }
  const plans = await api.get('/api/v1/redemption-plans?pageSize=500&q=' + encodeURIComponent(`模型礼品 ${real.run}-`));
  expect(model.plans.map((p) => plans.body.items.find((x: { id: number }) => x.id === p.id)?.stockLeft), 'stock left').toEqual(model.plans.map((p) => p.stockLeft));
  // this run's members (a run that broke the ledger must not fail the runs fast-check shrinks it to;
  // the test checks the whole ledger at its end)
  const ours = new Set(model.members.map((m) => m.id));
  const report = await verifyLedger(real.db.db, { limit: 100_000 });
  expect(report.problems.filter((p) => p.memberId === null || ours.has(p.memberId)), 'verifyLedger').toEqual([]);
}

/** Sends a request under a fresh Idempotency-Key and checks the reply against the model's outcome. */
async function send(real: Real, path: string, body: Record<string, unknown>, expected: Outcome): Promise<Reply> {
  const key = `${real.run}-${++real.n}`;
  const r = await real.api.post(path, body, { 'idempotency-key': key });
  if (expected.ok) expect(r.status, `POST ${path} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(200);
  else expect({ status: r.status, code: r.body?.error?.code }, `POST ${path} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toEqual({ status: expected.status, code: expected.code });
  if (r.status === 200) real.sent.push({ path, body, key, reply: r.body });
  const kind = `${path.replace(/\/\d+/g, '/:id')} ${r.status}${r.body?.error ? ` ${r.body.error.code}` : ''}`;
  tally.set(kind, (tally.get(kind) ?? 0) + 1);
  return r;
}

/** How often each request and reply happened (LEDGER_MODEL_STATS=1 prints it): the sequences reach every rule. */
export const tally = new Map<string, number>();

type Cmd = fc.AsyncCommand<LedgerModel, Real>;

/** A command: `check` says whether it applies to the model, `act` does it (then the whole state is compared). */
function command(name: string, params: unknown, check: (m: LedgerModel) => boolean, act: (m: LedgerModel, r: Real, said: (what: string) => void) => Promise<void>): Cmd {
  const shown = () => `${name}(${JSON.stringify(params).slice(1, -1)})`;
  return {
    check,
    async run(m, r) {
      let target = '';
      const step = () => `${shown()}${target ? ` /* ${target} */` : ''}`;
      let done = false;
      try {
        await act(m, r, (what) => { target = what; });
        done = !!r.steps.push(step());
        await compare(m, r);
      } catch (e) {
        if (!done) r.steps.push(step());
        // the steps of this run with what each acted on (the counter-example's own, not another run's)
        if (e instanceof Error) e.message += `\n  steps of the failing run:\n    ${r.steps.join('\n    ')}`;
        throw e;
      }
    },
    toString: shown,
  };
}

const withId = (m: LedgerModel) => m.entries.filter((e) => e.id !== null);
const member = (m: LedgerModel, i: number) => m.members[i % m.members.length];

export const earn = (who: number, amount: number) => command('earn', { who, amount }, () => true, async (m, r) => {
  const mem = member(m, who);
  const res = await send(r, '/api/v1/points/entries', { memberId: mem.id, amount, sourceType: 'activity', sourceId: r.activity, reason: 'model' }, { ok: true });
  m.earn(mem.id, res.body.entry.id, amount, ms(res.body.entry.postedAt));
});

export const deduct = (who: number, amount: number) => command('deduct', { who, amount }, () => true, async (m, r) => {
  const mem = member(m, who);
  const expected = m.deduction(mem.id, amount);
  const res = await send(r, '/api/v1/points/entries', { memberId: mem.id, amount: -amount, sourceType: 'activity', sourceId: r.activity, reason: 'model' }, expected);
  if (expected.ok) m.deduct(mem.id, res.body.entry.id, amount);
});

/** 调整: always pending until approved. */
export const adjust = (who: number, amount: number) => command('adjust', { who, amount }, () => true, async (m, r) => {
  const mem = member(m, who);
  const res = await send(r, '/api/v1/points/entries', { memberId: mem.id, amount, sourceType: 'adjustment', reason: 'model adjustment' }, { ok: true });
  expect(res.body.entry.state).toBe('pending');
  m.pending(mem.id, res.body.entry.id, amount);
});

export const redeem = (who: number, plan: number, quantity: number) => command('redeem', { who, plan, quantity }, () => true, async (m, r) => {
  const mem = member(m, who);
  const p = m.plans[plan % m.plans.length];
  const expected = m.redeem(mem.id, p, quantity);
  const res = await send(r, '/api/v1/redemptions', { planId: p.id, memberId: mem.id, quantity, note: 'model' }, expected);
  if (expected.ok) m.redeemed(mem.id, p, quantity, res.body.redemption.id, res.body.redemption.entryId);
});

const redemptionAt = (m: LedgerModel, pick: number) => m.redemptions[pick % m.redemptions.length];

export const cancel = (pick: number) => command('cancel', { pick }, (m) => m.redemptions.length > 0, async (m, r, said) => {
  const red = redemptionAt(m, pick);
  said(`redemption ${red.id} (${red.status})`);
  const expected = m.cancel(red);
  const res = await send(r, `/api/v1/redemptions/${red.id}/cancel`, { reason: 'model cancel' }, expected);
  if (expected.ok) {
    m.cancelled(red, res.body.redemption.refundEntryId, Date.now());
  }
});

export const deliver = (pick: number) => command('deliver', { pick }, (m) => m.redemptions.length > 0, async (m, r, said) => {
  const red = redemptionAt(m, pick);
  said(`redemption ${red.id} (${red.status})`);
  const expected = m.deliver(red);
  await send(r, `/api/v1/redemptions/${red.id}/deliver`, { note: 'model delivery' }, expected);
  if (expected.ok) m.delivered(red);
});

/** A pending entry (or, with `any`, any entry: then usually a refusal). */
function entryAt(m: LedgerModel, pick: number, any: boolean): MEntry {
  const pending = withId(m).filter((e) => e.state === 'pending');
  const pool = any || !pending.length ? withId(m) : pending;
  return pool[pick % pool.length];
}
const describe = (e: MEntry) => `entry ${e.id}: ${e.sourceType} ${e.amount} ${e.state}`;

export const approve = (pick: number, any = false) => command('approve', { pick, any }, (m) => withId(m).length > 0, async (m, r, said) => {
  const e = entryAt(m, pick, any);
  said(describe(e));
  const expected = m.approve(e);
  const res = await send(r, `/api/v1/points/entries/${e.id}/approve`, { note: 'model approve' }, expected);
  if (expected.ok) m.approved(e, ms(res.body.entry.postedAt));
});

export const reject = (pick: number, any = false) => command('reject', { pick, any }, (m) => withId(m).length > 0, async (m, r, said) => {
  const e = entryAt(m, pick, any);
  said(describe(e));
  const expected = m.reject(e);
  await send(r, `/api/v1/points/entries/${e.id}/reject`, { note: 'model reject' }, expected);
  if (expected.ok) m.rejected(e);
});

export type CorrectionMode = 'full' | 'part' | 'over' | 'sameSign';
/** 冲正 of any entry: whole, a part of what is left, more than is left, or with the wrong sign. */
export const correct = (pick: number, mode: CorrectionMode, k = 0) => command('correct', { pick, mode, k }, (m) => withId(m).length > 0, async (m, r, said) => {
  const all = withId(m);
  const e = all[pick % all.length];
  const open = Math.max(1, Math.abs(m.openOf(e)));
  const back = -Math.sign(e.amount);
  const amount = mode === 'full' ? undefined : mode === 'part' ? back * (1 + (k % open)) : mode === 'over' ? back * (open + 1 + (k % 50)) : -back * (1 + (k % open));
  said(`${describe(e)}, open ${m.openOf(e)}, amount ${amount ?? 'all'}`);
  const expected = m.correct(e, amount);
  const res = await send(r, `/api/v1/points/entries/${e.id}/correct`, { ...(amount === undefined ? {} : { amount }), reason: 'model correction' }, expected);
  if (!expected.ok && expected.status === 400) expect(res.body.error.details[0].field).toBe('amount');
  if (expected.ok) m.corrected(e, res.body.entry.id, amount, ms(res.body.entry.postedAt));
});

/**
 * The expiry job run as of a later day (asOf YYYY-MM-DD: that company day from its first moment):
 * the clock moves `days` ahead.
 */
export const expire = (days: number) => command('expire', { days }, () => true, async (m, r, said) => {
  m.clockAheadMs += days * 86400_000;
  const day = new Date(Date.now() + m.clockAheadMs + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
  said(day);
  const res = await r.api.post('/api/v1/jobs/points-expiry/run', { asOf: day });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.day).toBe(day);
  m.expire(Date.parse(`${day}T00:00:00Z`) - 8 * 3600_000);
});

/** The configured validity of new points (SPEC: configurable), in months. */
export const validity = (months: number) => command('validity', { months }, () => true, async (m, r) => {
  expect((await r.api.patch('/api/v1/points/settings', { expiryMonths: months })).status).toBe(200);
  m.validityMonths = months;
});

/** A request that succeeded, sent again under its key: the same body gives the first reply and changes nothing; another body is a 422. */
export const replay = (pick: number, same: boolean) => command('replay', { pick, same }, () => true, async (_m, r, said) => {
  if (!r.sent.length) return;
  const s = r.sent[pick % r.sent.length];
  said(`${s.path} ${JSON.stringify(s.body)}`);
  if (same) {
    const res = await r.api.post(s.path, s.body, { 'idempotency-key': s.key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(s.reply);
    return;
  }
  const b = s.body;
  const changed = typeof b.amount === 'number' ? { ...b, amount: b.amount + Math.sign(b.amount) }
    : typeof b.quantity === 'number' ? { ...b, quantity: b.quantity + 1 }
      : 'reason' in b ? { ...b, reason: `${b.reason}!` } : { ...b, note: `${b.note ?? ''}!` };
  const res = await r.api.post(s.path, changed, { 'idempotency-key': s.key });
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
});

const who = fc.nat({ max: 2 });
const pts = fc.integer({ min: 1, max: 150 });
const pick = fc.nat({ max: 1000 });

/** Random sequences of every kind of step, earnings and spendings weighted so that balances stay interesting. */
export function ledgerCommands(maxCommands: number) {
  return fc.commands([
    fc.tuple(who, pts).map(([w, a]) => earn(w, a)),
    fc.tuple(who, pts).map(([w, a]) => earn(w, a)),
    fc.tuple(who, pts).map(([w, a]) => deduct(w, a)),
    fc.tuple(who, fc.nat({ max: 2 }), fc.integer({ min: 1, max: 2 })).map(([w, p, q]) => redeem(w, p, q)),
    fc.tuple(who, fc.nat({ max: 2 }), fc.constant(1)).map(([w, p, q]) => redeem(w, p, q)),
    pick.map((p) => cancel(p)),
    pick.map((p) => deliver(p)),
    fc.tuple(who, fc.integer({ min: -150, max: 150 }).filter((x) => x !== 0)).map(([w, a]) => adjust(w, a)),
    pick.map((p) => approve(p)),
    fc.tuple(pick, fc.nat({ max: 4 })).map(([p, any]) => approve(p, any === 0)),
    fc.tuple(pick, fc.nat({ max: 4 })).map(([p, any]) => reject(p, any === 0)),
    fc.tuple(pick, fc.constantFrom<CorrectionMode>('full', 'part', 'part', 'over', 'sameSign'), fc.nat({ max: 500 })).map(([p, mode, k]) => correct(p, mode, k)),
    fc.tuple(pick, fc.constantFrom<CorrectionMode>('full', 'part'), fc.nat({ max: 500 })).map(([p, mode, k]) => correct(p, mode, k)),
    fc.oneof(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 300, max: 800 })).map((d) => expire(d)),
    fc.constantFrom(1, 3, 6, 12, 24).map((mo) => validity(mo)),
    fc.tuple(pick, fc.boolean()).map(([p, same]) => replay(p, same)),
  ], { maxCommands, size: 'max' });
}

/** Runs random sequences (or, with `commands`, one fixed sequence) against a fresh world each time. */
export async function runLedgerModel(env: Env, opts: { runs: number; maxCommands: number; seed?: number }): Promise<void> {
  await fc.assert(
    fc.asyncProperty(ledgerCommands(opts.maxCommands), async (cmds) => {
      const setup = () => setupRun(env);
      await fc.asyncModelRun(setup, cmds);
    }),
    { numRuns: opts.runs, seed: opts.seed, endOnFailure: false, verbose: 1 },
  );
}

/** One fixed sequence (a shrunk counter-example kept as a regression test). */
export async function runSequence(env: Env, cmds: Cmd[]): Promise<void> {
  await fc.asyncModelRun(() => setupRun(env), cmds);
}
