// The real prompter's multi-choice quick pick in a real VS Code, moved and answered through the
// workbench's own quick-input commands (what ↓, Enter and Escape run).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { VsCodePrompter, type PickItem } from '../../src/platform/prompter';

const ITEMS: PickItem<string>[] = [
  { label: 'Cooladata', value: 'cooladata' },
  { label: 'EngageLab', value: 'engagelab' },
  { label: 'CleverTap', value: 'clevertap' },
  { label: 'Batch', value: 'batch' },
];

describe('multi-choice quick pick (VsCodePrompter.pickMany)', () => {
  const options = { title: 'Delete 4 IDs: which vendors?', placeholder: 'Tick one or more vendors' };
  let opened: vscode.QuickPick<vscode.QuickPickItem>[];
  let prompter: VsCodePrompter;

  beforeEach(() => {
    opened = [];
    prompter = new VsCodePrompter({
      createQuickPick: <T extends vscode.QuickPickItem>() => {
        const quickPick = vscode.window.createQuickPick<T>();
        opened.push(quickPick as unknown as vscode.QuickPick<vscode.QuickPickItem>);
        return quickPick;
      },
    });
  });

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));

  /** Presses ↓ (the workbench's "select next") until `label` is the highlighted row. */
  async function highlight(label: string): Promise<vscode.QuickPick<vscode.QuickPickItem>> {
    assert.equal(opened.length, 1, 'one quick pick was made');
    const [quickPick] = opened;
    for (let presses = 0; quickPick.activeItems[0]?.label !== label; presses++) {
      if (presses > 20) throw new Error(`"${label}" never got highlighted (at ${quickPick.activeItems[0]?.label})`);
      const moved = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500); // the quick pick may not be on screen yet
        const listener = quickPick.onDidChangeActive(() => {
          clearTimeout(timer);
          listener.dispose();
          resolve();
        });
      });
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await moved;
    }
    return quickPick;
  }

  it('Enter with nothing ticked takes the highlighted item, not an empty choice', async () => {
    const answer = prompter.pickMany(ITEMS, options);
    const quickPick = await highlight('EngageLab');
    assert.equal(quickPick.selectedItems.length, 0, 'highlighting ticks nothing');
    assert.equal(quickPick.title, options.title);
    assert.equal(quickPick.placeholder, options.placeholder);
    assert.equal(quickPick.ignoreFocusOut, true);
    assert.equal(quickPick.canSelectMany, true);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.deepEqual(await answer, ['engagelab']);
  });

  it('Enter with items ticked takes exactly the ticked ones, in item order, whatever is highlighted', async () => {
    const ticked = ITEMS.map((item) => ({ ...item, picked: item.value === 'batch' || item.value === 'engagelab' }));
    const answer = prompter.pickMany(ticked, options);
    const quickPick = opened[0];
    assert.deepEqual(quickPick.selectedItems.map((i) => i.label), ['EngageLab', 'Batch'], 'the items marked picked come ticked');
    await highlight('Cooladata');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.deepEqual(await answer, ['engagelab', 'batch']);
  });

  it('Escape answers undefined (cancel)', async () => {
    const answer = prompter.pickMany(ITEMS, options);
    await highlight('Cooladata');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await answer, undefined);
  });
});
