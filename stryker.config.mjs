// Mutation testing (StrykerJS) of the rules that must never be wrong: `npm run test:mutation`
// (scripts/mutation.mjs) runs it one file at a time, incrementally, and writes the reports and
// scores under reports/mutation/ (committed; `.ci/run` checks the scores, it never runs Stryker).
import fs from 'node:fs';

// STRYKER_TARGET names the target (a key of `targets`); without it every file is mutated at once.
const file = (name, tests) => ({ mutate: [`src/modules/${name}.ts`], tests, target: 85 });
/** The lines (as `file:line-line` ranges) holding each snippet, the first after the line holding `after` when given. */
const lines = (path, ...snippets) => snippets.map((x) => {
  const [after, snippet] = Array.isArray(x) ? x : [null, x];
  const src = fs.readFileSync(path, 'utf8').split('\n');
  const from = after ? src.findIndex((l) => l.includes(after)) : 0;
  const i = src.findIndex((l, n) => n >= from && l.includes(snippet));
  if (from < 0 || i < 0) throw new Error(`stryker.config.mjs: ${path} no longer holds ${after ? `${after} … ` : ''}${snippet}`);
  return `${path}:${i + 1}-${i + 1}`;
});
export const targets = {
  'points/ledger': file('points/ledger', ['src/modules/points/ledger.test.ts', 'src/modules/points/ledger-rules.test.ts', 'src/modules/points/posting-rules.test.ts', 'src/modules/points/redemption.test.ts', 'src/modules/points/redemption-rules.test.ts']),
  'points/redemption': file('points/redemption', ['src/modules/points/redemption.test.ts', 'src/modules/points/redemption-rules.test.ts']),
  'points/expiry': file('points/expiry', ['src/modules/points/expiry.test.ts', 'src/modules/points/expiry-rules.test.ts', 'src/modules/points/ledger-rules.test.ts']),
  'points/earnings': file('points/earnings', ['src/modules/points/earnings.test.ts', 'src/modules/points/earnings-rules.test.ts', 'src/modules/points/batches.test.ts', 'src/modules/points/events.test.ts']),
  'cards/service': file('cards/service', ['src/modules/cards/cards.test.ts', 'src/modules/cards/cards-rules.test.ts']),
  'membership/review': file('membership/review', ['src/modules/membership/review.test.ts', 'src/modules/membership/review-rules.test.ts', 'src/modules/membership/scope.test.ts', 'src/modules/membership/applications.test.ts']),
  'membership/candidates': file('membership/candidates', ['src/modules/membership/candidates.test.ts', 'src/modules/membership/candidates-rules.test.ts']),
  // the lines of the survivors issue 17 names (they passed the whole unit suite), against the two
  // test files written for them (goal 95 %; the survivors and equivalents are listed in TESTING.md)
  'named-survivors': {
    mutate: [
      ...lines('src/modules/points/ledger.ts', 'existing.fingerprint !== fingerprintOf(input)', 'if (!earning) {',
        ['export async function moveBalance', 'if (amount > 0) {'], "corrected.sourceType !== 'expiry'",
        ['export async function rejectEntry', "entry.state !== 'pending'"], '+ Number(corrected)',
        'Math.sign(amount) === Math.sign(original.amount)', ['export async function refundEntry', "original.state !== 'posted'"]),
      ...lines('src/modules/points/redemption.ts', 'quantity < 1 || quantity > 1000', 'done.planId !== input.planId',
        "input.channel === 'website' && !plan.visibleOnWebsite", 'plan.eligibleLevels.length && (', '(acc?.balance ?? 0) < total',
        ["export async function cancelRedemption", "r.status !== 'pending'"], ["export async function deliverRedemption", "r.status !== 'pending'"]),
    ],
    tests: ['src/modules/points/ledger-rules.test.ts', 'src/modules/points/redemption-rules.test.ts'],
    target: 95,
  },
};
/**
 * True equivalent mutants: a change no test can see because the program behaves the same. A mutant
 * that survives at the line holding `line` (at `column` when given) with exactly this `replacement` counts as equivalent
 * (scripts/mutation.mjs), not as a survivor. (Stryker's own disable comments drop every mutant of a
 * mutator on a line, the killed ones too.)
 */
const neverZero = 'a booked amount is never 0 (postEntry refuses 0), so > 0 and >= 0 (< 0 and <= 0) decide alike';
export const equivalents = [
  { file: 'src/modules/points/ledger.ts', line: 'if (!earning) {', replacement: 'true', reason: 'an earning checked first (key used? member left?) gets the same answers as when it asks after its guarded insert wrote nothing; one round trip more' },
  { file: 'src/modules/points/ledger.ts', line: 'if (amount > 0) {', replacement: 'amount >= 0', reason: neverZero },
  { file: 'src/modules/points/ledger.ts', line: "corrected.sourceType !== 'expiry'", replacement: 'corrected.amount <= 0', reason: neverZero },
  { file: 'src/modules/points/ledger.ts', line: "corrected && corrected.amount < 0 && corrected.sourceType !== 'expiry'", column: 22, replacement: 'true', reason: 'only a positive entry gets here, and a positive entry only ever corrects a negative one (a correction goes against its entry, a refund gives back a deduction)' },
  { file: 'src/modules/points/ledger.ts', line: "original.state !== 'posted' || original.amount > 0", replacement: 'original.amount >= 0', reason: neverZero },
  { file: 'src/modules/points/ledger.ts', line: "sign: original.amount > 0 ? '−' : '+'", replacement: 'original.amount >= 0', reason: neverZero },
  { file: 'src/modules/points/ledger.ts', line: 'const earning = !pending && input.amount > 0 && !input.correctsEntryId;', replacement: 'input.amount >= 0', reason: `${neverZero}: postEntry's checkAmount refuses 0 first` },
  { file: 'src/modules/points/ledger.ts', line: 'if (input.amount > 0) await proposeUpgrades(tx, [input.memberId]);', replacement: 'input.amount >= 0', reason: `${neverZero}: postEntry's checkAmount refuses 0 first` },
  { file: 'src/modules/points/ledger.ts', line: '  if (entry.amount > 0) {', replacement: 'entry.amount >= 0', reason: `${neverZero}: the entry moving lots was booked by postEntry, which refused 0` },
  { file: 'src/modules/points/ledger.ts', line: 'if (posted.amount > 0) await proposeUpgrades(tx, [posted.memberId]);', replacement: 'posted.amount >= 0', reason: `${neverZero}: an approved entry was booked pending by postEntry, which refused 0` },
  // points/expiry
  { file: 'src/modules/points/expiry.ts', line: 'async function pause(db: Db) {', replacement: '{}', reason: 'pause() only yields the event loop between chunks; what is booked and sent is the same' },
  { file: 'src/modules/points/expiry.ts', line: "if (db.engine === 'pglite') await", replacement: 'true', reason: 'pause() only yields the event loop between chunks; what is booked and sent is the same' },
  { file: 'src/modules/points/expiry.ts', line: "if (db.engine === 'pglite') await", replacement: 'false', reason: 'pause() only yields the event loop between chunks; what is booked and sent is the same' },
  { file: 'src/modules/points/expiry.ts', line: "if (db.engine === 'pglite') await", replacement: "db.engine !== 'pglite'", reason: 'pause() only yields the event loop between chunks; what is booked and sent is the same' },
  { file: 'src/modules/points/expiry.ts', line: "opts.chunk ?? (db.engine === 'postgres' ? 2000 : 500)", replacement: 'true', reason: 'the chunk size decides only how many transactions the job takes; every due lot is expired either way' },
  { file: 'src/modules/points/expiry.ts', line: "opts.chunk ?? (db.engine === 'postgres' ? 2000 : 500)", replacement: 'false', reason: 'the chunk size decides only how many transactions the job takes; every due lot is expired either way' },
  { file: 'src/modules/points/expiry.ts', line: "opts.chunk ?? (db.engine === 'postgres' ? 2000 : 500)", replacement: "db.engine !== 'postgres'", reason: 'the chunk size decides only how many transactions the job takes; every due lot is expired either way' },
  { file: 'src/modules/points/expiry.ts', line: 'if (!due.length) return null;', replacement: 'false', reason: 'with nothing due the chunk books nothing (0 entries, 0 members) and the loop stops at its entries === 0 check' },
  { file: 'src/modules/points/expiry.ts', line: 'if (notices.length) {', replacement: 'true', reason: 'the UPDATE over empty arrays changes nothing' },
  { file: 'src/modules/points/expiry.ts', line: 'if (settings.reminderDays > 0) {', replacement: 'true', reason: 'reminderDays is never negative (zod min 0, points_settings_ck), and with 0 days the window (now, now + 0 days] is empty' },
  { file: 'src/modules/points/expiry.ts', line: 'if (settings.reminderDays > 0) {', replacement: 'settings.reminderDays >= 0', reason: 'with 0 days the window (now, now + 0 days] is empty: nothing is reminded' },
  { file: 'src/modules/points/expiry.ts', line: 'list.map((r) => r.lastMember).find((x) => x != null)', replacement: 'true', reason: 'every row carries the same lastMember (max(member_id) of the chunk), so the first row gives the same value' },
  // points/earnings
  { file: 'src/modules/points/earnings.ts', line: "return input.amount > 0 && input.sourceType === 'activity'", replacement: 'input.amount >= 0', reason: `${neverZero}: the route's schema refuses 0 before isCoalescable is asked` },
  { file: 'src/modules/points/earnings.ts', line: 'const ords = all.map((_, i) => i).filter(', replacement: 'seen.add(all[i].entryKey)', reason: 'Set.add returns the set, which is truthy: !!seen.add(k) and seen.add(k) keep the same items' },
  { file: 'src/modules/points/earnings.ts', line: 'const out: (Posted | null)[] = all.map(() => null);', replacement: '() => undefined', reason: 'an item not written is answered by the one-at-a-time path whether it is null or undefined (the route asks `if (together)`)' },
  { file: 'src/modules/points/earnings.ts', line: 'const due = written.filter((w) => w.upgradeDue)', replacement: 'written', reason: 'upgradeDue only spares proposeUpgrades members who cannot be due; proposeUpgrades checks every threshold itself' },
  { file: 'src/modules/points/earnings.ts', line: 'if (due.length) await proposeUpgrades', replacement: 'true', reason: 'proposeUpgrades returns at once for no members' },
  { file: 'src/modules/membership/candidates.ts', line: '  return list', replacement: "list.map(h => make(h, scoreCandidate(new Set(String(h.why).split(',')), Number(h.name_sim), Number(h.pinyin_sim), !!birthday && h.birthday === birthday)))", reason: 'every row membership_candidates returns was found by a probe (id, mobile, homePhone, name, sound) and each probe gives a reason, so no candidate has none' },
  { file: 'src/modules/membership/candidates.ts', line: '.filter((c) => c.reasons.length > 0)', replacement: 'true', reason: 'every row membership_candidates returns was found by a probe (id, mobile, homePhone, name, sound) and each probe gives a reason, so no candidate has none' },
  { file: 'src/modules/membership/candidates.ts', line: '.filter((c) => c.reasons.length > 0)', replacement: 'c.reasons.length >= 0', reason: 'every row membership_candidates returns was found by a probe (id, mobile, homePhone, name, sound) and each probe gives a reason, so no candidate has none' },
  { file: 'src/modules/membership/candidates.ts', line: 'const ids = (kind: string) => hits.filter((h) => h.kind === kind)', replacement: 'hits', reason: 'membersInScope / applicationsInScope answer for each id whether that member (application) is in scope; ids of the other kind only add rows no hit is looked up in' },
  { file: 'src/modules/membership/candidates.ts', line: 'const ids = (kind: string) => hits.filter((h) => h.kind === kind)', replacement: 'true', reason: 'membersInScope / applicationsInScope answer for each id whether that member (application) is in scope; ids of the other kind only add rows no hit is looked up in' },
  // membership/review
  { file: 'src/modules/membership/review.ts', line: 'if (picked.length) {', replacement: 'true', reason: 'with nothing picked the update matches no application (inArray over no ids is false)' },
  { file: 'src/modules/membership/review.ts', line: 'const mobile = f?.mobile?.trim() ? normaliseMobile(f.mobile) : null;', replacement: 'f?.mobile', reason: 'a mobile of spaces only normalises to null either way, and the next check asks f.mobile.trim() itself' },
  { file: 'src/modules/cards/service.ts', line: 'sourceChecked: true, memberChecked: true,', column: 49, replacement: 'false', reason: 'the card was inserted in this transaction for a member getLiveMember checked: the ledger asking again finds both (one query more)' },
  { file: 'src/modules/cards/service.ts', line: 'sourceChecked: true, memberChecked: true,', column: 70, replacement: 'false', reason: 'the card was inserted in this transaction for a member getLiveMember checked: the ledger asking again finds both (one query more)' },
  { file: 'src/modules/cards/service.ts', line: 'if (scope) conds.push(scope);', replacement: 'true', reason: "drizzle's and() drops undefined conditions: pushing the scope when there is none changes no query" },
  { file: 'src/modules/cards/service.ts', line: "to.rank >= from.rank ? 'upgrade' : 'downgrade'", replacement: 'to.rank > from.rank', reason: 'main types have distinct ranks (card_types_main_rank_uq) and a change of type is always to another type, so the ranks are never equal' },
  { file: 'src/modules/cards/service.ts', line: "replace(/[\\\\%_]/g, (c) => '\\\\' + c)", replacement: '() => undefined', reason: 'card numbers hold only digits and capital letters: a search holding _ % or \\ finds nothing whether they are escaped or replaced' },
  { file: 'src/modules/cards/service.ts', line: 'level: level?.code ?? null, balance: acc?.balance ?? 0,', replacement: 'level.code', reason: "a card's member always holds an active main card (a sub card needs one; a main card ends only as its replacement is issued, in the same transaction), so a swiped card's member always has a level" },
];

const target = process.env.STRYKER_TARGET;
if (target && !targets[target]) throw new Error(`STRYKER_TARGET: no such target ${target}`);
const name = target ? target.replace('/', '-') : 'all';
const files = Object.entries(targets).filter(([k]) => k.includes('/'));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  // the TypeScript checker drops mutants that do not compile; it needs the whole project to typecheck
  // (STRYKER_TYPECHECK=off while someone else's half-done edit breaks it)
  checkers: process.env.STRYKER_TYPECHECK === 'off' ? [] : ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: target ? targets[target].mutate : files.flatMap(([, t]) => t.mutate),
  testFiles: target ? targets[target].tests : [...new Set(files.flatMap(([, t]) => t.tests))],
  coverageAnalysis: 'perTest',
  // module-level code (constants) runs once per worker: its mutants would need a fresh worker and
  // every test per mutant, so they are left out (listed as ignored in the report)
  ignoreStatic: true,
  // one worker by default; STRYKER_CONCURRENCY=2 on a machine left to it
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  // a mutant's time limit is 1.5 × its tests' times + the dry run's overhead (the test files' databases
  // and apps; all of it when the tests' times came back as 0, 'net 0 ms') + this: at a load average of 30 a surviving
  // mutant that reruns every test of a file, or the first run after a restarted runner (which imports
  // the app again, ~60 s), took longer than 20 s more, timed out, restarted the runner and so timed
  // out the next one too — each mutant counted as detected. 5 minutes more lets a slow run finish.
  timeoutMS: 300_000,
  incremental: true,
  incrementalFile: `reports/mutation/incremental/${name}.json`,
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  ignorePatterns: ['web', 'dist', 'data', 'bench', 'test/e2e', 'test/reliability', 'reports'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
