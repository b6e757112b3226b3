// `npm test`: type check, lint, build, then every suite in turn — plain-Node unit tests, the suite inside
// a real VS Code (code-server), and the browser UI tests. Each suite prints "<label>: N passed,
// N failed"; this script ends with the plain total line "N passed, N failed" that CI reads.
// Right after `git clone` it first installs what is missing (scripts/setup: system packages, npm ci).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { prepareMachine } from './setup/prepare.mjs';
import { HarnessError } from './vscode-host/errors.mjs';

const steps = [
  { label: 'types', command: 'npx', args: ['tsc', '--noEmit', '-p', '.'], counted: false },
  { label: 'lint', command: 'npx', args: ['eslint', '.'], counted: false },
  { label: 'build', command: 'node', args: ['esbuild.js'], counted: false },
  { label: 'build host tests', command: 'node', args: ['esbuild.js', '--host-tests'], counted: false },
  { label: 'unit', command: 'npx', args: ['mocha', 'test/unit/**/*.test.ts'], counted: true },
  { label: 'host', command: 'node', args: ['scripts/vscode-host.mjs', 'test'], counted: true },
  { label: 'ui', command: 'node', args: ['scripts/ui-tests.mjs'], counted: true, optional: 'scripts/ui-tests.mjs' },
];

const only = process.argv.slice(2);
const summary = /^(?:\w+: )?(\d+) passed, (\d+) failed\s*$/;

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, TEST_SUMMARY_LABEL: step.label } });
    let last;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith(`${step.label}: `) && summary.test(line)) last = line;
    });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('close', (code) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      if (pending.startsWith(`${step.label}: `) && summary.test(pending)) last = pending;
      const match = last ? summary.exec(last) : undefined;
      resolve({ code: code ?? 1, passed: match ? Number(match[1]) : 0, failed: match ? Number(match[2]) : 0, reported: Boolean(match) });
    });
  });
}

const { existsSync } = await import('node:fs');
const selected = steps.filter((step) => (only.length === 0 || only.includes(step.label)) && !(step.optional && !existsSync(step.optional)));
const inVsCode = selected.some((step) => step.label === 'host' || step.label === 'ui');
try {
  prepareMachine({ repoRoot: fileURLToPath(new URL('..', import.meta.url)), rerun: 'npm test', browser: inVsCode, codeServer: inVsCode });
} catch (error) {
  console.error(error instanceof HarnessError ? `[setup] ${error.message}` : error);
  process.exit(1);
}

let passed = 0;
let failed = 0;
let broken = false;
for (const step of selected) {
  console.log(`\n=== ${step.label} ===`);
  const result = await run(step);
  if (step.counted) {
    passed += result.passed;
    failed += result.failed;
    if (!result.reported) {
      console.log(`${step.label}: the suite did not report its results (exit code ${result.code}); counted as 1 failure`);
      failed += 1;
    } else if (result.code !== 0 && result.failed === 0) {
      console.log(`${step.label}: exit code ${result.code} although no test failed; counted as 1 failure`);
      failed += 1;
    }
  } else if (result.code !== 0) {
    console.log(`${step.label} failed (exit code ${result.code}); stopping`);
    broken = true;
    break;
  }
}
if (broken) failed += 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
