#!/usr/bin/env node
// Mutation testing (issue 17): StrykerJS, one file at a time, incrementally (stryker.config.mjs).
//   node scripts/mutation.mjs run [points/ledger …]   run Stryker (every file, or the targets named), then `scores`
//   node scripts/mutation.mjs scores                 reports/mutation/<target>.json → reports/mutation/scores.json
//   node scripts/mutation.mjs check                  (.ci/run) fails when a committed score is below its target or
//                                                    scores.json does not match the committed Stryker reports
// A target (stryker.config.mjs) is a file (goal 85 %) or a set of lines (the survivors issue 17 named: 95 %).
// Score = (killed + timed out) / (killed + timed out + survived + not covered), Stryker's mutation score;
// equivalent mutants are listed with a reason in stryker.config.mjs (`equivalents`) and left out of the score.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { equivalents, targets } from '../stryker.config.mjs';

const dir = path.resolve(import.meta.dirname, '../reports/mutation');
const scoresFile = path.join(dir, 'scores.json');
/** The counts and score of a Stryker JSON report (mutation-testing-report-schema), over all its files. */
export function countsOf(report) {
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, ignored: 0, compileError: 0, runtimeError: 0 };
  for (const [file, result] of Object.entries(report.files)) for (const m of result.mutants) {
    if (m.status === 'Survived' && isEquivalent(file, result.source, m)) { c.equivalent++; continue; }
    const key = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage', Ignored: 'ignored', CompileError: 'compileError', RuntimeError: 'runtimeError' }[m.status];
    if (!key) throw new Error(`${file}: mutant ${m.id} has status ${m.status} (a run that did not finish?)`);
    c[key]++;
  }
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage;
  return { ...c, score: valid ? Math.round((detected / valid) * 10000) / 100 : 100 };
}

/** A survivor listed in stryker.config.mjs `equivalents` (same file, line, replacement). */
function isEquivalent(file, source, m) {
  const line = source.split('\n')[m.location.start.line - 1] ?? '';
  return equivalents.some((e) => e.file === file && line.includes(e.line) && e.replacement === m.replacement && (e.column === undefined || e.column === m.location.start.column));
}

function reportOf(name) {
  const file = path.join(dir, `${name.replace('/', '-')}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}

function scores() {
  const out = {};
  for (const name of Object.keys(targets)) {
    const report = reportOf(name);
    if (!report) { console.log(`${name}: no report yet`); continue; }
    const counts = countsOf(report);
    const { target } = targets[name];
    const stat = fs.statSync(path.join(dir, `${name.replace('/', '-')}.json`));
    out[name] = { files: Object.keys(report.files), ...counts, target, date: stat.mtime.toISOString().slice(0, 10) };
    console.log(`${name}: ${counts.score} % (target ${target} %) — killed ${counts.killed}, timed out ${counts.timeout}, survived ${counts.survived}, not covered ${counts.noCoverage}, equivalent ${counts.equivalent}, ignored (static) ${counts.ignored}`);
  }
  fs.writeFileSync(scoresFile, `${JSON.stringify(out, null, 2)}\n`);
}

function check() {
  const committed = JSON.parse(fs.readFileSync(scoresFile, 'utf8'));
  const problems = [];
  for (const [name, s] of Object.entries(committed)) {
    const report = reportOf(name);
    if (!report) { problems.push(`${name}: no Stryker report reports/mutation/${name.replace('/', '-')}.json`); continue; }
    const target = targets[name]?.target;
    if (target === undefined) { problems.push(`${name}: not a target of stryker.config.mjs`); continue; }
    const counts = countsOf(report);
    for (const k of ['score', 'killed', 'timeout', 'survived', 'noCoverage', 'equivalent', 'ignored']) {
      if (counts[k] !== s[k]) problems.push(`${name}: scores.json says ${k} ${s[k]}, the Stryker report says ${counts[k]}`);
    }
    if (s.target !== target) problems.push(`${name}: target ${s.target} % in scores.json, ${target} % in stryker.config.mjs`);
    if (counts.score < target) problems.push(`${name}: mutation score ${counts.score} % is below its target ${target} %`);
    for (const [file, result] of Object.entries(report.files)) {
      const source = fs.readFileSync(path.resolve(import.meta.dirname, '..', file), 'utf8');
      if (result.source !== source) console.log(`note: ${file} changed since the ${name} report (rerun: npm run test:mutation -- ${name})`);
    }
    console.log(`${name}: ${counts.score} % (target ${target} %)`);
  }
  for (const name of Object.keys(targets)) if (!committed[name]) console.log(`note: ${name} has no mutation score yet`);
  if (problems.length) {
    for (const p of problems) console.error(`FAIL ${p}`);
    process.exit(1);
  }
}

const [cmd, ...names] = process.argv.slice(2);
if (cmd === 'run') {
  // the PGlite database every test file of every mutant loads (scripts/pglite-template.ts), built once here
  const template = path.resolve(import.meta.dirname, '../.stryker-pglite-template.tar.gz');
  const built = spawnSync('npx', ['tsx', 'scripts/pglite-template.ts'], { stdio: 'inherit', env: { ...process.env, PGLITE_TEMPLATE: template } });
  if (built.status !== 0) process.exit(built.status ?? 1);
  for (const name of names.length ? names : Object.keys(targets).filter((k) => k.includes('/'))) {
    if (!targets[name]) throw new Error(`no such target: ${name} (one of ${Object.keys(targets).join(', ')})`);
    console.log(`\n==> stryker run: ${name}`);
    const r = spawnSync('npx', ['stryker', 'run'], { stdio: 'inherit', env: { ...process.env, STRYKER_TARGET: name, PGLITE_TEMPLATE: template } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  scores();
} else if (cmd === 'scores') scores();
else if (cmd === 'check') check();
else {
  console.error('usage: node scripts/mutation.mjs run [target …] | scores | check');
  process.exit(2);
}
