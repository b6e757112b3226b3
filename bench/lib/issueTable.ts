// The README's table of every issue-14 figure, built from bench/results.json: each ratio to its
// vendor's ceiling per latency with the journal off (the engine) and on (the CLI), parsing time
// and memory, the CLI's peak memory at 1,000,000 IDs and activation over an empty extension —
// each with its target, the figure before the issue, and what limits it. A figure the results do
// not hold says "not measured"; nothing here is a number of its own.
import type { BenchResults } from '../report';
import { NOISY_LOAD, noisyShare } from './load';
import { markdownTable } from './table';
import { summarize, type Summary } from './stats';

interface Vendor {
  label: string;
  /** Key in throughput.separate[] (journal off) and in cliThroughput[] (journal on). */
  engine: string;
  cli: string;
  target: number;
  /** The figures at 50 ms quoted in issue 14 (journal off; journal on). */
  before: { off: string; on: string };
  limit: string;
}

const VENDORS: Vendor[] = [
  {
    label: 'EngageLab',
    engine: 'engagelab',
    cli: 'engagelab',
    target: 0.95,
    before: { off: '0.88', on: '0.79–0.90' },
    limit: "EngageLab's documented 500 requests/s per AppKey (sliding one-second window)",
  },
  {
    label: 'CleverTap',
    engine: 'clevertap',
    cli: 'clevertap',
    target: 0.95,
    before: { off: '0.91', on: '0.79–0.90' },
    limit: "CleverTap's documented 3 calls in flight × 100 IDs, ÷ the fake's latency; then each call's loopback round trip (~1 ms here)",
  },
  {
    label: 'Cooladata',
    engine: 'cooladata',
    cli: 'cooladata',
    target: 0.95,
    before: { off: '0.93', on: '0.79–0.90' },
    limit: "our 2 calls in flight × 100 IDs (Cooladata publishes no limit), ÷ the fake's latency; then each call's loopback round trip (~1 ms here)",
  },
  {
    label: 'Batch GDPR',
    engine: 'batch-gdpr',
    cli: 'batch-gdpr-32',
    target: 0.95,
    before: { off: '0.92', on: '0.79–0.90' },
    limit: "1 ID per request, 4 in flight (engine) / 32 in flight (CLI, USER_ERASURE_SETTINGS), ÷ the fake's latency; then each call's loopback round trip (~1 ms here); in the CLI, 640 calls/s share one journal, so an intent often waits for the commit before it",
  },
  {
    label: 'Batch Custom Data',
    engine: 'batch-custom-data',
    cli: 'batch-custom',
    target: 0.9,
    before: { off: '0.42', on: '0.48' },
    limit: "Batch's documented 10,000 IDs per call, 2 in flight, ÷ the fake's latency; then each call's round trip with a ~170 KB body (~2 ms here; the body is built while the other call is in flight); the fake itself answers late with such bodies (51 ms median at a set 50 in the CLI row, reading and checking the other call's 10,000 IDs meanwhile)",
  },
];

const JOURNAL_LIMIT = "journal on: + each call's intent written with O_DSYNC before it leaves (0.5–0.9 ms median here, the disk's flush alone 0.3–0.5 ms, plus the wait for a commit in progress)";

interface RatioFigure {
  latencyMs?: number;
  scenario: string;
  ratio: Summary;
  noisy?: boolean;
  overLimit: number;
  provoked429?: number;
  throttled?: number;
  /** Engine: every ID ended accepted in every run; CLI: every ID answered and exit 0. */
  allAccepted?: boolean;
  allAnswered?: boolean;
}

export const NOT_MEASURED = 'not measured';

interface Unit {
  digits: (x: number) => string;
  unit: string;
}

/** "0.96 (0.95–0.97) ✓": median, range, whether the median meets the target; noisy and few runs said. */
export function cell(s: Summary | undefined, target: { atLeast?: number; atMost?: number }, { digits, unit }: Unit, noisy?: boolean): string {
  if (!s || !Number.isFinite(s.median)) return NOT_MEASURED;
  const range = s.runs > 1 ? ` (${digits(s.min)}–${digits(s.max)})` : '';
  const met = target.atLeast !== undefined ? s.median >= target.atLeast : target.atMost !== undefined ? s.median <= target.atMost : undefined;
  const mark = met === undefined ? '' : met ? ' ✓' : ' ✗';
  const runs = s.runs < 3 ? `, ${s.runs} run${s.runs === 1 ? '' : 's'}` : '';
  return `${digits(s.median)}${unit}${range}${mark}${runs}${noisy ? ', noisy' : ''}`;
}

/** Three digits: rounded to two, a median of 0.897 would read "0.90 ✗" against a target of 0.90. */
const ratioDigits: Unit = { digits: (x) => x.toFixed(3), unit: '' };
const times: Unit = { digits: (x) => x.toFixed(2), unit: '×' };
const mb: Unit = { digits: (x) => String(Math.round(x)), unit: ' MB' };
const ms: Unit = { digits: (x) => x.toFixed(x < 100 ? 1 : 0), unit: ' ms' };

const NOT_ALL_ANSWERED = 'not every ID accepted ✗';

/** A speed is no success when IDs went unanswered: the cell says so instead of a ✓. */
function unanswered(f: { allAccepted?: boolean; allAnswered?: boolean }): boolean {
  return f.allAccepted === false || f.allAnswered === false;
}

function ratioCell(f: RatioFigure | undefined, target: number): string {
  if (!f) return NOT_MEASURED;
  const throttled = f.provoked429 ?? f.throttled ?? 0;
  const limits = f.overLimit > 0 || throttled > 0 ? `; ${f.overLimit} over limit, ${throttled} 429s ✗` : '';
  if (unanswered(f)) return `${cell(f.ratio, {}, ratioDigits, f.noisy)}; ${NOT_ALL_ANSWERED}${limits}`;
  return `${cell(f.ratio, { atLeast: target }, ratioDigits, f.noisy)}${limits}`;
}

/** The bare client's ratio on a journal-on row: the floor this machine leaves, shown beside it, no target. */
function floorCell(f: RatioFigure | undefined): string {
  if (!f) return NOT_MEASURED;
  return unanswered(f) ? `${cell(f.ratio, {}, ratioDigits, f.noisy)}; ${NOT_ALL_ANSWERED}` : cell(f.ratio, {}, ratioDigits, f.noisy);
}

function throughputRows(r: BenchResults, latencies: number[]): string[][] {
  const engine = (r.throughput?.separate ?? []) as RatioFigure[];
  const cli = (r.cliThroughput ?? []) as RatioFigure[];
  const floor = (r.cliFloor ?? []) as RatioFigure[];
  const at = (list: RatioFigure[], scenario: string, latencyMs: number) => list.find((f) => f.scenario === scenario && (f.latencyMs ?? 50) === latencyMs);
  const rows: string[][] = [];
  for (const v of VENDORS) {
    for (const latencyMs of latencies) {
      rows.push([
        `${v.label}, ${latencyMs} ms`,
        `≥ ${v.target.toFixed(2)}`,
        latencyMs === 50 ? `${v.before.off} · ${v.before.on}` : NOT_MEASURED,
        ratioCell(at(engine, v.engine, latencyMs), v.target),
        ratioCell(at(cli, v.cli, latencyMs), v.target),
        floorCell(at(floor, v.cli, latencyMs)),
        `${v.limit}; ${JOURNAL_LIMIT}`,
      ]);
    }
  }
  return rows;
}

/** Old published figures of the parse table (docs/benchmarks.md, run of 2026-11-26) as they were written. */
const PARSE_BEFORE: Record<string, { time: string; memory: string }> = {
  lines: { time: '6.9× (issue 14)', memory: '+128 MB on 37.2 MB (2026-11-26)' },
  csv: { time: '7.2× (2026-11-26)', memory: '+128 MB on 39.1 MB (2026-11-26)' },
  json: { time: '6.9× (2026-11-26)', memory: '+151 MB on 40.1 MB (2026-11-26)' },
};

function memoryCell(memory: NonNullable<BenchResults['cliMemory']>[number], runs: number[], sectionNoisy: boolean | undefined): string {
  const peak = summarize(runs.length > 0 ? runs : [memory.peakRssMb]);
  const noisy = memory.noisy ?? sectionNoisy;
  return unanswered(memory) ? `${cell(peak, {}, mb, noisy)}; ${NOT_ALL_ANSWERED}` : cell(peak, { atMost: 400 }, mb, noisy);
}

function otherRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  for (const format of ['lines', 'csv', 'json']) {
    const p = r.parse?.find((x) => x.format === format);
    const ids = p ? p.ids.toLocaleString('en-US') : '1,000,000';
    const size = p ? `, ${p.textMB.toFixed(1)} MB` : '';
    rows.push([
      `read ${ids} IDs (${format}${size}): time ÷ a bare \`split\``,
      '≤ 3×',
      PARSE_BEFORE[format].time,
      p ? cell(p.timeRatioRuns, { atMost: 3 }, times, p.noisy) : NOT_MEASURED,
      "our work per ID (format detection, tokenising, validation, de-duplication) against split's one pass",
    ]);
    rows.push([
      `read ${ids} IDs (${format}): peak memory ÷ text size`,
      '≤ 3×',
      PARSE_BEFORE[format].memory,
      p?.peakMemoryRatioRuns ? `${cell(p.peakMemoryRatioRuns, { atMost: 3 }, times, p.noisy)}${p.peakReset === false ? ' (upper bound)' : ''}` : NOT_MEASURED,
      `what parseIds holds at its peak above the loaded text (bare split: ${p?.split.peakMemoryRatio ? `${times.digits(p.split.peakMemoryRatio.median)}×` : NOT_MEASURED})`,
    ]);
  }
  const memory = r.cliMemory?.[0];
  const memoryRuns = memory?.runs?.map((x) => (x as { peakRssMb?: number }).peakRssMb ?? Number.NaN) ?? [];
  rows.push([
    `CLI delete of ${memory ? memory.ids.toLocaleString('en-US') : '1,000,000'} IDs with a journal: peak RSS`,
    '≤ 400 MB',
    '~1.2 GB (issue 14)',
    memory ? memoryCell(memory, memoryRuns, r.sections?.cliMemory?.noisy) : NOT_MEASURED,
    'what the CLI holds per ID (input, plan, job state, journal, report)',
  ]);
  const activation = r.activation as { overEmptyMs?: Summary; firstOverEmptyMs?: number; noisy?: boolean } | undefined;
  const overEmpty = activation?.overEmptyMs;
  const first = activation?.firstOverEmptyMs === undefined ? '' : `; the first start after install (no code cache yet): ${ms.digits(activation.firstOverEmptyMs)}${ms.unit}`;
  rows.push([
    'activation in a real VS Code: ms over an empty extension',
    '≤ 30 ms',
    '233 ms in all, quiet machine (no empty baseline; issue 14)',
    overEmpty ? cell(overEmpty, { atMost: 30 }, ms, activation?.noisy ?? r.sections?.activation?.noisy) : NOT_MEASURED,
    `require + activate() of our bundle minus the same for an empty extension, same VS Code, same run, once VS Code has started${first}`,
  ]);
  return rows;
}

function runLine(r: BenchResults | undefined): string {
  if (!r) return 'No `npm run bench` results yet (bench/results.json): every figure below is **not measured**.';
  const m = r.machine;
  const load = `load average ${m.loadStart.join(' / ')} at start${m.loadEnd ? `, ${m.loadEnd.join(' / ')} at end` : ''}`;
  const n = r.noise;
  const noise = n ? ` ${n.noisyFigures} of ${n.figures} figures (${noisyShare(n)}) were measured with the load average above ${n.threshold} ("noisy").` : '';
  const quick = r.options.quick === true ? ' **Quick run (`--quick`: 1/10 sizes, 1 run): a smoke test, not figures to publish.**' : '';
  const duration = r.durationSeconds === undefined ? '' : r.durationSeconds < 120 ? `, ${r.durationSeconds} s` : `, ${Math.round(r.durationSeconds / 60)} min`;
  return `Run of ${m.date.slice(0, 16).replace('T', ' ')} UTC${duration}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}, ${load}.${noise}${quick}`;
}

/** The Markdown of the README's bench table (between its markers), from a results object or none. */
export function issueTable(r: BenchResults | undefined): string {
  const latencies = ((r?.options.latencyMs as number[] | number | undefined) ?? [50, 200]);
  const list = Array.isArray(latencies) ? latencies : [latencies];
  return [
    runLine(r),
    '',
    `Each cell: median (min–max) of the runs, ✓ or ✗ against the target; "noisy" when a run had a 1-minute load average above ${NOISY_LOAD}; requests over a vendor limit and provoked 429s, as the fakes counted them, are shown when not 0. Journal off: the engine alone (\`throughput.separate[]\`); on: the CLI with \`--journal\` (\`cliThroughput[]\`). Floor: a bare client with a journal on the same row (\`cliFloor[]\`, bench/bareClient.ts: each call's intent line made durable, then the request, nothing else): what this machine leaves a client that writes each intent before sending; measured at 50 ms. Before: at 50 ms, from issue 14 (journal off · on).`,
    '',
    markdownTable(['ratio to the ceiling', 'target', 'before (off · on)', 'journal off', 'journal on', 'floor, journal on (bare client)', 'limited by'], throughputRows(r ?? ({} as BenchResults), list), 'lllllll'),
    '',
    markdownTable(['figure', 'target', 'before', 'measured', 'limited by'], otherRows(r ?? ({} as BenchResults)), 'lllll'),
  ].join('\n');
}

export const TABLE_START = '<!-- bench-table:start (npm run bench:table writes this part) -->';
export const TABLE_END = '<!-- bench-table:end -->';

/** Replaces what lies between the markers in `readme` with `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md has no bench table markers');
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
