// The CLI as it ships (src/cli.ts bundled with esbuild.js's own options), built once
// into a temp folder so the tests never depend on a stale dist/ or write to it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { FakeVendors } from '../../fakes';
import { cliBuildOptions } from '../helpers/buildOptions';
import { CANARY_CREDENTIALS } from './canaries';

export async function buildCli(): Promise<{ file: string; cleanup: () => void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-cli-'));
  const file = path.join(dir, 'cli.js');
  await build(cliBuildOptions(file));
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `done` resolves when it exits (however it ends). */
export function startCli(file: string, args: string[], env: NodeJS.ProcessEnv): { pid: number; kill: (signal: NodeJS.Signals) => void; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [file, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { pid: child.pid ?? -1, kill: (signal) => void child.kill(signal), done };
}

/** A size from the environment (FAULT_KILLS, FAULT_DAMAGES, …), or the fallback. */
export function positiveInt(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The canary credentials of every vendor and the fakes' base URLs, plus `extra`; nothing else of the developer's environment. */
export function cliEnv(fakes: FakeVendors, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const c = CANARY_CREDENTIALS;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...fakes.env(),
    COOLADATA_PROJECT_ID: c.cooladata.projectId,
    COOLADATA_API_TOKEN: c.cooladata.token,
    ENGAGELAB_APP_KEY: c.engagelab.appKey,
    ENGAGELAB_MASTER_SECRET: c.engagelab.masterSecret,
    CLEVERTAP_ACCOUNT_ID: c.clevertap.accountId,
    CLEVERTAP_PASSCODE: c.clevertap.passcode,
    BATCH_REST_API_KEY: c.batch.restKey,
    BATCH_API_KEYS: c.batch.apps.map((a) => `${a.label}=${a.apiKey}`).join(','),
    ...extra,
  };
}
