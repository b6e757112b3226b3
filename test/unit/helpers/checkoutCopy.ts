// A throw-away copy of this checkout for tests that package it (npm pack, vsce): their build steps
// write dist/ in the copy, never in the real checkout. node_modules is shared through a symlink.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
/** Build output and local state that a checkout may hold; the copy builds its own. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'out', 'test-results', '.vscode-test', '.sandbox']);

/** Copies the checkout into `<work>/repo` and returns that folder. */
export function copyCheckout(work: string): string {
  const repo = path.join(work, 'repo');
  fs.cpSync(ROOT, repo, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(ROOT, source);
      return !NOT_COPIED.has(relative.split(path.sep)[0]) && !/\.(vsix|tgz)$/.test(relative);
    },
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  return repo;
}

export function makeWorkDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ue-${label}-`));
}

/** The environment minus what an outer `npm test` exported (npm_config_* would steer an inner npm). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  return { ...env, ...extra };
}

export function run(command: string, args: string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: options.cwd, input: options.input ?? '', env: options.env ?? cleanEnv(), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
}

/** The command's standard output; fails the test with its output when it did not exit 0. */
export function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}
