// Per-ID accounting of what a fake vendor received, to hold the engine's report against: every
// delete request that named an ID, in arrival order, and what the client can have seen of it.
import type { RecordedRequest } from '../../fakes';

/** What the client got back: a complete 2xx, a complete error answer, or nothing usable. */
export type Answer = 'ok' | 'error' | 'none';

/** Faults after which the client has no complete answer (dropped, reset, cut short). */
export const UNANSWERED_FAULTS: ReadonlySet<string> = new Set(['reset-before', 'reset-after', 'timeout', 'timeout-after', 'truncated']);

export interface Attempt {
  seq: number;
  status: number;
  fault?: string;
  applied: boolean;
  overLimit: boolean;
  answer: Answer;
  /** Answered by the fake later than the client may have waited (possibly timed out client-side). */
  late: boolean;
}

export function answerOf(r: RecordedRequest): Answer {
  if (r.status === 0 || (r.fault !== undefined && UNANSWERED_FAULTS.has(r.fault))) return 'none';
  return r.status >= 200 && r.status < 300 ? 'ok' : 'error';
}

/** Attempts per ID, from the requests that match `filter`, in arrival order. */
export function attemptsById(requests: readonly RecordedRequest[], filter: (r: RecordedRequest) => boolean, lateMs = Number.POSITIVE_INFINITY): Map<string, Attempt[]> {
  const byId = new Map<string, Attempt[]>();
  for (const r of [...requests].sort((a, b) => a.seq - b.seq)) {
    if (!filter(r)) continue;
    const late = r.fault === undefined && r.respondedAt !== undefined && r.respondedAt - r.receivedAt >= lateMs;
    const attempt: Attempt = { seq: r.seq, status: r.status, fault: r.fault, applied: r.applied, overLimit: r.overLimit, answer: answerOf(r), late };
    for (const id of r.ids) {
      const list = byId.get(id);
      if (list) list.push(attempt);
      else byId.set(id, [attempt]);
    }
  }
  return byId;
}

/** Applied without the client getting an answer: the vendor deleted it, the client cannot know. */
export function appliedUnanswered(a: Attempt): boolean {
  return a.applied && a.answer === 'none';
}
