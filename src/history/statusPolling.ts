// Background status checks for this window: a StatusPoller that runs only while this window may
// write the history (it holds the journal's lock, or keeps its jobs in memory), so two windows
// never poll the same IDs. Lookups that cost API calls (CleverTap, EngageLab) join the schedule
// only when `userErasure.verification.automatic` is on.
import type { Logger } from '../core/logger';
import type { StatusCheckHost } from '../core/statusChecks';
import { pollWhileWriter, StatusPoller } from '../core/statusPoller';
import type { HistorySession } from './historySession';

export interface StatusPolling {
  readonly poller: StatusPoller;
  /** Stops the schedule and waits for a round in flight to be aborted. */
  stop(): Promise<void>;
}

export function startStatusPolling(
  session: Pick<HistorySession, 'mode' | 'canWrite' | 'onDidChangeMode'>,
  host: StatusCheckHost,
  options: { automaticVerification: () => boolean; logger: Logger },
): StatusPolling {
  const poller = new StatusPoller(host, {
    mode: () => (options.automaticVerification() ? 'all' : 'automatic'),
    logger: options.logger,
  });
  // pollWhileWriter polls in 'writer' mode only; a window keeping its jobs in memory polls them too.
  const asJournal = {
    get mode(): string {
      return session.canWrite ? 'writer' : session.mode;
    },
    onDidChangeMode: (listener: (mode: string) => void) => session.onDidChangeMode(() => listener(asJournal.mode)),
  };
  const polling = pollWhileWriter(asJournal, poller);
  return {
    poller,
    async stop() {
      polling.dispose();
      await poller.stop();
    },
  };
}
