// The contributed views exist in the real workbench: the "User Erasure" container with its
// Accounts and Erasure Jobs views, which open and get their tree from the extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import { extensionApi } from './helpers/deleteFlow';

const containers = manifest.contributes.viewsContainers.activitybar.map((c) => c.id);
const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);

describe('views in a real VS Code', () => {
  it('the workbench knows the view container and every contributed view (each has its focus command)', async () => {
    await extensionApi();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = [
      ...containers.map((id) => `workbench.view.extension.${id}`),
      ...views.map((id) => `${id}.focus`),
    ].filter((command) => !registered.has(command));
    assert.deepEqual(missing, []);
  });

  it('focusing Erasure Jobs shows the tree view the extension created', async () => {
    const api = await extensionApi();
    const { treeView } = api.services.jobsView;
    const shown = new Promise<void>((resolve) => {
      if (treeView.visible) resolve();
      const subscription = treeView.onDidChangeVisibility((e) => {
        if (e.visible) {
          subscription.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('userErasure.jobs.focus');
    await Promise.race([shown, new Promise((_, reject) => setTimeout(() => reject(new Error('the Erasure Jobs view did not become visible')), 10_000))]);
    assert.equal(treeView.visible, true);
  });

  it('the Accounts view opens', async () => {
    await extensionApi();
    await vscode.commands.executeCommand('userErasure.accounts.focus');
  });
});
