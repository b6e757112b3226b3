// Time to erase N IDs (default 100,000) through the built CLI (`node cli.js delete`) at each
// fake vendor answering every request after `--latency` ms (default 50), next to the vendor's
// theoretical ceiling at that latency:
//   Cooladata      chunk 100, 2 calls in flight       → N/100/2 × latency
//   EngageLab      1 ID per call, 500 requests/s/AppKey → N/500 s (128 in flight would allow more)
//   CleverTap      100 IDs per call, 3 in flight        → N/100/3 × latency   (6,000 IDs/s at 50 ms)
//   Batch custom   10,000 IDs per call, 2 in flight     → N/10,000/2 × latency (per app key)
//   Batch GDPR     1 ID per call, 4 in flight           → N/4 × latency        (per app key)
// Settings come from the defaults (USER_ERASURE_SETTINGS only where a row says so). Only the
// EngageLab fake is seeded with the users (its devices are a Map): the Cooladata, CleverTap and
// Batch fakes look users up by scanning a list, which at 100,000 users would make the fake itself
// the bottleneck; they accept unknown IDs the same way (200), so the CLI's work is identical.
//
// --bare runs bench/bareClient.ts in place of the CLI (always with a journal): the same calls on
// the wire, built beforehand, each sent once its intent line is on disk, and nothing else. Its ratio
// is the floor of a journal-on row on this machine (not for EngageLab, paced by its rate limit).
//
//   npx tsx bench/cli-throughput.ts [--ids N] [--latency MS] [--only cooladata,engagelab,clevertap,batch-custom,batch-gdpr,batch-gdpr-32]
//                                   [--journal] [--bare] [--json FILE]
import './lib/installVendors';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  registrationIdFor,
  seedUsers,
  startFakeVendors,
  type FakeVendors,
  type RecordedRequest,
} from '../test/fakes';
import { ensureCliBuilt } from '../test/unit/cli/harness';
import type { BarePlan } from './bareClient';
import { bareCalls } from './lib/bareCalls';
import { textTable } from './lib/table';


const { values } = parseArgs({
  options: {
    ids: { type: 'string', default: '100000' },
    latency: { type: 'string', default: '50' },
    only: { type: 'string' },
    journal: { type: 'boolean', default: false },
    bare: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
  strict: true,
});
const N = Number(values.ids);
const LATENCY = Number(values.latency);

interface Scenario {
  name: string;
  vendor: 'cooladata' | 'engagelab' | 'clevertap' | 'batch';
  args: string[];
  settings?: Record<string, number>;
  /** Calls the run makes (IDs per call, how many at once), and the ceiling in seconds at this latency. */
  calls: number;
  perCall: number;
  inFlight: number;
  ceilingS: number;
  ceilingNote: string;
}

/** A vendor taking `perCall` IDs a call, `inFlight` calls at once: ceil(N / perCall) calls, inFlight per latency. */
function chunked(vendor: 'cooladata' | 'clevertap', perCall: number, inFlight: number): Scenario {
  const calls = Math.ceil(N / perCall);
  return { name: vendor, vendor, args: [], calls, perCall, inFlight, ceilingS: (calls / inFlight) * (LATENCY / 1000), ceilingNote: `${perCall} IDs/call, ${inFlight} in flight` };
}

const scenarios: Scenario[] = [
  chunked('cooladata', 100, 2),
  {
    name: 'engagelab',
    vendor: 'engagelab',
    args: [],
    calls: N,
    perCall: 1,
    inFlight: 128,
    ceilingS: Math.max(N / 500, (N / 128) * (LATENCY / 1000)),
    ceilingNote: '500 requests/s per AppKey',
  },
  chunked('clevertap', 100, 3),
  {
    name: 'batch-custom',
    vendor: 'batch',
    args: ['--mode', 'custom-data'],
    calls: Math.ceil(N / 10_000),
    perCall: 10_000,
    inFlight: 2,
    ceilingS: Math.ceil(Math.ceil(N / 10_000) / 2) * (LATENCY / 1000),
    ceilingNote: '10,000 IDs/call, 2 in flight, 1 app key',
  },
  {
    name: 'batch-gdpr',
    vendor: 'batch',
    args: ['--mode', 'gdpr'],
    calls: N,
    perCall: 1,
    inFlight: 4,
    ceilingS: (N / 4) * (LATENCY / 1000),
    ceilingNote: '1 ID/call, 4 in flight (default), 1 app key',
  },
  {
    name: 'batch-gdpr-32',
    vendor: 'batch',
    args: ['--mode', 'gdpr'],
    settings: { batchGdprConcurrency: 32 },
    calls: N,
    perCall: 1,
    inFlight: 32,
    ceilingS: (N / 32) * (LATENCY / 1000),
    ceilingNote: '1 ID/call, 32 in flight (USER_ERASURE_SETTINGS), 1 app key',
  },
];

const only = values.only?.split(',').map((s) => s.trim());
const chosen = only ? scenarios.filter((s) => only.includes(s.name)) : scenarios;

/** One scenario's figures, as written to --json (read back by bench/scenarios/cli.ts). */
export interface Measured {
  scenario: Scenario;
  exit: number | null;
  wallS: number;
  sendingS: number;
  requests: number;
  accepted: number;
  throttled: number;
  overLimit: number;
}

function env(fakes: FakeVendors, settings: Record<string, number> | undefined): Record<string, string> {
  const a = fakes.accounts;
  return {
    PATH: process.env.PATH ?? '',
    ...fakes.env(),
    COOLADATA_PROJECT_ID: a.cooladata[0].projectId,
    COOLADATA_API_TOKEN: a.cooladata[0].token,
    ENGAGELAB_APP_KEY: a.engagelab[0].appKey,
    ENGAGELAB_MASTER_SECRET: a.engagelab[0].masterSecret,
    CLEVERTAP_ACCOUNT_ID: a.clevertap[0].accountId,
    CLEVERTAP_PASSCODE: a.clevertap[0].passcode,
    BATCH_REST_API_KEY: a.batch[0].restKey,
    BATCH_API_KEYS: `android=${a.batch[0].apps[0].apiKey}`,
    ...(settings ? { USER_ERASURE_SETTINGS: JSON.stringify(settings) } : {}),
  };
}

function runCli(cli: string, args: string[], childEnv: Record<string, string>, nodeArgs: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; wallS: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, cli, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(`    ${chunk.toString().trimEnd().split('\n').join('\n    ')}\n`);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, wallS: (performance.now() - started) / 1000 }));
  });
}

/** A run's exit code, time, and the IDs it reports answered. */
interface RowRun {
  code: number | null;
  wallS: number;
  accepted: number;
}

/** The CLI on the row's IDs (written to a file, as people pass them); answered: accepted, done or not found in its JSON report. */
async function runCliRow(cli: string, scenario: Scenario, ids: readonly string[], dir: string, fakes: FakeVendors): Promise<RowRun> {
  const file = path.join(dir, `${scenario.name}.txt`);
  await fs.writeFile(file, ids.join('\n'));
  const args = ['delete', '--vendor', scenario.vendor, ...scenario.args, '--ids-file', file, '--yes', '--json'];
  if (values.journal) args.push('--journal', path.join(dir, `${scenario.name}.jsonl`));
  const run = await runCli(cli, args, env(fakes, scenario.settings));
  try {
    const { summary } = JSON.parse(run.stdout) as { summary: { accepted: number; done: number; notFound: number } };
    return { code: run.code, wallS: run.wallS, accepted: summary.accepted + summary.done + summary.notFound };
  } catch {
    console.log(`  (no JSON report; exit ${run.code})`);
    return { code: run.code, wallS: run.wallS, accepted: 0 };
  }
}

/** bench/bareClient.ts on the row's calls; answered: the IDs of calls answered 200. */
async function runBare(scenario: Scenario, ids: readonly string[], dir: string, fakes: FakeVendors): Promise<RowRun> {
  const plan: BarePlan = { inFlight: scenario.inFlight, journal: path.join(dir, `${scenario.name}.jsonl`), calls: bareCalls(scenario, ids, fakes) };
  const file = path.join(dir, `${scenario.name}.plan.json`);
  await fs.writeFile(file, JSON.stringify(plan));
  const run = await runCli(path.join(__dirname, 'bareClient.ts'), [file], { PATH: process.env.PATH ?? '' }, ['--import', 'tsx']);
  try {
    return { code: run.code, wallS: run.wallS, accepted: (JSON.parse(run.stdout) as { answeredIds: number }).answeredIds };
  } catch {
    console.log(`  (no report; exit ${run.code})`);
    return { code: run.code, wallS: run.wallS, accepted: 0 };
  }
}

function window(requests: readonly RecordedRequest[]): number {
  if (requests.length === 0) return 0;
  let first = Infinity;
  let last = 0;
  for (const r of requests) {
    first = Math.min(first, r.receivedAt);
    last = Math.max(last, r.respondedAt ?? r.receivedAt);
  }
  return (last - first) / 1000;
}

async function main(): Promise<void> {
  console.log(`CLI throughput: ${N.toLocaleString('en-US')} IDs per vendor, fake latency ${LATENCY} ms per request (${os.cpus().length} CPUs, Node ${process.version})`);
  // The bundle as esbuild.js builds dist/cli.js, into a private folder (a concurrent build cannot break the run).
  const cli = values.bare ? '' : await ensureCliBuilt();
  const users = seedUsers(N);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-throughput-'));
  const results: Measured[] = [];
  try {
    for (const scenario of chosen) {
      // Only the row's own vendor is seeded: a million EngageLab devices held through every other
      // row would make this process (the fakes') pause for garbage collection mid-measurement.
      const devices = scenario.vendor === 'engagelab' ? users.map((u) => ({ registrationId: registrationIdFor(u), alias: u })) : [];
      const fakes = await startFakeVendors({
        latencyMs: LATENCY,
        keepBodies: false,
        cooladata: { projects: [{ projectId: '424242', token: 'cd-bench-token', users: [] }] },
        engagelab: { apps: [{ appKey: 'el-bench-appkey', masterSecret: 'el-bench-secret', devices }] },
        clevertap: { accounts: [{ accountId: 'BENCH-0001', passcode: 'bench-passcode', profiles: [] }] },
        batch: { accounts: [{ restKey: 'batch-bench-rest', apps: [{ apiKey: 'BENCHANDROIDKEY', label: 'android', users: [] }] }] },
      });
      try {
        const ids = scenario.vendor === 'engagelab' ? users.map(registrationIdFor) : users;
        console.log(`\n${scenario.name}${values.bare ? ' (bare client)' : ''}: ${scenario.calls.toLocaleString('en-US')} calls, ceiling ${scenario.ceilingS.toFixed(1)} s (${scenario.ceilingNote})`);
        const run = values.bare ? await runBare(scenario, ids, dir, fakes) : await runCliRow(cli, scenario, ids, dir, fakes);
        const deletes = fakes.requests().filter((r) => r.kind === 'delete');
        results.push({
          scenario,
          exit: run.code,
          wallS: run.wallS,
          sendingS: window(deletes),
          requests: deletes.length,
          accepted: run.accepted,
          throttled: deletes.filter((r) => r.status === 429).length,
          overLimit: deletes.filter((r) => r.overLimit).length,
        });
      } finally {
        await fakes.close();
      }
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }

  const rows = results.map((m) => [
    m.scenario.name,
    m.accepted.toLocaleString('en-US'),
    m.requests.toLocaleString('en-US'),
    m.scenario.ceilingS.toFixed(1),
    m.sendingS.toFixed(1),
    m.wallS.toFixed(1),
    Math.round(m.accepted / m.sendingS).toLocaleString('en-US'),
    `${Math.round((m.scenario.ceilingS / m.sendingS) * 100)}%`,
    `${m.throttled}/${m.overLimit}`,
    String(m.exit),
  ]);
  console.log(`\n${N.toLocaleString('en-US')} IDs, ${LATENCY} ms per request${values.journal ? ', with --journal' : ''}:\n`);
  console.log(
    textTable(['scenario', 'IDs answered', 'requests', 'ceiling s', 'sending s', 'wall s', 'IDs/s', 'of ceiling', '429/over', 'exit'], rows),
  );
  console.log('\nsending s: first request received → last answer sent, at the fake; wall s: the whole CLI process (start, read, plan, send, report).');
  if (values.json) {
    await fs.writeFile(values.json, JSON.stringify({ ids: N, latencyMs: LATENCY, journal: values.journal, results }, null, 2));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
