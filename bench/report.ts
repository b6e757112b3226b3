// Turns bench/results.json into tables: plain text for the terminal, Markdown for
// docs/benchmarks.md (`npx tsx bench/report.ts --markdown [results.json]`). The README's issue-14
// table is bench/readmeTable.ts (`npm run bench:table`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ActivationResult } from './scenarios/activation';
import type { BundleResult } from './scenarios/bundle';
import type { CliThroughputResult } from './scenarios/cli';
import type { JournalResult } from './scenarios/journal';
import type { LoopResult } from './scenarios/loop';
import type { ParseResult } from './scenarios/parse';
import type { ThroughputResult } from './scenarios/throughput';
import type { TreeResult } from './scenarios/tree';
import { noisyShare, type NoiseSummary, type SectionLoad } from './lib/load';
import type { MachineInfo } from './lib/machine';
import { formatNumber, formatSummary, type Summary } from './lib/stats';
import { markdownTable, textTable } from './lib/table';

export interface SpeedUp {
  scenario: string;
  latencyMs: number;
  ours: number;
  loop: Partial<Record<'undici' | 'curl', { idsPerSecond: number; speedUp: number; low: number; high: number }>>;
}

export interface BenchResults {
  machine: MachineInfo;
  options: Record<string, unknown>;
  durationSeconds?: number;
  /** Duration and load average of each section. */
  sections?: Record<string, SectionLoad>;
  noise?: NoiseSummary;
  throughput?: Record<string, ThroughputResult[]>;
  loop?: LoopResult[];
  speedUps?: SpeedUp[];
  parse?: ParseResult[];
  bundles?: BundleResult[];
  tree?: TreeResult;
  journal?: JournalResult[];
  activation?: ActivationResult;
  cliThroughput?: CliThroughputResult[];
  /** bench/bareClient.ts on the journal-on rows at 50 ms: the floor this machine leaves a client that writes each intent first. */
  cliFloor?: CliThroughputResult[];
  /** Written by bench/scenarios/cliMemory.ts: peak RSS of a 1,000,000-ID CLI delete with a journal. */
  cliMemory?: { ids: number; scenario?: string; peakRssMb: number; allAnswered?: boolean; noisy?: boolean; runs?: unknown[] }[];
}

interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  notes?: string[];
  /** Markdown alignment per column, 'l' or 'r'. */
  align?: string;
}

const kb = (bytes: number) => `${formatNumber(bytes / 1024)} KiB`;
const ratio = (s: Summary) => (s.runs > 1 ? `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : s.median.toFixed(2));
const times = (x: number) => `${formatNumber(x)}×`;
const timesRange = (s: Summary) => (s.runs > 1 ? `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : `${s.median.toFixed(2)}×`);
/** " (noisy)" after a figure measured while the load average was above 2. */
export const noisyMark = (figure: { noisy?: boolean }) => (figure.noisy ? ' (noisy)' : '');

/** Entries grouped by their fake latency, in the order met. */
function byLatency<T extends { latencyMs?: number }>(list: readonly T[]): [number, T[]][] {
  const groups = new Map<number, T[]>();
  for (const x of list) {
    const key = x.latencyMs ?? 50;
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  return [...groups];
}

export function tables(r: BenchResults): Table[] {
  const out: Table[] = [];
  for (const [mode, all] of Object.entries(r.throughput ?? {})) {
    for (const [latencyMs, list] of byLatency(all)) {
      out.push({
        title: `Throughput against the vendor's ceiling, no journal (fakes ${mode === 'separate' ? 'in a separate process' : 'in the same process'}, ${latencyMs} ms per request)`,
        headers: ['target', 'IDs per run', 'achieved IDs/s', 'ceiling IDs/s', 'ratio', 'over limit', '429 provoked', 'seen at fake'],
        rows: list.map((t) => [
          t.label,
          formatNumber(t.ids),
          formatSummary(t.idsPerSecond),
          `${formatNumber(t.ceiling)} (${t.ceilingFormula})`,
          `${ratio(t.ratio)}${noisyMark(t)}`,
          String(t.overLimit),
          String(t.provoked429),
          t.scenario === 'engagelab' ? `≤ ${t.maxPerSecondSeen} req/s` : `≤ ${t.maxInFlightSeen} in flight`,
        ]),
        notes: list.map((t) => `${t.label}: ${t.limit}${t.allAccepted ? '' : ' — NOT every ID ended accepted!'}`),
      });
    }
  }
  if (r.speedUps?.length) {
    const loops = new Map((r.loop ?? []).map((l) => [`${l.scenario}/${l.client}`, l]));
    out.push({
      title: `Against a sequential one-request-at-a-time loop (same run, same fakes, ${r.speedUps[0].latencyMs} ms per request)`,
      headers: ['target', 'ours IDs/s', 'loop IDs/s (keep-alive)', 'speed-up', 'loop IDs/s (curl per ID)', 'speed-up vs curl'],
      rows: r.speedUps.map((s) => [
        s.scenario,
        formatNumber(s.ours),
        loops.get(`${s.scenario}/undici`) ? formatSummary(loops.get(`${s.scenario}/undici`)!.idsPerSecond) : '—',
        s.loop.undici ? `${times(s.loop.undici.speedUp)} (${times(s.loop.undici.low)}–${times(s.loop.undici.high)})` : '—',
        loops.get(`${s.scenario}/curl`) ? formatSummary(loops.get(`${s.scenario}/curl`)!.idsPerSecond) : '—',
        s.loop.curl ? `${times(s.loop.curl.speedUp)} (${times(s.loop.curl.low)}–${times(s.loop.curl.high)})` : '—',
      ]),
      notes: [
        'Loop: one ID per request (CleverTap one identity per call, Batch Custom Data the single-ID route, Cooladata one-element userIds), next request after the answer.',
        'Speed-up = our median IDs/s ÷ the loop median IDs/s (range: our min ÷ loop max – our max ÷ loop min).',
      ],
    });
  }
  for (const [latencyMs, c] of byLatency(r.cliThroughput ?? [])) {
    out.push({
      title: `Through the CLI with a journal (node dist/cli.js delete --journal --yes --json, ${latencyMs} ms per request)`,
      headers: ['scenario', 'IDs per run', 'IDs/s while sending', 'ceiling IDs/s', 'ratio', 'whole process s', '429 / over limit'],
      rows: c.map((x) => [x.scenario, formatNumber(x.ids), formatSummary(x.idsPerSecond), `${formatNumber(x.ceilingIdsPerSecond)} (${x.ceilingNote})`, `${ratio(x.ratio)}${noisyMark(x)}`, formatSummary(x.wallSeconds), `${x.throttled} / ${x.overLimit}`]),
      notes: [
        'bench/cli-throughput.ts (fakes in the bench process, the CLI in its own); IDs/s over the fake\'s first request → last answer; whole process = start-up, reading the file, plan, send, report.',
        ...c.filter((x) => !x.allAnswered).map((x) => `${x.scenario}: NOT every ID was answered in every run!`),
      ],
    });
  }
  for (const [latencyMs, c] of byLatency(r.cliFloor ?? [])) {
    out.push({
      title: `A bare client with a journal: the floor of the rows above (bench/bareClient.ts, ${latencyMs} ms per request)`,
      headers: ['scenario', 'IDs per run', 'IDs/s while sending', 'ceiling IDs/s', 'ratio', '429 / over limit'],
      rows: c.map((x) => [x.scenario, formatNumber(x.ids), formatSummary(x.idsPerSecond), `${formatNumber(x.ceilingIdsPerSecond)} (${x.ceilingNote})`, `${ratio(x.ratio)}${noisyMark(x)}`, `${x.throttled} / ${x.overLimit}`]),
      notes: [
        'The same requests as the CLI row, built before the clock starts; each sent once its intent line is on disk (O_DSYNC append, lines that meet share a write), its status read, its answer line written with the next. No parsing, checks, records, retries, pacing or report.',
        ...c.filter((x) => !x.allAnswered).map((x) => `${x.scenario}: NOT every ID was answered in every run!`),
      ],
    });
  }
  if (r.parse?.length) {
    out.push({
      title: `Reading ${formatNumber(r.parse[0].ids)} IDs from one selection (fresh process per run)`,
      headers: ['format', 'text MB', 'parseIds ms', "split('\\n') ms", 'time ratio', 'parseIds peak RSS +MB', 'memory ratio', "split peak RSS +MB", 'split memory ratio', 'parseIds heap held MB'],
      rows: r.parse.map((p) => [
        p.format,
        p.textMB.toFixed(1),
        formatSummary(p.parse.ms),
        formatSummary(p.split.ms),
        `${timesRange(p.timeRatioRuns)}${noisyMark(p)}`,
        formatSummary(p.parse.peakRssDeltaMB),
        timesRange(p.peakMemoryRatioRuns),
        formatSummary(p.split.peakRssDeltaMB),
        timesRange(p.split.peakMemoryRatio),
        formatNumber(p.parse.heapHeldMB.median),
      ]),
      notes: [
        'time ratio: parseIds ÷ split of the same text, per run (one of each, back to back); median (min–max).',
        'peak RSS +MB: the process peak during the operation above its RSS right before it (the text itself already loaded); memory ratio: that ÷ the text size.',
        ...(r.parse.some((p) => p.peakReset === false) ? ['the peak could not be reset after reading the file on this system: the memory figures are upper bounds.'] : []),
        'heap held: heap still used after a GC with the result alive.',
      ],
    });
  }
  const ext: string[][] = [];
  for (const b of r.bundles ?? []) ext.push([`bundle size ${b.file} (production)`, `${kb(b.bytes)} (${kb(b.gzipBytes)} gzipped)`, 'node esbuild.js --production (zod and the parts of undici in use are bundled in)']);
  if (r.activation?.skipped) ext.push(['activation in a real VS Code', 'not measured', r.activation.skipped]);
  if (r.activation?.ms) ext.push(['activation in a real VS Code (code-server)', `${formatSummary(r.activation.ms, 'ms')}${noisyMark(r.sections?.activation ?? {})}`, `require + activate() of the production bundle, VS Code ${r.activation.vscode}, fresh VS Code per run`]);
  if (r.activation?.emptyMs) ext.push(['activation of an empty extension, same harness and run', formatSummary(r.activation.emptyMs, 'ms'), 'activates on the same events, registers nothing; runs alternate with ours']);
  if (r.activation?.overEmptyMs) ext.push(['activation: ms over empty (target ≤ 30 ms)', formatSummary(r.activation.overEmptyMs, 'ms'), `ours minus the empty one, pair by pair, on a quiet machine; code cache per pair: ${(r.activation.codeCache ?? []).join(', ')}`]);
  if (r.activation?.firstOverEmptyMs !== undefined) ext.push(['activation: first start after install, ms over empty', `${r.activation.firstOverEmptyMs.toFixed(1)} ms`, 'the first pair alone: no code cache yet, the bundle is compiled']);
  if (r.activation?.historyLoadedMs) ext.push(['activation until the history is loaded', formatSummary(r.activation.historyLoadedMs, 'ms'), 'the journal loads after the views appear (empty journal)']);
  for (const m of r.activation?.moduleMs ?? []) ext.push([`module evaluation of ${m.file}, plain Node`, formatSummary(m.ms, 'ms'), 'vscode stubbed; fresh Node per run']);
  if (r.tree) {
    ext.push([`tree: show a ${formatNumber(r.tree.ids)}-ID job`, `${formatSummary(r.tree.firstShowMs, 'ms')}${noisyMark(r.tree)}`, `${formatNumber(r.tree.rows)} rows: job, target, outcome groups, first page (1,000) of each group; plain-Node tree model`]);
    ext.push([`tree: refresh after 100 IDs change`, formatSummary(r.tree.refreshMs, 'ms'), 'the job row and everything open below it re-read']);
  }
  for (const j of r.journal ?? []) {
    ext.push([`journal open, ${formatNumber(j.ids)} IDs, ${j.shape}`, `${formatSummary(j.openMs, 'ms')}${noisyMark(j)}`, `${j.description}; ${formatNumber(j.records)} records written, ${formatNumber(j.lines)} lines, ${j.fileMB.toFixed(0)} MB; peak RSS ${formatNumber(j.peakRssMB.median)} MB`]);
  }
  if (ext.length > 0) out.push({ title: 'Extension', headers: ['figure', 'median (min–max)', 'what'], rows: ext, align: 'lrl' });
  return out;
}

export function machineLine(m: MachineInfo): string {
  return `${m.date.slice(0, 16).replace('T', ' ')} UTC · ${m.cpus} × ${m.cpuModel} · ${m.memoryGB} GB · Node ${m.node} · ${m.platform} · load average ${m.loadStart.join(' / ')} at start${m.loadEnd ? `, ${m.loadEnd.join(' / ')} at end` : ''}`;
}

/** "2 of 31 figures (3 of 120 runs) measured with the load average above 2", and medians without a range. */
export function noiseLine(r: BenchResults): string | undefined {
  const n = r.noise;
  if (!n) return undefined;
  const few = n.underThreeRuns.length > 0 ? `; ${n.underThreeRuns.length} medians from fewer than 3 runs (${n.underThreeRuns.slice(0, 3).join(', ')}${n.underThreeRuns.length > 3 ? ', …' : ''})` : '';
  return `Noise: ${n.noisyFigures} of ${n.figures} figures (${noisyShare(n)}) measured with the 1-minute load average above ${n.threshold}, marked (noisy)${few}`;
}

export function renderText(r: BenchResults): string {
  const parts = [`Machine: ${machineLine(r.machine)}`];
  const noise = noiseLine(r);
  if (noise) parts.push(noise);
  for (const t of tables(r)) {
    parts.push('', t.title, textTable(t.headers, t.rows));
    for (const n of t.notes ?? []) parts.push(`  · ${n}`);
  }
  return parts.join('\n');
}

export function renderMarkdown(r: BenchResults): string {
  const parts = [`Machine: ${machineLine(r.machine)}`];
  const noise = noiseLine(r);
  if (noise) parts.push('', noise);
  for (const t of tables(r)) {
    parts.push('', `### ${t.title}`, '', markdownTable(t.headers, t.rows, t.align));
    if (t.notes?.length) parts.push('', ...t.notes.map((n) => `- ${n}`));
  }
  return parts.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--')) ?? path.join(__dirname, 'results.json');
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  process.stdout.write(`${args.includes('--markdown') ? renderMarkdown(results) : renderText(results)}\n`);
}
