// Other work on the machine while a figure is measured: the load average (1, 5, 15 min) at the
// start and end of every measured run. A run is noisy when the 1-minute load average exceeds
// NOISY_LOAD at either end (issue 14: "load average above 2"); a figure is noisy when any of its
// runs is. The bench's own processes count too, so on 2 cores a busy scenario alone can approach 2.
import os from 'node:os';

export const NOISY_LOAD = 2;

export interface RunLoad {
  /** Load averages (1, 5, 15 min) when the run started and when it ended. */
  loadStart: number[];
  loadEnd: number[];
  noisy: boolean;
}

export interface FigureNoise {
  /** Any measured run of this figure was noisy. */
  noisy: boolean;
  noisyRuns: number;
}

export function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

export function isNoisyLoad(load: readonly number[]): boolean {
  return (load[0] ?? 0) > NOISY_LOAD;
}

export function runLoad(loadStart: number[], loadEnd: number[]): RunLoad {
  return { loadStart, loadEnd, noisy: isNoisyLoad(loadStart) || isNoisyLoad(loadEnd) };
}

/** "3 of 40 runs; 1 of 7 sections": the noisy share of runs (and of sections, where the results count them). */
export function noisyShare(n: NoiseSummary): string {
  const sections = n.sections === undefined ? '' : `; ${n.noisySections} of ${n.sections} sections`;
  return `${n.noisyRuns} of ${n.runs} runs${sections}`;
}

/** Runs `fn`, sampling the load average before and after it. */
export async function withLoad<T>(fn: () => Promise<T>): Promise<{ value: T; load: RunLoad }> {
  const start = loadAverage();
  const value = await fn();
  return { value, load: runLoad(start, loadAverage()) };
}

export function figureNoise(runs: readonly { noisy: boolean }[]): FigureNoise {
  const noisyRuns = runs.filter((r) => r.noisy).length;
  return { noisy: noisyRuns > 0, noisyRuns };
}

export interface SectionLoad extends RunLoad {
  seconds: number;
}

export interface NoiseSummary {
  threshold: number;
  figures: number;
  noisyFigures: number;
  runs: number;
  noisyRuns: number;
  /** Whole sections (their load at start and end), for figures that keep no load of their own. */
  sections: number;
  noisySections: number;
  /** Paths of medians drawn from fewer than 3 runs (e.g. "parse[0].timeRatioRuns"): no range worth the name. */
  underThreeRuns: string[];
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null;

/**
 * Counts noisy figures and runs anywhere in a results object: a figure is an object with a boolean
 * `noisy` (its measured runs, if listed, in `runs`); `sections` (whole-section loads) is left out.
 * Also lists every median (an object with median, min, max and runs) drawn from fewer than 3 runs.
 */
export function noiseSummary(results: Node): NoiseSummary {
  const sections = Object.values(isNode(results.sections) ? results.sections : {});
  const summary: NoiseSummary = {
    threshold: NOISY_LOAD,
    figures: 0,
    noisyFigures: 0,
    runs: 0,
    noisyRuns: 0,
    sections: sections.length,
    noisySections: sections.filter((s) => isNode(s) && s.noisy === true).length,
    underThreeRuns: [],
  };
  const visit = (value: unknown, at: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${at}[${i}]`));
    if (!isNode(value)) return;
    if (typeof value.median === 'number' && typeof value.min === 'number' && typeof value.max === 'number' && typeof value.runs === 'number') {
      if (value.runs < 3) summary.underThreeRuns.push(at);
      return;
    }
    if (typeof value.noisy === 'boolean') {
      summary.figures++;
      if (value.noisy) summary.noisyFigures++;
      if (Array.isArray(value.runs)) {
        summary.runs += value.runs.length;
        summary.noisyRuns += value.runs.filter((r) => isNode(r) && r.noisy === true).length;
      } else if (typeof value.noisyRuns === 'number') {
        summary.noisyRuns += value.noisyRuns;
      }
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'runs' || key === 'sections' || key === 'noise') continue;
      visit(child, at ? `${at}.${key}` : key);
    }
  };
  visit(results, '');
  return summary;
}
