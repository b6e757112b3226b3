// UI test 1: select lines in sample-ids.txt, right-click → "Delete Selected Users", pick two vendors
// and an account with the keyboard, confirm in the modal dialog, and find the job with its results
// in the Erasure Jobs side bar.
import assert from 'node:assert/strict';
import {
  activeEditor,
  answerDialog,
  eventually,
  expandRow,
  openFile,
  pickByKeyboard,
  quickPickTitle,
  showUserErasureSideBar,
  tickByKeyboard,
  toast,
  treeRows,
  view,
} from './workbench.mjs';

const JOBS = 'Erasure Jobs';

async function expectQuickPick(page, pattern) {
  return eventually(async () => pattern.test((await quickPickTitle(page)) ?? ''), `a quick pick titled ${pattern}`);
}

export default {
  title: 'editor context menu: Delete Selected Users on selected lines → keyboard picks → confirm → the job in the side bar',
  async run({ page }) {
    await showUserErasureSideBar(page);
    // The demo accounts come from the sandbox seed, imported when the extension activated.
    await view(page, 'Accounts').getByRole('treeitem', { name: /Demo US/ }).waitFor({ timeout: 30_000 });

    const editor = await openFile(page, 'sample-ids.txt');
    await editor.locator('.view-line').first().click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown'); // user-1 … user-3

    const firstLine = await activeEditor(page).locator('.view-line').first().boundingBox();
    await page.mouse.click(firstLine.x + 15, firstLine.y + firstLine.height / 2, { button: 'right' });
    const menuItem = page.getByRole('menuitem', { name: 'Delete Selected Users', exact: true });
    await menuItem.waitFor();
    await menuItem.click();

    await expectQuickPick(page, /^Delete 3 IDs/);
    await tickByKeyboard(page, ['CleverTap', 'Batch']);
    await expectQuickPick(page, /CleverTap: which account\?/);
    await pickByKeyboard(page, 'Demo US', 'US');
    await expectQuickPick(page, /CleverTap · Demo US: what are the selected IDs\?/);
    await pickByKeyboard(page, 'identity');
    await expectQuickPick(page, /Batch · Demo company: how to delete\?/);
    await pickByKeyboard(page, 'GDPR remove', 'GDPR');
    await expectQuickPick(page, /Batch · Demo company: which apps/);
    await page.keyboard.press('Enter'); // every app is ticked already

    const dialog = await answerDialog(page, {
      message: /Delete 3 users at CleverTap \(Demo US\) and Batch \(Demo company: android, ios\)\? This cannot be undone\./,
      button: 'Delete 3 users',
    });
    assert.match(dialog, /First: user-1, user-2, user-3/);

    const summary = toast(page, /Erasure job .* finished/);
    await summary.waitFor({ timeout: 30_000 });
    const summaryText = await summary.innerText();
    if (!/finished: 9 accepted \(pending at the vendor\)/.test(summaryText)) {
      await expandRow(page, JOBS, /3 IDs → CleverTap, Batch/);
      await expandRow(page, JOBS, /CleverTap · Demo US · identity/);
      await expandRow(page, JOBS, /^(Failed|Unknown)/);
      await page.waitForTimeout(500);
      throw new Error(`unexpected summary: ${summaryText}\nrows: ${JSON.stringify(await treeRows(page, JOBS), null, 1)}`);
    }

    const jobRow = view(page, JOBS).getByRole('treeitem', { name: /3 IDs → CleverTap, Batch/ }).first();
    await jobRow.waitFor();
    await expandRow(page, JOBS, /3 IDs → CleverTap, Batch/);
    await expandRow(page, JOBS, /CleverTap · Demo US · identity/);
    await expandRow(page, JOBS, /Accepted \(pending at vendor\)/);
    const expected = [/3 IDs → CleverTap, Batch/, /CleverTap · Demo US · identity/, /Accepted \(pending at vendor\)/, /^user-1 HTTP 200/, /^user-2 HTTP 200/, /^user-3 HTTP 200/];
    const matches = (rows) => {
      const at = rows.findIndex((row) => expected[0].test(row));
      return at >= 0 && expected.every((pattern, i) => pattern.test(rows[at + i] ?? ''));
    };
    let rows = [];
    await eventually(async () => matches((rows = await treeRows(page, JOBS))), 'job → CleverTap target → Accepted → user-1, user-2, user-3').catch((error) => {
      throw new Error(`${error.message}; rows: ${JSON.stringify(rows)}`);
    });
    assert.ok(rows.some((row) => /Batch · Demo company · android · GDPR remove/.test(row)));
    assert.ok(rows.some((row) => /Batch · Demo company · ios · GDPR remove/.test(row)));
  },
};
