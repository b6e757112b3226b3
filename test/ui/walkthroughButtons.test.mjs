// UI test: the walkthrough's buttons work the way a new engineer uses them — "Open Sample IDs"
// opens the IDs beside the walkthrough (which stays in view), a selection is made there, and the
// walkthrough's "Preview Deletion of Selected Users" button (which leaves no text editor active)
// takes those IDs, naming the file, instead of "No editor is active".
import assert from 'node:assert/strict';
import path from 'node:path';
import { eventually, quickPickTitle, runFromPalette, toast } from './workbench.mjs';

export default {
  title: "walkthrough: Open Sample IDs opens beside it; its Preview button takes the IDs selected there",
  async run({ page, resultsDir }) {
    await runFromPalette(page, 'User Erasure: Get Started');
    const editors = page.locator('.part.editor');
    await editors.getByText('Get Started with User Erasure').first().waitFor({ timeout: 20_000 });
    await editors.getByText('Select the user IDs', { exact: true }).first().click();
    await editors.getByRole('button', { name: 'Open Sample IDs' }).first().click();

    // Beside: two editor groups, the walkthrough still shown in one of them.
    await eventually(async () => (await page.locator('.part.editor .editor-group-container').count()) >= 2, 'the sample IDs beside the walkthrough');
    await editors.getByText('Preview the requests', { exact: true }).first().waitFor();
    const sampleGroup = page.locator('.part.editor .editor-group-container').filter({ has: page.locator('.tab', { hasText: 'Untitled' }) });
    await sampleGroup.locator('.monaco-editor .view-line').first().click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+ArrowDown'); // user-1, user-2

    await editors.getByText('Preview the requests', { exact: true }).first().click();
    await editors.getByRole('button', { name: 'Preview Deletion of Selected Users' }).first().click();
    await eventually(async () => /^Preview deleting 2 IDs \(text\) from Untitled-\d+$/.test((await quickPickTitle(page)) ?? ''), 'the vendor question for the 2 IDs of the sample file').catch(async (error) => {
      await page.screenshot({ path: path.join(resultsDir, 'walkthrough-preview.png') });
      throw error;
    });
    assert.equal(await toast(page, /No editor is active/).count(), 0);
    await page.keyboard.press('Escape');
  },
};
