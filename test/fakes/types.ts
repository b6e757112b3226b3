/** Types shared by every fake vendor server (see shared/vendor-contracts.md §5). */

export type VendorName = 'cooladata' | 'engagelab' | 'clevertap' | 'batch';

export type RequestKind = 'delete' | 'lookup' | 'status' | 'list' | 'other';

export interface RecordedRequest {
  /** Arrival number, shared by all fakes started together (1-based). */
  seq: number;
  vendor: VendorName;
  /** Arrival time in ms, from the fake's clock. */
  receivedAt: number;
  /** When the answer (or the drop) happened; undefined while in flight. */
  respondedAt?: number;
  /** Real time from the request's arrival to its answer (or drop), ms at sub-ms resolution. */
  servedMs?: number;
  /** The client's port: requests that share it came over one connection. */
  clientPort?: number;
  method: string;
  /** Decoded pathname. */
  path: string;
  /** Pathname exactly as sent (still percent-encoded). */
  rawPath: string;
  /** Query parameters; repeated keys are joined with ",". */
  query: Record<string, string>;
  /** Request headers, lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  bodyText: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  /** The seeded account (project id, AppKey, account id, app API key) that authenticated. */
  account?: string;
  /** The user IDs this request targeted. */
  ids: string[];
  kind: RequestKind;
  /** HTTP status answered, or 0 if the connection was dropped without an answer. */
  status: number;
  /** Fault injected into this request, if any. */
  fault?: string;
  /** The deletion was really performed on the fake's state. */
  applied: boolean;
  /** The request broke a vendor limit (concurrency, rate, batch size). */
  overLimit: boolean;
}

/** A response the fake will write. `body` is sent as-is (string is UTF-8). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Options every fake accepts. */
export interface CommonFakeOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port to bind; default 0 (any free port). */
  port?: number;
  /** Delay before answering each request, ms (default 0). */
  latencyMs?: number;
  /** Extra random delay 0..jitterMs added to latencyMs (seeded, default 0). */
  jitterMs?: number;
  /** Time between accepting a deletion and it being complete, ms (default 0 = immediate). */
  completionDelayMs?: number;
  /** Clock used for receivedAt, completion, expiry and rate windows (default Date.now). */
  now?: () => number;
  /** Seed for the latency jitter PRNG (default 1). */
  seed?: number;
  /** Largest request body accepted, bytes (default 8 MiB); beyond it the fake answers 413. */
  maxBodyBytes?: number;
  /**
   * Keep each request's body text and parsed JSON in the log (default true). Benchmarks turn it
   * off: a million IDs in 10,000-ID calls would keep every 170 KB body and its parse alive, and the
   * fake's process would pause for garbage collection in the middle of the measurement.
   */
  keepBodies?: boolean;
}

/** Lifecycle of one user/device/profile in a fake's state. */
export type SubjectState = 'present' | 'pending' | 'deleted' | 'unknown';
