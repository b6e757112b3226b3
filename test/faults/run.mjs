// `npm run test:faults`: the fault suites of test/unit/faults at full size — 10,000 IDs per target
// with 20 % of requests failing, 20 SIGKILLs of the CLI mid-job with resume, 10,000 fuzzed
// selections, 200 damaged journals (one byte or cut short) — ending with "faults: N passed, N
// failed". `npm test` runs the same suites at a small size (their defaults). Sizes can be
// overridden: FAULT_IDS, FAULT_KILLS, FAULT_FUZZ_CASES, FAULT_DAMAGES.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const env = {
  ...process.env,
  FAULT_IDS: process.env.FAULT_IDS ?? '10000',
  FAULT_KILLS: process.env.FAULT_KILLS ?? '20',
  FAULT_FUZZ_CASES: process.env.FAULT_FUZZ_CASES ?? '10000',
  FAULT_DAMAGES: process.env.FAULT_DAMAGES ?? '200',
  TEST_SUMMARY_LABEL: process.env.TEST_SUMMARY_LABEL ?? 'faults',
};
console.log(`faults: ${env.FAULT_IDS} IDs per target, ${env.FAULT_KILLS} kills, ${env.FAULT_FUZZ_CASES} fuzzed selections, ${env.FAULT_DAMAGES} damaged journals`);
const child = spawn(process.execPath, [mocha, 'test/unit/faults/**/*.test.ts', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward).on('SIGTERM', forward);
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
