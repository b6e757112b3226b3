// The small interface every vendor file implements. A vendor knows its wire format (how to
// build a request for a chunk of IDs and how to read the answer); the runner owns chunking,
// pacing, retries, splitting and cancellation.
import type { Account, AccountOf, SecretsByVendor } from '../core/accounts';
import type { HttpClient, HttpRequestSpec } from '../core/http';
import type { RateLimitHint } from '../core/limits';
import type { IdResult, Outcome, TargetOptions, TargetSpec, VendorId } from '../core/job';
import type { Redactor } from '../core/redact';
import type { EngineSettings } from '../core/settings';

export interface CallLimits {
  /** At most this many IDs in one call. */
  idsPerCall: number;
  /** At most this many calls in flight per `pacingKey`. */
  maxInFlight: number;
  /** At most this many calls started in any one-second window per `pacingKey`. */
  requestsPerSecond?: number;
  /** Calls sharing a key share `maxInFlight` across every job (e.g. one CleverTap account's deletes). */
  pacingKey: string;
  /** Calls sharing a key share `requestsPerSecond` (default `pacingKey`): e.g. EngageLab's deletes and lookups per AppKey. */
  rateKey?: string;
}

/** What one ID ended as, as reported by a call (the runner stamps the time). */
export type CallIdResult = Omit<IdResult, 'at'>;

export type CallOutcome = (
  /** The vendor answered for these IDs: one result for all, or one per ID (same order). */
  | { kind: 'settled'; results: CallIdResult | CallIdResult[] }
  /** Transient trouble (429, 5xx): try the same call again later. */
  | { kind: 'retry'; httpStatus: number; message: string; retryAfterMs?: number; request?: string }
  /** The vendor rejected the batch as a whole and cannot say which ID was bad: halve it. */
  | { kind: 'split'; httpStatus: number; message: string; request?: string }
) & {
  /** What the vendor's last answer said about its rate limit, for the pacing of `rateKey`. */
  rateLimit?: RateLimitHint;
};

export interface DeleteClient {
  readonly limits: CallLimits;
  /** The exact requests a call for these IDs sends (unredacted; callers redact before showing). */
  requestsFor(ids: readonly string[]): HttpRequestSpec[];
  deleteIds(ids: readonly string[], signal?: AbortSignal): Promise<CallOutcome>;
}

/** An ID whose deletion was accepted, with the reference the vendor gave (if any). */
export interface PendingEntry {
  id: string;
  reference?: string;
}

export type StatusOutcome = Outcome & ('accepted' | 'done' | 'failed' | 'not-found' | 'unknown');

export interface StatusChecker {
  readonly limits: CallLimits;
  /**
   * `automatic`: cheap and meant for polling (Batch GDPR status); otherwise a lookup that costs
   * API calls, run on demand or when the engineer enables scheduled verification.
   */
  readonly automatic: boolean;
  /** Results per entry, same order; `accepted` means still pending. */
  check(entries: readonly PendingEntry[], signal?: AbortSignal): Promise<CallOutcome>;
}

export interface ConnectionCheck {
  ok: boolean;
  message: string;
}

export interface VendorClientEnv {
  http: HttpClient;
  settings: EngineSettings;
  redactor: Redactor;
  /** scheme://host:port replacing the vendor's real host, from USER_ERASURE_<VENDOR>_BASE_URL. */
  baseUrlOverride?: string;
  /** Lets a client remember something it learned about the account (Cooladata's auth form). */
  rememberAccount?: (accountId: string, patch: Partial<Account>) => void;
}

/** What a pending ID looks like when the vendor offers no way to check it. */
export interface NoStatusCheck {
  pendingNote: string;
}

export interface VendorModule<V extends VendorId = VendorId> {
  readonly vendor: V;
  readonly displayName: string;
  /** Shown in the confirmation: irreversibility and the vendor's own caveats. */
  readonly caveats: readonly string[];
  createDeleteClient(target: TargetSpec, account: AccountOf<V>, secrets: SecretsByVendor[V], env: VendorClientEnv): DeleteClient;
  createStatusChecker(
    target: TargetSpec,
    account: AccountOf<V>,
    secrets: SecretsByVendor[V],
    env: VendorClientEnv,
  ): StatusChecker | NoStatusCheck;
  /**
   * Why a valid ID still cannot be sent to a target of this vendor (e.g. it would change the URL
   * path it goes into), checked when the job is planned: such IDs are skipped with the reason.
   */
  idProblem?(options: TargetOptions, id: string): string | undefined;
  /** A harmless authenticated call, or undefined when the vendor has none. */
  testConnection?(account: AccountOf<V>, secrets: SecretsByVendor[V], env: VendorClientEnv, signal?: AbortSignal): Promise<ConnectionCheck>;
}

export function isStatusChecker(value: StatusChecker | NoStatusCheck): value is StatusChecker {
  return 'check' in value;
}
