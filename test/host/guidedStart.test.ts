// The first fifteen minutes, in a real VS Code against the fake vendors: the preview is open (and
// no modal over it) when the engineer is asked to go on; the ticket goes from the selection's first
// line to the job, its tree row and tooltip, the journal and the next deletion's ticket box; Find
// Job by Ticket or ID; Show Details of an ID named after it with its story; Verify Now asks which
// jobs and what it costs; the walkthrough is contributed and opens.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import type { RunHandle } from '../../src/core/engine';
import type { StatusCheckReport } from '../../src/core/statusChecks';
import type { FindJobOutcome } from '../../src/commands/findJob';
import type { UserErasureApi } from '../../src/extension';
import { READ_ONLY_SCHEME } from '../../src/views/documents/readOnlyDocuments';
import type { FakeVendors } from '../fakes';
import { deleteButton, label, labels, noTicket, ScriptedPrompter, seen, step, typed, type Step } from '../unit/helpers/scriptedPrompter';
import { editorWithSelections, jobTree, until, useDeleteFlowSuite } from './helpers/deleteFlow';

describe('a guided start: preview, tickets, find, details, verify, walkthrough', () => {
  let api: UserErasureApi;
  let fakes: FakeVendors;
  useDeleteFlowSuite((suite) => ({ api, fakes } = suite));

  async function deleteWith(text: string, script: Step[]): Promise<{ handle: RunHandle; prompter: ScriptedPrompter }> {
    const lines = text.split('\n');
    await editorWithSelections(text, [[0, 0, lines.length - 1, lines[lines.length - 1].length]]);
    const prompter = new ScriptedPrompter(script, { notifications: () => undefined });
    api.services.prompter.use(prompter);
    const handle = (await vscode.commands.executeCommand('userErasure.deleteSelectedUsers')) as RunHandle;
    assert.ok(handle?.done, `the run started; asked: ${prompter.asked.map((q) => q.kind).join(', ')}`);
    await handle.done;
    await until(() => !api.services.engine.isRunning(handle.job.id), 'the run to end');
    return { handle, prompter };
  }

  it('the ticket on the first line, the preview readable before confirming, the ticket on the job everywhere', async () => {
    let previewSeen: vscode.TextEditor | undefined;
    const { handle } = await deleteWith('ZD-4711\nuser-1\nuser-2\nuser-3', [
      step('pickOne', (q) => {
        assert.match(q.options.title, /starts with “ZD-4711”: a ticket reference or a user ID\?/);
        return label('ZD-4711 is the ticket')(q);
      }),
      step('pickMany', (q) => {
        assert.match(q.options.title, /^Delete 3 IDs/, 'the ticket is not among the IDs');
        return labels('CleverTap')(q);
      }),
      step('pickOne', label('identity')),
      step('confirm', (q) => {
        assert.deepEqual(q.buttons, ['Preview requests', 'Delete 3 users'], 'the first (default) button previews');
        assert.match(q.detail, /^Ticket: ZD-4711\n/);
        return 'Preview requests';
      }),
      step('pickOne', (q) => {
        // Asked while the preview is the active editor: it can be read; no modal is open (this question is not one).
        previewSeen = vscode.window.activeTextEditor;
        assert.match(q.options.title, /^Dry run open in the editor/);
        return label('Back to the confirmation')(q);
      }),
      step('confirm', deleteButton),
    ]);
    assert.equal(previewSeen?.document.uri.scheme, READ_ONLY_SCHEME);
    assert.match(previewSeen?.document.getText() ?? '', /DRY RUN: nothing has been sent[\s\S]*POST http:\/\/127\.0\.0\.1:\d+\/1\/delete\/profiles\.json/);
    assert.ok(vscode.window.visibleTextEditors.includes(previewSeen!), 'the preview was visible');
    assert.deepEqual(fakes.clevertap.requests().flatMap((r) => r.ids).sort(), ['user-1', 'user-2', 'user-3'], 'ZD-4711 was not sent');

    assert.equal(handle.job.spec.ticket, 'ZD-4711');
    const row = jobTree(api, handle.job);
    assert.match(row.description, /^ZD-4711 · .* · 3 users at 1 target: 3 accepted$/);
    const node = api.services.jobsView.model.jobNode(handle.job.id)!;
    const item = api.services.jobsView.provider.getTreeItem(node);
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? node.tooltip());
    assert.match(tooltip, /Ticket: ZD-4711/);
    const journal = api.services.history.journal!;
    await journal.flush();
    assert.match(await readFile(journal.file, 'utf8'), /"ticket":"ZD-4711"/);

    // The next deletion offers the last ticket of this window again.
    await deleteWith('user-9', [
      step('pickMany', labels('CleverTap')),
      step('pickOne', label('identity')),
      step('input', (q) => {
        assert.equal(q.options.value, 'ZD-4711', 'the last ticket is offered');
        return 'JIRA-123';
      }),
      step('confirm', deleteButton),
    ]);
  });

  it('Find Job by Ticket or ID: the ticket reveals its job; an ID opens its story, named after it', async () => {
    const { handle } = await deleteWith('user-21\nuser-22', [step('pickMany', labels('CleverTap')), step('pickOne', label('identity')), typed('ZD-5000'), step('confirm', deleteButton)]);
    api.services.prompter.use(
      new ScriptedPrompter([
        typed('5000'),
        step('pickOne', (q) => {
          assert.equal(q.items.length, 1);
          assert.match(q.items[0].label, /ZD-5000/);
          assert.match(q.items[0].detail ?? '', /2 users at 1 target/);
          return q.items[0].value;
        }),
      ]),
    );
    const byTicket = (await vscode.commands.executeCommand('userErasure.findJob')) as FindJobOutcome;
    assert.equal(byTicket.chosen?.job, handle.job);
    await until(() => api.services.jobsView.selection().length === 1 && api.services.jobsView.selection()[0].job === handle.job, 'the job revealed and selected in the tree');

    api.services.prompter.use(
      new ScriptedPrompter([
        typed('user-22'),
        step('pickOne', (q) => {
          assert.match(q.items[0].description ?? '', /^Accepted \(pending at vendor\) — CleverTap/);
          return q.items[0].value;
        }),
      ]),
    );
    const byId = (await vscode.commands.executeCommand('userErasure.findJob')) as FindJobOutcome;
    assert.equal(byId.chosen?.kind, 'id');
    const story = vscode.window.activeTextEditor?.document;
    assert.ok(story && story.uri.path.endsWith('/user-22.md'), story?.uri.path);
    assert.match(story.getText(), /^# user-22\n/);
    assert.match(story.getText(), /1\. \*\*Request sent\*\*[\s\S]*2\. \*\*Answer\*\*/);
  });

  it('Verify Now from the palette asks which jobs (the selected one ticked) and says the cost before any lookup', async () => {
    const first = await deleteWith('user-31', [step('pickMany', labels('CleverTap')), step('pickOne', label('identity')), noTicket, step('confirm', deleteButton)]);
    await deleteWith('user-32\nuser-33', [step('pickMany', labels('CleverTap')), step('pickOne', label('identity')), noTicket, step('confirm', deleteButton)]);
    await api.services.jobsView.reveal(first.handle.job.id);
    await until(() => api.services.jobsView.selection()[0]?.job === first.handle.job, 'the first job selected');
    const lookupsBefore = fakes.clevertap.requests().length;
    const cancelled = new ScriptedPrompter(
      [
        step('pickMany', (q) => {
          assert.match(q.options.title, /^Verify which jobs\?/);
          assert.equal(q.items[0].value, first.handle.job, 'the selected job first');
          assert.equal(q.items[0].picked, true, 'and ticked');
          return [q.items[0].value];
        }),
        step('confirm', (q) => {
          assert.match(q.message, /^Verify 1 pending deletion of 1 job\? This makes 1 lookup at CleverTap — API calls/);
          return undefined; // Cancel
        }),
      ],
      { notifications: () => undefined },
    );
    api.services.prompter.use(cancelled);
    assert.equal(await vscode.commands.executeCommand('userErasure.verifyNow'), undefined);
    assert.equal(cancelled.remaining, 0);
    assert.equal(fakes.clevertap.requests().length, lookupsBefore, 'no lookup before the confirmation');

    api.services.prompter.use(new ScriptedPrompter([step('pickMany', (q) => [q.items[0].value]), step('confirm', (q) => q.buttons[0])], { notifications: () => undefined }));
    const report = (await vscode.commands.executeCommand('userErasure.verifyNow')) as StatusCheckReport;
    assert.equal(report.pending, 1);
    assert.equal(fakes.clevertap.requests().length, lookupsBefore + 1, 'exactly the lookup announced');
  });

  it('the walkthrough is contributed and Get Started opens it', async () => {
    const extension = vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!;
    const walkthroughs = (extension.packageJSON as typeof manifest).contributes.walkthroughs;
    assert.equal(walkthroughs[0].id, 'userErasure.gettingStarted');
    assert.equal(api.services.context.globalState.get('userErasure.walkthroughShown'), undefined, 'not opened by itself in extension tests');
    await vscode.commands.executeCommand('userErasure.openWalkthrough');
    await until(() => /Welcome|Walkthrough|User Erasure/i.test(vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? ''), 'the walkthrough tab to be active');
  });

  it("the walkthrough's Preview button works: the IDs selected in the last text editor, named in the picker", async () => {
    fakes.reset();
    await editorWithSelections('user-7\nuser-8\nuser-9', [[0, 0, 1, 6]]);
    await vscode.commands.executeCommand('userErasure.openWalkthrough');
    // The walkthrough is the active editor now: no active *text* editor, as after a click on its button.
    await until(() => vscode.window.activeTextEditor === undefined, 'the walkthrough to take the focus');
    const prompter = new ScriptedPrompter([
      step('pickMany', (q) => {
        assert.match(q.options.title, /^Preview deleting 2 IDs \(text\) from Untitled-\d+$/);
        return labels('CleverTap')(q);
      }),
      step('pickOne', label('identity')),
    ]);
    api.services.prompter.use(prompter);
    const doc = (await vscode.commands.executeCommand('userErasure.previewSelectedUsers')) as vscode.TextDocument | undefined;
    assert.ok(doc, `a dry run; asked: ${prompter.asked.map((q) => q.kind).join(', ')}`);
    assert.match(doc.getText(), /"identity":\["user-7","user-8"\]/);
    assert.equal(fakes.requests().length, 0);
  });

  it('a closed tab is no source: with its tab closed, the last text editor is not read ("No editor is active")', async () => {
    fakes.reset();
    // The walkthrough active in one group, the file beside it: when the file's tab closes, the
    // walkthrough is active again and no other text editor was active in between.
    await vscode.commands.executeCommand('userErasure.openWalkthrough');
    await until(() => vscode.window.activeTextEditor === undefined, 'the walkthrough to take the focus');
    const extension = vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(extension.extensionUri, 'media', 'sample-ids.txt'));
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    editor.selections = [new vscode.Selection(0, 0, 2, 0)];
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString())!;
    assert.ok(await vscode.window.tabGroups.close(tab), 'the tab closed (the file is not dirty: no question)');
    await until(() => vscode.window.activeTextEditor === undefined, 'the walkthrough to be active again');
    const prompter = new ScriptedPrompter([], { notifications: () => undefined });
    api.services.prompter.use(prompter);
    await vscode.commands.executeCommand('userErasure.previewSelectedUsers');
    assert.equal(prompter.asked.length, 0, `nothing asked: ${prompter.asked.map((q) => `${q.kind} ${JSON.stringify(seen(q))}`).join(', ')}`);
    assert.equal(prompter.matching(/^No editor is active/).length, 1, JSON.stringify(prompter.notifications));
  });

  it('Open Sample IDs from the walkthrough opens beside it, so the walkthrough stays in view', async () => {
    await vscode.commands.executeCommand('userErasure.openWalkthrough');
    await until(() => vscode.window.tabGroups.activeTabGroup.activeTab !== undefined && vscode.window.activeTextEditor === undefined, 'the walkthrough tab');
    const walkthroughGroup = vscode.window.tabGroups.activeTabGroup.viewColumn;
    const doc = (await vscode.commands.executeCommand('userErasure.openSampleIds')) as vscode.TextDocument;
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    assert.ok(shown?.viewColumn !== undefined && shown.viewColumn !== walkthroughGroup, `sample IDs in column ${shown?.viewColumn}, walkthrough in ${walkthroughGroup}`);
    assert.ok(vscode.window.tabGroups.all.some((g) => g.viewColumn === walkthroughGroup && g.activeTab !== undefined), 'the walkthrough is still shown');
  });
});
