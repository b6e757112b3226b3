// --wait: after sending, ask the vendors about the accepted (pending) IDs until none is pending,
// or --wait-timeout passes. Batch GDPR has a status API; CleverTap and EngageLab are verified by
// lookups (profile / device gone = done); Cooladata only with COOLADATA_STATUS_PATH. Targets whose
// vendor offers no check are named once and not waited for.
import type { ErasureEngine } from '../core/engine';
import { describeTarget } from '../core/job';
import { AbortedError, sleep as realSleep, type Sleep } from '../core/limits';
import type { StatusCheckReport } from '../core/statusChecks';
import type { Interrupts } from './interrupts';
import type { CliOutput } from './output';

export interface WaitOptions {
  timeoutMs: number;
  /** First pause before checking again, doubled after each round up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  sleep?: Sleep;
  now?: () => number;
}

export type WaitEnd = 'settled' | 'timeout' | 'interrupted';

export interface WaitResult {
  end: WaitEnd;
  /** Lines for the summary: targets not waited for and why, what is still pending. */
  notes: string[];
}

export async function waitForPending(
  engine: ErasureEngine,
  jobIds: readonly string[],
  output: CliOutput,
  interrupts: Interrupts,
  options: WaitOptions,
): Promise<WaitResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const deadline = now() + options.timeoutMs;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let delay = options.firstDelayMs ?? 1_000;
  const stop = new AbortController();
  const notes: string[] = [];
  const named = new Set<string>();
  interrupts.handle(() => {
    output.err('\nStopped waiting: the IDs still pending stay "accepted".');
    stop.abort();
  });
  const label = (key: string) => {
    for (const id of jobIds) {
      const target = engine.store.get(id)?.targets.find((t) => t.spec.key === key);
      if (target) return describeTarget(target.spec);
    }
    return key;
  };
  try {
    for (;;) {
      const pending = pendingCount(engine, jobIds);
      if (pending === 0) return { end: 'settled', notes };
      if (now() >= deadline) return timedOut(notes, pending);
      try {
        await sleep(Math.min(delay, Math.max(0, deadline - now())), stop.signal);
      } catch (error) {
        if (error instanceof AbortedError) return { end: 'interrupted', notes };
        throw error;
      }
      delay = Math.min(maxDelay, delay * 2);
      let report: StatusCheckReport;
      try {
        report = await engine.checkStatuses(jobIds, 'all', stop.signal);
      } catch (error) {
        if (stop.signal.aborted) return { end: 'interrupted', notes };
        throw error;
      }
      if (stop.signal.aborted) return { end: 'interrupted', notes };
      let waitingFor = 0;
      for (const target of report.targets) {
        if (target.kind === 'checked') {
          waitingFor += target.stillPending;
          for (const problem of target.problems) output.err(`${label(target.targetKey)}: status check failed for ${problem}`);
          continue;
        }
        if (named.has(target.targetKey)) continue;
        named.add(target.targetKey);
        const note = `${label(target.targetKey)}: not waiting for ${target.stillPending} pending ID(s): ${target.note ?? 'no status check'}`;
        notes.push(note);
        output.err(note);
      }
      if (waitingFor === 0) return { end: 'settled', notes };
      const left = Math.max(0, deadline - now());
      output.err(`Waiting: ${waitingFor} ID(s) still pending at the vendor; next check in ${Math.round(Math.min(delay, left) / 1000)} s (--wait-timeout: ${Math.round(left / 1000)} s left).`);
    }
  } finally {
    interrupts.handle(undefined);
  }
}

function pendingCount(engine: ErasureEngine, jobIds: readonly string[]): number {
  let pending = 0;
  for (const id of jobIds) for (const target of engine.store.get(id)?.targets ?? []) pending += target.countOf('accepted');
  return pending;
}

function timedOut(notes: string[], pending: number): WaitResult {
  return { end: 'timeout', notes: [...notes, `--wait-timeout passed with ${pending} ID(s) still pending (accepted at the vendor, not yet confirmed done).`] };
}
