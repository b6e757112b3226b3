// Runs inside the extension host of a real VS Code (bundled as the `extensionTestsPath` of a
// throw-away copy of the extension; see bench/scenarios/activation.ts): activates the extension
// once, timing require + activate(), and writes the result as a log line the harness relays.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

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
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'user-erasure');
    if (!extension) throw new Error('the extension is not loaded');
    const activeBefore = extension.isActive;
    const started = performance.now();
    await extension.activate();
    const ms = performance.now() - started;
    write(`bench-activation ${JSON.stringify({ ms, activeBefore, vscode: vscode.version, node: process.version })}`);
    passed = 1;
  } catch (error) {
    write(`bench-activation-error ${error instanceof Error ? error.message : String(error)}`);
    failed = 1;
  }
  write(`host-summary ${JSON.stringify({ passed, failed, pending: 0 })}`);
  if (failed > 0) throw new Error('activation failed');
}
