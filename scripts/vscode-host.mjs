#!/usr/bin/env node
// The VS Code host harness: runs the extension inside a real, offline VS Code (code-server from
// npm on Node 24 from npm, driven through Debian's Chromium by playwright-core), following
// shared/vscode-host-tests.md. Runs on the machine's Node 20.
//
//   node scripts/vscode-host.mjs install             install Node 24 + code-server into the cache
//   node scripts/vscode-host.mjs test [--grep re]    run the host suite (build it first:
//                                                    `npm run test:host` does both)
//
// Cache: $USER_ERASURE_CACHE_DIR, default ~/.cache/user-erasure/. Other knobs:
// USER_ERASURE_HOST_TIMEOUT_MS (default 10 min), USER_ERASURE_HEADED=1 (visible Chromium),
// USER_ERASURE_KEEP_RUN_DIR=1 (keep the temporary run folders for debugging).
//
// The UI-test runner and `npm start` import the functions re-exported below.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDir, ensureInstalled, installPaths, log } from './vscode-host/install.mjs';
import { runHostSuite } from './vscode-host/run-suite.mjs';
import { runMain } from './vscode-host/run-main.mjs';

export {
  CODE_SERVER_VERSION,
  HarnessError,
  NODE_VERSION,
  cacheDir,
  isInstalled,
  ensureInstalled,
  installPaths,
} from './vscode-host/install.mjs';
export { freePort, installVsix, startCodeServer } from './vscode-host/code-server.mjs';
export { CHROMIUM_FLAGS, launchChromium } from './vscode-host/chromium.mjs';
export { exitAfterCleanup, onCleanup, runCleanups } from './vscode-host/cleanup.mjs';
export { createRunDir } from './vscode-host/run-dir.mjs';
export { runHostSuite } from './vscode-host/run-suite.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'install': {
      await ensureInstalled();
      const paths = installPaths();
      log(`ready in ${cacheDir()}: ${paths.nodeBin}, ${paths.codeServerEntry}`);
      return 0;
    }
    case 'test':
      return runHostSuite({ repoRoot, grep: option(rest, '--grep') });
    default:
      console.error('usage: node scripts/vscode-host.mjs install | test [--grep <pattern>]');
      return 2;
  }
}

function option(args, name) {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  await runMain('vscode-host', () => main(process.argv.slice(2)));
}
