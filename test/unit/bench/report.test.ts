// The bench's noise marking and the README table it generates, from canned results (no timing:
// the figures here are made up and only their handling is checked).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { issueTable, NOT_MEASURED, TABLE_END, TABLE_START, withTable } from '../../../bench/lib/issueTable';
import { figureNoise, noiseSummary, runLoad } from '../../../bench/lib/load';
import { summarize } from '../../../bench/lib/stats';
import { renderText, type BenchResults } from '../../../bench/report';

const quiet = runLoad([0.4, 0.5, 0.6], [1.2, 0.7, 0.6]);
const busy = runLoad([1.5, 1, 1], [2.3, 1.1, 1]);

function ratioFigure(scenario: string, latencyMs: number, samples: number[], runs = samples.map(() => quiet), extra: Record<string, unknown> = {}) {
  return { scenario, latencyMs, ratio: summarize(samples), overLimit: 0, provoked429: 0, throttled: 0, ...figureNoise(runs), runs, ...extra };
}

function canned(): BenchResults {
  return {
    machine: { date: '2026-12-06T15:00:00.000Z', cpus: 2, cpuModel: 'Test CPU', memoryGB: 8, node: 'v20.0.0', platform: 'Linux', loadStart: [0.5, 0.4, 0.3], loadEnd: [1.1, 0.6, 0.4] },
    options: { quick: false, runs: 3, latencyMs: [50, 200] },
    durationSeconds: 1080,
    throughput: {
      separate: [
        ratioFigure('engagelab', 50, [0.97, 0.96, 0.98]),
        ratioFigure('clevertap', 200, [0.93, 0.95, 0.96], [quiet, busy, quiet]),
      ],
    },
    cliThroughput: [ratioFigure('batch-custom', 200, [0.85, 0.86, 0.84], undefined, { overLimit: 2 })],
    parse: [
      {
        format: 'json',
        ids: 1_000_000,
        textMB: 40.1,
        parse: { ms: summarize([300, 310, 320]), peakRssDeltaMB: summarize([90, 95, 100]), peakMemoryRatio: summarize([2.2, 2.3, 2.5]), heapHeldMB: summarize([38]), count: 1_000_000 },
        split: { ms: summarize([100, 100, 110]), peakRssDeltaMB: summarize([80, 80, 80]), peakMemoryRatio: summarize([2, 2, 2]), heapHeldMB: summarize([38]), count: 1_000_001 },
        timeRatio: 3.1,
        timeRatioRuns: summarize([3.1, 2.9, 3.3]),
        peakMemoryRatio: 2.3,
        peakMemoryRatioRuns: summarize([2.2, 2.3, 2.5]),
        peakReset: true,
        ...figureNoise([quiet, quiet]),
        runs: [
          { timeRatio: 3.1, peakMemoryRatio: 2.2, ...quiet },
          { timeRatio: 2.9, peakMemoryRatio: 2.3, ...quiet },
        ],
      },
    ],
    cliMemory: [{ ids: 1_000_000, peakRssMb: 380, runs: [{ peakRssMb: 380 }, { peakRssMb: 372 }, { peakRssMb: 391 }] }],
  } as unknown as BenchResults;
}

describe('bench: noise marking', () => {
  it('marks a run noisy when the 1-minute load average is above 2 at its start or end, not at 2', () => {
    assert.equal(quiet.noisy, false);
    assert.equal(busy.noisy, true);
    assert.equal(runLoad([3, 0, 0], [1, 0, 0]).noisy, true);
    assert.equal(runLoad([2, 5, 5], [2, 5, 5]).noisy, false, 'only the 1-minute figure counts, and only above 2');
  });

  it('marks a figure noisy when any of its runs is, and counts noisy figures and runs across the results', () => {
    const r = canned();
    const clevertap = r.throughput!.separate[1];
    assert.equal(clevertap.noisy, true);
    assert.equal(clevertap.noisyRuns, 1);
    assert.equal(r.throughput!.separate[0].noisy, false);
    const n = noiseSummary(r as unknown as Record<string, unknown>);
    assert.deepEqual({ figures: n.figures, noisyFigures: n.noisyFigures, runs: n.runs, noisyRuns: n.noisyRuns }, { figures: 4, noisyFigures: 1, runs: 11, noisyRuns: 1 });
  });

  it('lists the medians drawn from fewer than 3 runs', () => {
    const n = noiseSummary(canned() as unknown as Record<string, unknown>);
    assert.deepEqual(n.underThreeRuns, ['parse[0].parse.heapHeldMB', 'parse[0].split.heapHeldMB']);
  });

  it('says in the printed summary how many figures were noisy', () => {
    const r = canned();
    const printed: BenchResults = { machine: r.machine, options: r.options, noise: noiseSummary(r as unknown as Record<string, unknown>) };
    assert.match(renderText(printed), /Noise: 1 of 4 figures \(1 of 11 runs; 0 of 0 sections\) measured with the 1-minute load average above 2/);
  });
});

describe('bench: the README table of issue-14 figures', () => {
  const rowOf = (table: string, start: string) => {
    const row = table.split('\n').find((l) => l.startsWith(`| ${start} |`));
    assert.ok(row, `no row "${start}" in:\n${table}`);
    return row.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, ''));
  };

  it('shows each ratio with its range and whether it meets the target, journal off and on, per latency', () => {
    const table = issueTable(canned());
    assert.deepEqual(rowOf(table, 'EngageLab, 50 ms').slice(3, 5), ['0.970 (0.960–0.980) ✓', NOT_MEASURED]);
    assert.deepEqual(rowOf(table, 'CleverTap, 200 ms').slice(3, 5), ['0.950 (0.930–0.960) ✓, noisy', NOT_MEASURED]);
    assert.deepEqual(rowOf(table, 'Batch Custom Data, 200 ms').slice(3, 5), [NOT_MEASURED, '0.850 (0.840–0.860) ✗; 2 over limit, 0 429s ✗']);
    assert.deepEqual(rowOf(table, 'Cooladata, 50 ms').slice(3, 5), [NOT_MEASURED, NOT_MEASURED]);
  });

  it('shows a ratio just under its target as under it (0.897 against 0.90 is not "0.90")', () => {
    const r = canned();
    Object.assign(r.cliThroughput![0], ratioFigure('batch-custom', 200, [0.897, 0.892, 0.904]));
    assert.equal(rowOf(issueTable(r), 'Batch Custom Data, 200 ms')[4], '0.897 (0.892–0.904) ✗');
  });

  it('gives no ✓ to a speed or a memory figure whose run left IDs unanswered', () => {
    const r = canned();
    Object.assign(r.throughput!.separate[0], { allAccepted: false });
    r.cliMemory![0].allAnswered = false;
    const table = issueTable(r);
    assert.equal(rowOf(table, 'EngageLab, 50 ms')[3], '0.970 (0.960–0.980); not every ID accepted ✗');
    assert.equal(rowOf(table, 'CLI delete of 1,000,000 IDs with a journal: peak RSS')[3], '380 MB (372–391); not every ID accepted ✗');
  });

  it('says what limits every row', () => {
    const table = issueTable(canned());
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ratio to') && !l.startsWith('| figure') && !l.startsWith('| ---'));
    assert.equal(rows.length, 10 + 8);
    for (const row of rows) assert.ok((row.split(' | ').pop() ?? '').length > 10, `no limit in ${row}`);
    assert.match(rowOf(table, 'EngageLab, 200 ms')[6], /documented 500 requests\/s.*intent written with O_DSYNC/);
  });

  it("shows the bare client's floor beside a journal-on row, with no target of its own", () => {
    const r = canned();
    r.cliFloor = [ratioFigure('clevertap', 50, [0.944, 0.938, 0.94]) as never, ratioFigure('batch-gdpr-32', 50, [0.95, 0.94, 0.951], undefined, { allAnswered: false }) as never];
    const table = issueTable(r);
    assert.equal(rowOf(table, 'CleverTap, 50 ms')[5], '0.940 (0.938–0.944)');
    assert.equal(rowOf(table, 'Batch GDPR, 50 ms')[5], '0.950 (0.940–0.951); not every ID accepted ✗');
    assert.equal(rowOf(table, 'CleverTap, 200 ms')[5], NOT_MEASURED);
    assert.equal(rowOf(table, 'EngageLab, 50 ms')[5], NOT_MEASURED);
  });

  it('shows parsing time and memory ratios, the CLI peak memory and marks what was not measured', () => {
    const table = issueTable(canned());
    assert.equal(rowOf(table, 'read 1,000,000 IDs (json, 40.1 MB): time ÷ a bare `split`')[3], '3.10× (2.90–3.30) ✗');
    assert.equal(rowOf(table, 'read 1,000,000 IDs (json): peak memory ÷ text size')[3], '2.30× (2.20–2.50) ✓');
    assert.equal(rowOf(table, 'read 1,000,000 IDs (lines): time ÷ a bare `split`')[3], NOT_MEASURED);
    assert.equal(rowOf(table, 'CLI delete of 1,000,000 IDs with a journal: peak RSS')[3], '380 MB (372–391) ✓');
    assert.equal(rowOf(table, 'activation in a real VS Code: ms over an empty extension')[3], NOT_MEASURED);
  });

  it('marks a figure that keeps no load of its own noisy by its section (activation over empty)', () => {
    const r = canned();
    r.activation = { overEmptyMs: summarize([12, 9, 15]) } as BenchResults['activation'];
    r.sections = { activation: { ...busy, seconds: 60 } };
    assert.equal(rowOf(issueTable(r), 'activation in a real VS Code: ms over an empty extension')[3], '12.0 ms (9.0–15.0) ✓, noisy');
    const n = noiseSummary(r as unknown as Record<string, unknown>);
    assert.deepEqual([n.sections, n.noisySections], [1, 1]);
  });

  it('with no results, measures nothing and says so', () => {
    const table = issueTable(undefined);
    assert.match(table, /No `npm run bench` results yet/);
    const cells = table.split('\n').filter((l) => l.startsWith('| ')).join('\n');
    assert.doesNotMatch(cells, /✓|✗|\d\.\d\d \(/);
  });

  it('says when the run was a quick one', () => {
    const r = canned();
    r.options.quick = true;
    assert.match(issueTable(r), /Quick run/);
  });

  it('replaces only what lies between the markers, and the README has them', () => {
    const readme = `intro\n${TABLE_START}\nold table\n${TABLE_END}\nrest\n`;
    assert.equal(withTable(readme, 'new table'), `intro\n${TABLE_START}\nnew table\n${TABLE_END}\nrest\n`);
    assert.throws(() => withTable('no markers here', 'x'), /markers/);
    const real = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    assert.ok(real.includes(TABLE_START) && real.indexOf(TABLE_END) > real.indexOf(TABLE_START));
  });
});
