// What the fake vendors saw, reduced to the figures a benchmark reports: requests over a limit,
// 429s we provoked, how many calls were in flight at once and how many started in any second.
import type { RecordedRequest, RequestKind, VendorName } from '../../test/fakes';
import { maxInWindow, maxOverlap } from '../../test/fakes/figures';

export interface LogSummary {
  requests: number;
  byStatus: Record<string, number>;
  /** Requests the fake marked as breaking a vendor limit (concurrency, rate, batch size). */
  overLimit: number;
  /** 429 answers the fake gave on its own (not injected faults): provoked by the client. */
  provoked429: number;
  injectedFaults: number;
  /** IDs of applied deletions (one per ID per application). */
  appliedIds: number;
  /** Distinct IDs in requests. */
  distinctIds: number;
  /** Most requests in flight at the fake at once (received, not yet answered). */
  maxInFlight: number;
  /** Most requests received in any sliding 1,000 ms window. */
  maxPerSecond: number;
  /** Median time from receiving a request to answering it, ms (the set latency, plus the fake's own delays on a busy machine). */
  medianServedMs?: number;
  firstReceivedAt?: number;
  lastRespondedAt?: number;
}

export interface LogFilter {
  vendor?: VendorName;
  kind?: RequestKind;
}

export function filterLog(requests: readonly RecordedRequest[], filter: LogFilter = {}): RecordedRequest[] {
  return requests.filter((r) => (filter.vendor === undefined || r.vendor === filter.vendor) && (filter.kind === undefined || r.kind === filter.kind));
}

export function summarizeLog(requests: readonly RecordedRequest[]): LogSummary {
  const byStatus: Record<string, number> = {};
  const distinct = new Set<string>();
  let overLimit = 0;
  let provoked429 = 0;
  let injectedFaults = 0;
  let appliedIds = 0;
  let first: number | undefined;
  let last: number | undefined;
  const served: number[] = [];
  for (const r of requests) {
    if (r.respondedAt !== undefined) served.push(r.servedMs ?? r.respondedAt - r.receivedAt);
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.overLimit) overLimit++;
    if (r.status === 429 && r.fault === undefined) provoked429++;
    if (r.fault !== undefined) injectedFaults++;
    if (r.applied) appliedIds += r.ids.length;
    for (const id of r.ids) distinct.add(id);
    first = first === undefined ? r.receivedAt : Math.min(first, r.receivedAt);
    if (r.respondedAt !== undefined) last = last === undefined ? r.respondedAt : Math.max(last, r.respondedAt);
  }
  return {
    requests: requests.length,
    byStatus,
    overLimit,
    provoked429,
    injectedFaults,
    appliedIds,
    distinctIds: distinct.size,
    maxInFlight: maxOverlap(requests),
    maxPerSecond: maxInWindow(requests.map((r) => r.receivedAt), 1000),
    medianServedMs: served.length > 0 ? served.sort((a, b) => a - b)[Math.floor(served.length / 2)] : undefined,
    firstReceivedAt: first,
    lastRespondedAt: last,
  };
}
