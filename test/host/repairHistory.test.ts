// A damaged history in a real VS Code: after one unreadable line the window reloads it read-only
// (nothing appended or compacted), and "Repair History…" (modal confirmation) keeps the original
// as journal.jsonl.damaged-<time>, writes the readable records, and this window writes again.
import * as assert from 'node:assert/strict';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { UserErasureApi } from '../../src/extension';
import { VsCodePrompter } from '../../src/platform/prompter';
import { ScriptedPrompter, step } from '../unit/helpers/scriptedPrompter';
import { extensionApi, until } from './helpers/deleteFlow';

describe('Repair History… in a real VS Code', () => {
  let api: UserErasureApi;

  before(async () => {
    api = await extensionApi();
    await until(() => api.services.history.mode === 'writer', 'this window writes the history');
  });

  after(async () => {
    api.services.prompter.use(new VsCodePrompter());
    if (api.services.history.damage) await api.services.history.repair();
  });

  it('a damaged history reloads read-only and untouched; the command repairs it after a confirmation', async () => {
    const { history } = api.services;
    const file = history.journal!.file;
    await history.journal!.flush();
    await appendFile(file, 'garbage {{{\n');
    const damaged = await readFile(file, 'utf8');
    const lineNo = damaged.trimEnd().split('\n').length;

    const report = await history.reopen();
    assert.equal(report?.damage?.kind, 'damaged');
    assert.deepEqual(history.damage?.lines, [lineNo]);
    assert.equal(history.canWrite, false);
    assert.match(history.readOnlyReason() ?? '', new RegExp(`damaged: line ${lineNo} cannot be read`));
    assert.equal(await readFile(file, 'utf8'), damaged, 'nothing appended or compacted');

    const prompter = new ScriptedPrompter([step('confirm', 'Repair History')]);
    api.services.prompter.use(prompter);
    await vscode.commands.executeCommand('userErasure.repairHistory');
    assert.equal(prompter.remaining, 0, 'the modal confirmation was asked');
    assert.match(prompter.asked[0].kind === 'confirm' ? prompter.asked[0].detail : '', new RegExp(`line ${lineNo} cannot be read and will be left out`));
    await until(() => history.mode === 'writer', 'the window writes the repaired history');
    assert.equal(history.damage, undefined);
    assert.match(prompter.matching(/^Erasure history repaired/)[0]?.message ?? '', /The original is kept as journal\.jsonl\.damaged-\d{8}T\d{6}Z/);

    const copies = (await readdir(path.dirname(file))).filter((name) => name.startsWith('journal.jsonl.damaged-'));
    assert.equal(copies.length, 1);
    assert.equal(await readFile(path.join(path.dirname(file), copies[0]), 'utf8'), damaged, 'the original, unchanged');
    assert.ok(!(await readFile(file, 'utf8')).includes('garbage'));
  });
});
