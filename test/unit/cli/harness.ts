// Runs the built CLI (`node cli.js`, bundled as dist/cli.js is) as a child process against fake vendors whose
// credentials are recognisable canaries, so a test can scan everything printed for secrets.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { cliBuildOptions } from '../helpers/buildOptions';
import {
  guidFor,
  registrationIdFor,
  seedUsers,
  startFakeVendors,
  type FakeVendors,
  type FakeVendorsOptions,
  type RecordedRequest,
} from '../../fakes';

export const ROOT = path.resolve(__dirname, '../../..');

/**
 * The bundle the tests run: src/cli.ts built with esbuild.js's own options for dist/cli.js, but
 * into a private folder — `node esbuild.js` run by anyone
 * else at the same time first deletes dist/cli.js, so a test running `node dist/cli.js` would fail
 * at random. Set by ensureCliBuilt().
 */
export let CLI = path.join(ROOT, 'dist', 'cli.js');

let built: Promise<string> | undefined;

/** Builds the CLI bundle once per test process; resolves to its path (also in CLI). */
export function ensureCliBuilt(): Promise<string> {
  built ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'user-erasure-cli-bundle-'));
    const outfile = path.join(dir, 'cli.js');
    await build(cliBuildOptions(outfile));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    CLI = outfile;
    return outfile;
  })();
  return built;
}

/** Fake credentials that must never be printed: each is searched for in stdout and stderr. */
export const CANARY = {
  cooladataProject: '777001',
  cooladataToken: 'CANARY-cd-token-7Q1xV',
  engagelabAppKey: 'CANARY-el-appkey-3Zp9',
  engagelabSecret: 'CANARY-el-master-8Kd2',
  clevertapAccount: 'TEST-CANARY-ACCT',
  clevertapPasscode: 'CANARY-ct-passcode-5Wm4',
  batchRest: 'CANARY-batch-rest-2Hn6',
  batchAndroid: 'CANARYANDROIDKEY9x',
  batchIos: 'CANARYIOSKEY4y',
} as const;

export const SECRET_VALUES: readonly string[] = [
  CANARY.cooladataToken,
  CANARY.engagelabAppKey,
  CANARY.engagelabSecret,
  CANARY.clevertapPasscode,
  CANARY.batchRest,
  CANARY.batchAndroid,
  CANARY.batchIos,
  Buffer.from(`${CANARY.engagelabAppKey}:${CANARY.engagelabSecret}`).toString('base64'),
];

export const USERS = seedUsers(300);

/** Fakes seeded with the canary accounts (every vendor knows user-1 … user-300). */
export function startCanaryFakes(options: FakeVendorsOptions = {}): Promise<FakeVendors> {
  return startFakeVendors({
    ...options,
    cooladata: { projects: [{ projectId: CANARY.cooladataProject, token: CANARY.cooladataToken, users: [...USERS] }], ...options.cooladata },
    engagelab: {
      apps: [
        {
          appKey: CANARY.engagelabAppKey,
          masterSecret: CANARY.engagelabSecret,
          devices: USERS.map((u) => ({ registrationId: registrationIdFor(u), alias: u, tags: ['fake'], platform: 'android' })),
        },
      ],
      ...options.engagelab,
    },
    clevertap: {
      accounts: [{ accountId: CANARY.clevertapAccount, passcode: CANARY.clevertapPasscode, profiles: USERS.map((u) => ({ identity: u, guid: guidFor(u) })) }],
      ...options.clevertap,
    },
    batch: {
      accounts: [
        {
          restKey: CANARY.batchRest,
          apps: [
            { apiKey: CANARY.batchAndroid, label: 'android', users: [...USERS] },
            { apiKey: CANARY.batchIos, label: 'ios', users: [...USERS] },
          ],
        },
      ],
      ...options.batch,
    },
  });
}

/** Credentials of every vendor plus the fakes' base URLs; nothing from the developer's own environment. */
export function canaryEnv(fakes: FakeVendors, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    SYSTEMROOT: process.env.SYSTEMROOT,
    ...fakes.env(),
    COOLADATA_PROJECT_ID: CANARY.cooladataProject,
    COOLADATA_API_TOKEN: CANARY.cooladataToken,
    ENGAGELAB_APP_KEY: CANARY.engagelabAppKey,
    ENGAGELAB_MASTER_SECRET: CANARY.engagelabSecret,
    CLEVERTAP_ACCOUNT_ID: CANARY.clevertapAccount,
    CLEVERTAP_PASSCODE: CANARY.clevertapPasscode,
    BATCH_REST_API_KEY: CANARY.batchRest,
    BATCH_API_KEYS: `android=${CANARY.batchAndroid},ios=${CANARY.batchIos}`,
    // Fast retries: the fakes answer at once, and tests of faults should not wait seconds.
    USER_ERASURE_SETTINGS: JSON.stringify({ retryBaseDelayMs: 5 }),
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface CliSuite {
  fakes: FakeVendors;
  /** canaryEnv(fakes). */
  env: Record<string, string>;
  /** A temporary folder, removed after the suite. */
  dir: string;
}

/**
 * The hooks every CLI suite shares: the CLI bundle built, canary fakes started (reset before each
 * test, closed after the suite) with their environment, a temporary folder, and no CLI child left
 * running after a test. `receive` gets them once started; `fakeOptions` is called then too.
 */
export function useCliSuite(receive: (suite: CliSuite) => void, fakeOptions: () => FakeVendorsOptions = () => ({})): void {
  let suite: CliSuite | undefined;
  before(async () => {
    await ensureCliBuilt();
    const fakes = await startCanaryFakes(fakeOptions());
    suite = { fakes, env: canaryEnv(fakes), dir: await tempDir() };
    receive(suite);
  });
  after(async () => {
    await suite?.fakes.close();
    if (suite) await fs.rm(suite.dir, { recursive: true, force: true });
  });
  beforeEach(() => suite!.fakes.reset());
  afterEach(killStrays);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: Record<string, string>;
  /** Written to standard input, then closed (default: closed at once, empty); bytes as given. */
  input?: string | Uint8Array;
  cwd?: string;
}

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once standard error contains `text`. */
  waitForStderr(text: string | RegExp): Promise<void>;
  done: Promise<CliRun>;
}

/** Children still running: killed by `killStrays()` so a failed test never leaves one behind. */
const live = new Set<ChildProcess>();

function track(child: ChildProcess): void {
  live.add(child);
  child.on('close', () => live.delete(child));
}

/** Call in afterEach: kills every CLI child (and terminal) a test left running. */
export function killStrays(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

export function startCli(args: readonly string[], options: RunOptions): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { env: options.env, cwd: options.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  track(child);
  let stdout = '';
  let stderr = '';
  const waiters: { match: string | RegExp; resolve: () => void }[] = [];
  const matches = (m: string | RegExp) => (typeof m === 'string' ? stderr.includes(m) : m.test(stderr));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const w of [...waiters]) {
      if (matches(w.match)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stdin!.on('error', () => undefined);
  if (options.input !== undefined) child.stdin!.end(options.input);
  else child.stdin!.end();
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStderr: (match) =>
      new Promise<void>((resolve, reject) => {
        if (matches(match)) return resolve();
        waiters.push({ match, resolve });
        void done.then(() => reject(new Error(`the CLI ended before printing ${String(match)}; stderr:\n${stderr}`)));
      }),
    done,
  };
}

export function runCli(args: readonly string[], options: RunOptions): Promise<CliRun> {
  return startCli(args, options).done;
}

/** Fails when any canary secret (or its URL-encoded form) appears in what the CLI printed. */
export function assertNoSecrets(run: Pick<CliRun, 'stdout' | 'stderr'>, extra: readonly string[] = []): void {
  const text = `${run.stdout}\n${run.stderr}`;
  for (const secret of [...SECRET_VALUES, ...extra]) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      if (text.includes(form)) throw new Error(`a secret was printed: ${form.slice(0, 6)}…`);
    }
  }
}

/** The deletion requests the fakes received (lookups and status checks excluded). */
export function deletions(fakes: FakeVendors): RecordedRequest[] {
  return fakes.requests().filter((r) => r.kind === 'delete');
}

/** How many times each ID was sent in a deletion request (applied or not). */
export function sendCounts(requests: readonly RecordedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) for (const id of r.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

export async function tempDir(prefix = 'user-erasure-cli-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export function parseJson(run: CliRun): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`stdout is not one JSON object (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/** util-linux `script`, which gives the CLI a pseudo-terminal; undefined where it is not available. */
export async function terminalRunner(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  for (const candidate of ['/usr/bin/script', '/bin/script']) {
    try {
      await fs.access(candidate);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

export interface TerminalCli {
  /** Everything the terminal showed (standard output and error together). */
  screen(): string;
  waitFor(text: string): Promise<void>;
  type(text: string): void;
  done: Promise<{ code: number | null; screen: string }>;
}

/** Runs the CLI on a pseudo-terminal (standard input, output and error are the terminal). */
export function startCliInTerminal(script: string, args: readonly string[], env: Record<string, string>): TerminalCli {
  const command = [process.execPath, CLI, ...args].map(shellQuote).join(' ');
  // TERM=dumb: no escape sequences on the screen (and readline's simplest terminal handling).
  const child = spawn(script, ['-qec', command, '/dev/null'], { env: { ...env, TERM: 'dumb' }, cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  track(child);
  let screen = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    for (const w of [...waiters]) {
      if (screen.includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.stdin!.on('error', () => undefined);
  const done = new Promise<{ code: number | null; screen: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });
  return {
    screen: () => screen,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (screen.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void done.then(() => reject(new Error(`the CLI ended before showing ${JSON.stringify(text)}; screen:\n${screen}`)));
      }),
    type: (text) => child.stdin!.write(text),
    done,
  };
}
