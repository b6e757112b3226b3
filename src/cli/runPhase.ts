// Sending: progress on standard error while the engine runs, Ctrl-C mapped onto the run (first:
// no new requests; second: abort those in flight), and the run's end awaited.
import type { RunHandle } from '../core/engine';
import type { Interrupts } from './interrupts';
import type { CliOutput } from './output';
import { ProgressReporter } from './progress';

export async function runToCompletion(handle: RunHandle, output: CliOutput, interrupts: Interrupts, label: string): Promise<void> {
  const progress = new ProgressReporter(handle.job, output.errStream, label);
  progress.start();
  interrupts.handle((level) => {
    if (level === 'cancel') {
      output.err('\nCancelling: no new requests are sent; the requests in flight finish (Ctrl-C again aborts them: their IDs end "unknown").');
      handle.cancel();
    } else {
      output.err('\nAborting the requests in flight: their IDs end "unknown" (the vendor may or may not have received them).');
      handle.abort();
    }
  });
  try {
    await handle.done;
  } finally {
    interrupts.handle(undefined);
    progress.stop();
  }
}
