// UI test 2: the command palette's "Delete Selected Users" with nothing to read says so plainly —
// with no text editor open, and with the cursor on an empty line — and asks nothing further.
import assert from 'node:assert/strict';
import { activeEditor, eventually, openFile, runFromPalette, toast } from './workbench.mjs';

const COMMAND = 'User Erasure: Delete Selected Users';

export default {
  title: 'command palette: Delete Selected Users with nothing selected shows a clear message',
  async run({ page }) {
    await runFromPalette(page, 'View: Close All Editors');
    await runFromPalette(page, COMMAND);
    await toast(page, /No editor is active: open the file with the user IDs and select them/).waitFor({ timeout: 15_000 });

    await openFile(page, 'sample-ids.txt');
    await activeEditor(page).locator('.view-line').first().click();
    await page.keyboard.press('Control+End'); // the empty last line: no selection, no token under the cursor
    await runFromPalette(page, COMMAND);
    await toast(page, /Nothing is selected: select the user IDs, or put the cursor on one ID\./).waitFor({ timeout: 15_000 });
    // No vendor question follows: the palette closes and no picker opens after the message.
    const picker = page.locator('.quick-input-widget');
    await eventually(async () => !(await picker.isVisible()), 'the command palette to close', { ms: 5_000 });
    await page.waitForTimeout(1_000);
    assert.equal(await picker.isVisible(), false, 'no picker opens after the message');
  },
};
