// Runs inside the extension host of a real VS Code (bundled as the `extensionTestsPath` of a
// throw-away copy of an extension; see bench/scenarios/activation.ts): activates the extension
// named at bundle time (ours, or the empty one beside it) once, timing require + activate(), and
// — where the extension exposes its history — the time until the history is loaded as well.
// Writes the result as a log line the harness relays.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

declare const BENCH_EXTENSION_NAME: string;

interface HistoryApi {
  services?: { history?: { whenLoaded?: () => Promise<unknown> } };
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
    write(`bench-activation ${JSON.stringify({ name: BENCH_EXTENSION_NAME, ms, historyLoadedMs, activeBefore, vscode: vscode.version, node: process.version })}`);
    passed = 1;
  } catch (error) {
    write(`bench-activation-error ${error instanceof Error ? error.message : String(error)}`);
    failed = 1;
  }
  write(`host-summary ${JSON.stringify({ passed, failed, pending: 0 })}`);
  if (failed > 0) throw new Error('activation failed');
}
