// The ending every harness script shares: run `main`, report what stopped it, clean up, exit.
import { exitAfterCleanup, isShuttingDown } from './cleanup.mjs';
import { HarnessError } from './install.mjs';

/**
 * Runs `main()` (resolving to the exit code); on a throw prints a HarnessError's message, or any other
 * error's stack unless Ctrl-C caused it, and calls `onFailure`. Then cleans up and exits.
 * @param {string} prefix e.g. "ui", printed as "[ui] …"
 * @param {() => Promise<number>} main
 * @param {{ onFailure?: () => void }} [options]
 */
export async function runMain(prefix, main, { onFailure } = {}) {
  let code = 1;
  try {
    code = await main();
  } catch (error) {
    // After Ctrl-C, whatever was in flight fails because we closed it: not worth printing.
    if (error instanceof HarnessError) console.error(`[${prefix}] ${error.message}`);
    else if (!isShuttingDown()) console.error(`[${prefix}] ${error?.stack ?? error}`);
    if (!isShuttingDown()) onFailure?.();
  }
  await exitAfterCleanup(code);
}
