// The job model: which IDs go to which vendor target, and the state of every ID at every target.
// States are kept in compact per-target arrays (not one object per ID) so a job of 1,000,000 IDs
// stays light; results that several IDs share (one chunk's answer, or equal answers of one-ID
// calls in the same second) share one `IdResult` object.
import { vendorCatalog } from './catalog';
import { CONTROL_CHARACTER, INVISIBLE_FORMAT_CHARACTER } from './shownText';

/** A vendor's id, as its definition in the catalog (core/catalog) names it. */
export type VendorId = string;

/**
 * planned → sending → accepted (pending at vendor) → done; or failed, not-found, skipped,
 * cancelled (never sent), unknown (sent, no answer). `planned` after a reload means "not sent".
 */
export const OUTCOMES = [
  'planned',
  'sending',
  'accepted',
  'done',
  'failed',
  'not-found',
  'skipped',
  'cancelled',
  'unknown',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  planned: 'Not sent',
  sending: 'Sending',
  accepted: 'Accepted (pending at vendor)',
  done: 'Done',
  failed: 'Failed',
  'not-found': 'Not found at vendor',
  skipped: 'Skipped (invalid)',
  cancelled: 'Cancelled (not sent)',
  unknown: 'Unknown (sent, no answer)',
};

/** IDs whose deletion may be sent (again) by Retry: answered with an error or never answered. */
export function isRetryable(outcome: Outcome): boolean {
  return outcome === 'failed' || outcome === 'unknown' || outcome === 'cancelled';
}

export function isPending(outcome: Outcome): boolean {
  return outcome === 'accepted';
}

/** How IDs are deleted at a target: the vendor, and its own options (read by the vendor only). */
export type TargetOptions = {
  readonly vendor: VendorId;
  readonly [option: string]: unknown;
};

/** One place a set of IDs is deleted: a vendor account, with its options (e.g. an app and a mode). */
export interface TargetSpec {
  key: string;
  accountId: string;
  accountLabel: string;
  options: TargetOptions;
}

/** "CleverTap · EU prod · identity". */
export function describeTarget(spec: TargetSpec): string {
  return vendorCatalog().describeTarget(spec);
}

export function targetKeyOf(accountId: string, options: TargetOptions): string {
  return vendorCatalog().targetKey(accountId, options);
}

/** The answer recorded for one or more IDs. Never holds a secret (callers redact first). */
export interface IdResult {
  outcome: Outcome;
  httpStatus?: number;
  message?: string;
  /** Vendor reference: Batch token or GDPR request id, EngageLab registration id of an alias. */
  reference?: string;
  /**
   * Redacted summary of the request that produced this answer, e.g. "POST https://…/delete (100 IDs)".
   * A one-ID request whose URL holds the ID names the ID's place instead of repeating it
   * ("DELETE https://…/v4/devices/{registration_id} (1 ID)"), so equal answers stay one result;
   * `requestForId` gives the concrete request back.
   */
  request?: string;
  /** Time (ms since 1970) the result was recorded; the store keeps it to the whole second. */
  at: number;
  /** Time of the deletion answer, kept when a status check replaces the result (for audits). */
  requestedAt?: number;
}

const ID_PLACE = /\{[a-z_]+\}/;

/** The request summary of one ID, with the ID put in the place a one-ID summary names for it. */
export function requestForId(request: string, id: string): string {
  return request.endsWith('(1 ID)') ? request.replace(ID_PLACE, () => encodeURIComponent(id)) : request;
}

/** An ID's own result: a one-ID request summary names the ID's place, this ID goes there. */
export function resultForId(result: IdResult | undefined, id: string): IdResult | undefined {
  return result?.request ? { ...result, request: requestForId(result.request, id) } : result;
}

/** Equal in every field (a missing field equals an undefined one); the fields that differ most often first. */
export function sameResult(a: IdResult, b: IdResult): boolean {
  return (
    a.at === b.at &&
    a.outcome === b.outcome &&
    a.httpStatus === b.httpStatus &&
    a.requestedAt === b.requestedAt &&
    a.reference === b.reference &&
    a.message === b.message &&
    a.request === b.request
  );
}

/** The result with its times cut to the whole second (the same object when they already are). */
export function toWholeSeconds(result: IdResult): IdResult {
  const at = wholeSecond(result.at);
  const requestedAt = result.requestedAt === undefined ? undefined : wholeSecond(result.requestedAt);
  if (at === result.at && requestedAt === result.requestedAt) return result;
  const out: IdResult = { ...result, at };
  if (requestedAt !== undefined) out.requestedAt = requestedAt;
  return out;
}

function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** Planned entry of a target: the ID to send, and where it came from when it differs. */
export interface PlannedId {
  id: string;
  /** e.g. the EngageLab alias this registration_id was resolved from. */
  origin?: string;
  /** Set when the ID is known to end here before anything is sent (invalid → skipped, unresolved alias → not-found). */
  preset?: { outcome: 'skipped' | 'not-found'; message: string };
}

export interface JobSpec {
  id: string;
  createdAt: number;
  source: 'editor' | 'cli' | 'retry';
  title: string;
  /** The ticket the erasure comes from ("ZD-4711"); absent on jobs without one (and in older journals). */
  ticket?: string;
  targets: { spec: TargetSpec; ids: PlannedId[] }[];
}

export const TICKET_MAX_LENGTH = 200;

/** Why a ticket reference cannot be kept, or undefined when it can (it is trimmed first). */
export function ticketProblem(ticket: string): string | undefined {
  const value = ticket.trim();
  if (value.length > TICKET_MAX_LENGTH) return `A ticket reference has at most ${TICKET_MAX_LENGTH} characters.`;
  if (CONTROL_CHARACTER.test(value)) return 'A ticket reference cannot hold control characters (line breaks, tabs).';
  // The auditor reads and searches the ticket as shown: a zero-width space makes "ZD-4711" unfindable,
  // a right-to-left override shows "ZD-1174" for what is stored as "ZD-4711".
  if (INVISIBLE_FORMAT_CHARACTER.test(value)) return 'A ticket reference cannot hold invisible or text-direction characters (a zero-width space, a right-to-left mark).';
  return undefined;
}

/** The trimmed ticket, or undefined for an empty one; throws on one that cannot be kept. */
export function normalizeTicket(ticket: string | undefined): string | undefined {
  if (ticket === undefined) return undefined;
  const problem = ticketProblem(ticket);
  if (problem) throw new Error(problem);
  const value = ticket.trim();
  return value === '' ? undefined : value;
}

const OUTCOME_CODE = new Map<Outcome, number>(OUTCOMES.map((o, i) => [o, i]));

export function outcomeCode(outcome: Outcome): number {
  return OUTCOME_CODE.get(outcome)!;
}

export function outcomeFromCode(code: number): Outcome {
  const outcome = OUTCOMES[code];
  if (!outcome) throw new Error(`unknown outcome code ${code}`);
  return outcome;
}

export type OutcomeCounts = Record<Outcome, number>;

export function emptyCounts(): OutcomeCounts {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
}

/** How many recent distinct results a target remembers to share equal new ones. */
const SHARED_RESULTS = 8;

/** Live state of one target of a job. Index i refers to ids[i] everywhere. */
export class TargetState {
  readonly ids: string[];
  /** Where ids[i] came from when it differs (an EngageLab alias); empty when no ID has an origin (no 1,000,000 undefined). */
  readonly origins: readonly (string | undefined)[];
  private readonly codes: Uint8Array;
  private readonly results: (IdResult | undefined)[];
  /** IDs per outcome, by outcome code. */
  private readonly counts = new Int32Array(OUTCOMES.length);
  private indexById?: Map<string, number>;
  /** The last distinct results set here (a ring), so an equal new one shares their object. */
  private readonly recent: IdResult[] = [];
  private recentNext = 0;

  constructor(
    readonly spec: TargetSpec,
    planned: readonly PlannedId[],
  ) {
    const n = planned.length;
    this.ids = new Array<string>(n);
    // No array of a million undefineds when no ID has an origin.
    const origins: (string | undefined)[] = planned.some((p) => p.origin !== undefined) ? new Array(n) : [];
    this.origins = origins;
    this.codes = new Uint8Array(n);
    this.results = new Array(n);
    this.counts[outcomeCode('planned')] = n;
    // One pass: a job of a million IDs is built before its first request leaves.
    for (let i = 0; i < n; i++) {
      const p = planned[i];
      this.ids[i] = p.id;
      if (origins.length > 0) origins[i] = p.origin;
      if (p.preset) this.set([i], { outcome: p.preset.outcome, message: p.preset.message, at: 0 });
    }
  }

  get size(): number {
    return this.ids.length;
  }

  outcomeAt(index: number): Outcome {
    return outcomeFromCode(this.codes[index]);
  }

  resultAt(index: number): IdResult | undefined {
    return this.results[index];
  }

  indexOf(id: string): number {
    if (!this.indexById) {
      this.indexById = new Map();
      this.ids.forEach((value, i) => this.indexById!.set(value, i));
    }
    return this.indexById.get(id) ?? -1;
  }

  countOf(outcome: Outcome): number {
    return this.counts[outcomeCode(outcome)];
  }

  countsSnapshot(): OutcomeCounts {
    const out = emptyCounts();
    OUTCOMES.forEach((o, code) => (out[o] = this.counts[code]));
    return out;
  }

  indicesWhere(predicate: (outcome: Outcome) => boolean): number[] {
    const wanted = OUTCOMES.map((o) => predicate(o));
    // Sized from the counts up front: a million pushes would copy the growing array again and again.
    const out = new Array<number>(wanted.reduce((n, yes, code) => (yes ? n + this.counts[code] : n), 0));
    let k = 0;
    for (let i = 0; i < this.codes.length; i++) if (wanted[this.codes[i]]) out[k++] = i;
    out.length = k;
    return out;
  }

  /**
   * A recently set result equal to this one, or this one (remembered for the next): one-ID calls
   * answered alike in the same second then hold one object instead of one each.
   */
  share(result: IdResult): IdResult {
    const recent = this.recent;
    for (let k = 0; k < recent.length; k++) {
      const known = recent[k];
      if (known === result || sameResult(known, result)) return known;
    }
    recent[this.recentNext] = result;
    this.recentNext = (this.recentNext + 1) % SHARED_RESULTS;
    return result;
  }

  /** Applies one result to several IDs (an equal recent result's object is kept instead). */
  set(indices: readonly number[], result: IdResult): void {
    const shared = this.share(result);
    const code = outcomeCode(shared.outcome);
    for (const i of indices) this.put(i, code, shared);
  }

  /** Applies one result to `count` IDs from index `from` on. */
  setRun(from: number, count: number, result: IdResult): void {
    const shared = this.share(result);
    const code = outcomeCode(shared.outcome);
    for (let i = from; i < from + count; i++) this.put(i, code, shared);
  }

  private put(i: number, code: number, result: IdResult): void {
    const previous = this.codes[i];
    if (previous !== code) {
      this.counts[previous]--;
      this.counts[code]++;
      this.codes[i] = code;
    }
    this.results[i] = result;
  }
}

export class JobState {
  readonly targets: TargetState[];

  constructor(readonly spec: JobSpec) {
    this.targets = spec.targets.map((t) => new TargetState(t.spec, t.ids));
  }

  get id(): string {
    return this.spec.id;
  }

  target(key: string): TargetState {
    const found = this.targets.find((t) => t.spec.key === key);
    if (!found) throw new Error(`job ${this.id} has no target ${key}`);
    return found;
  }

  counts(): OutcomeCounts {
    const total = emptyCounts();
    for (const t of this.targets) for (const o of OUTCOMES) total[o] += t.countOf(o);
    return total;
  }

  isActive(): boolean {
    return this.targets.some((t) => t.countOf('sending') > 0);
  }
}

export function newJobId(now: number = Date.now()): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `job-${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
