// --journal: the extension's journal format; a run killed with SIGKILL is resumed so every ID is
// sent exactly once (proved from the fake's request log); status re-checks pending IDs; --wait
// follows Batch GDPR from pending to done; export writes the audit file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Journal } from '../../../src/core/journal';
import { createManualClock, type FakeVendors, type ManualClock } from '../../fakes';
import {
  CANARY,
  SECRET_VALUES,
  assertNoSecrets,
  deletions,
  parseJson,
  runCli,
  sendCounts,
  startCli,
  useCliSuite,
} from './harness';
import { report } from './reportShape';

const ids = (n: number, prefix = 'user-') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('CLI: --journal, resume, status, --wait, export', () => {
  let fakes: FakeVendors;
  let clock: ManualClock;
  let env: Record<string, string>;
  let dir: string;
  let n = 0;
  const journalFile = () => path.join(dir, `journal-${++n}.jsonl`);

  useCliSuite(
    (suite) => ({ fakes, env, dir } = suite),
    () => {
      clock = createManualClock(Date.now());
      // Batch GDPR requests complete 60 s after creation on the fake's own clock, moved by hand.
      return { batch: { now: clock.now, completionDelayMs: 60_000 } };
    },
  );

  async function assertJournalHasNoSecrets(file: string): Promise<void> {
    const text = await fs.readFile(file, 'utf8');
    for (const secret of SECRET_VALUES) assert.ok(!text.includes(secret), 'a secret was written to the journal');
  }

  it('killed mid-run (SIGKILL), then resume: every ID sent exactly once; those in flight at the kill are "unknown"', async () => {
    const file = journalFile();
    const all = ids(1000);
    // The first 3 calls are answered; the next ones are held (the first of them applied, answer lost).
    fakes.clevertap.faults.enqueue({ fault: 'slow', delayMs: 0, count: 3 });
    fakes.clevertap.faults.enqueue({ fault: 'timeout-after', holdMs: 600_000, count: 1 });
    fakes.clevertap.faults.enqueue({ fault: 'timeout', holdMs: 600_000, count: Infinity });
    const first = startCli(['delete', '--vendor', 'clevertap', '--yes', '--json', '--journal', file], { env, input: all.join('\n') });
    await fakes.clevertap.waitForRequests(6);
    await until(async () => ((await fs.readFile(file, 'utf8')).match(/"o":"accepted"/g)?.length ?? 0) >= 3, 'three answers journaled');
    first.child.kill('SIGKILL');
    const killed = await first.done;
    assert.equal(killed.signal, 'SIGKILL');
    fakes.clevertap.faults.clear();

    const before = deletions(fakes);
    assert.equal(before.length, 6);
    const heldIds = new Set(before.filter((q) => q.status === 0 || q.respondedAt === undefined || q.fault?.startsWith('timeout')).flatMap((q) => q.ids));
    assert.equal(heldIds.size, 300);

    const run = await runCli(['resume', '--journal', file, '--yes', '--json'], { env });
    assert.equal(run.code, 1, `unknown IDs make the exit status 1\n${run.stderr}`);
    assert.match(run.stderr, /300 ID\(s\) were sent by a run that stopped before their answer came; they are now "unknown"/);
    assert.match(run.stderr, /resuming 400 ID\(s\) never sent/);
    const r = report(run);
    assert.equal(r.vendor, 'clevertap');
    assert.deepEqual(r.summary, { accepted: 700, done: 0, failed: 0, notFound: 0, skipped: 0, cancelled: 0, unknown: 300 });
    for (const x of r.results) assert.equal(x.outcome, heldIds.has(x.id) ? 'unknown' : 'accepted', x.id);

    // The request log: each of the 1,000 IDs in exactly one deletion request over both runs.
    const requests = deletions(fakes);
    const counts = sendCounts(requests);
    assert.equal(counts.size, 1000);
    for (const id of all) assert.equal(counts.get(id), 1, `${id} sent ${counts.get(id) ?? 0} times`);
    const applied = new Set(requests.filter((q) => q.applied).flatMap((q) => q.ids));
    for (const x of r.results) if (x.outcome === 'accepted') assert.ok(applied.has(x.id), `${x.id} accepted but not applied`);
    const resumedIds = requests.slice(6).flatMap((q) => q.ids);
    assert.equal(resumedIds.length, 400);
    for (const id of resumedIds) assert.ok(!before.some((q) => q.ids.includes(id)), `${id} was sent again`);

    // A second resume finds nothing left to send.
    const again = await runCli(['resume', '--journal', file, '--yes', '--json'], { env });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Nothing to resume/);
    assert.equal(deletions(fakes).length, requests.length);
    assertNoSecrets(run);
    await assertJournalHasNoSecrets(file);
  });

  it('status shows a job title and an account label from the journal with their escape sequences escaped', async () => {
    const file = journalFile();
    const journal = await Journal.open(file, { followMs: 0 });
    try {
      // As the extension may record them (a title from a file name, an account label typed by someone).
      const spec = { key: 'clevertap:other', accountId: 'other', accountLabel: 'EU\u001b]0;pwned\u0007 \u202eprod', options: { vendor: 'clevertap' as const, idType: 'identity' as const } };
      const job = await journal.store.add({ id: 'job-escape', createdAt: Date.UTC(2026, 0, 1), source: 'editor', title: 'ids\u001b[2J\r\u202etxt', targets: [{ spec, ids: [{ id: 'u\u202e1' }] }] });
      await journal.store.record(job, job.targets[0], [0], { outcome: 'accepted', at: Date.UTC(2026, 0, 1) });
    } finally {
      await journal.close();
    }
    const run = await runCli(['status', '--journal', file], { env });
    assert.doesNotMatch(run.stdout + run.stderr, /[\u0007\u001b\r\u202e]/);
    assert.match(run.stdout, /ids\\x1b\[2J\\x0d\\u202etxt/);
    assert.match(run.stdout, /EU\\x1b\]0;pwned\\x07 \\u202eprod/);
  });

  it('killed while writing a line (torn last line): resume refuses until repair; after repair nothing is sent twice', async () => {
    const file = journalFile();
    // 10 calls of 100: 2 answered, then at most 3 held (CleverTap's concurrency): the rest never sent.
    const all = ids(1000);
    fakes.clevertap.faults.enqueue({ fault: 'slow', delayMs: 0, count: 2 });
    fakes.clevertap.faults.enqueue({ fault: 'timeout', holdMs: 600_000, count: Infinity });
    const first = startCli(['delete', '--vendor', 'clevertap', '--yes', '--journal', file], { env, input: all.join('\n') });
    await fakes.clevertap.waitForRequests(3);
    await until(async () => ((await fs.readFile(file, 'utf8')).match(/"o":"accepted"/g)?.length ?? 0) >= 2, 'two answers journaled');
    first.child.kill('SIGKILL');
    await first.done;
    fakes.clevertap.faults.clear();
    // What a kill in the middle of a write leaves: the start of a record, no newline.
    await fs.appendFile(file, '{"t":"s","c":"5d8c5c57","j":"job-');
    const sentBefore = deletions(fakes).length;

    const refused = await runCli(['resume', '--journal', file, '--yes'], { env });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /cut off/);
    assert.match(refused.stderr, new RegExp(`Run user-erasure repair --journal ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(deletions(fakes).length, sentBefore);

    const repair = await runCli(['repair', '--journal', file], { env });
    assert.equal(repair.code, 0, repair.stderr);
    assert.match(repair.stdout, /resume does not send them\.\nuser-erasure status --journal .* lists them: check them at the vendor, and send the ones still there with a new delete/);

    const resumed = await runCli(['resume', '--journal', file, '--yes'], { env });
    assert.match(resumed.stderr, /Nothing to resume/);
    for (const [id, times] of sendCounts(deletions(fakes))) assert.equal(times, 1, `${id} sent ${times} times`);
  });

  it('the journal is the extension’s format: the core Journal loads the CLI’s job', async () => {
    const file = journalFile();
    const run = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1,user-2', '--yes', '--journal', file], { env });
    assert.equal(run.code, 0, run.stderr);
    const journal = await Journal.open(file, { followMs: 0 });
    try {
      const [job] = journal.store.list();
      assert.equal(job.spec.source, 'cli');
      assert.deepEqual(job.targets[0].ids, ['user-1', 'user-2']);
      assert.equal(job.targets[0].countOf('accepted'), 2);
      assert.equal(job.targets[0].spec.accountLabel, `project ${CANARY.cooladataProject}`);
    } finally {
      await journal.close();
    }
  });

  it('resume sends the IDs cancelled by Ctrl-C, after refusing without a terminal (exit 2, nothing sent)', async () => {
    const file = journalFile();
    fakes.clevertap.pause();
    const first = startCli(['delete', '--vendor', 'clevertap', '--yes', '--journal', file], { env, input: ids(500).join('\n') });
    await fakes.clevertap.waitForRequests(3);
    await first.waitForStderr('Job ');
    first.child.kill('SIGINT');
    await first.waitForStderr('Cancelling');
    fakes.clevertap.resume();
    assert.equal((await first.done).code, 1);
    assert.equal(deletions(fakes).length, 3);

    const refused = await runCli(['resume', '--journal', file], { env });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /refusing to send 200 ID\(s\) without confirmation/);
    assert.equal(deletions(fakes).length, 3);

    const run = await runCli(['resume', '--journal', file, '--yes', '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(report(run).summary.accepted, 500);
    const counts = sendCounts(deletions(fakes));
    for (const id of ids(500)) assert.equal(counts.get(id), 1, id);
  });

  it('resume needs the same account: missing variables are named; another account is refused (exit 2)', async () => {
    const file = journalFile();
    fakes.clevertap.pause();
    const first = startCli(['delete', '--vendor', 'clevertap', '--yes', '--journal', file], { env, input: ids(400).join('\n') });
    await fakes.clevertap.waitForRequests(3);
    await first.waitForStderr('Job ');
    first.child.kill('SIGKILL');
    await first.done;
    fakes.clevertap.resume();
    const sent = deletions(fakes).length;

    const noEnv = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('CLEVERTAP_')));
    const missing = await runCli(['resume', '--journal', file, '--yes'], { env: noEnv });
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /needs the CleverTap credentials it was made with \(CLEVERTAP_ACCOUNT_ID, CLEVERTAP_PASSCODE, CLEVERTAP_REGION\): missing environment variables CLEVERTAP_ACCOUNT_ID, CLEVERTAP_PASSCODE/);

    const other = await runCli(['resume', '--journal', file, '--yes'], { env: { ...env, CLEVERTAP_ACCOUNT_ID: 'ANOTHER-ACCOUNT' } });
    assert.equal(other.code, 2, other.stderr);
    assert.match(other.stderr, /was made for CleverTap account TEST-CANARY-ACCT, but the environment names account ANOTHER-ACCOUNT/);
    assert.equal(deletions(fakes).length, sent, 'nothing sent by the refused resumes');
    assertNoSecrets(missing);
    assertNoSecrets(other);
  });

  it('a journal in use by a running delete: another delete is refused (exit 2); status shows it without checking', async () => {
    const file = journalFile();
    fakes.clevertap.pause();
    const running = startCli(['delete', '--vendor', 'clevertap', '--yes', '--journal', file], { env, input: ids(400).join('\n') });
    await fakes.clevertap.waitForRequests(3);
    await running.waitForStderr('Job ');
    try {
      const second = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--journal', file], { env });
      assert.equal(second.code, 2, second.stderr);
      assert.match(second.stderr, new RegExp(`in use by process ${running.child.pid}`));
      assert.equal(fakes.requests().filter((q) => q.vendor === 'cooladata').length, 0);

      const status = await runCli(['status', '--journal', file, '--json'], { env });
      assert.equal(status.code, 1, status.stderr); // IDs still sending are reported "unknown"
      assert.match(status.stderr, /in use by process \d+: showing it as recorded, without checking/);
      const json = parseJson(status) as { jobs: { results: unknown[] }[] };
      assert.equal(json.jobs[0].results.length, 400);
    } finally {
      fakes.clevertap.resume();
      assert.equal((await running.done).code, 0);
    }
  });

  it('status: pending Batch GDPR requests are checked once; after the vendor completes them, status shows them done', async () => {
    const file = journalFile();
    const del = await runCli(['delete', '--vendor', 'batch', '--ids', 'user-1,user-2', '--yes', '--journal', file], { env });
    assert.equal(del.code, 0, del.stderr);

    let run = await runCli(['status', '--journal', file, '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    let json = parseJson(run) as { journal: string; jobs: { job: string; vendor: string; results: { outcome: string }[]; summary: Record<string, number> }[]; checks: { kind: string; checked: number; stillPending: number }[]; summary: Record<string, number> };
    assert.deepEqual(Object.keys(json), ['journal', 'jobs', 'checks', 'summary']);
    assert.equal(json.journal, file);
    assert.equal(json.jobs.length, 1);
    assert.deepEqual(Object.keys(json.jobs[0]), ['job', 'title', 'ticket', 'createdAt', 'vendor', 'results', 'summary']);
    assert.equal(json.jobs[0].vendor, 'batch');
    assert.deepEqual(json.checks.map((c) => [c.kind, c.checked, c.stillPending]), [['checked', 2, 2], ['checked', 2, 2]]);
    assert.equal(json.summary.accepted, 4);
    assert.equal(fakes.requests().filter((q) => q.kind === 'status').length, 4);

    clock.advance(61_000);
    run = await runCli(['status', '--journal', file, '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    json = parseJson(run) as typeof json;
    assert.deepEqual(json.jobs[0].results.map((x) => x.outcome), ['done', 'done', 'done', 'done']);
    assert.deepEqual(json.summary, { accepted: 0, done: 4, failed: 0, notFound: 0, skipped: 0, cancelled: 0, unknown: 0 });

    // Recorded: a third status has nothing pending to ask about.
    const statusCalls = fakes.requests().filter((q) => q.kind === 'status').length;
    run = await runCli(['status', '--journal', file], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /batch: 0 accepted \(pending at vendor\), 4 done/);
    assert.match(run.stdout, /Nothing pending: no status to check\./);
    assert.equal(fakes.requests().filter((q) => q.kind === 'status').length, statusCalls);
    assertNoSecrets(run);
  });

  it('status names the vendors it cannot check and the credentials it lacks', async () => {
    const file = journalFile();
    assert.equal((await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--journal', file], { env })).code, 0);
    assert.equal((await runCli(['delete', '--vendor', 'batch', '--ids', 'user-1', '--yes', '--journal', file], { env })).code, 0);
    const noBatch = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('BATCH_')));
    const run = await runCli(['status', '--journal', file], { env: noBatch });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Cooladata · project 777001: 1 pending, not checked: queued at Cooladata \(status API not configured\)/);
    assert.match(run.stdout, /Batch · environment · android · GDPR remove: 1 pending, not checked: .*missing environment variables BATCH_REST_API_KEY, BATCH_API_KEYS/);
    assert.equal(fakes.requests().filter((q) => q.kind === 'status').length, 0);
  });

  it('--wait: Batch GDPR goes from pending to done while the CLI waits (exit 0)', async () => {
    const file = journalFile();
    const cli = startCli(['delete', '--vendor', 'batch', '--ids', 'user-1,user-2', '--yes', '--json', '--wait', '--journal', file], { env });
    await cli.waitForStderr('Waiting: 4 ID(s) still pending at the vendor');
    clock.advance(61_000);
    const run = await cli.done;
    assert.equal(run.code, 0, run.stderr);
    const r = report(run);
    assert.deepEqual(r.summary, { accepted: 0, done: 4, failed: 0, notFound: 0, skipped: 0, cancelled: 0, unknown: 0 });
    for (const x of r.results) assert.match(x.reference ?? '', /^[0-9a-f-]{36}$/, 'the GDPR request id is kept');
    // The status API was asked for each request at least twice: pending, then done.
    assert.ok(fakes.requests().filter((q) => q.kind === 'status').length >= 8);
    assertNoSecrets(run);
  });

  it('--wait: CleverTap verified by profile lookups; Cooladata without COOLADATA_STATUS_PATH is named and not waited for', async () => {
    let run = await runCli(['delete', '--vendor', 'clevertap', '--ids', 'user-1,user-2', '--yes', '--json', '--wait'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(report(run).results.map((x) => x.outcome), ['done', 'done']);
    assert.deepEqual(fakes.requests().filter((q) => q.kind === 'lookup').map((q) => q.query.identity).sort(), ['user-1', 'user-2']);

    run = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--wait'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /cooladata: 1 accepted/);
    assert.match(run.stdout, /Cooladata · project 777001: not waiting for 1 pending ID\(s\): queued at Cooladata \(status API not configured\)/);
  });

  it('--wait-timeout: stops waiting with the IDs still pending (accepted: exit 0)', async () => {
    const run = await runCli(['delete', '--vendor', 'batch', '--mode', 'gdpr', '--ids', 'user-1', '--yes', '--wait', '--wait-timeout', '1.5'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /batch: 2 accepted/);
    assert.match(run.stdout, /--wait-timeout passed with 2 ID\(s\) still pending/);
  });

  it('export: the audit file as CSV or JSON on standard output, IDs in clear or as SHA-256', async () => {
    const file = journalFile();
    assert.equal((await runCli(['delete', '--vendor', 'batch', '--mode', 'custom-data', '--ids', 'user-1,=cmd', '--yes', '--journal', file], { env })).code, 0);

    const csv = await runCli(['export', '--journal', file, '--format', 'csv'], { env });
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trimEnd().split('\r\n');
    assert.equal(lines[0], 'job_id,requested_at,last_status_at,vendor,account,mode,id,origin,outcome,outcome_label,http_status,vendor_message,vendor_reference,ticket');
    assert.equal(lines.length, 1 + 4);
    assert.match(lines[1], /^job-[^,]+,\d{4}-\d\d-\d\dT[^,]+Z,[^,]+,Batch,environment,Custom Data delete · android,user-1,,accepted,Accepted \(pending at vendor\),200,/);
    assert.ok(lines.some((l) => l.includes(",'=cmd,")), 'formula guard in CSV');
    assert.match(csv.stderr, /Exported 4 row\(s\) of 1 job\(s\)/);

    const hashed = await runCli(['export', '--journal', file, '--format', 'csv', '--hash-ids'], { env });
    assert.equal(hashed.code, 0, hashed.stderr);
    const sha = createHash('sha256').update('user-1').digest('hex');
    assert.ok(hashed.stdout.split('\r\n')[0].includes(',id_sha256,origin_sha256,'));
    assert.ok(hashed.stdout.includes(`,${sha},`));
    assert.ok(!hashed.stdout.includes('user-1'));

    const json = await runCli(['export', '--journal', file, '--format', 'json', '--hash-ids'], { env });
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { format: string; idsHashed: string; rows: { id: string; outcome: string; vendor: string; httpStatus: number }[] };
    assert.equal(doc.format, 'user-erasure-audit');
    assert.equal(doc.idsHashed, 'sha256-hex');
    assert.equal(doc.rows.length, 4);
    assert.deepEqual(doc.rows[0], { ...doc.rows[0], id: sha, outcome: 'accepted', vendor: 'Batch', httpStatus: 200 });
    for (const out of [csv, hashed, json]) assertNoSecrets(out);
  });

  describe('a journal is evidence: never rewritten by accident', () => {
    /** Bytes (as a hash), size and modification time: what "untouched" means. */
    async function fingerprint(file: string): Promise<string> {
      const [data, info] = await Promise.all([fs.readFile(file), fs.stat(file)]);
      return `${createHash('sha256').update(data).digest('hex')} ${info.size} ${info.mtimeMs}`;
    }

    /** A finished CleverTap job of 300 IDs (3 calls), journaled; returns the file and its lines. */
    async function finishedJournal(): Promise<{ file: string; lines: string[] }> {
      const file = journalFile();
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--journal', file], { env, input: ids(300).join('\n') });
      assert.equal(run.code, 0, run.stderr);
      fakes.reset();
      return { file, lines: (await fs.readFile(file, 'utf8')).split('\n').slice(0, -1) };
    }

    /** The journal cut in the middle of its first state line: every answer is on the lost part. */
    async function cutJournal(): Promise<string> {
      const { file, lines } = await finishedJournal();
      await fs.writeFile(file, `${lines[0]}\n${lines[1]}\n${lines[2].slice(0, 30)}`);
      return file;
    }

    it('export and status on a journal with one damaged byte: read-only, the line named, exit 1, the file untouched', async () => {
      const { file, lines } = await finishedJournal();
      lines[3] = lines[3].replace('"o":"', '"o";"');
      await fs.writeFile(file, lines.join('\n') + '\n');
      const before = await fingerprint(file);

      const csv = await runCli(['export', '--journal', file, '--format', 'csv'], { env });
      assert.equal(csv.code, 1, csv.stderr);
      assert.match(csv.stderr, /journal .*: line 4: checksum mismatch/);
      assert.match(csv.stderr, /is damaged: line 4 cannot be read; it is open read-only and was not changed: showing what could be read\. Run user-erasure repair --journal /);
      assert.equal(csv.stdout.trimEnd().split('\r\n').length, 1 + 300, 'what could be read is exported');

      const status = await runCli(['status', '--journal', file, '--json'], { env });
      assert.equal(status.code, 1, status.stderr);
      assert.match(status.stderr, /damaged: line 4 cannot be read/);
      assert.equal(fakes.requests().length, 0, 'no status check: its answer could not be recorded');
      assert.equal(await fingerprint(file), before);
    });

    it('resume on a cut-off journal refuses (exit 2): nothing sent, though every ID\u2019s answer is on the lost part', async () => {
      const file = await cutJournal();
      const before = await fingerprint(file);
      const run = await runCli(['resume', '--journal', file, '--yes', '--json'], { env });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /line 3: cut off/);
      assert.match(run.stderr, /is damaged: line 3 cannot be read; .*Nothing was sent: an ID whose records are on a damaged line could be sent a second time/);
      assert.equal(deletions(fakes).length, 0);
      assert.equal(await fingerprint(file), before);
    });

    it('delete --journal on a damaged journal refuses (exit 2): nothing sent, nothing appended', async () => {
      const file = await cutJournal();
      const before = await fingerprint(file);
      const run = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--journal', file], { env });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /Nothing was sent/);
      assert.equal(fakes.requests().length, 0);
      assert.equal(await fingerprint(file), before);
    });

    for (const [name, content] of [
      ['a CSV of IDs', 'user_id\nuser-1\nuser-2\n'],
      ['notes', 'To erase on Monday: user-1\n'],
      ['an empty file', ''],
    ] as const) {
      it(`--journal naming ${name}: every command refuses (exit 2), nothing sent, the file untouched`, async () => {
        const file = path.join(dir, `not-a-journal-${++n}.txt`);
        await fs.writeFile(file, content);
        const before = await fingerprint(file);
        for (const args of [
          ['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--journal', file],
          ['resume', '--journal', file, '--yes'],
          ['status', '--journal', file],
          ['export', '--journal', file, '--format', 'json'],
          ['repair', '--journal', file],
        ]) {
          const run = await runCli(args, { env });
          assert.equal(run.code, 2, `${args[0]}: ${run.stderr}`);
          assert.match(run.stderr, /is not a User Erasure journal/, args[0]);
        }
        assert.equal(fakes.requests().length, 0);
        assert.equal(await fingerprint(file), before);
        assert.deepEqual((await fs.readdir(dir)).filter((f) => f.startsWith(path.basename(file))), [path.basename(file)], 'no lock or temp file left');
      });
    }

    it('--journal naming a device or a FIFO is refused (exit 2) instead of blocking or writing into it', async function () {
      if (process.platform === 'win32') this.skip();
      const fifo = path.join(dir, `fifo-${++n}`);
      spawnSync('mkfifo', [fifo]);
      for (const target of ['/dev/null', fifo]) {
        const run = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--journal', target], { env });
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /is not a regular file/);
      }
      assert.equal(fakes.requests().length, 0);
    });

    it('through a symbolic link: the real file is locked and written, and the link stays a link', async function () {
      if (process.platform === 'win32') this.skip();
      const real = journalFile();
      const link = path.join(dir, `link-${++n}.jsonl`);
      fakes.clevertap.pause();
      const running = startCli(['delete', '--vendor', 'clevertap', '--yes', '--journal', real], { env, input: ids(200).join('\n') });
      await fakes.clevertap.waitForRequests(2);
      await running.waitForStderr('Job ');
      try {
        await fs.symlink(real, link);
        const second = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--journal', link], { env });
        assert.equal(second.code, 2, second.stderr);
        assert.match(second.stderr, new RegExp(`in use by process ${running.child.pid}`));
      } finally {
        fakes.clevertap.resume();
        assert.equal((await running.done).code, 0);
      }
      const again = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--journal', link], { env });
      assert.equal(again.code, 0, again.stderr);
      assert.ok((await fs.lstat(link)).isSymbolicLink());
      const status = await runCli(['status', '--journal', real, '--json'], { env });
      assert.equal((parseJson(status) as { jobs: unknown[] }).jobs.length, 2, 'both jobs in the real file');
    });

    it('through a hard link (each name its own lock): refused by a second writer with the reason, nothing sent', async function () {
      if (process.platform === 'win32') this.skip();
      const real = journalFile();
      fakes.clevertap.pause();
      const running = startCli(['delete', '--vendor', 'clevertap', '--yes', '--journal', real], { env, input: ids(200).join('\n') });
      await fakes.clevertap.waitForRequests(2);
      await running.waitForStderr('Job ');
      const link = path.join(dir, `hard-${++n}.jsonl`);
      try {
        await fs.link(real, link);
        const second = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-1', '--yes', '--journal', link], { env });
        assert.equal(second.code, 2, second.stderr);
        assert.match(second.stderr, /has 2 names \(hard links\): keep one/);
        assert.equal(fakes.requests().filter((q) => q.vendor === 'cooladata').length, 0);
      } finally {
        fakes.clevertap.resume();
        await running.done;
      }
    });

    it('repair: keeps the original as FILE.damaged-<time>, writes every readable line; repair of a clean journal changes nothing', async () => {
      const { file, lines } = await finishedJournal();
      const damagedLine = lines.findIndex((l) => l.includes('"o":"accepted"'));
      lines[damagedLine] = lines[damagedLine].replace('"o":"accepted"', '"o":"accepted\u0000');
      const original = lines.join('\n') + '\n';
      await fs.writeFile(file, original);
      const before = await fingerprint(file);

      const run = await runCli(['repair', '--journal', file], { env });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`Repaired .*: ${lines.length - 1} line\\(s\\) kept as they were \\(1 job\\(s\\)\\); line ${damagedLine + 1} left out`));
      const copy = /kept unchanged as (.+\.damaged-\d{8}T\d{6}Z)\./.exec(run.stdout)?.[1];
      assert.ok(copy, run.stdout);
      assert.equal(await fingerprint(copy), before);
      assert.equal(await fs.readFile(file, 'utf8'), lines.filter((_, i) => i !== damagedLine).join('\n') + '\n');

      const resume = await runCli(['resume', '--journal', file, '--yes', '--json'], { env });
      assert.match(resume.stderr, /Nothing to resume/);
      assert.equal(deletions(fakes).length, 0, 'the answers of the damaged line were still known from their sending records: never sent again');

      const clean = await fingerprint(file);
      const again = await runCli(['repair', '--journal', file], { env });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /loads cleanly: nothing to repair/);
      assert.equal(await fingerprint(file), clean);
    });
  });
});
