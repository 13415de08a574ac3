#!/usr/bin/env node
// The clubcrm command: runs the TypeScript sources through tsx (no separate compile step).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/index.ts');
