// Drives the real CLI code (src/cli/main's runCli, the function dist/cli.js runs) in this process
// against the hostile fake: arguments and environment in, exit status, output and the JSON report out.
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/main';
import type { HostileVendor } from './independentFakes';

/** Credentials: random-looking, so any 6 characters of one found in the output are a leak. */
export const SECRET = {
  cooladataToken: 'Hq4vZt9KxWm2Lp7N',
  engagelabAppKey: 'Rj3sYw8QcVn5Bx2T',
  engagelabSecret: 'Gk7pXe4MzUa9Wq3D',
  clevertapPasscode: 'Yb6nTf2VsKr8Jm4C',
  batchRest: 'Pw5hNc3XgZe7Qt9L',
  batchAppKey: 'Ua8dMk4RvYj2Hs6B',
} as const;
export const SECRET_LIST: readonly string[] = [
  ...Object.values(SECRET),
  Buffer.from(`${SECRET.engagelabAppKey}:${SECRET.engagelabSecret}`).toString('base64'),
];
export const PROJECT_ID = '4242';
export const CLEVERTAP_ACCOUNT = 'TEST-ACC-9';

export type Vendor = 'cooladata' | 'engagelab' | 'clevertap' | 'batch';

export function hostileEnv(fake: HostileVendor, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    USER_ERASURE_COOLADATA_BASE_URL: fake.baseUrl,
    USER_ERASURE_ENGAGELAB_BASE_URL: fake.baseUrl,
    USER_ERASURE_CLEVERTAP_BASE_URL: fake.baseUrl,
    USER_ERASURE_BATCH_BASE_URL: fake.baseUrl,
    COOLADATA_PROJECT_ID: PROJECT_ID,
    COOLADATA_API_TOKEN: SECRET.cooladataToken,
    ENGAGELAB_APP_KEY: SECRET.engagelabAppKey,
    ENGAGELAB_MASTER_SECRET: SECRET.engagelabSecret,
    CLEVERTAP_ACCOUNT_ID: CLEVERTAP_ACCOUNT,
    CLEVERTAP_PASSCODE: SECRET.clevertapPasscode,
    BATCH_REST_API_KEY: SECRET.batchRest,
    BATCH_API_KEYS: `android=${SECRET.batchAppKey}`,
    // Fast retries, few attempts: the fake answers at once, and hostile answers repeat.
    USER_ERASURE_SETTINGS: JSON.stringify({ retryBaseDelayMs: 1, maxAttempts: 2, requestTimeoutMs: 1000 }),
    ...extra,
  };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface IdReport {
  id: string;
  outcome: string;
  message?: string;
  httpStatus?: number | null;
  reference?: string | null;
}

function sink(): { write(chunk: string, cb?: (e?: Error | null) => void): boolean; text: () => string } {
  let text = '';
  return {
    write(chunk, cb) {
      text += chunk;
      cb?.();
      return true;
    },
    text: () => text,
  };
}

export async function cli(args: readonly string[], env: Record<string, string>): Promise<Run> {
  const stdout = sink();
  const stderr = sink();
  const stdin = Readable.from([]) as Readable & { isTTY?: boolean };
  const code = await runCli(args, { env, stdin, stdout, stderr, signals: new EventEmitter() as never, forceExit: () => undefined });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** `delete --vendor V --ids … --yes --json` (plus extra flags); the results by ID. */
export async function erase(
  fake: HostileVendor,
  vendor: Vendor,
  ids: readonly string[],
  flags: readonly string[] = [],
  env: Record<string, string> = hostileEnv(fake),
): Promise<Run & { results: IdReport[] }> {
  const run = await cli(['delete', '--vendor', vendor, '--ids', JSON.stringify(ids), '--yes', '--json', ...flags], env);
  return { ...run, results: resultsOf(run) };
}

export function resultsOf(run: Run): IdReport[] {
  if (run.stdout.trim() === '') return [];
  const parsed = JSON.parse(run.stdout) as { results?: IdReport[]; jobs?: { results: IdReport[] }[] };
  return parsed.results ?? (parsed.jobs ?? []).flatMap((j) => j.results);
}

export const CLAIMS = new Set(['accepted', 'done', 'not-found']);

export async function tempFile(name: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'user-erasure-adversarial-'));
  return path.join(dir, name);
}

/**
 * Every 4-character piece of every secret found in `text` (pieces mixing upper case, lower case and
 * digits, which nothing else printed contains), none expected: the first characters of a secret cut
 * short by a message limit are a leak too.
 */
export function leakedPieces(text: string, secrets: readonly string[] = SECRET_LIST): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (let i = 0; i + 4 <= secret.length; i++) {
      const piece = secret.slice(i, i + 4);
      if (/[A-Z]/.test(piece) && /[a-z]/.test(piece) && /\d/.test(piece) && text.includes(piece)) found.push(piece);
    }
  }
  return found;
}
