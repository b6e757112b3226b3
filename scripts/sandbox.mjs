#!/usr/bin/env node
// `npm start`: a browser VS Code with the extension installed, a sandbox workspace of sample ID
// files, the four fake vendors on loopback with seeded users, and demo accounts for every vendor
// pointed at them (never at the real vendors). Prints the URL to open; Ctrl-C stops everything.
// Right after `git clone` it first installs what is missing (scripts/setup: system packages, npm ci).
//
//   USER_ERASURE_SANDBOX_PORT   fixed port on 127.0.0.1 (default 8080 when free, else any free port)
//   USER_ERASURE_REUSE_VSIX=1   skip packaging when user-erasure.vsix exists
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isShuttingDown } from './vscode-host/cleanup.mjs';
import { runMain } from './vscode-host/run-main.mjs';
import { prepareMachine } from './setup/prepare.mjs';
import { sandboxPort, startSandbox } from './sandbox/session.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The fakes answer like a real vendor over the internet, and Batch GDPR requests (and CleverTap
// profiles, EngageLab devices) complete 20 s after they were accepted, so the tree shows
// "Accepted (pending at vendor)" turning into "Done" at the first status check.
const FAKES = { seedUsers: 1000, latencyMs: 120, jitterMs: 80, completionDelayMs: 20_000 };

async function main() {
  const started = Date.now();
  // A fresh clone: the build tools code-server needs (no browser: you open the URL yourself), then npm ci.
  prepareMachine({ repoRoot, rerun: 'npm start' });
  const port = await sandboxPort();
  const sandbox = await startSandbox({
    repoRoot,
    port,
    reuseVsix: process.env.USER_ERASURE_REUSE_VSIX === '1',
    fakes: FAKES,
    progress: (line) => console.log(`[sandbox] ${line}`),
  });
  console.log(`[sandbox] ready in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log('');
  console.log(`  Open ${sandbox.url}`);
  console.log('');
  console.log('  Open it in your browser. The workspace README (it opens by itself) says what to try and lists the');
  console.log('  FAKE demo credentials. Demo accounts for Cooladata, EngageLab, CleverTap (two) and Batch talk only');
  console.log('  to the fake vendors on this machine:');
  for (const [vendor, url] of Object.entries(sandbox.fakes.urls)) console.log(`    ${vendor.padEnd(10)} ${url}`);
  console.log('');
  console.log('  Ctrl-C stops code-server and the fake vendors.');
  const why = await sandbox.ended;
  if (isShuttingDown()) return 0;
  console.error(`[sandbox] ${why}; stopping`);
  return 1;
}

await runMain('sandbox', main);
