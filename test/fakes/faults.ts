import { seededRandom } from './clock';
import type { RequestKind } from './types';

/**
 * Injected failures. Each has a fixed meaning for `applied` (was the deletion performed?):
 * - '429' | '500' | '503': vendor-shaped error answer, not applied (override with `applied`).
 * - 'empty': 502 with an empty body, not applied (override with `applied`).
 * - 'html': 502 (or `status`, e.g. 503) with an HTML page, not applied (override with `applied`).
 * - 'truncated': normal status, Content-Length larger than the body, then the socket ends; applied.
 * - 'reset-before': connection reset before processing; not applied.
 * - 'reset-after': deletion applied, then connection reset instead of the answer.
 * - 'timeout': no answer for `holdMs` (default 60 s), then drop; not applied.
 * - 'timeout-after': applied, then no answer for `holdMs`, then drop.
 * - 'slow': extra `delayMs` (default 1 s), then the normal answer.
 */
export type FaultKind =
  | '429'
  | '500'
  | '503'
  | 'reset-before'
  | 'reset-after'
  | 'timeout'
  | 'timeout-after'
  | 'empty'
  | 'truncated'
  | 'html'
  | 'slow';

export const FAULT_KINDS: readonly FaultKind[] = [
  '429', '500', '503', 'reset-before', 'reset-after', 'timeout', 'timeout-after', 'empty', 'truncated', 'html', 'slow',
];

export interface FaultMatch {
  method?: string;
  pathIncludes?: string;
  kind?: RequestKind;
  /** Seeded account the request authenticated as. */
  account?: string;
}

/** Parameters that shape one injected fault. */
export interface FaultParams {
  /** For '429': value of the Retry-After header in seconds (omitted if undefined). */
  retryAfter?: number;
  /** For 'timeout' / 'timeout-after': how long to hold before dropping (default 60,000 ms). */
  holdMs?: number;
  /** For 'slow': extra delay (default 1,000 ms). */
  delayMs?: number;
  /** For 'html' / 'empty': status to answer (default 502). */
  status?: number;
  /** Force whether the deletion is performed for answer-type faults (429/500/503/empty/html/truncated). */
  applied?: boolean;
}

export interface ScriptedFault extends FaultParams {
  fault: FaultKind;
  /** How many matching requests get it (default 1; Infinity for all). */
  count?: number;
  match?: FaultMatch;
}

export interface RandomFaults extends FaultParams {
  /** Chance per matching request, 0..1. */
  probability: number;
  kinds: FaultKind[];
  /** PRNG seed (default 1): the same seed and request sequence give the same faults. */
  seed?: number;
  match?: FaultMatch;
}

export interface ResolvedFault extends FaultParams {
  fault: FaultKind;
}

export interface FaultTarget {
  method: string;
  path: string;
  kind: RequestKind;
  account?: string;
}

const DEFAULT_APPLIED: Record<FaultKind, boolean> = {
  '429': false,
  '500': false,
  '503': false,
  empty: false,
  html: false,
  truncated: true,
  'reset-before': false,
  'reset-after': true,
  timeout: false,
  'timeout-after': true,
  slow: true,
};

/** Whether a fault performs the deletion (before the answer is replaced or dropped). */
export function faultApplies(f: ResolvedFault): boolean {
  if (f.applied !== undefined && ['429', '500', '503', 'empty', 'html', 'truncated'].includes(f.fault)) {
    return f.applied;
  }
  return DEFAULT_APPLIED[f.fault];
}

function matches(m: FaultMatch | undefined, t: FaultTarget): boolean {
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== t.method.toUpperCase()) return false;
  if (m.pathIncludes && !t.path.includes(m.pathIncludes)) return false;
  if (m.kind && m.kind !== t.kind) return false;
  if (m.account && m.account !== t.account) return false;
  return true;
}

/** Scripted faults are used first (in enqueue order), then the random source if set. */
export class FaultController {
  private queue: Array<ScriptedFault & { remaining: number }> = [];
  private rnd?: { opts: RandomFaults; next: () => number };

  enqueue(spec: ScriptedFault): this {
    const remaining = spec.count ?? 1;
    if (remaining > 0) this.queue.push({ ...spec, remaining });
    return this;
  }

  /** Replace the random fault source (probability 0 or no kinds disables it). */
  random(opts: RandomFaults): this {
    if (opts.probability < 0 || opts.probability > 1) throw new RangeError('probability must be within 0..1');
    this.rnd = opts.probability > 0 && opts.kinds.length > 0
      ? { opts, next: seededRandom(opts.seed ?? 1) }
      : undefined;
    return this;
  }

  clear(): void {
    this.queue = [];
    this.rnd = undefined;
  }

  /** Scripted faults not yet used up. */
  get pending(): number {
    return this.queue.reduce((n, s) => n + s.remaining, 0);
  }

  /** Pick the fault for a request (consuming a scripted one), or undefined. */
  take(target: FaultTarget): ResolvedFault | undefined {
    const idx = this.queue.findIndex((s) => matches(s.match, target));
    if (idx >= 0) {
      const s = this.queue[idx];
      s.remaining -= 1;
      if (s.remaining <= 0) this.queue.splice(idx, 1);
      const { count: _c, match: _m, remaining: _r, ...fault } = s;
      return fault;
    }
    if (this.rnd && matches(this.rnd.opts.match, target)) {
      const { next, opts } = this.rnd;
      if (next() < opts.probability) {
        const fault = opts.kinds[Math.floor(next() * opts.kinds.length)];
        const { probability: _p, kinds: _k, seed: _s, match: _m, ...params } = opts;
        return { ...params, fault };
      }
    }
    return undefined;
  }
}
