// UI test: the auditor's question in one step — "User Erasure: Find Job by Ticket or ID…" with
// ZD-4711 lists the job of the first UI test and reveals it in the Erasure Jobs view; then the
// walkthrough ("User Erasure: Get Started") is there with its steps (screenshot for the docs).
import assert from 'node:assert/strict';
import path from 'node:path';
import { eventually, pickByKeyboard, quickPickTitle, runFromPalette, showUserErasureSideBar, view } from './workbench.mjs';

export default {
  title: 'Find Job by Ticket or ID… finds the ZD-4711 job and reveals it; Get Started opens the walkthrough',
  async run({ page, resultsDir }) {
    await showUserErasureSideBar(page);
    await runFromPalette(page, 'User Erasure: Find Job by Ticket or ID…');
    await eventually(async () => /^Find Job by Ticket or ID/.test((await quickPickTitle(page)) ?? ''), 'the ticket-or-ID box');
    await page.keyboard.type('4711');
    await page.keyboard.press('Enter');
    await eventually(async () => /^“4711”: 1 match/.test((await quickPickTitle(page)) ?? ''), 'the matches');
    const rows = await page.locator('.quick-input-widget .monaco-list-row').evaluateAll((all) => all.map((r) => r.getAttribute('aria-label') ?? r.innerText));
    assert.ok(rows.some((r) => /ZD-4711/.test(r) && /3 users · 9 deletions at 3 targets/.test(r)), JSON.stringify(rows));
    await pickByKeyboard(page, 'ZD-4711', '');
    const selected = view(page, 'Erasure Jobs').locator('.monaco-list-row.selected');
    await eventually(async () => /ZD-4711/.test((await selected.first().getAttribute('aria-label').catch(() => '')) ?? ''), 'the job revealed and selected in the tree');

    await runFromPalette(page, 'User Erasure: Get Started');
    const walkthrough = page.locator('.part.editor');
    await walkthrough.getByText('Get Started with User Erasure').first().waitFor({ timeout: 20_000 });
    for (const step of ['Add an account and test it', 'Select the user IDs', 'Preview the requests', 'Delete, with a ticket', 'Watch the statuses', 'Export the evidence']) {
      await walkthrough.getByText(step, { exact: true }).first().waitFor();
    }
    // The step's picture: loaded before the screenshot.
    await eventually(() => walkthrough.locator('img[alt^="The Accounts view"]').first().evaluate((img) => img.complete && img.naturalWidth > 0), 'the step picture');
    await page.mouse.move(0, 0);
    await page.locator('.part.editor').screenshot({ path: path.join(resultsDir, 'walkthrough.png') });
  },
};
