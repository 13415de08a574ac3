// Import rules of the house (ARCHITECTURE.md "Rules of the house"), checked by `npm run lint:deps`
// and in .ci/run. Imports point one way: main/cli → http → modules → db; a module that must react
// to another's business event listens to that module's typed hook (src/hooks.ts) instead of being
// called by it. Type-only imports count too (tsPreCompilationDeps): a circle of types is still two
// modules that cannot be read, changed or moved apart.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circle-between-folders',
      severity: 'error',
      comment:
        'An import circle that leaves its folder (a module folder src/modules/<name>/, or src/http, src/db, …). ' +
        'Let the owner of the event declare a hook (src/hooks.ts) and the other side listen, or move the shared ' +
        'constant/table to where both sides may import it. A circle inside one folder (say customers/service.ts ↔ ' +
        'customers/bulk.ts) is the folder’s own business and allowed.',
      from: { path: '^(src/modules/[^/]+|src/[^/]+)/' },
      to: { circular: true, via: { pathNot: '^$1/' } },
    },
    {
      name: 'no-circle-through-top-level-files',
      severity: 'error',
      comment: 'src/*.ts (config, hooks, normalise, pii, main) are leaves or entry points: no circle runs through them.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'db-imports-no-higher-layer',
      severity: 'error',
      comment:
        'src/db is the lowest layer: it may not import src/http or src/modules — apart from db/schema.ts, which ' +
        're-exports every module’s tables for drizzle (and drizzle-kit).',
      from: { path: '^src/db/', pathNot: '^src/db/schema\\.ts$' },
      to: { path: '^src/(http|modules)/' },
    },
    {
      name: 'db-schema-reexports-module-tables-only',
      severity: 'error',
      comment: 'db/schema.ts re-exports modules’ schema.ts files (their tables), nothing from src/http or other module files.',
      from: { path: '^src/db/schema\\.ts$' },
      to: { path: '^src/(http/|modules/[^/]+/(?!schema\\.ts$))' },
    },
    {
      name: 'modules-import-no-entry-points',
      severity: 'error',
      comment: 'Modules are loaded by the entry points (src/main.ts, src/cli, src/http/routes.ts), never the other way ' +
        '(a test may start the whole program).',
      from: { path: '^src/modules/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(main\\.ts$|cli/)' },
    },
    {
      name: 'modules-import-only-http-helpers',
      severity: 'error',
      comment:
        'A module may import src/http’s helpers (errors, schemas, context types, pagination…) but not the server or ' +
        'the route list, which import the modules.',
      from: { path: '^src/modules/' },
      to: { path: '^src/http/(server|routes)\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(web|node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
