// Median and spread of repeated measurements, and a small harness that warms up before it measures.
import { loadAverage, runLoad, type RunLoad } from './load';

export interface Summary {
  /** Middle value (mean of the two middle ones for an even count). */
  median: number;
  min: number;
  max: number;
  /** First and third quartile (linear interpolation). */
  q1: number;
  q3: number;
  runs: number;
  samples: number[];
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    runs: sorted.length,
    samples: [...samples],
  };
}

export interface RepeatOptions {
  /** Runs made first and thrown away (JIT, connection pools, file cache). */
  warmup: number;
  runs: number;
  /** Called before each run (not timed): reset state. */
  before?: (run: number) => Promise<void> | void;
  /** Progress line per run. */
  log?: (text: string) => void;
  label?: string;
}

/**
 * Runs `fn` warmup + runs times; `fn` returns the measured value of one run (it decides what is
 * measured, e.g. IDs per second of the sending phase only). Returns the measured runs' values and
 * the details each run returned, each with the load average at its start and end.
 */
export async function repeat<T extends { value: number }>(
  options: RepeatOptions,
  fn: (run: number, warmup: boolean) => Promise<T>,
): Promise<{ summary: Summary; details: (T & RunLoad)[] }> {
  const details: (T & RunLoad)[] = [];
  for (let i = 0; i < options.warmup + options.runs; i++) {
    const warmup = i < options.warmup;
    await options.before?.(i);
    const loadStart = loadAverage();
    const result = await fn(i, warmup);
    const load = runLoad(loadStart, loadAverage());
    options.log?.(`  ${options.label ?? ''} ${warmup ? 'warm-up' : `run ${i - options.warmup + 1}/${options.runs}`}: ${formatNumber(result.value)}${load.noisy ? ` (noisy: load ${load.loadStart[0]} → ${load.loadEnd[0]})` : ''}`);
    if (!warmup) details.push({ ...result, ...load });
  }
  return { summary: summarize(details.map((d) => d.value)), details };
}

export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toPrecision(digits);
}

/** "1,234 (1,200–1,250)": median with min–max. */
export function formatSummary(s: Summary, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  if (s.runs <= 1) return `${formatNumber(s.median)}${u}`;
  return `${formatNumber(s.median)}${u} (${formatNumber(s.min)}–${formatNumber(s.max)})`;
}
