import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The `*-rules.test.ts` files first (each test aimed at a rule), then vitest's usual order. Stryker
 * stops a mutant's run at the first failing test (bail), so a mutant such a test kills never pays
 * for the next file's database and app.
 */
class RulesFirst extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const rules = (f: TestSpecification) => (f.moduleId.endsWith('-rules.test.ts') ? 0 : 1);
    return sorted.map((f, i) => [f, i] as const).sort(([a, i], [b, j]) => rules(a) - rules(b) || i - j).map(([f]) => f);
  }
}

// The unit project (PGlite) as StrykerJS runs it (stryker.config.mjs): only the test files of the
// mutated modules, so a mutation run fits on this machine. Stryker itself picks the tests per mutant.
export default defineConfig({
  test: {
    name: 'unit',
    include: ['src/modules/points/*.test.ts', 'src/modules/cards/*.test.ts', 'src/modules/membership/*.test.ts'],
    // Stryker's own limit (timeoutMS) catches a mutant that hangs; these only stop a test that is slow on a
    // loaded machine from failing the dry run (at load 25 `clubcrm verify-ledger` as a child process took > 60 s)
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // one worker keeps the app's modules loaded between Stryker's runs (each run would otherwise
    // import them again); a file still opens its own database, so files do not share data
    isolate: false,
    sequence: { sequencer: RulesFirst },
    // the migrated, seeded PGlite database is loaded from this file (test/helpers/db.ts): scripts/mutation.mjs
    // builds it before Stryker starts (scripts/pglite-template.ts) and passes its path; without it, the first
    // test file builds it in the sandbox
    env: { PGLITE_TEMPLATE: process.env.PGLITE_TEMPLATE ?? path.resolve('.stryker-pglite-template.tar.gz') },
  },
});
