// --wait: after sending, ask the vendors about the accepted (pending) IDs until none is pending,
// or --wait-timeout passes. Batch GDPR has a status API; CleverTap and EngageLab are verified by
// lookups (profile / device gone = done); Cooladata only with COOLADATA_STATUS_PATH. Targets whose
// vendor offers no check are named once and not waited for. The schedule is the extension's
// StatusPoller, limited to this run's jobs, with lookups allowed ('all') and shorter delays.
import type { ErasureEngine } from '../core/engine';
import { describeTarget } from '../core/job';
import type { StatusCheckReport, TargetCheckKind } from '../core/statusChecks';
import { StatusPoller, type PollerTimers } from '../core/statusPoller';
import type { Interrupts } from './interrupts';
import type { CliOutput } from './output';

export interface WaitOptions {
  timeoutMs: number;
  /** First pause before checking, doubled after each round that changes nothing, up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  timers?: PollerTimers;
  now?: () => number;
}

export type WaitEnd = 'settled' | 'timeout' | 'interrupted';

export interface WaitResult {
  end: WaitEnd;
  /** Lines for the summary: targets not waited for and why, what is still pending. */
  notes: string[];
}

/** The process waits for these (the poller's own timer does not keep Node alive). */
const keptTimers: PollerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export async function waitForPending(
  engine: ErasureEngine,
  jobIds: readonly string[],
  output: CliOutput,
  interrupts: Interrupts,
  options: WaitOptions,
): Promise<WaitResult> {
  const now = options.now ?? Date.now;
  const timers = options.timers ?? keptTimers;
  const deadline = now() + options.timeoutMs;
  const poller = new StatusPoller(engine, {
    mode: () => 'all',
    jobIds,
    now,
    timers,
    initialDelayMs: options.firstDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
  });
  const notes: string[] = [];
  /** How each target answered last: only 'checked' targets are waited for. */
  const lastKind = new Map<string, TargetCheckKind>();
  const label = (key: string) => {
    for (const id of jobIds) {
      const target = engine.store.get(id)?.targets.find((t) => t.spec.key === key);
      if (target) return describeTarget(target.spec);
    }
    return key;
  };
  const waitingFor = () => {
    let count = 0;
    for (const id of jobIds) for (const target of engine.store.get(id)?.targets ?? []) if (lastKind.get(target.spec.key) === 'checked') count += target.countOf('accepted');
    return count;
  };

  /** Says what a round found; true when nothing is left to wait for. */
  const take = (report: StatusCheckReport): boolean => {
    for (const target of report.targets) {
      const seen = lastKind.has(target.targetKey);
      lastKind.set(target.targetKey, target.kind);
      if (target.kind === 'checked') {
        for (const problem of target.problems) output.err(`${label(target.targetKey)}: status check failed for ${problem}`);
        continue;
      }
      if (seen) continue;
      const note = `${label(target.targetKey)}: not waiting for ${target.stillPending} pending ID(s): ${target.note ?? 'no status check'}`;
      notes.push(note);
      output.err(note);
    }
    return poller.pendingCount() === 0 || waitingFor() === 0;
  };

  if (poller.pendingCount() === 0) return { end: 'settled', notes };
  return new Promise<WaitResult>((resolve, reject) => {
    let ended = false;
    let deadlineTimer: unknown;
    const end = (settle: () => void) => {
      if (ended) return;
      ended = true;
      subscription.dispose();
      if (deadlineTimer !== undefined) timers.clearTimeout(deadlineTimer);
      interrupts.handle(undefined);
      void poller.stop().then(settle, settle);
    };
    const subscription = poller.onDidChange((event) => {
      if (ended) return;
      if (event.kind === 'round-failed') return end(() => reject(event.error));
      if (event.kind !== 'round') return;
      if (take(event.report)) return end(() => resolve({ end: 'settled', notes }));
      const left = Math.max(0, deadline - now());
      const next = Math.max(0, (poller.nextDueAt() ?? deadline) - now());
      output.err(`Waiting: ${waitingFor()} ID(s) still pending at the vendor; next check in ${Math.round(Math.min(next, left) / 1000)} s (--wait-timeout: ${Math.round(left / 1000)} s left).`);
    });
    interrupts.handle(() => {
      output.err('\nStopped waiting: the IDs still pending stay "accepted".');
      end(() => resolve({ end: 'interrupted', notes }));
    });
    if (ended) return; // an interrupt that came earlier
    // At the deadline: one last check of every target, then whatever is still pending is said.
    deadlineTimer = timers.setTimeout(() => {
      if (ended) return;
      // The round's event (above) says what it found, and ends the wait if nothing is left.
      void poller
        .stop()
        .then(() => (ended ? undefined : poller.verifyNow(jobIds, 'all')))
        .then(() => end(() => resolve(timedOut(notes, poller.pendingCount()))));
    }, Math.max(0, deadline - now()));
    poller.start();
  });
}

function timedOut(notes: string[], pending: number): WaitResult {
  return { end: 'timeout', notes: [...notes, `--wait-timeout passed with ${pending} ID(s) still pending (accepted at the vendor, not yet confirmed done).`] };
}
