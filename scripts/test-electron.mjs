#!/usr/bin/env node
// Runs the host suite (out/host-tests/index.js) in a desktop VS Code downloaded by
// @vscode/test-electron, configured by .vscode-test.mjs. Needs internet (and a display, or
// xvfb-run). Usage: npm run test:electron [-- --grep <pattern>]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import config from '../.vscode-test.mjs';

const SUMMARY_PREFIX = 'host-summary '; // written by test/host/reporter.ts

async function main() {
  const { workspaceTemplate, extensionTestsEnv, launchArgs, ...options } = config;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'user-erasure-electron-'));
  if (fs.existsSync(workspaceTemplate)) fs.cpSync(workspaceTemplate, workspace, { recursive: true });
  const logFile = extensionTestsEnv.USER_ERASURE_HOST_TEST_LOG;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const grep = option('--grep');
  try {
    await runTests({
      ...options,
      launchArgs: [workspace, ...launchArgs],
      extensionTestsEnv: { ...extensionTestsEnv, ...(grep ? { USER_ERASURE_HOST_GREP: grep } : {}) },
    });
    return report(logFile, 0);
  } catch (error) {
    console.error(`test-electron: ${error?.message ?? error}`);
    return report(logFile, 1);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** Prints the same final line as the code-server harness, from the suite's own summary. */
function report(logFile, code) {
  const line = fs.existsSync(logFile)
    ? fs.readFileSync(logFile, 'utf8').split('\n').find((l) => l.startsWith(SUMMARY_PREFIX))
    : undefined;
  const summary = line ? JSON.parse(line.slice(SUMMARY_PREFIX.length)) : { passed: 0, failed: 1 };
  console.log(`host: ${summary.passed} passed, ${summary.failed} failed`);
  return line && summary.failed === 0 ? code : 1;
}

function option(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

process.exit(await main());
