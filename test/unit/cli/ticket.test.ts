// --ticket REF on delete: kept with the job in the journal, printed as `ticket` by delete --json and
// per job by status --json, and in every export row (CSV column, JSON field).
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseJson, runCli, useCliSuite } from './harness';
import { report } from './reportShape';

describe('CLI: --ticket', () => {
  let env: Record<string, string>;
  let dir: string;
  useCliSuite((suite) => ({ env, dir } = suite));

  it('delete --ticket ZD-4711: in delete --json, status --json per job, and every export row', async () => {
    const journal = path.join(dir, `ticket-${Date.now()}.jsonl`);
    const run = await runCli(['delete', '--vendor', 'clevertap', '--ids', 'u-1,u-2,u-3', '--ticket', ' ZD-4711 ', '--yes', '--json', '--journal', journal], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(report(run).ticket, 'ZD-4711');

    const plain = await runCli(['delete', '--vendor', 'clevertap', '--ids', 'u-4', '--yes', '--json', '--journal', journal], { env });
    assert.equal(report(plain).ticket, null, 'no --ticket: null');

    const status = await runCli(['status', '--journal', journal, '--json'], { env });
    const jobs = (parseJson(status) as { jobs: { ticket: string | null; results: { id: string }[] }[] }).jobs;
    assert.deepEqual(jobs.map((j) => [j.ticket, j.results.map((r) => r.id)]), [[null, ['u-4']], ['ZD-4711', ['u-1', 'u-2', 'u-3']]]);

    const csv = await runCli(['export', '--journal', journal, '--format', 'csv'], { env });
    const [header, ...rows] = csv.stdout.trim().split('\r\n').map((line) => line.split(','));
    const column = header.indexOf('ticket');
    const idColumn = header.indexOf('id');
    assert.ok(column >= 0, header.join(','));
    assert.deepEqual(rows.map((r) => `${r[idColumn]}=${r[column]}`).sort(), ['u-1=ZD-4711', 'u-2=ZD-4711', 'u-3=ZD-4711', 'u-4=']);

    const json = await runCli(['export', '--journal', journal, '--format', 'json'], { env });
    const exported = parseJson(json) as { rows: { id: string; ticket: string | null }[] };
    assert.deepEqual(exported.rows.map((r) => `${r.id}=${r.ticket}`).sort(), ['u-1=ZD-4711', 'u-2=ZD-4711', 'u-3=ZD-4711', 'u-4=null']);

    const human = await runCli(['status', '--journal', journal], { env });
    assert.match(human.stdout, /· ticket ZD-4711/);
  });

  it('the dry run shows the ticket too; an empty or multi-line --ticket, or --ticket on status, is a usage error (exit 2)', async () => {
    const dry = await runCli(['delete', '--vendor', 'clevertap', '--ids', 'u-1', '--ticket', 'JIRA-123', '--dry-run'], { env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^Ticket: JIRA-123$/m);
    for (const args of [
      ['delete', '--vendor', 'clevertap', '--ids', 'u-1', '--ticket', '  ', '--yes'],
      ['delete', '--vendor', 'clevertap', '--ids', 'u-1', '--ticket', 'ZD-1\nZD-2', '--yes'],
      ['status', '--journal', path.join(dir, 'none.jsonl'), '--ticket', 'ZD-1'],
    ]) {
      const run = await runCli(args, { env });
      assert.equal(run.code, 2, `${args.join(' ')}\n${run.stderr}`);
      assert.match(run.stderr, /--ticket/);
    }
  });
});
