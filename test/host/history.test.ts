// The history in a real VS Code (issue #5): jobs rebuilt from the journal in global storage after a
// reload (simulated with services.history.reopen(): the same stop-runs / close / open the
// extension's deactivate and activate do, since the suite itself runs in the extension host);
// Resume after a reload mid-job sends exactly the IDs never sent; Batch GDPR pending → done
// through Verify Now and the poller, with the tree, the status bar and the job-done notice;
// Cooladata's honest "no status API"; the audit export; a read-only window and its take-over.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunHandle } from '../../src/core/engine';
import { targetKeyOf, type JobState, type TargetOptions } from '../../src/core/job';
import { Journal } from '../../src/core/journal';
import { JobStore } from '../../src/core/jobStore';
import type { StatusCheckReport } from '../../src/core/statusChecks';
import type { UserErasureApi } from '../../src/extension';
import { VsCodePrompter } from '../../src/platform/prompter';
import { createManualClock, DEFAULT_FAKE_ACCOUNTS, type FakeVendors, type ManualClock } from '../fakes';
import { label, ScriptedPrompter, step, type Notification, type Step } from '../unit/helpers/scriptedPrompter';
import { addDemoAccounts, DEMO_LABELS, extensionApi, jobTree, outcomesByTarget, removeAllAccounts, startFakesForExtension, until, type TreeRowSeen } from './helpers/deleteFlow';

const ACCEPTED = 'Accepted (pending at vendor)';
const BATCH_GDPR: TargetOptions = { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'android' };
const CLEVERTAP: TargetOptions = { vendor: 'clevertap', idType: 'identity' };
const COOLADATA: TargetOptions = { vendor: 'cooladata', reason: 'GDPR erasure request' };
const BATCH_TARGET = `Batch · ${DEMO_LABELS.batch} · android · GDPR remove`;
const COMPLETION_MS = 60_000;

const d = DEFAULT_FAKE_ACCOUNTS;
const SECRETS = [d.cooladata.token, d.engagelab.appKey, d.engagelab.masterSecret, d.clevertap.passcode, d.batch.restKey, ...d.batch.apps.map((a) => a.apiKey)];

describe('erasure history in a real VS Code', () => {
  let api: UserErasureApi;
  let fakes: FakeVendors;
  let clock: ManualClock;
  let restoreFakes: () => Promise<void>;
  const config = () => vscode.workspace.getConfiguration('userErasure');

  function prompter(script: Step[] = [], answer: (n: Notification) => string | undefined = () => undefined): ScriptedPrompter {
    const recording = new ScriptedPrompter(script, { notifications: answer });
    api.services.prompter.use(recording);
    return recording;
  }

  /** Plans and runs a job through the extension's engine; resolves to its id once the run ended. */
  async function runJob(ids: string[], ...targets: [accountId: string, options: TargetOptions][]): Promise<string> {
    const { engine, accounts } = api.services;
    const choices = targets.map(([accountId, options]) => ({ account: accounts.get(accountId)!, options }));
    const plan = await engine.plan({ ids, choices, source: 'editor' });
    const handle = await engine.start(plan);
    await handle.done;
    return plan.spec.id;
  }

  const job = (jobId: string): JobState => api.services.store.require(jobId);

  /** The job's rows once the pending notes (looked up in the background) are known. */
  async function settledTree(jobId: string): Promise<TreeRowSeen> {
    jobTree(api, job(jobId));
    await api.services.pendingNotes.settled();
    return jobTree(api, job(jobId));
  }

  const groupRow = (tree: TreeRowSeen, target: string, group: string) =>
    tree.children.find((t) => t.label === target)?.children.find((g) => g.label === group);

  before(async () => {
    api = await extensionApi();
    clock = createManualClock();
    ({ fakes, restore: restoreFakes } = await startFakesForExtension({ now: clock.now, completionDelayMs: COMPLETION_MS }));
    await removeAllAccounts(api);
    await addDemoAccounts(api);
  });

  beforeEach(async () => {
    assert.equal(api.services.history.mode, 'writer', 'this window writes the history');
    await api.services.history.clearHistory(() => false);
    fakes.reset();
    prompter();
  });

  after(async () => {
    api.services.prompter.use(new VsCodePrompter());
    await api.services.history.clearHistory(() => false);
    await removeAllAccounts(api);
    await restoreFakes();
  });

  it('a job keeps its rows across a reload: rebuilt from the journal on disk, which another window reads too', async () => {
    const jobId = await runJob(['user-1', 'user-2', 'user-3'], ['host-clevertap', CLEVERTAP], ['host-batch', BATCH_GDPR]);
    const original = job(jobId);
    const before = await settledTree(jobId);
    assert.deepEqual(outcomesByTarget(before), {
      [`CleverTap · ${DEMO_LABELS.clevertap} · identity`]: { [ACCEPTED]: ['user-1', 'user-2', 'user-3'] },
      [BATCH_TARGET]: { [ACCEPTED]: ['user-1', 'user-2', 'user-3'] },
    });

    const journal = api.services.history.journal!;
    await journal.flush();
    const otherWindow = await Journal.open(journal.file, { store: new JobStore(), followMs: 0 });
    try {
      assert.equal(otherWindow.mode, 'reader', 'the extension holds the lock');
      assert.deepEqual(otherWindow.store.require(jobId).counts(), original.counts());
    } finally {
      await otherWindow.close();
    }

    const report = await api.services.history.reopen();
    assert.equal(api.services.history.mode, 'writer');
    assert.ok(report && report.jobs >= 1 && report.ids >= 6, 'the reload read the job from the file');
    assert.notEqual(job(jobId), original, 'a new JobState, loaded from the journal');
    assert.deepEqual(jobTree(api, job(jobId)), before, 'the same rows, labels, descriptions and menus');
    // The Batch GDPR request ids survived: a status check after the reload still knows what to ask.
    const batch = job(jobId).targets.find((t) => t.spec.options.vendor === 'batch')!;
    assert.match(batch.resultAt(0)?.reference ?? '', /^[0-9a-f-]{36}$/);
  });

  it('a reload in the middle of a job leaves "Not sent" rows; Resume sends exactly those, none twice, none lost', async () => {
    await config().update('clevertap.chunkSize', 5, vscode.ConfigurationTarget.Global);
    await config().update('clevertap.concurrency', 1, vscode.ConfigurationTarget.Global);
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `user-${i + 1}`);
      const { engine, accounts } = api.services;
      const plan = await engine.plan({ ids, choices: [{ account: accounts.get('host-clevertap')!, options: CLEVERTAP }], source: 'editor' });
      fakes.clevertap.pause();
      await engine.start(plan);
      await fakes.clevertap.waitForRequests(1);
      const reloading = api.services.history.reopen(); // the window closes: the request in flight finishes, nothing new starts
      fakes.clevertap.resume();
      await reloading;

      const jobId = plan.spec.id;
      assert.equal(engine.isRunning(jobId), false);
      const tree = jobTree(api, job(jobId));
      assert.match(tree.contextValue, /^erasure:job:notsent:resumable:pending$/);
      assert.deepEqual(outcomesByTarget(tree), {
        [`CleverTap · ${DEMO_LABELS.clevertap} · identity`]: { [ACCEPTED]: ids.slice(0, 5), 'Not sent': ids.slice(5) },
      });

      const recording = prompter([
        step('confirm', (q) => {
          assert.equal(q.message, 'Send the 15 IDs not sent yet?');
          return q.buttons[0];
        }),
      ]);
      const [resumed] = (await vscode.commands.executeCommand('userErasure.resumeJob', jobId)) as RunHandle[];
      await resumed.done;
      await until(() => recording.matching(/finished/).length === 1, 'the run summary');

      const sent = fakes.clevertap.requests().filter((r) => r.kind === 'delete').flatMap((r) => r.ids);
      assert.equal(sent.length, 20, 'every ID sent exactly once over both runs');
      assert.deepEqual([...new Set(sent)].sort(), [...ids].sort());
      assert.deepEqual(job(jobId).counts().accepted, 20);
    } finally {
      fakes.clevertap.resume();
      await config().update('clevertap.chunkSize', undefined, vscode.ConfigurationTarget.Global);
      await config().update('clevertap.concurrency', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Batch GDPR: pending → done/not found through Verify Now; tree, status bar and the "job done" notice follow', async () => {
    const jobId = await runJob(['user-1', 'user-2', 'ghost-1'], ['host-batch', BATCH_GDPR]);
    const { statusBar } = api.services;
    statusBar.update();
    assert.equal(statusBar.view().text, 'User Erasure: 3 deletions pending');
    assert.equal(statusBar.item.command, 'userErasure.jobs.focus');
    const before = await settledTree(jobId);
    assert.equal(groupRow(before, BATCH_TARGET, ACCEPTED)?.description, '3 · status checked automatically');

    const verifyConfirmed = step('confirm', (q) => {
      assert.equal(q.message, 'Verify 3 pending deletions of 1 job? 3 status checks are made at status APIs meant for polling.', 'the count is said before anything is asked');
      return q.buttons[0];
    });
    const recording = prompter([verifyConfirmed, verifyConfirmed], (n) => (n.buttons.includes('Show Job') ? 'Show Job' : undefined));
    const stillPending = (await vscode.commands.executeCommand('userErasure.verifyNow')) as StatusCheckReport;
    assert.equal(stillPending.stillPending, 3);
    await until(() => recording.matching(/^Verified 3 pending IDs at the vendors: 0 resolved, 3 still pending\.$/).length === 1, 'the first report');

    clock.advance(COMPLETION_MS + 1_000); // Batch has processed the requests
    const jobRow = api.services.jobsView.model.jobNode(jobId)!;
    const resolved = (await vscode.commands.executeCommand('userErasure.verifyNow', jobRow, [jobRow])) as StatusCheckReport;
    assert.equal(resolved.stillPending, 0);
    assert.equal(fakes.batch.requests().filter((r) => r.kind === 'status').length, 6, 'each request id asked twice');

    const after = jobTree(api, job(jobId));
    assert.deepEqual(outcomesByTarget(after), { [BATCH_TARGET]: { Done: ['user-1', 'user-2'], 'Not found at vendor': ['ghost-1'] } });
    const ghost = groupRow(after, BATCH_TARGET, 'Not found at vendor')!.children[0];
    assert.match(ghost.description, /not found at Batch \(GDPR request done: user not found\)/);
    assert.equal(after.contextValue, 'erasure:job:finished');

    await until(() => recording.matching(/is complete/).length === 1, 'the job-done notice');
    const [done] = recording.matching(/is complete/);
    assert.match(done.message, /^Erasure job “.+” is complete, no deletion is pending any more — 3 users at 1 target: 2 done, 1 not found\.$/);
    assert.deepEqual(done.buttons, ['Show Job']);
    await until(() => recording.matching(/^Verified 3 pending IDs at the vendors: 3 resolved, 0 still pending\.$/).length === 1, 'the second report');
    await until(() => !statusBar.view().visible, 'the status bar item to hide');
  });

  it('the background poller resolves Batch GDPR statuses on its own; the notice follows the setting', async () => {
    const quiet = await runJob(['user-4'], ['host-batch', BATCH_GDPR]);
    const loud = await runJob(['user-5'], ['host-batch', BATCH_GDPR]);
    clock.advance(COMPLETION_MS + 1_000);
    const recording = prompter();
    const { poller } = api.services;
    assert.equal(poller.isRunning, true, 'this window polls');

    await config().update('notifyWhenJobDone', false, vscode.ConfigurationTarget.Global);
    try {
      await poller.verifyNow([quiet], 'automatic'); // one scheduled round, run now
    } finally {
      await config().update('notifyWhenJobDone', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(job(quiet).counts().done, 1);
    await poller.verifyNow([loud], 'automatic');
    assert.equal(job(loud).counts().done, 1);
    await until(() => recording.matching(/is complete/).length === 1, 'one job-done notice');
    assert.match(recording.notifications[0].message, /1 done\.$/);
  });

  it('Cooladata without a status API stays honestly "queued", and Verify Now says it cannot check it', async () => {
    const jobId = await runJob(['user-1', 'user-2'], ['host-cooladata', COOLADATA]);
    const target = `Cooladata · ${DEMO_LABELS.cooladata}`;
    const tree = await settledTree(jobId);
    assert.equal(groupRow(tree, target, ACCEPTED)?.description, '2 · queued at Cooladata (status API not configured)');

    const recording = prompter();
    const report = (await vscode.commands.executeCommand('userErasure.verifyNow', jobId)) as StatusCheckReport;
    assert.deepEqual(report.targets.map((t) => t.kind), ['no-status-api']);
    await until(() => recording.notifications.length === 1, 'the report');
    assert.equal(
      recording.notifications[0].message,
      `No pending ID could be verified. No status API — ${target}: 2 IDs stay pending (queued at Cooladata (status API not configured)).`,
    );
    assert.equal(fakes.cooladata.requests().filter((r) => r.kind !== 'delete').length, 0, 'nothing was asked');
  });

  it('Export Job… writes CSV and JSON audit files, field by field, with no secret in them', async () => {
    const jobId = await runJob(['user-1', 'ghost-2'], ['host-batch', BATCH_GDPR], ['host-clevertap', CLEVERTAP]);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ue-host-export-'));
    try {
      const csvFile = path.join(dir, 'job.csv');
      const csvPrompts = prompter([step('pickOne', label('CSV')), step('pickOne', label('IDs as they are')), step('saveLocation', csvFile)]);
      const jobRow = api.services.jobsView.model.jobNode(jobId)!;
      await vscode.commands.executeCommand('userErasure.exportJob', jobRow, [jobRow]);
      await until(() => csvPrompts.notifications.length === 1, 'the export message');
      assert.deepEqual(csvPrompts.notifications[0].buttons, ['Open File']);
      assert.match(csvPrompts.notifications[0].message, /^Exported 4 rows \(1 job\) to .*job\.csv\. In the CSV, a cell that begins with =/);

      const csv = await readFile(csvFile, 'utf8');
      const [header, ...lines] = csv.trimEnd().split('\r\n');
      assert.equal(header, 'job_id,requested_at,last_status_at,vendor,account,mode,id,origin,outcome,outcome_label,http_status,vendor_message,vendor_reference,ticket');
      const rows = lines.map(parseCsvLine).map((cells) => Object.fromEntries(header.split(',').map((h, i) => [h, cells[i]])));
      const batch = job(jobId).targets.find((t) => t.spec.options.vendor === 'batch')!;
      assert.deepEqual(
        rows.map((r) => [r.job_id, r.vendor, r.account, r.mode, r.id, r.outcome, r.http_status]),
        [
          [jobId, 'Batch', DEMO_LABELS.batch, 'GDPR remove · android', 'user-1', 'accepted', '200'],
          [jobId, 'Batch', DEMO_LABELS.batch, 'GDPR remove · android', 'ghost-2', 'accepted', '200'],
          [jobId, 'CleverTap', DEMO_LABELS.clevertap, 'identity', 'user-1', 'accepted', '200'],
          [jobId, 'CleverTap', DEMO_LABELS.clevertap, 'identity', 'ghost-2', 'accepted', '200'],
        ],
      );
      assert.equal(rows[0].vendor_reference, batch.resultAt(0)?.reference, 'the GDPR request id, for the auditor');
      for (const row of rows) {
        assert.equal(row.requested_at, new Date(Date.parse(row.requested_at)).toISOString(), 'ISO time of the request');
        assert.ok(row.last_status_at !== '');
        assert.equal(row.outcome_label, ACCEPTED);
      }

      const jsonFile = path.join(dir, 'job.json');
      prompter([step('pickOne', label('JSON')), step('pickOne', label('SHA-256 of each ID')), step('saveLocation', jsonFile)]);
      await vscode.commands.executeCommand('userErasure.exportJob', jobId);
      const text = await readFile(jsonFile, 'utf8');
      const json = JSON.parse(text);
      assert.equal(json.format, 'user-erasure-audit');
      assert.equal(json.idsHashed, 'sha256-hex');
      assert.deepEqual(json.jobs.map((j: { jobId: string }) => j.jobId), [jobId]);
      const sha = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');
      assert.deepEqual(json.rows.map((r: { id: string }) => r.id), [sha('user-1'), sha('ghost-2'), sha('user-1'), sha('ghost-2')]);
      assert.ok(!text.includes('"user-1"') && !text.includes('ghost-2"'), 'no ID in clear');
      assert.equal(json.rows[0].reference, batch.resultAt(0)?.reference);

      for (const secret of SECRETS) {
        assert.ok(!csv.includes(secret) && !text.includes(secret), `a secret (${secret.length} chars) is in an export`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a read-only window says why, offers no change, and takes over (and polls) once the writer is gone', async () => {
    const { history, jobsView, poller } = api.services;
    const file = history.journal!.file;
    await history.close();
    const writer = await Journal.open(file, { followMs: 0 }); // another window holds the lock now
    try {
      assert.equal(writer.mode, 'writer');
      await history.open();
      assert.equal(history.mode, 'reader');
      assert.equal(jobsView.treeView.message, history.readOnlyReason());
      assert.match(jobsView.treeView.message ?? '', /open read-only here: another window \(process \d+/);
      assert.equal(jobsView.treeView.description, 'read-only');
      assert.equal(poller.isRunning, false, 'only the writer polls');
      const recording = prompter();
      await vscode.commands.executeCommand('userErasure.verifyNow');
      assert.equal(recording.notifications[0]?.level, 'warning');
      assert.match(recording.notifications[0]?.message ?? '', /open read-only here/);
    } finally {
      await writer.close();
    }
    await until(() => history.mode === 'writer', 'this window to take over', 15_000);
    assert.equal(poller.isRunning, true);
    assert.equal(jobsView.treeView.message, undefined);
    assert.equal(jobsView.treeView.description, undefined);
  });

  it('a shorter retention setting applies at once', async () => {
    const { store } = api.services;
    const longAgo = Date.now() - 10 * 86_400_000;
    const account = api.services.accounts.get('host-clevertap')!;
    const old = await store.add({
      id: 'job-old-retention',
      createdAt: longAgo,
      source: 'editor',
      title: 'old job',
      targets: [{ spec: { key: targetKeyOf(account.id, CLEVERTAP), accountId: account.id, accountLabel: account.label, options: CLEVERTAP }, ids: [{ id: 'old-1' }] }],
    });
    await store.record(old, old.targets[0], [0], { outcome: 'done', at: longAgo });
    await config().update('history.retentionDays', 5, vscode.ConfigurationTarget.Global);
    try {
      await until(() => store.get(old.id) === undefined, 'the old job to leave the history');
    } finally {
      await config().update('history.retentionDays', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

/** One CSV line (RFC 4180 quoting). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') cells.push(cell), (cell = '');
    else cell += c;
  }
  cells.push(cell);
  return cells;
}
