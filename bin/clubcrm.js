#!/usr/bin/env node
// The clubcrm command. Runs the server bundle dist/cli.js, built from src/ by esbuild
// (scripts/build-server.js, well under a second) first whenever a source changed since the last
// build, so `npm start` on a fresh clone just works and no command ever runs stale code. Should the
// build be impossible (e.g. a read-only install), the sources run through tsx as before.
import { pathToFileURL } from 'node:url';
import { buildServer, serverBuildIsCurrent, serverEntry } from '../scripts/build-server.js';

let current = serverBuildIsCurrent();
if (!current) {
  try {
    // said on a terminal only: scripts and tests read this command's output
    await buildServer(process.stderr.isTTY ? {} : { log: () => {} });
    current = true;
  } catch (e) {
    process.stderr.write(`The server build failed (${e instanceof Error ? e.message : e}); running the sources through tsx.\n`);
  }
}
performance.mark('clubcrm:load'); // start-up timings: what came before is Node and the build check
if (current) {
  await import(pathToFileURL(serverEntry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}
