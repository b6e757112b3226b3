// Playwright helpers for driving the browser VS Code (code-server) the way an engineer does: the
// keyboard for pickers, the mouse for menus and dialogs. Selectors are VS Code's own DOM classes
// and ARIA roles (as of VS Code 1.139).

/** Waits up to `ms` for `check` to return a truthy value, polling; throws `what` on timeout. */
export async function eventually(check, what, { ms = 15_000, every = 250 } = {}) {
  const deadline = Date.now() + ms;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${lastError ? ` (${lastError.message.split('\n')[0]})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Opens the workbench and waits until the extension's view container is in the activity bar. */
export async function openWorkbench(page, url) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await activityBarItem(page, 'User Erasure').waitFor({ timeout: 60_000 });
  await closeSecondarySideBar(page);
}

export function activityBarItem(page, name) {
  // The label grows a badge text ("User Erasure - 9 …") once deletions are pending.
  return page.locator(`.activitybar .action-item .action-label[aria-label^="${name}"]`).first();
}

/** The secondary side bar (chat) only takes room here. */
export async function closeSecondarySideBar(page) {
  const bar = page.locator('.part.auxiliarybar');
  if (await bar.isVisible().catch(() => false)) {
    await page.keyboard.press('Control+Alt+B');
    await eventually(async () => !(await bar.isVisible()), 'the secondary side bar to close', { ms: 5_000 });
  }
}

/** Shows the User Erasure side bar (Accounts and Erasure Jobs views). */
export async function showUserErasureSideBar(page) {
  const title = page.locator('.part.sidebar .composite.title');
  if (!(await title.innerText().catch(() => '')).includes('User Erasure')) await activityBarItem(page, 'User Erasure').click();
  await page.locator('.part.sidebar').getByText('Erasure Jobs', { exact: true }).waitFor();
}

/** A view (pane) of the side bar by its title, e.g. "Erasure Jobs". */
export function view(page, title) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
}

/** Quick Open (Ctrl+P) → the file → Enter; resolves to the editor. */
export async function openFile(page, name) {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await eventually(async () => (await activeQuickPickLabel(page))?.startsWith(name), `"${name}" in Quick Open`);
  await page.keyboard.press('Enter');
  await page.locator('.part.editor .tab.active', { hasText: name }).waitFor();
  const editor = activeEditor(page);
  await editor.locator('.view-lines').waitFor();
  return editor;
}

export function activeEditor(page) {
  return page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
}

async function focusWorkbench(page) {
  // Keyboard shortcuts need the focus in the workbench itself — not on the page body, nor inside a
  // webview (the README preview) whose frame keeps the keys: click a harmless spot (the side bar's title).
  const elsewhere = await page.evaluate(() => !document.activeElement || document.activeElement === document.body || document.activeElement.tagName === 'IFRAME');
  if (elsewhere) await page.locator('.part.sidebar .composite.title').click({ position: { x: 5, y: 5 }, timeout: 5_000 });
}

/** The label of the highlighted row of the open quick pick. */
export async function activeQuickPickLabel(page) {
  // Read without waiting: the list re-renders while the filter changes.
  return page.locator('.quick-input-widget .monaco-list-row').evaluateAll((rows) => {
    const row = rows.find((r) => r.classList.contains('focused')) ?? rows.find((r) => r.getAttribute('aria-selected') === 'true');
    const label = row?.querySelector('.label-name') ?? row?.querySelector('.monaco-highlighted-label');
    return label?.textContent?.trim();
  });
}

/** The open quick pick's title (or placeholder when it has no title). */
export async function quickPickTitle(page) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible' });
  const title = (await widget.locator('.quick-input-title').innerText().catch(() => '')).trim();
  return title || (await widget.locator('input').getAttribute('placeholder'));
}

/** Single-choice quick pick: types to filter, checks the highlighted row is `label`, Enter. */
export async function pickByKeyboard(page, label, filter = label) {
  await quickPickTitle(page);
  await page.keyboard.type(filter);
  await eventually(async () => (await activeQuickPickLabel(page)) === label, `"${label}" highlighted in the quick pick`);
  await page.keyboard.press('Enter');
}

/**
 * Multi-choice quick pick: ↓ moves into the list, ↓ again until the row is focused, Space ticks
 * it (checked in the DOM); Enter accepts once every label is ticked.
 */
export async function tickByKeyboard(page, labels) {
  await quickPickTitle(page);
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  const focused = async () => (await rows.evaluateAll((all) => all.find((r) => r.classList.contains('focused'))?.getAttribute('aria-label'))) ?? '';
  const checkedOf = (label) => rows.evaluateAll((all, wanted) => all.find((r) => (r.getAttribute('aria-label') ?? '').startsWith(wanted))?.getAttribute('aria-checked'), label);
  for (const label of labels) {
    let presses = 0;
    while (!(await focused()).startsWith(label)) {
      if (++presses > 20) throw new Error(`cannot reach "${label}" with ↓ in the quick pick`);
      await page.keyboard.press('ArrowDown');
    }
    if ((await checkedOf(label)) !== 'true') await page.keyboard.press('Space');
    await eventually(async () => (await checkedOf(label)) === 'true', `"${label}" ticked`, { ms: 3_000 });
  }
  await page.keyboard.press('Enter');
}

/** Command palette (F1): types the title until the command is listed, then runs it. */
export async function runFromPalette(page, title) {
  const input = page.locator('.quick-input-widget input');
  // A picker still closing (e.g. the previous palette) would swallow what is typed next.
  await input.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => page.keyboard.press('Escape'));
  await eventually(
    async () => {
      await focusWorkbench(page);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 3_000 });
      await input.fill(`>${title}`, { timeout: 3_000 });
      await page.waitForTimeout(300);
      const label = await activeQuickPickLabel(page);
      if (label?.endsWith(title)) return true;
      // Contributed commands appear a few seconds after the workbench shows: close and try again.
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: 3_000 });
      return false;
    },
    `"${title}" in the command palette`,
    { ms: 30_000, every: 1_000 },
  );
  await page.keyboard.press('Enter');
}

/** A notification toast whose text matches. */
export function toast(page, pattern) {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: pattern });
}

export async function clearNotifications(page) {
  await runFromPalette(page, 'Notifications: Clear All Notifications');
}

/** Clicks a button of the modal dialog, after checking its message. */
export async function answerDialog(page, { message, button }) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible' });
  const text = await dialog.innerText();
  if (message && !message.test(text)) throw new Error(`unexpected dialog: ${text.slice(0, 300)}`);
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden' });
  return text;
}

/** Rows (tree items) of a side-bar view: their ARIA labels, top to bottom. */
export async function treeRows(page, viewTitle) {
  return view(page, viewTitle).getByRole('treeitem').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.innerText));
}

/** Expands the tree row whose label matches (a click toggles a collapsed row open). */
export async function expandRow(page, viewTitle, pattern) {
  const row = view(page, viewTitle).getByRole('treeitem', { name: pattern }).first();
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
  await eventually(async () => (await row.getAttribute('aria-expanded')) === 'true', `${pattern} expanded`, { ms: 5_000 });
}

/** Expands every shown row whose label matches (e.g. every "Accepted" group of expanded targets). */
export async function expandEvery(page, viewTitle, pattern) {
  const collapsed = view(page, viewTitle).getByRole('treeitem', { name: pattern, expanded: false });
  for (let i = 0; i < 20 && (await collapsed.count()) > 0; i++) {
    await collapsed.first().click();
    await page.waitForTimeout(200);
  }
}

/** Makes the side bar wider by dragging its edge (for readable screenshots). */
export async function widenSideBar(page, by) {
  const box = await page.locator('.part.sidebar').boundingBox();
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + by / 2, y, { steps: 5 });
  await page.mouse.move(x + by, y, { steps: 5 });
  await page.mouse.up();
}
