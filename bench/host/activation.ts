// Runs inside the extension host of a real VS Code (bundled as the `extensionTestsPath` of a
// throw-away copy of an extension; see bench/scenarios/activation.ts): activates the extension
// named at bundle time (ours, or the empty one beside it) once, timing require + activate(), and
// — where the extension exposes its history — the time until the history is loaded as well.
// Writes the result as a log line the harness relays.
//
// The test runner starts while VS Code itself is still starting (the workbench rendering, the
// built-in extensions activating), and on a 2-core machine that contention stretched the same
// activation from 40 to 130 ms between runs. A user activates ours by opening its view or running
// a command, after start-up; so both extensions are activated once the machine is quiet.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

declare const BENCH_EXTENSION_NAME: string;

interface HistoryApi {
  services?: { history?: { whenLoaded?: () => Promise<unknown> } };
}

/** A little more than src/start.ts waits before it writes the cache. */
const CODE_CACHE_WRITTEN_AFTER_MS = 4000;
const QUIET_IDLE = 0.85;
const QUIET_WINDOW_MS = 500;
const QUIET_MAX_WAIT_MS = 20_000;

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/** Waits until all cores were at least QUIET_IDLE idle over the last QUIET_WINDOW_MS (at most QUIET_MAX_WAIT_MS). */
async function untilQuiet(): Promise<{ waitedMs: number; idle: number }> {
  const started = performance.now();
  for (;;) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    const after = cpuTimes();
    const idle = (after.idle - before.idle) / Math.max(1, after.total - before.total);
    const waitedMs = performance.now() - started;
    if (idle >= QUIET_IDLE || waitedMs >= QUIET_MAX_WAIT_MS) return { waitedMs, idle };
  }
}

export async function run(): Promise<void> {
  const logFile = process.env.USER_ERASURE_HOST_TEST_LOG;
  const write = (line: string) => {
    if (logFile) fs.appendFileSync(logFile, `${line}\n`);
    console.log(`[user-erasure-bench] ${line}`);
  };
  if (logFile) fs.writeFileSync(logFile, '');
  let passed = 0;
  let failed = 0;
  try {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === BENCH_EXTENSION_NAME);
    if (!extension) throw new Error(`the extension ${BENCH_EXTENSION_NAME} is not loaded`);
    const quiet = await untilQuiet();
    const activeBefore = extension.isActive;
    const started = performance.now();
    const api = (await extension.activate()) as HistoryApi | undefined;
    const ms = performance.now() - started;
    const whenLoaded = api?.services?.history?.whenLoaded;
    let historyLoadedMs: number | undefined;
    if (whenLoaded) {
      await whenLoaded.call(api.services!.history);
      historyLoadedMs = performance.now() - started;
    }
    // Ours loads its bundle through V8's code cache (src/start.ts): say whether this activation
    // used it, and give a first one the time to write it, as a window that stays open would.
    const entry = path.join(extension.extensionPath, extension.packageJSON.main as string);
    const codeCache = (require(entry) as { codeCache?: string }).codeCache;
    if (codeCache !== undefined && codeCache !== 'used') await new Promise((resolve) => setTimeout(resolve, CODE_CACHE_WRITTEN_AFTER_MS));
    write(`bench-activation ${JSON.stringify({ name: BENCH_EXTENSION_NAME, ms, historyLoadedMs, quiet, codeCache, activeBefore, vscode: vscode.version, node: process.version })}`);
    passed = 1;
  } catch (error) {
    write(`bench-activation-error ${error instanceof Error ? error.message : String(error)}`);
    failed = 1;
  }
  write(`host-summary ${JSON.stringify({ passed, failed, pending: 0 })}`);
  if (failed > 0) throw new Error('activation failed');
}
