// UI test 3: a screenshot of the User Erasure side bar after a run, under test-results/ui/ (the
// README's docs/screenshot-sidebar.png is a copy: `node scripts/ui-tests.mjs --update-docs-screenshot`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { expandEvery, expandRow, showUserErasureSideBar, treeRows, widenSideBar } from './workbench.mjs';

const JOBS = 'Erasure Jobs';

export default {
  title: 'a screenshot of the side bar after a run is written to test-results/ui/sidebar.png',
  async run({ page, resultsDir }) {
    await showUserErasureSideBar(page);
    const job = /3 IDs → CleverTap, Batch ZD-4711/;
    assert.ok((await treeRows(page, JOBS)).some((row) => job.test(row)), 'the job of the first UI test is listed');
    await widenSideBar(page, 240);
    await expandRow(page, JOBS, job);
    await expandRow(page, JOBS, /Batch · Demo company · android · GDPR remove/);
    await expandEvery(page, JOBS, /^Accepted \(pending at vendor\)/);
    await page.mouse.move(0, 0); // no hover highlight in the picture
    const file = path.join(resultsDir, 'sidebar.png');
    fs.rmSync(file, { force: true });
    await page.locator('.part.sidebar').screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 5_000, 'the screenshot has content');
  },
};
