// Runs the bundled host suite (out/host-tests/index.js) inside the extension host of a real
// VS Code: code-server + headless Chromium, with the extension loaded from the repository
// (extensionDevelopmentPath). Relays mocha's log to the terminal, prints `host: N passed, N failed`
// and returns the exit code VS Code reported through codeAutomationExit.
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ensureInstalled, HarnessError, log } from './install.mjs';
import { startCodeServer } from './code-server.mjs';
import { launchChromium } from './chromium.mjs';
import { createRunDir } from './run-dir.mjs';
import { isShuttingDown, onCleanup } from './cleanup.mjs';

// Written by test/host/index.ts as the last line of its log; keep the two in sync.
const SUMMARY_PREFIX = 'host-summary ';
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * @param {object} options
 * @param {string} options.repoRoot folder with the extension's package.json and its built dist/
 * @param {string} [options.grep] only tests whose full title matches (mocha grep)
 * @returns {Promise<number>} process exit code: 0 when every test passed
 */
export async function runHostSuite({ repoRoot, grep }) {
  await ensureInstalled({ browser: true }); // Chromium drives the suite
  const testsPath = path.join(repoRoot, 'out', 'host-tests', 'index.js');
  checkBuilt(repoRoot, testsPath);
  const started = Date.now();
  const run = prepareRun(repoRoot);
  let server;
  let relay;
  let outcome;
  try {
    server = await startCodeServer({
      workspace: run.workspace,
      smokeTestDriver: true,
      logFile: run.logs.codeServer,
      env: {
        USER_ERASURE_HOST_TEST_LOG: run.logs.mocha,
        ...(grep ? { USER_ERASURE_HOST_GREP: grep } : {}),
      },
    });
    relay = relayLog(run.logs.mocha);
    log(`code-server ${server.url} ready; running the host suite`);
    outcome = await runInBrowser({
      server,
      repoRoot,
      testsPath,
      workspace: run.workspace,
      browserLog: run.logs.browser,
    });
  } finally {
    relay?.stop();
    await server?.stop();
    run.finish();
  }
  if (isShuttingDown()) return 1; // Ctrl-C: the run was cut short on purpose, nothing to report

  const summary = relay.summary();
  if (!summary) log(`the suite did not report a result (${outcome.reason}); logs in ${run.resultsDir}`);
  const passed = summary?.passed ?? 0;
  const failed = summary?.failed ?? 1;
  const ok = outcome.code === 0 && summary !== undefined && failed === 0;
  log(`finished in ${Math.round((Date.now() - started) / 1000)} s (exit code from VS Code: ${outcome.code})`);
  console.log(`host: ${passed} passed, ${failed} failed`);
  return ok ? 0 : 1;
}

function checkBuilt(repoRoot, testsPath) {
  const main = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).main;
  for (const file of [path.join(repoRoot, main), testsPath]) {
    if (!fs.existsSync(file)) {
      throw new HarnessError(`${path.relative(repoRoot, file)} is missing: build first (npm run test:host does)`);
    }
  }
}

/**
 * A private folder for one run: a fresh copy of test/host/workspace (if present) to open, and the
 * logs (mocha's, code-server's, the browser console). finish() copies the logs to
 * test-results/host/ (so concurrent runs never write into each other's files) and removes it.
 */
function prepareRun(repoRoot) {
  const run = createRunDir('host-run');
  const unregister = onCleanup(() => run.remove());
  const workspace = path.join(run.dir, 'workspace');
  const template = path.join(repoRoot, 'test', 'host', 'workspace');
  if (fs.existsSync(template)) fs.cpSync(template, workspace, { recursive: true });
  else fs.mkdirSync(workspace);
  const logDir = run.sub('logs');
  const logs = {
    mocha: path.join(logDir, 'mocha.log'),
    codeServer: path.join(logDir, 'code-server.log'),
    browser: path.join(logDir, 'browser-console.log'),
  };
  const resultsDir = path.join(repoRoot, 'test-results', 'host');
  return {
    workspace,
    logs,
    resultsDir,
    finish() {
      fs.mkdirSync(resultsDir, { recursive: true });
      for (const file of Object.values(logs)) {
        const target = path.join(resultsDir, path.basename(file));
        if (fs.existsSync(file)) fs.copyFileSync(file, target);
        else fs.rmSync(target, { force: true });
      }
      unregister();
      run.remove();
    },
  };
}

/** Opens the workbench with the test payload and waits for codeAutomationExit. */
async function runInBrowser({ server, repoRoot, testsPath, workspace, browserLog: browserLogFile }) {
  const browserLog = fs.createWriteStream(browserLogFile);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('console', (message) => browserLog.write(`${message.type()}: ${message.text()}\n`));
    page.on('pageerror', (error) => browserLog.write(`pageerror: ${error.stack ?? error}\n`));

    let settle;
    const verdict = new Promise((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationExit', (code) =>
      settle({ code: Number(code), reason: 'the test module ended without one' }),
    );
    browser.on('disconnected', () => settle({ code: 1, reason: 'Chromium went away' }));
    server.exited.then((code) => settle({ code: 1, reason: `code-server exited (${code})` }));
    const timeoutMs = Number(process.env.USER_ERASURE_HOST_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => settle({ code: 1, reason: `timed out after ${timeoutMs / 1000} s` }), timeoutMs);

    // 'commit': the verdict, not the page's load event, says when the run is over.
    await page.goto(testUrl(server, workspace, repoRoot, testsPath), { waitUntil: 'commit', timeout: 60_000 });
    const outcome = await verdict;
    clearTimeout(timer);
    return outcome;
  } finally {
    await browser.close();
    browserLog.end();
  }
}

function testUrl(server, workspace, repoRoot, testsPath) {
  const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(testsPath)],
  ];
  return `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Follows the suite's log file, printing complete lines as they arrive; keeps the summary. */
function relayLog(file) {
  const decoder = new StringDecoder('utf8'); // a read may end inside a multi-byte character
  let offset = 0;
  let partial = '';
  let summary;
  const pump = () => {
    let chunk;
    try {
      const fd = fs.openSync(file, 'r');
      const size = fs.fstatSync(fd).size;
      chunk = Buffer.alloc(Math.max(0, size - offset));
      fs.readSync(fd, chunk, 0, chunk.length, offset);
      fs.closeSync(fd);
    } catch {
      return; // not created yet
    }
    offset += chunk.length;
    const lines = (partial + decoder.write(chunk)).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (line.startsWith(SUMMARY_PREFIX)) summary = JSON.parse(line.slice(SUMMARY_PREFIX.length));
      else console.log(line);
    }
  };
  const timer = setInterval(pump, 250);
  return {
    stop() {
      clearInterval(timer);
      pump();
      if (partial) console.log(partial);
    },
    summary: () => summary,
  };
}
