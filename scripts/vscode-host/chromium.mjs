// Launches Debian's Chromium through playwright-core, headless, with the flags that keep it quiet
// on a closed network, a fresh profile (Playwright makes and deletes a temporary user-data-dir)
// and its own HOME/XDG/TMPDIR. It is closed by the harness's cleanup on every way out.
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './install.mjs';
import { createRunDir, RUN_MARKER } from './run-dir.mjs';
import { killMarked, onCleanup } from './cleanup.mjs';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @param {{ headless?: boolean }} [options] headless unless USER_ERASURE_HEADED=1
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium({ headless = process.env.USER_ERASURE_HEADED !== '1' } = {}) {
  const run = createRunDir('chromium');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless,
      args: CHROMIUM_FLAGS,
      env: run.env,
      // The harness stops everything itself, in order (see cleanup.mjs).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    run.remove();
    throw error;
  }
  const unregister = onCleanup(() => browser.close());
  browser.on('disconnected', () => {
    unregister();
    // Playwright kills Chromium's process group; crashpad handlers live in their own group.
    killMarked(RUN_MARKER, run.dir);
    run.remove();
  });
  return browser;
}
