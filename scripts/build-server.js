// The server build: esbuild bundles src/ (from the CLI entry src/cli/index.ts) into dist/ as plain
// ESM for Node 20, node_modules left external. `npm run build` runs it, and bin/clubcrm.js runs it
// whenever a source of the last build changed (or the build is missing), so a fresh clone still
// starts with `npm install && npm start` and a restart never runs stale code.
//
// The sources find files relative to themselves (`new URL(…, import.meta.url)`: migrations, the
// console's web/dist, the package root). In the bundle every file keeps the URL of its own source
// file, so those paths mean the same thing there: the migrations are read from src/db/migrations.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const manifestFile = path.join(dist, 'build.json');
/** the bundle bin/clubcrm.js imports */
export const serverEntry = path.join(dist, 'cli.js');

/**
 * Whether dist/ holds a build of the current sources: every input of the last build (listed by
 * esbuild's metafile in dist/build.json) still exists and is not newer than the build's start.
 * About 120 stat calls, a few milliseconds.
 */
export function serverBuildIsCurrent() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(serverEntry)) return false;
  try {
    return [...manifest.inputs, 'scripts/build-server.js'].every((f) => fs.statSync(path.join(root, f)).mtimeMs <= manifest.startedAt);
  } catch {
    return false; // an input was deleted or renamed
  }
}

/** Rewrites `import.meta.url` in each source to that source's own URL, relative to the bundle. */
const keepSourceUrls = {
  name: 'keep-source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(path.join(root, 'src') + path.sep)) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (/\bimport\(\s*(\/\*.*?\*\/\s*)?(?!['"\s/])/.test(source)) {
        return { errors: [{ text: 'import() of a computed name: the bundle would not contain the module; import it by a literal path' }] };
      }
      if (!source.includes('import.meta.')) return { contents: source, loader: 'ts' };
      if (/import\.meta\.(dirname|filename)/.test(source)) {
        return { errors: [{ text: 'use new URL(…, import.meta.url) in server sources: import.meta.dirname/filename are not rewritten for the bundle' }] };
      }
      const rel = path.relative(dist, args.path).split(path.sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/**
 * Packages loaded on first use rather than at start: big, and needed only by occasional work
 * (spreadsheet import/export: ~250 ms of every start otherwise; SMTP). The sources import them as
 * usual (default import); in the bundle that import is a stand-in that requires the package the
 * first time one of its properties is read.
 */
const deferredPackages = ['exceljs', 'nodemailer'];
const deferPackages = {
  name: 'defer-packages',
  setup(build) {
    const filter = new RegExp(`^(${deferredPackages.join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'deferred' ? { path: args.path, external: true } : { path: args.path, namespace: 'deferred' }));
    build.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({
      resolveDir: root,
      loader: 'js',
      contents: `import { createRequire } from 'node:module';
let loaded;
const load = () => (loaded ??= createRequire(import.meta.url)(${JSON.stringify(args.path)}));
export default new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });
`,
    }));
  },
};

/** Builds dist/ from src/. Files are written under temporary names and renamed, so a process starting meanwhile never reads half a file. */
export async function buildServer({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const started = Date.now();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli/index.ts' },
    outdir: 'dist',
    bundle: true,
    splitting: true, // the CLI's occasional commands (demo data, ledger check) stay out of the start-up path
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked', // NODE_OPTIONS=--enable-source-maps shows src/ positions in stack traces
    minifyWhitespace: true, // less to parse at every start; names are kept, so stack traces stay readable
    minifySyntax: true,
    chunkNames: '[name]-[hash]', // beside cli.js: the rewritten source URLs are relative to dist/
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [keepSourceUrls, deferPackages],
  });
  // a warning here is a bundle that would behave differently from the sources (e.g. an import by a computed name)
  for (const w of result.warnings) log(`warning: ${w.text}${w.location ? ` (${w.location.file}:${w.location.line})` : ''}`);
  fs.mkdirSync(dist, { recursive: true });
  const suffix = `.tmp-${process.pid}`;
  // chunks first, the entry last: a process starting meanwhile sees either the old build or the whole new one
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === serverEntry) - Number(b.path === serverEntry));
  for (const f of files) {
    fs.writeFileSync(f.path + suffix, f.contents);
    fs.renameSync(f.path + suffix, f.path);
  }
  // chunks of earlier builds are dropped once no process can still be starting from them
  const current = new Set(files.map((f) => path.basename(f.path)));
  for (const f of fs.readdirSync(dist)) {
    const p = path.join(dist, f);
    if (/\.js(\.map)?$/.test(f) && !current.has(f) && fs.statSync(p).mtimeMs < started - 600_000) fs.rmSync(p, { force: true });
  }
  const inputs = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/'));
  fs.writeFileSync(manifestFile + suffix, JSON.stringify({ startedAt: started, inputs }, null, 1));
  fs.renameSync(manifestFile + suffix, manifestFile);
  log(`server built into dist/ (${inputs.length} sources, ${Date.now() - started} ms)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildServer({ log: (m) => console.log(m) }).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
