// How a failure maps to the exit status: 2 for usage and configuration problems and refusals
// (nothing was sent), 1 for everything else.
import { UsageError } from './args';
import { ConfigurationError } from './environment';

/** The engineer did not confirm (no terminal without --yes, or a wrong count typed): nothing was sent. */
export class NotConfirmedError extends Error {
  override name = 'NotConfirmedError';
}

/** Ctrl-C before anything was sent. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

export function exitStatusOf(error: unknown): 1 | 2 {
  return error instanceof UsageError || error instanceof ConfigurationError || error instanceof NotConfirmedError ? 2 : 1;
}
