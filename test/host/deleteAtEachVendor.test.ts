// "Delete Selected Users" in a real VS Code, once per vendor: a real editor with several
// selections (a block of lines, a bare cursor on an ID inside a sentence, a word on a line whose
// other ID is not selected) → the scripted questions → the exact requests the fake vendor received
// → the rows of the Erasure Jobs tree, read through its TreeDataProvider.
import * as assert from 'node:assert/strict';
import type { RunHandle } from '../../src/core/engine';
import type { UserErasureApi } from '../../src/extension';
import { DEFAULT_FAKE_ACCOUNTS, type FakeVendors, type RecordedRequest } from '../fakes';
import { deleteButton, label, labels, noTicket, ScriptedPrompter, step, type Step } from '../unit/helpers/scriptedPrompter';
import * as vscode from 'vscode';
import { DEMO_LABELS, editorWithSelections, idRows, jobTree, outcomesByTarget, until, useDeleteFlowSuite } from './helpers/deleteFlow';

const ACCEPTED = 'Accepted (pending at vendor)';
const SELECTED = ['user-1', 'user-2', 'user-3', 'user-4'];
const TEXT = ['user-1', 'user-2', 'Ticket 4711 also names user-3 here', 'and user-4, user-5 on this line', ''].join('\n');

/** Lines 0–1 selected, a bare cursor inside "user-3", and "user-4" selected (user-5 is not). */
async function multiCursorEditor(): Promise<vscode.TextEditor> {
  const lines = TEXT.split('\n');
  const cursor = lines[2].indexOf('user-3') + 2;
  const word = lines[3].indexOf('user-4');
  return editorWithSelections(TEXT, [
    [0, 0, 1, 6],
    [2, cursor, 2, cursor],
    [3, word, 3, word + 'user-4'.length],
  ]);
}

/** method, path and body of each request, in a stable order (EngageLab's calls run in parallel). */
function wire(requests: RecordedRequest[]): { method: string; path: string; body: unknown }[] {
  return requests
    .map((r) => ({ method: r.method, path: r.path, body: r.json ?? (r.bodyText === '' ? undefined : r.bodyText) }))
    .sort((a, b) => `${a.method} ${a.path} ${JSON.stringify(a.body)}`.localeCompare(`${b.method} ${b.path} ${JSON.stringify(b.body)}`));
}

describe('Delete Selected Users at each vendor, in a real editor', () => {
  let api: UserErasureApi;
  let fakes: FakeVendors;
  // Accepted deletions stay pending at the fakes, so the rows do not race the status checks.
  useDeleteFlowSuite((suite) => ({ api, fakes } = suite), { completionDelayMs: 3_600_000 });

  /** Runs the command on the multi-cursor editor with these answers; resolves once the summary was shown. */
  async function deleteWith(steps: Step[]): Promise<{ handle: RunHandle; prompter: ScriptedPrompter }> {
    await multiCursorEditor();
    const prompter = new ScriptedPrompter([...steps, step('notify', undefined)]);
    api.services.prompter.use(prompter);
    const handle = (await vscode.commands.executeCommand('userErasure.deleteSelectedUsers')) as RunHandle;
    assert.ok(handle?.done, `the command started a run (questions asked: ${prompter.asked.map((q) => q.kind).join(', ')})`);
    await handle.done;
    await until(() => prompter.remaining === 0, 'the summary notification');
    const vendorPick = prompter.asked[0];
    assert.ok(vendorPick.kind === 'pickMany', 'the vendor is asked first');
    assert.match(vendorPick.options.title, /^Delete 4 IDs/, 'the vendor pick names the number of IDs read from the selections');
    return { handle, prompter };
  }

  function summaryOf(prompter: ScriptedPrompter): { level: string; message: string } {
    const last = prompter.asked.at(-1);
    assert.ok(last?.kind === 'notify', 'the run ends with a notification');
    return { level: last.level, message: last.message };
  }

  it('Cooladata: one POST with the reason and the four IDs; four accepted rows', async () => {
    const { handle, prompter } = await deleteWith([
      step('pickMany', labels('Cooladata')),
      step('input', (q) => {
        assert.equal(q.options.value, 'GDPR erasure request', 'the reason is prefilled from the settings');
        return 'Host test erasure (ticket 4711)';
      }),
      noTicket,
      step('confirm', (q) => {
        assert.match(q.message, new RegExp(`^Delete 4 users at Cooladata \\(${DEMO_LABELS.cooladata}\\)\\?`));
        assert.match(q.detail, /First: user-1, user-2, user-3, user-4/);
        assert.ok(!q.detail.includes(DEFAULT_FAKE_ACCOUNTS.cooladata.token), 'no token in the confirmation');
        return deleteButton(q);
      }),
    ]);

    const deletes = fakes.cooladata.requests();
    assert.deepEqual(wire(deletes), [
      {
        method: 'POST',
        path: `/api/v2/projects/${DEFAULT_FAKE_ACCOUNTS.cooladata.projectId}/users/delete`,
        body: { reason: 'Host test erasure (ticket 4711)', userIds: SELECTED },
      },
    ]);
    assert.equal(deletes[0].headers.authorization, `Token ${DEFAULT_FAKE_ACCOUNTS.cooladata.token}`);
    assert.equal(deletes[0].status, 200);

    const tree = jobTree(api, handle.job);
    assert.deepEqual(outcomesByTarget(tree), { [`Cooladata · ${DEMO_LABELS.cooladata}`]: { [ACCEPTED]: SELECTED } });
    assert.match(tree.description, /4 accepted/);
    assert.match(tree.contextValue, /^erasure:job:pending/);
    assert.ok(idRows(tree).every((row) => row.contextValue === 'erasure:id:accepted:pending'));
    assert.match(summaryOf(prompter).message, /finished — 4 users at 1 target: 4 accepted/);
  });

  it('EngageLab (aliases): each alias looked up, then one DELETE per registration ID; rows name the alias', async () => {
    const { handle } = await deleteWith([
      step('pickMany', labels('EngageLab')),
      step('pickOne', label('alias')),
      noTicket,
      step('confirm', (q) => {
        assert.match(q.message, new RegExp(`^Delete 4 users at EngageLab \\(${DEMO_LABELS.engagelab}\\)\\?`));
        assert.ok(!q.detail.includes(DEFAULT_FAKE_ACCOUNTS.engagelab.masterSecret));
        return deleteButton(q);
      }),
    ]);

    const requests = fakes.engagelab.requests();
    assert.deepEqual(wire(requests), [
      ...SELECTED.map((id) => ({ method: 'DELETE', path: `/v4/devices/rid-${id}`, body: undefined })),
      ...SELECTED.map((id) => ({ method: 'GET', path: `/v4/aliases/${id}`, body: undefined })),
    ]);
    const { appKey, masterSecret } = DEFAULT_FAKE_ACCOUNTS.engagelab;
    const basic = `Basic ${Buffer.from(`${appKey}:${masterSecret}`).toString('base64')}`;
    assert.ok(requests.every((r) => r.headers.authorization === basic && r.status === 200));
    const lookups = requests.filter((r) => r.kind === 'lookup');
    const firstDelete = Math.min(...requests.filter((r) => r.kind === 'delete').map((r) => r.seq));
    assert.ok(lookups.every((r) => r.seq < firstDelete), 'every alias is resolved before anything is deleted');

    const tree = jobTree(api, handle.job);
    const registrationIds = SELECTED.map((id) => `rid-${id}`);
    assert.deepEqual(outcomesByTarget(tree), { [`EngageLab · ${DEMO_LABELS.engagelab} · alias`]: { [ACCEPTED]: registrationIds } });
    assert.deepEqual(
      idRows(tree).map((row) => row.description.split(' · ')[0]),
      SELECTED.map((id) => `alias ${id}`),
    );
  });

  it('CleverTap: one POST with the identities and the account headers; four accepted rows', async () => {
    const { handle } = await deleteWith([
      step('pickMany', labels('CleverTap')),
      step('pickOne', label('identity')),
      noTicket,
      step('confirm', (q) => {
        assert.match(q.message, new RegExp(`^Delete 4 users at CleverTap \\(${DEMO_LABELS.clevertap}\\)\\?`));
        return deleteButton(q);
      }),
    ]);

    const requests = fakes.clevertap.requests();
    assert.deepEqual(wire(requests), [{ method: 'POST', path: '/1/delete/profiles.json', body: { identity: SELECTED } }]);
    const { headers } = requests[0];
    assert.equal(headers['x-clevertap-account-id'], DEFAULT_FAKE_ACCOUNTS.clevertap.accountId);
    assert.equal(headers['x-clevertap-passcode'], DEFAULT_FAKE_ACCOUNTS.clevertap.passcode);
    assert.match(headers['content-type'], /^application\/json; charset=utf-8$/i);

    assert.deepEqual(outcomesByTarget(jobTree(api, handle.job)), {
      [`CleverTap · ${DEMO_LABELS.clevertap} · identity`]: { [ACCEPTED]: SELECTED },
    });
  });

  it('Batch (GDPR remove and Custom Data, one app): a GDPR request per user and one bulk delete; a target per mode', async () => {
    const { handle } = await deleteWith([
      step('pickMany', labels('Batch')),
      step('pickOne', label('Both')),
      step('pickMany', (q) => {
        assert.deepEqual(
          q.items.map((i) => [i.label, i.picked]),
          [['android', true], ['ios', true]],
          'every app key is offered, ticked',
        );
        return ['android'];
      }),
      noTicket,
      step('confirm', (q) => {
        assert.match(q.message, new RegExp(`^Delete 4 users at Batch \\(${DEMO_LABELS.batch}: android\\)\\?`));
        return deleteButton(q);
      }),
    ]);

    const android = DEFAULT_FAKE_ACCOUNTS.batch.apps.find((a) => a.label === 'android')!.apiKey;
    const requests = fakes.batch.requests().filter((r) => r.kind === 'delete');
    assert.deepEqual(wire(requests), [
      { method: 'DELETE', path: `/1.0/${android}/data/users`, body: SELECTED },
      ...SELECTED.map((id) => ({
        method: 'POST',
        path: `/1.0/${android}/gdpr/request`,
        body: { request_type: 'remove', id: { type: 'custom_id', value: id } },
      })),
    ]);
    assert.ok(requests.every((r) => r.headers['x-authorization'] === DEFAULT_FAKE_ACCOUNTS.batch.restKey && r.status === 200));

    const tree = jobTree(api, handle.job);
    assert.deepEqual(outcomesByTarget(tree), {
      [`Batch · ${DEMO_LABELS.batch} · android · GDPR remove`]: { [ACCEPTED]: SELECTED },
      [`Batch · ${DEMO_LABELS.batch} · android · Custom Data delete`]: { [ACCEPTED]: SELECTED },
    });
    assert.ok(idRows(tree).every((row) => /\bref \S+/.test(row.description)), 'each row shows the vendor reference (request ID or token)');
    assert.ok(!JSON.stringify(tree).includes(android), 'the app API key never shows in the tree');
  });
});
