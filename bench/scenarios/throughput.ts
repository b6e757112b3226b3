// Throughput against each vendor's ceiling: the real engine (plan → start → done) against the
// fake vendors answering every request after the given latency (50 ms unless told), and what the
// fakes saw (limits, 429s).
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
  ids: number;
  /** The fakes' answer time the ceiling is computed for. */
  latencyMs: number;
  /** Theoretical IDs per second at this latency and these limits. */
  ceiling: number;
  ceilingFormula: string;
  /** What bounds the figure. */
  limit: string;
  settings: Partial<EngineSettings>;
  idOf: (i: number) => string;
}

export const LATENCY_MS = 50;

/** The ceiling when `inFlight` calls of `perCall` IDs each take `latencyMs`, and its formula. */
function inFlightCeiling(inFlight: number, perCall: number, latencyMs: number): Pick<ThroughputScenario, 'ceiling' | 'ceilingFormula'> {
  return {
    ceiling: (inFlight * perCall) / (latencyMs / 1000),
    ceilingFormula: `${inFlight} × ${perCall.toLocaleString('en-US')} ${perCall === 1 ? 'ID' : 'IDs'} / ${latencyMs} ms`,
  };
}

/**
 * Scenarios at this latency. Sizes bound by calls in flight shrink as latency grows, so a run keeps
 * the same number of rounds (and time) as at 50 ms; EngageLab (rate-bound) and Custom Data
 * (CPU-bound) keep their sizes.
 */
export function throughputScenarios(scale: number, latencyMs = LATENCY_MS): ThroughputScenario[] {
  const n = (count: number, min: number) => Math.max(min, Math.round(count * scale));
  const rounds = (count: number, min: number) => n((count * LATENCY_MS) / latencyMs, Math.round((min * LATENCY_MS) / latencyMs));
  const inFlight = (calls: number, perCall: number) => inFlightCeiling(calls, perCall, latencyMs);
  const user = (i: number) => `user-${i + 1}`;
  const list: Omit<ThroughputScenario, 'latencyMs'>[] = [
    {
      name: 'engagelab',
      label: 'EngageLab (1 ID per call, 500 req/s per AppKey)',
      vendor: 'engagelab',
      ids: n(10_000, 500),
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
      ids: rounds(60_000, 3_000),
      ...inFlight(3, 100),
      limit: 'the 3-calls-in-flight limit × latency; the rest is per-call overhead (JSON, zod, journal-free store, loopback HTTP)',
      settings: { clevertapConcurrency: 3, clevertapChunkSize: 100 },
      idOf: user,
    },
    {
      name: 'cooladata',
      label: 'Cooladata (2 in flight × 100 IDs)',
      vendor: 'cooladata',
      ids: rounds(40_000, 2_000),
      ...inFlight(2, 100),
      limit: 'the configured concurrency (2) × chunk (100) × latency',
      settings: { cooladataConcurrency: 2, cooladataChunkSize: 100 },
      idOf: user,
    },
    {
      name: 'batch-gdpr',
      label: 'Batch GDPR (1 ID per call, 4 in flight)',
      vendor: 'batch',
      ids: rounds(800, 80),
      ...inFlight(4, 1),
      limit: 'the configured concurrency (4) × latency: one GDPR request per ID',
      settings: { batchGdprConcurrency: 4 },
      idOf: user,
    },
    {
      name: 'batch-custom-data',
      label: 'Batch Custom Data (10,000 IDs per call, 2 in flight)',
      vendor: 'batch',
      ids: n(1_000_000, 50_000),
      ...inFlight(2, 10_000),
      limit: 'not the vendor: CPU on both ends (JSON of ~170 KB bodies, per-ID state, the fake parsing and validating 10,000 IDs) on a shared 2-core machine',
      settings: { batchCustomDataChunkSize: 10_000 },
      idOf: user,
    },
  ];
  return list.map((s) => ({ ...s, latencyMs }));
}

export interface ThroughputRun {
  value: number;
  seconds: number;
  planMs: number;
  counts: Record<string, number>;
  fake: LogSummary;
}

export interface ThroughputResult {
  scenario: string;
  latencyMs: number;
  /** The engine with its in-memory store: no journal. */
  journal: false;
  label: string;
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
  allAccepted: boolean;
  /** Any measured run had a load average above 2 (see lib/load.ts). */
  noisy: boolean;
  noisyRuns: number;
  runs: (ThroughputRun & RunLoad)[];
}

export async function measureThroughput(
  fakes: FakesControl,
  scenario: ThroughputScenario,
  opts: { warmup: number; runs: number; log: (t: string) => void },
): Promise<ThroughputResult> {
  const target = SCENARIO_TARGETS[scenario.name];
  const { summary, details } = await repeat<ThroughputRun>(
    { warmup: opts.warmup, runs: opts.runs, before: () => fakes.reset(), log: opts.log, label: `${scenario.name} IDs/s` },
    async (_run, warmup) => {
      const count = warmup ? Math.max(50, Math.round(scenario.ids / 10)) : scenario.ids;
      const ids = Array.from({ length: count }, (_, i) => scenario.idOf(i));
      const { engine, choice } = engineOnFakes({ urls: fakes.urls, settings: scenario.settings });
      const planStart = performance.now();
      const plan = await engine.plan({ ids, choices: [choice(target)], source: 'cli' });
      const planMs = performance.now() - planStart;
      const started = performance.now();
      const handle = await engine.start(plan);
      await handle.done;
      const seconds = (performance.now() - started) / 1000;
      const counts = Object.fromEntries(Object.entries(handle.job.counts()).filter(([, v]) => v > 0));
      const fake = await fakes.summary({ vendor: scenario.vendor, kind: 'delete' });
      return { value: count / seconds, seconds, planMs, counts, fake };
    },
  );
  const ratio = summarize(summary.samples.map((v) => v / scenario.ceiling));
  return {
    scenario: scenario.name,
    latencyMs: scenario.latencyMs,
    journal: false,
    label: scenario.label,
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
    allAccepted: details.every((d) => d.counts.accepted === scenario.ids && Object.keys(d.counts).length === 1),
    ...figureNoise(details),
    runs: details,
  };
}
