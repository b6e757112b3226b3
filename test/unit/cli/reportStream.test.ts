// --json is written in pieces read from the job's state (a 1,000,000-ID report is never one string):
// the pieces must join to exactly what JSON.stringify gives for the whole report, each must end a
// line, and redaction piece by piece must hide what redacting the whole text hides.
import assert from 'node:assert/strict';
import { CliOutput } from '../../../src/cli/output';
import { buildReport, exitCodeFor, jsonReportChunks, summarize, type CliReport, type CliResult } from '../../../src/cli/report';
import { JobState, type JobSpec, type TargetSpec } from '../../../src/core/job';
import { Redactor } from '../../../src/core/redact';
import { terminalJson } from '../../../src/core/shownText';

const target = (mode: 'gdpr' | 'custom-data'): TargetSpec => ({
  key: `batch:env-batch:android:${mode}`,
  accountId: 'env-batch',
  accountLabel: 'environment',
  options: { vendor: 'batch', mode, appKeyLabel: 'android' },
});

/** IDs that JSON and a terminal treat specially: quotes, a backslash, a right-to-left override, a C1 control, non-ASCII. */
const AWKWARD = ['a"b', 'back\\slash', 'x\u202ey', 'nel\u0085', 'é-ü', 'tab\there'];

function bigJob(count: number): JobState {
  const ids = Array.from({ length: count }, (_, i) => (i < AWKWARD.length ? AWKWARD[i] : `user-${i}`));
  const spec: JobSpec = {
    id: 'job-test',
    createdAt: 0,
    source: 'cli',
    title: `${count} IDs → Batch`,
    targets: [
      { spec: target('gdpr'), ids: ids.map((id) => ({ id })) },
      { spec: target('custom-data'), ids: ids.map((id, i) => (i === 3 ? { id, preset: { outcome: 'skipped', message: 'contains a control character' } } : { id })) },
    ],
  };
  const job = new JobState(spec);
  const [gdpr, custom] = job.targets;
  gdpr.setRun(0, 1000, { outcome: 'accepted', httpStatus: 200, message: 'queued', reference: 'req-1', at: 1000 });
  gdpr.setRun(1000, 500, { outcome: 'failed', httpStatus: 400, message: 'bad \u001b[31mred\u001b[0m \u2066id\u2069', at: 2000 });
  gdpr.setRun(1500, 10, { outcome: 'sending', at: 3000 });
  custom.setRun(0, 3, { outcome: 'accepted', httpStatus: 200, message: 'accepted', reference: 'tok-1', at: 1000 });
  custom.setRun(4, count - 4, { outcome: 'accepted', httpStatus: 200, message: 'accepted', reference: 'tok-2', at: 1000 });
  return job;
}

const rejected: CliResult[] = [{ id: 'null', target: 'android (gdpr)', outcome: 'skipped', httpStatus: null, message: 'not an ID (null)', reference: null }];

/** What --json printed before it was written in pieces: the whole report through terminalJson, and a line break. */
function wholeText(report: CliReport): string {
  return `${terminalJson({ ...report, results: [...report.results] }, 2)}\n`;
}

describe('CLI --json written in pieces', () => {
  it('joins to exactly the JSON of the whole report; every piece ends a line', () => {
    const report = buildReport('batch', [bigJob(3000)], false, undefined, rejected);
    report.ticket = 'ZD-4711';
    const pieces = [...jsonReportChunks(report)];
    assert.ok(pieces.length > 3, `a report of 6,001 results comes in several pieces (${pieces.length})`);
    for (const piece of pieces) assert.ok(piece.endsWith('\n'), 'each piece ends with a line break');
    assert.equal(pieces.join(''), wholeText(report));
    const parsed = JSON.parse(pieces.join('')) as CliReport & { results: CliResult[] };
    assert.equal(parsed.results.length, 6001);
    assert.deepEqual(parsed.results.slice(0, 3).map((r) => r.id), ['a"b', 'back\\slash', 'x\u202ey']);
    assert.doesNotMatch(pieces.join(''), /[\u001b\u202e\u0085\u2066]/, 'nothing a terminal acts on is printed raw');
  });

  it('a report without results, and a dry run with its requests, are the same text too', () => {
    const empty = new JobState({ id: 'job-empty', createdAt: 0, source: 'cli', title: 't', targets: [{ spec: target('gdpr'), ids: [] }] });
    const none = buildReport('batch', [empty], false);
    assert.equal([...jsonReportChunks(none)].join(''), wholeText(none));
    const requests = [{ target: 'Batch · environment', method: 'POST', url: 'https://api.batch.com/1.0/***/gdpr/request', headers: { 'X-Authorization': '***' }, body: '{"a":"\\n"}', idCount: 1 }];
    const dry = buildReport('batch', [new JobState(bigJob(10).spec)], true, requests);
    assert.equal([...jsonReportChunks(dry)].join(''), wholeText(dry));
  });

  it('summary and exit status come from the counts as they came from the results ("sending" is unknown)', () => {
    const report = buildReport('batch', [bigJob(3000)], false, undefined, rejected);
    assert.deepEqual(report.summary, summarize([...report.results]));
    assert.equal(report.summary.unknown, 10);
    assert.equal(exitCodeFor(report), 1);
    const done = new JobState({ id: 'j', createdAt: 0, source: 'cli', title: 't', targets: [{ spec: target('gdpr'), ids: [{ id: 'u-1' }, { id: 'u-2' }] }] });
    done.targets[0].setRun(0, 2, { outcome: 'accepted', at: 0 });
    assert.equal(exitCodeFor(buildReport('batch', [done], false)), 0);
    assert.equal(exitCodeFor(buildReport('batch', [new JobState(done.spec)], true)), 0, 'planned is fine in a dry run');
    assert.equal(exitCodeFor(buildReport('batch', [new JobState(done.spec)], false)), 1, 'but not in a real one');
  });

  it('redacts each piece; a secret holding a line break (which could span two pieces) makes it redact the whole text', async () => {
    const written: string[] = [];
    const sink = { write: (chunk: string, callback?: (error?: Error | null) => void) => (written.push(chunk), callback?.(), true) };
    const redactor = new Redactor();
    redactor.addSecret('SECRET-TOKEN-1234');
    const output = new CliOutput(redactor, sink, sink);
    await output.outLines(['one SECRET-TOKEN-1234\n', 'two secret-token-1234\n']);
    assert.equal(written.join(''), 'one ***\ntwo ***\n');

    written.length = 0;
    redactor.addSecret('tail\nhead');
    await output.outLines(['x tail\n', 'head y\n']);
    assert.equal(written.join(''), 'x *** y\n');
  });
});
