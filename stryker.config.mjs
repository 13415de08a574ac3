// Mutation testing (StrykerJS) of the rules that must never be wrong: `npm run test:mutation`
// (scripts/mutation.mjs) runs it one file at a time, incrementally, and writes the reports and
// scores under reports/mutation/ (committed; `.ci/run` checks the scores, it never runs Stryker).
// STRYKER_TARGET names the file (a key of `targets`); without it every file is mutated at once.
export const targets = {
  'points/ledger': ['src/modules/points/ledger.test.ts', 'src/modules/points/ledger-rules.test.ts', 'src/modules/points/redemption.test.ts'],
  'points/redemption': ['src/modules/points/redemption.test.ts', 'src/modules/points/redemption-rules.test.ts'],
  'points/expiry': ['src/modules/points/expiry.test.ts', 'src/modules/points/ledger-rules.test.ts'],
  'points/earnings': ['src/modules/points/earnings.test.ts', 'src/modules/points/batches.test.ts', 'src/modules/points/events.test.ts'],
  'cards/service': ['src/modules/cards/cards.test.ts'],
  'membership/review': ['src/modules/membership/review.test.ts', 'src/modules/membership/applications.test.ts'],
  'membership/candidates': ['src/modules/membership/candidates.test.ts'],
};
const target = process.env.STRYKER_TARGET;
if (target && !targets[target]) throw new Error(`STRYKER_TARGET: no such target ${target}`);
const name = target ? target.replace('/', '-') : 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  // the TypeScript checker drops mutants that do not compile; it needs the whole project to typecheck
  // (STRYKER_TYPECHECK=off while someone else's half-done edit breaks it)
  checkers: process.env.STRYKER_TYPECHECK === 'off' ? [] : ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: target ? [`src/modules/${target}.ts`] : Object.keys(targets).map((t) => `src/modules/${t}.ts`),
  testFiles: target ? targets[target] : [...new Set(Object.values(targets).flat())],
  coverageAnalysis: 'perTest',
  // module-level code (constants) runs once per worker: its mutants would need a fresh worker and
  // every test per mutant, so they are left out (listed as ignored in the report)
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: `reports/mutation/incremental/${name}.json`,
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  ignorePatterns: ['web', 'dist', 'data', 'bench', 'test/e2e', 'test/reliability', 'reports'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
