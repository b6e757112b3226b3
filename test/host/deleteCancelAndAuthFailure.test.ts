// The delete flow when it does not simply succeed, in a real VS Code: cancelling a run while the
// fake vendor holds its answers leaves "Cancelled (not sent)" rows for every ID never sent, and
// rejected credentials (HTTP 401) end as failed rows that say what to check, with an error summary.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunHandle } from '../../src/core/engine';
import type { UserErasureApi } from '../../src/extension';
import { DEFAULT_FAKE_ACCOUNTS, type FakeVendors } from '../fakes';
import { deleteButton, label, labels, noTicket, ScriptedPrompter, step } from '../unit/helpers/scriptedPrompter';
import { DEMO_LABELS, editorWithSelections, idRows, jobTree, outcomesByTarget, until, useDeleteFlowSuite } from './helpers/deleteFlow';

describe('Delete Selected Users: cancel and rejected credentials', () => {
  let api: UserErasureApi;
  let fakes: FakeVendors;
  useDeleteFlowSuite((suite) => ({ api, fakes } = suite), { completionDelayMs: 3_600_000 });

  it('Cancel Job mid-run: the requests in flight finish, every other ID is a "Cancelled (not sent)" row', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `user-${i + 1}`);
    await editorWithSelections(ids.join('\n'), [[0, 0, 11, ids[11].length]]);
    const prompter = new ScriptedPrompter([
      step('pickMany', labels('Batch')),
      step('pickOne', label('GDPR remove')),
      step('pickMany', () => ['android']),
      noTicket,
      step('confirm', deleteButton),
      step('input', (q) => {
        assert.match(q.options.title, /Type the number of users to delete \(12\)/, 'above the threshold the count is typed back');
        return '12';
      }),
      step('notify', undefined),
    ]);
    api.services.prompter.use(prompter);
    fakes.batch.pause(); // the fake receives and records requests but holds every answer
    const handle = (await vscode.commands.executeCommand('userErasure.deleteSelectedUsers')) as RunHandle;
    assert.ok(handle?.done, 'the run started');
    const inFlight = api.services.settings().batchGdprConcurrency;
    await fakes.batch.waitForRequests(inFlight);

    api.services.jobsView.flush();
    const running = jobTree(api, handle.job);
    assert.match(running.contextValue, /^erasure:job:running/, 'the job row shows it is running (Cancel Job is offered)');

    await vscode.commands.executeCommand('userErasure.cancelJob', handle.job.id);
    fakes.batch.resume();
    await handle.done;
    await until(() => prompter.remaining === 0, 'the summary');

    const sent = fakes.batch.requests().filter((r) => r.kind === 'delete');
    assert.equal(sent.length, inFlight, 'nothing was sent after Cancel');
    const sentIds = sent.map((r) => (r.json as { id: { value: string } }).id.value);
    const target = `Batch · ${DEMO_LABELS.batch} · android · GDPR remove`;
    assert.deepEqual(outcomesByTarget(jobTree(api, handle.job)), {
      [target]: {
        'Accepted (pending at vendor)': ids.filter((id) => sentIds.includes(id)),
        'Cancelled (not sent)': ids.filter((id) => !sentIds.includes(id)),
      },
    });
    const cancelledRows = idRows(jobTree(api, handle.job)).filter((row) => row.contextValue.startsWith('erasure:id:cancelled'));
    assert.equal(cancelledRows.length, ids.length - inFlight);
    assert.ok(cancelledRows.every((row) => row.contextValue === 'erasure:id:cancelled:retryable'), 'cancelled IDs can be sent again');

    const summary = prompter.asked.at(-1)!;
    assert.ok(summary.kind === 'notify');
    assert.match(summary.message, new RegExp(`${inFlight} accepted \\(pending at the vendor\\), ${ids.length - inFlight} cancelled \\(not sent\\)`));
    assert.deepEqual(summary.buttons, ['Show Job', 'Retry Failed']);
  });

  it('HTTP 401: the IDs end as failed rows that say to check the credentials and region; the summary is an error', async () => {
    const wrongPasscode = 'WRONG-PASSCODE-4711';
    const wrong = await api.services.accounts.add(
      { id: 'host-clevertap-wrong', label: 'Wrong passcode', vendor: 'clevertap', region: 'eu1', accountId: DEFAULT_FAKE_ACCOUNTS.clevertap.accountId },
      { passcode: wrongPasscode },
    );
    try {
      await editorWithSelections('user-7\nuser-8\n', [[0, 0, 1, 6]]);
      const prompter = new ScriptedPrompter([
        step('pickMany', labels('CleverTap')),
        step('pickOne', (q) => {
          assert.deepEqual(q.items.map((i) => i.label).sort(), [DEMO_LABELS.clevertap, 'Wrong passcode'].sort(), 'both CleverTap accounts are offered');
          return label('Wrong passcode')(q);
        }),
        step('pickOne', label('identity')),
        noTicket,
        step('confirm', deleteButton),
        step('notify', undefined),
      ]);
      api.services.prompter.use(prompter);
      const handle = (await vscode.commands.executeCommand('userErasure.deleteSelectedUsers')) as RunHandle;
      await handle.done;
      await until(() => prompter.remaining === 0, 'the summary');

      const [request, ...more] = fakes.clevertap.requests();
      assert.equal(more.length, 0, 'a 401 is not retried');
      assert.equal(request.status, 401);

      const tree = jobTree(api, handle.job);
      assert.deepEqual(outcomesByTarget(tree), { 'CleverTap · Wrong passcode · identity': { Failed: ['user-7', 'user-8'] } });
      for (const row of idRows(tree)) {
        assert.match(row.description, /^HTTP 401 · CleverTap rejected the credentials: check the Account ID, passcode and the region/);
        assert.equal(row.contextValue, 'erasure:id:failed:retryable');
      }
      assert.match(tree.contextValue, /^erasure:job:failed:retryable/);

      const summary = prompter.asked.at(-1)!;
      assert.ok(summary.kind === 'notify');
      assert.equal(summary.level, 'error');
      assert.match(summary.message, /finished — 2 users at 1 target: 2 failed/);
      assert.match(
        summary.message,
        /finished — 2 users at 1 target: 2 failed\. CleverTap: 2 failed — HTTP 401: CleverTap rejected the credentials: check the Account ID, passcode and the region \(Europe \(eu1\)\)/,
        'the summary says why',
      );
      const shown = JSON.stringify([tree, prompter.asked]);
      assert.ok(!shown.includes(wrongPasscode), 'the passcode shows nowhere');
    } finally {
      await api.services.accounts.remove(wrong.id);
    }
  });
});
