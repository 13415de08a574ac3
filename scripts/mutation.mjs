#!/usr/bin/env node
// Mutation testing (issue 17): StrykerJS, one file at a time, incrementally (stryker.config.mjs).
//   node scripts/mutation.mjs run [points/ledger …]   run Stryker (every target, or the ones named), then `scores`
//   node scripts/mutation.mjs scores                 reports/mutation/<target>.json → reports/mutation/scores.json
//   node scripts/mutation.mjs check                  (.ci/run) fails when a committed score is below its target or
//                                                    scores.json does not match the committed Stryker reports
// Score = (killed + timed out) / (killed + timed out + survived + not covered), Stryker's mutation score;
// equivalent mutants are marked in the source (`// Stryker disable next-line …: reason`) and count as ignored.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { targets } from '../stryker.config.mjs';

const dir = path.resolve(import.meta.dirname, '../reports/mutation');
const scoresFile = path.join(dir, 'scores.json');
const target = 85;

/** The counts and score of one file in a Stryker JSON report (mutation-testing-report-schema). */
export function countsOf(report, file) {
  const result = report.files[file];
  if (!result) return null;
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, compileError: 0, runtimeError: 0 };
  for (const m of result.mutants) {
    const key = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage', Ignored: 'ignored', CompileError: 'compileError', RuntimeError: 'runtimeError' }[m.status];
    if (!key) throw new Error(`${file}: mutant ${m.id} has status ${m.status} (a run that did not finish?)`);
    c[key]++;
  }
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage;
  return { ...c, score: valid ? Math.round((detected / valid) * 10000) / 100 : 100 };
}

function reportOf(name) {
  const file = path.join(dir, `${name.replace('/', '-')}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}

function scores() {
  const out = {};
  for (const name of Object.keys(targets)) {
    const report = reportOf(name);
    const counts = report && countsOf(report, `src/modules/${name}.ts`);
    if (!counts) { console.log(`${name}: no report yet`); continue; }
    const stat = fs.statSync(path.join(dir, `${name.replace('/', '-')}.json`));
    out[`src/modules/${name}.ts`] = { score: counts.score, target, ...counts, date: stat.mtime.toISOString().slice(0, 10) };
    console.log(`${name}: ${counts.score} % (target ${target} %) — killed ${counts.killed}, timed out ${counts.timeout}, survived ${counts.survived}, not covered ${counts.noCoverage}, equivalent ${counts.ignored}`);
  }
  fs.writeFileSync(scoresFile, `${JSON.stringify(out, null, 2)}\n`);
}

function check() {
  const committed = JSON.parse(fs.readFileSync(scoresFile, 'utf8'));
  const problems = [];
  for (const [file, s] of Object.entries(committed)) {
    const name = file.replace(/^src\/modules\//, '').replace(/\.ts$/, '');
    const report = reportOf(name);
    const counts = report && countsOf(report, file);
    if (!counts) { problems.push(`${file}: no Stryker report reports/mutation/${name.replace('/', '-')}.json`); continue; }
    for (const k of ['score', 'killed', 'timeout', 'survived', 'noCoverage', 'ignored']) {
      if (counts[k] !== s[k]) problems.push(`${file}: scores.json says ${k} ${s[k]}, the Stryker report says ${counts[k]}`);
    }
    if (s.target !== target) problems.push(`${file}: target ${s.target} % in scores.json, ${target} % required`);
    if (counts.score < target) problems.push(`${file}: mutation score ${counts.score} % is below its target ${target} %`);
    const source = fs.readFileSync(path.resolve(import.meta.dirname, '..', file), 'utf8');
    if (report.files[file].source !== source) console.log(`note: ${file} changed since its mutation report (rerun: npm run test:mutation -- ${name})`);
    console.log(`${file}: ${counts.score} % (target ${target} %)`);
  }
  for (const name of Object.keys(targets)) if (!committed[`src/modules/${name}.ts`]) console.log(`note: src/modules/${name}.ts has no mutation score yet`);
  if (problems.length) {
    for (const p of problems) console.error(`FAIL ${p}`);
    process.exit(1);
  }
}

const [cmd, ...names] = process.argv.slice(2);
if (cmd === 'run') {
  for (const name of names.length ? names : Object.keys(targets)) {
    if (!targets[name]) throw new Error(`no such target: ${name} (one of ${Object.keys(targets).join(', ')})`);
    console.log(`\n==> stryker run: src/modules/${name}.ts`);
    const r = spawnSync('npx', ['stryker', 'run'], { stdio: 'inherit', env: { ...process.env, STRYKER_TARGET: name } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  scores();
} else if (cmd === 'scores') scores();
else if (cmd === 'check') check();
else {
  console.error('usage: node scripts/mutation.mjs run [target …] | scores | check');
  process.exit(2);
}
