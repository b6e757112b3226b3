#!/usr/bin/env node
// Browser UI tests: the packaged extension in code-server (the `npm start` sandbox: fake vendors,
// demo accounts, sample files), driven through Debian's Chromium with playwright-core the way an
// engineer uses it. Tests run in order on one page (later tests look at what earlier ones did).
// Prints `ui: N passed, N failed`, exits non-zero on failure, and always stops code-server,
// Chromium and the fake vendors. Artifacts (screenshots, logs) go to test-results/ui/.
//
//   node scripts/ui-tests.mjs [--grep <pattern>] [--update-docs-screenshot]
//   USER_ERASURE_REUSE_VSIX=1   skip packaging when user-erasure.vsix exists
//   USER_ERASURE_HEADED=1       visible Chromium
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isShuttingDown } from './vscode-host/cleanup.mjs';
import { launchChromium } from './vscode-host/chromium.mjs';
import { runMain } from './vscode-host/run-main.mjs';
import { startSandbox } from './sandbox/session.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'test-results', 'ui');
/** Screenshots the tests take (in resultsDir) → their copies in docs/ (--update-docs-screenshot). */
const DOCS_SCREENSHOTS = { 'sidebar.png': 'screenshot-sidebar.png', 'confirmation.png': 'screenshot-confirmation.png', 'walkthrough.png': 'screenshot-walkthrough.png' };

// In this order: the screenshot shows the job the context-menu test created.
const TEST_FILES = ['deleteFromContextMenu.test.mjs', 'nothingSelected.test.mjs', 'findAndWalkthrough.test.mjs', 'sidebarScreenshot.test.mjs', 'walkthroughButtons.test.mjs'];

function option(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function log(line) {
  console.log(`[ui] ${line}`);
}

async function main() {
  const started = Date.now();
  const grep = option('--grep');
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });

  const tests = [];
  for (const file of TEST_FILES) {
    const { default: test } = await import(pathToFileURL(path.join(repoRoot, 'test', 'ui', file)).href);
    if (!grep || new RegExp(grep).test(test.title)) tests.push({ file, ...test });
  }

  const sandbox = await startSandbox({
    repoRoot,
    reuseVsix: process.env.USER_ERASURE_REUSE_VSIX === '1',
    // Deletions stay "accepted (pending)" during the run: the pictures and rows do not race the status checks.
    fakes: { seedUsers: 100, latencyMs: 20, completionDelayMs: 3_600_000 },
    // No README preview at start-up: it opens late, now and then after a test opened a file, and takes its tab.
    // Nor the walkthrough, which opens on first use otherwise (a test opens it on purpose).
    settings: { 'workbench.startupEditor': 'none', 'workbench.welcomePage.walkthroughs.openOnInstall': false },
    logFile: path.join(resultsDir, 'code-server.log'),
    progress: log,
    browser: true,
  });
  log(`code-server ${sandbox.serverUrl} ready (${Math.round((Date.now() - started) / 1000)} s); running ${tests.length} UI test(s)`);

  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleLog = fs.createWriteStream(path.join(resultsDir, 'browser-console.log'));
  page.on('console', (message) => consoleLog.write(`${message.type()}: ${message.text()}\n`));
  page.on('pageerror', (error) => consoleLog.write(`pageerror: ${error.stack ?? error}\n`));
  page.setDefaultTimeout(20_000);

  const { openWorkbench, clearNotifications } = await import(pathToFileURL(path.join(repoRoot, 'test', 'ui', 'workbench.mjs')).href);
  let passed = 0;
  let failed = 0;
  const failures = [];
  try {
    await openWorkbench(page, sandbox.url);
    for (const [index, test] of tests.entries()) {
      if (isShuttingDown()) break;
      const testStarted = Date.now();
      try {
        await test.run({ page, sandbox, resultsDir });
        passed++;
        console.log(`  ✓ ${test.title} (${Date.now() - testStarted} ms)`);
      } catch (error) {
        failed++;
        const shot = path.join(resultsDir, `failure-${index + 1}.png`);
        await page.screenshot({ path: shot }).catch(() => undefined);
        failures.push({ test, error, shot });
        console.log(`  ✗ ${failures.length}) ${test.title}`);
      }
      // Leave no picker, dialog or toast behind for the next test.
      for (let i = 0; i < 3; i++) await page.keyboard.press('Escape').catch(() => undefined);
      await clearNotifications(page).catch(() => undefined);
    }
  } finally {
    consoleLog.end();
    await browser.close();
    await sandbox.stop();
  }
  if (isShuttingDown()) return 1;

  failures.forEach(({ test, error, shot }, i) => {
    console.log(`\n${i + 1}) ${test.title} (${test.file})`);
    console.log(`   ${String(error?.stack ?? error).split('\n').join('\n   ')}`);
    console.log(`   screenshot: ${path.relative(repoRoot, shot)}`);
  });
  if (process.argv.includes('--update-docs-screenshot')) {
    for (const [taken, docsName] of Object.entries(DOCS_SCREENSHOTS)) {
      const shot = path.join(resultsDir, taken);
      if (fs.existsSync(shot) && failed === 0) {
        fs.copyFileSync(shot, path.join(repoRoot, 'docs', docsName));
        log(`copied ${taken} to docs/${docsName}`);
      } else {
        log(`docs/${docsName} not updated (a test failed or no screenshot was taken)`);
      }
    }
  }
  log(`finished in ${Math.round((Date.now() - started) / 1000)} s; artifacts in ${path.relative(repoRoot, resultsDir)}/`);
  console.log(`ui: ${passed} passed, ${failed} failed`);
  return failed === 0 && tests.length > 0 ? 0 : 1;
}

// When the suite could not run at all, say so in the line run-all-tests.mjs reads.
await runMain('ui', main, { onFailure: () => console.log('ui: 0 passed, 1 failed') });
