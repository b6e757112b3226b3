// The history loads after the views appear: in a real VS Code the Erasure Jobs view says
// "Loading history…" (never "No erasure jobs yet") until the journal is read, then shows its jobs;
// a Delete Selected Users started while it loads waits for the load, and its job is journaled.
// A window's start is simulated with services.history.reopen() (the same close / open that
// deactivate and activate do), over a history large enough for the load to take a while.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunHandle } from '../../src/core/engine';
import type { HistoryMode } from '../../src/history/historySession';
import type { UserErasureApi } from '../../src/extension';
import { jobSpec, idList, targetSpec } from '../unit/core/journalFixtures';
import { deleteButton, label, labels, noTicket, ScriptedPrompter, step } from '../unit/helpers/scriptedPrompter';
import { DEMO_LABELS, editorWithSelections, jobTree, outcomesByTarget, until, useDeleteFlowSuite } from './helpers/deleteFlow';
import type { FakeVendors } from '../fakes';

const LARGE_JOB_IDS = 200_000;

interface Seen {
  mode: HistoryMode;
  message: string | undefined;
}

describe('the history loads after the views appear', () => {
  let api: UserErasureApi;
  let fakes: FakeVendors;
  useDeleteFlowSuite((suite) => ({ api, fakes } = suite), { completionDelayMs: 3_600_000 });

  afterEach(async () => {
    await api.services.history.whenLoaded();
    await api.services.history.clearHistory(() => false);
  });

  it('shows "Loading history…" and then the jobs; a delete started meanwhile waits for the load and is journaled', async function () {
    this.timeout(120_000);
    const { history, store, jobsView } = api.services;
    assert.equal(history.mode, 'writer');
    const large = await store.add(jobSpec([{ spec: targetSpec({ vendor: 'clevertap', idType: 'identity' }, 'host-clevertap', DEMO_LABELS.clevertap), ids: idList(LARGE_JOB_IDS, 'stored-') }], Date.now()));

    await editorWithSelections('user-a\nuser-b\n', [[0, 0, 1, 6]]);
    let modeAtFirstQuestion: HistoryMode | undefined;
    const prompter = new ScriptedPrompter([
      step('pickMany', (q) => {
        modeAtFirstQuestion = history.mode;
        return labels('CleverTap')(q);
      }),
      step('pickOne', label('identity')),
      noTicket,
      step('confirm', (q) => deleteButton(q)),
      step('notify', undefined),
    ]);
    api.services.prompter.use(prompter);

    const seen: Seen[] = [];
    let started: Thenable<unknown> | undefined;
    const watching = history.onDidChangeMode((mode) => {
      seen.push({ mode, message: jobsView.treeView.message });
      if (mode === 'loading') started = vscode.commands.executeCommand('userErasure.deleteSelectedUsers');
    });
    try {
      await history.reopen();
    } finally {
      watching.dispose();
    }

    const loading = seen.find((s) => s.mode === 'loading');
    assert.ok(loading, `the history went through "loading": ${JSON.stringify(seen)}`);
    assert.equal(loading.message, 'Loading history…', 'the jobs view says it is loading (a message also hides the "No erasure jobs yet" welcome)');
    assert.equal(jobsView.treeView.message, undefined, 'the message is gone once loaded');
    assert.equal(history.mode, 'writer');
    assert.ok(jobsView.provider.getChildren().some((node) => node.job.id === large.id), 'the stored job is shown once loaded');

    assert.ok(started, 'Delete Selected Users was started while the history loaded');
    const handle = (await started) as RunHandle | undefined;
    assert.ok(handle?.done, `the delete started during the load ran (questions asked: ${prompter.asked.map((q) => q.kind).join(', ')})`);
    await handle.done;
    assert.equal(modeAtFirstQuestion, 'writer', 'the command waited for the load before its first question');
    assert.deepEqual(fakes.clevertap.requests().map((r) => r.json), [{ identity: ['user-a', 'user-b'] }]);
    assert.deepEqual(outcomesByTarget(jobTree(api, handle.job)), {
      [`CleverTap · ${DEMO_LABELS.clevertap} · identity`]: { 'Accepted (pending at vendor)': ['user-a', 'user-b'] },
    });

    // Journaled: a reload rebuilds both jobs from the file.
    await history.reopen();
    assert.deepEqual(
      store.list().map((job) => job.id).sort(),
      [large.id, handle.job.id].sort(),
      'the job started during the load is in the journal, next to the one loaded',
    );
    await until(() => prompter.remaining === 0, 'the summary notification');
  });
});
