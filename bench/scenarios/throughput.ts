// Throughput against each vendor's ceiling: the real engine (plan → start → done) against the
// fake vendors answering every request after a fixed latency (50 ms by default; 200 ms too), with
// or without a journal (every intent fsynced before its request leaves), and what the fakes saw
// (limits, 429s).
import { mkdtemp, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { JobStore } from '../../src/core/jobStore';
import { Journal } from '../../src/core/journal';
import { sleep } from '../../src/core/limits';
import type { EngineSettings } from '../../src/core/settings';
import { registrationIdFor, type VendorName } from '../../test/fakes';
import { engineOnFakes, SCENARIO_TARGETS, type ScenarioName } from '../../test/unit/faults/engineOnFakes';
import type { FakesControl } from '../fakes/control';
import type { LogSummary } from '../fakes/summary';
import { figureNoise, type RunLoad } from '../lib/load';
import { repeat, summarize, type Summary } from '../lib/stats';

export interface ThroughputScenario {
  name: ScenarioName;
  label: string;
  vendor: VendorName;
  /** Fake latency per request, ms (the fakes must be started with it). */
  latencyMs: number;
  ids: number;
  /** Theoretical IDs per second at this latency and these limits. */
  ceiling: number;
  ceilingFormula: string;
  /** What bounds the figure. */
  limit: string;
  settings: Partial<EngineSettings>;
  idOf: (i: number) => string;
}

export const LATENCY_MS = 50;
/** The fake latencies the throughput matrix runs at. */
export const LATENCIES_MS = [50, 200] as const;

/** The ceiling when `inFlight` calls of `perCall` IDs each take `latencyMs`, and its formula. */
function inFlightCeiling(inFlight: number, perCall: number, latencyMs: number): Pick<ThroughputScenario, 'ceiling' | 'ceilingFormula'> {
  return {
    ceiling: (inFlight * perCall) / (latencyMs / 1000),
    ceilingFormula: `${inFlight} × ${perCall.toLocaleString('en-US')} ${perCall === 1 ? 'ID' : 'IDs'} / ${latencyMs} ms`,
  };
}

/**
 * The scenarios at a fake latency. Sizes of the scenarios bound by calls in flight shrink with the
 * latency, so each run takes about as long at 200 ms as at 50 ms.
 */
export function throughputScenarios(scale: number, latencyMs: number = LATENCY_MS): ThroughputScenario[] {
  const slower = LATENCY_MS / latencyMs;
  const n = (count: number, min: number, perLatency = true) => Math.max(min, Math.round(count * scale * (perLatency ? slower : 1)));
  const inFlightCeilingAt = (inFlight: number, perCall: number) => inFlightCeiling(inFlight, perCall, latencyMs);
  const user = (i: number) => `user-${i + 1}`;
  const scenarios: Omit<ThroughputScenario, 'latencyMs'>[] = [
    {
      name: 'engagelab',
      label: 'EngageLab (1 ID per call, 500 req/s per AppKey)',
      vendor: 'engagelab',
      ids: n(10_000, 500, false),
      ceiling: 500,
      ceilingFormula: '500 req/s × 1 ID',
      limit: 'the rate limit: every sliding second carries the full 500 requests; each window end waits 25 ms (plus any delay on the way) so arrivals cannot bunch over the limit, so ≈ 0.97 is the most',
      settings: { engagelabRequestsPerSecond: 500, engagelabConcurrency: 128 },
      idOf: (i) => registrationIdFor(user(i)),
    },
    {
      name: 'clevertap',
      label: 'CleverTap (3 in flight × 100 IDs)',
      vendor: 'clevertap',
      ids: n(60_000, 3_000),
      ...inFlightCeilingAt(3, 100),
      limit: 'the 3-calls-in-flight limit × latency; the rest is per-call overhead (JSON, zod, journal-free store, loopback HTTP)',
      settings: { clevertapConcurrency: 3, clevertapChunkSize: 100 },
      idOf: user,
    },
    {
      name: 'cooladata',
      label: 'Cooladata (2 in flight × 100 IDs)',
      vendor: 'cooladata',
      ids: n(40_000, 2_000),
      ...inFlightCeilingAt(2, 100),
      limit: "the configured concurrency (2) × chunk (100) × latency; then each call's loopback round trip (~1 ms here)",
      settings: { cooladataConcurrency: 2, cooladataChunkSize: 100 },
      idOf: user,
    },
    {
      name: 'batch-gdpr',
      label: 'Batch GDPR (1 ID per call, 4 in flight)',
      vendor: 'batch',
      ids: n(800, 80),
      ...inFlightCeilingAt(4, 1),
      limit: "the configured concurrency (4) × latency: one GDPR request per ID; then each call's loopback round trip (~1 ms here)",
      settings: { batchGdprConcurrency: 4 },
      idOf: user,
    },
    {
      name: 'batch-custom-data',
      label: 'Batch Custom Data (10,000 IDs per call, 2 in flight)',
      vendor: 'batch',
      ids: n(1_000_000, 50_000),
      ...inFlightCeilingAt(2, 10_000),
      limit: "Batch's 2 calls in flight × 10,000 IDs × latency; then each call's round trip with a ~170 KB body (~2 ms here; before the connection was kept, a new connection per call too)",
      settings: { batchCustomDataChunkSize: 10_000 },
      idOf: user,
    },
  ];
  return scenarios.map((scenario) => ({ ...scenario, latencyMs }));
}

export interface ThroughputRun {
  value: number;
  seconds: number;
  /** CPU time of this process (the engine; the fakes run apart unless in-process) per request, ms. */
  cpuMsPerCall: number;
  planMs: number;
  counts: Record<string, number>;
  fake: LogSummary;
}

export interface ThroughputResult {
  scenario: string;
  label: string;
  /** Fake latency per request, ms. */
  latencyMs: number;
  /** Every state change journaled (fsynced) before the engine went on, as the CLI's --journal does. */
  journal: boolean;
  ids: number;
  ceiling: number;
  ceilingFormula: string;
  limit: string;
  idsPerSecond: Summary;
  ratio: Summary;
  planMs: Summary;
  overLimit: number;
  provoked429: number;
  maxInFlightSeen: number;
  maxPerSecondSeen: number;
  /** Median answer time at the fake, ms: above latencyMs, the fake's own delays (a busy machine) lower the ratio too. */
  fakeServedMs: number;
  /**
   * The engine's CPU time per request (ms), and the share of one core it needs at the ceiling: far
   * below 1, the engine is not what holds a run under its ceiling (a busy machine's scheduling is).
   */
  cpuMsPerCall: number;
  coreShareAtCeiling: number;
  allAccepted: boolean;
  /** Any measured run had a load average above 2 (see lib/load.ts). */
  noisy: boolean;
  noisyRuns: number;
  runs: (ThroughputRun & RunLoad)[];
}

export async function measureThroughput(
  fakes: FakesControl,
  scenario: ThroughputScenario,
  opts: {
    warmup: number;
    runs: number;
    log: (t: string) => void;
    journal?: boolean;
    /** With the journal: each fsync takes this much longer (a slow disk), ms. */
    diskMs?: number;
  },
): Promise<ThroughputResult> {
  const journaled = opts.journal === true;
  const target = SCENARIO_TARGETS[scenario.name];
  const { summary, details } = await repeat<ThroughputRun>(
    { warmup: opts.warmup, runs: opts.runs, before: () => fakes.reset(), log: opts.log, label: `${scenario.name} IDs/s${journaled ? ' (journal)' : ''}` },
    async (_run, warmup) => {
      const count = warmup ? Math.max(50, Math.round(scenario.ids / 10)) : scenario.ids;
      const ids = Array.from({ length: count }, (_, i) => scenario.idOf(i));
      const dir = journaled ? await mkdtemp(path.join(os.tmpdir(), 'ue-bench-journal-')) : undefined;
      const diskMs = opts.diskMs ?? 0;
      const slowSync = async (file: FileHandle) => {
        await sleep(diskMs);
        await file.datasync();
      };
      const sync = diskMs > 0 ? slowSync : undefined;
      const journal = dir ? await Journal.open(dir, { store: new JobStore(), followMs: 0, sync }) : undefined;
      try {
        const { engine, choice } = engineOnFakes({ urls: fakes.urls, settings: scenario.settings, store: journal?.store });
        const planStart = performance.now();
        const plan = await engine.plan({ ids, choices: [choice(target)], source: 'cli' });
        const planMs = performance.now() - planStart;
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        const handle = await engine.start(plan);
        await handle.done;
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const counts = Object.fromEntries(Object.entries(handle.job.counts()).filter(([, v]) => v > 0));
        const fake = await fakes.summary({ vendor: scenario.vendor, kind: 'delete' });
        return { value: count / seconds, seconds, cpuMsPerCall: (cpu.user + cpu.system) / 1000 / Math.max(1, fake.requests), planMs, counts, fake };
      } finally {
        await journal?.close();
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    },
  );
  const ratio = summarize(summary.samples.map((v) => v / scenario.ceiling));
  const cpuMsPerCall = summarize(details.map((d) => d.cpuMsPerCall)).median;
  return {
    scenario: scenario.name,
    label: scenario.label,
    latencyMs: scenario.latencyMs,
    journal: journaled,
    ids: scenario.ids,
    ceiling: scenario.ceiling,
    ceilingFormula: scenario.ceilingFormula,
    limit: scenario.limit,
    idsPerSecond: summary,
    ratio,
    planMs: summarize(details.map((d) => d.planMs)),
    overLimit: details.reduce((n, d) => n + d.fake.overLimit, 0),
    provoked429: details.reduce((n, d) => n + d.fake.provoked429, 0),
    maxInFlightSeen: Math.max(...details.map((d) => d.fake.maxInFlight)),
    maxPerSecondSeen: Math.max(...details.map((d) => d.fake.maxPerSecond)),
    fakeServedMs: summarize(details.map((d) => d.fake.medianServedMs ?? Number.NaN)).median,
    cpuMsPerCall: cpuMsPerCall,
    coreShareAtCeiling: ((scenario.ceiling / idsPerCallOf(details)) * cpuMsPerCall) / 1000,
    allAccepted: details.every((d) => d.counts.accepted === scenario.ids && Object.keys(d.counts).length === 1),
    ...figureNoise(details),
    runs: details,
  };
}

/** IDs per request in these runs (from what the fakes received). */
function idsPerCallOf(runs: readonly ThroughputRun[]): number {
  const requests = runs.reduce((n, r) => n + r.fake.requests, 0);
  const ids = runs.reduce((n, r) => n + r.fake.distinctIds, 0);
  return requests > 0 ? Math.max(1, ids / requests) : 1;
}
