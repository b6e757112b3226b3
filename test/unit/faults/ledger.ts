// Per-ID accounting of the delete requests, to hold the engine's report against: every attempt the
// client made, in the client's order, with what the client got back (its own view, recorded at
// undici's dispatcher) and what the fake did with it (its log, joined by a tag header).
//
// Why the client's view and not the fake's timing: the client's timeout runs from the moment the
// request is handed to undici, the fake's clock from the moment its handler runs. Under load (the
// fakes share the client's process and event loop) a request can reach the fake after the client
// has already given up: the fake then logs a quick, complete 2xx the client never read. The client
// rightly counts that attempt as unanswered and retries (retrying timeouts is the design; every
// vendor's delete is idempotent). A retry can even reach the fake before the attempt it replaces.
import type * as Undici from 'undici';
import { Agent, type Dispatcher } from '../../../src/core/undici';
import type { RecordedRequest } from '../../fakes';

/** What the client got back: a complete 2xx, a complete error answer, or nothing usable. */
export type Answer = 'ok' | 'error' | 'none';

/** Faults after which the fake gives no complete answer (dropped, reset, cut short). */
export const UNANSWERED_FAULTS: ReadonlySet<string> = new Set(['reset-before', 'reset-after', 'timeout', 'timeout-after', 'truncated']);

/** The header that ties a request in the fake's log to the client's attempt. */
export const ATTEMPT_HEADER = 'x-test-attempt';

/** One request as the client saw it. */
export interface ClientAttempt {
  n: number;
  method: string;
  url: string;
  body: string;
  /** The status of the answer undici received completely (headers and whole body), if it did. */
  status?: number;
}

type Handler = Undici.Dispatcher.DispatchHandler & Record<string, unknown>;

/**
 * Records, below the product's HTTP client (at undici's dispatcher), every request it sends and
 * whether its answer arrived completely: an answer thrown away above this point (a timeout or an
 * abort racing the body read) still counts as received, so re-sending after it is caught.
 */
export class ClientAttemptLog {
  readonly attempts: ClientAttempt[] = [];
  private readonly agent = new Agent();
  readonly dispatcher: Dispatcher = this.agent.compose((dispatch) => (opts, handler) => {
    const attempt: ClientAttempt = { n: this.attempts.length + 1, method: opts.method, url: `${opts.origin}${opts.path}`, body: typeof opts.body === 'string' ? opts.body : '' };
    this.attempts.push(attempt);
    const headers = { ...(opts.headers as Record<string, string>), [ATTEMPT_HEADER]: String(attempt.n) };
    return dispatch({ ...opts, headers }, observe(handler as Handler, attempt));
  });

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** The handler, telling `attempt` the status once the whole answer has arrived (old and new handler API alike). */
function observe(handler: Handler, attempt: ClientAttempt): Handler {
  let status: number | undefined;
  const taps: Record<string, (...args: unknown[]) => unknown> = {
    onHeaders: (code) => (status = code as number),
    onResponseStart: (_controller, code) => (status = code as number),
    onComplete: () => (attempt.status = status),
    onResponseEnd: () => (attempt.status = status),
  };
  return new Proxy(handler, {
    get(target, key: string) {
      const value = target[key];
      if (typeof value !== 'function') return value;
      const tap = taps[key];
      return (...args: unknown[]) => {
        tap?.(...args);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export interface Attempt {
  /** The client's attempt number (the client's order). */
  n: number;
  /** The fake's log entry, undefined when the request never reached the fake's handler. */
  seq?: number;
  /** What the fake answered (0: dropped or never reached). */
  status: number;
  fault?: string;
  applied: boolean;
  overLimit: boolean;
  /** What the client got back. */
  answer: Answer;
  /** What the fake gave (the client may have given up before reading it). */
  fakeAnswer: Answer;
}

/** What the fake can have given as an answer (independent of whether the client read it). */
export function fakeAnswerOf(r: RecordedRequest): Answer {
  if (r.status === 0 || (r.fault !== undefined && UNANSWERED_FAULTS.has(r.fault))) return 'none';
  return r.status >= 200 && r.status < 300 ? 'ok' : 'error';
}

function clientAnswerOf(c: ClientAttempt): Answer {
  if (c.status === undefined) return 'none';
  return c.status >= 200 && c.status < 300 ? 'ok' : 'error';
}

const attemptNumberOf = (r: RecordedRequest): number => Number(r.headers[ATTEMPT_HEADER]);
const sameRequest = (a: ClientAttempt) => `${a.method} ${a.url} ${a.body}`;

/**
 * Attempts per ID, in the client's order, of the client attempts whose request (or an identical
 * retry of it) reached the fake as a request that `filter` accepts.
 */
export function attemptsById(client: ClientAttemptLog, requests: readonly RecordedRequest[], filter: (r: RecordedRequest) => boolean): Map<string, Attempt[]> {
  const delivered = new Map(requests.map((r) => [attemptNumberOf(r), r]));
  // A retry is the same request again: an attempt that never reached the fake takes its IDs from one that did.
  const reachedAs = new Map<string, RecordedRequest>();
  for (const c of client.attempts) {
    const r = delivered.get(c.n);
    if (r && !reachedAs.has(sameRequest(c))) reachedAs.set(sameRequest(c), r);
  }
  const byId = new Map<string, Attempt[]>();
  for (const c of client.attempts) {
    const r = delivered.get(c.n);
    const like = r ?? reachedAs.get(sameRequest(c));
    if (!like || !filter(like)) continue;
    const attempt: Attempt = {
      n: c.n,
      seq: r?.seq,
      status: r?.status ?? 0,
      fault: r?.fault,
      applied: r?.applied ?? false,
      overLimit: r?.overLimit ?? false,
      answer: clientAnswerOf(c),
      fakeAnswer: r ? fakeAnswerOf(r) : 'none',
    };
    for (const id of like.ids) {
      const list = byId.get(id);
      if (list) list.push(attempt);
      else byId.set(id, [attempt]);
    }
  }
  return byId;
}

/**
 * Where the client's view and the fake's log cannot both be true: a request the client did not
 * send (or sent once) reaching the fake twice (a retry nobody decided, e.g. inside undici), or an
 * answer the client read that the fake never gave completely.
 */
export function contradictions(client: ClientAttemptLog, requests: readonly RecordedRequest[]): string[] {
  const problems: string[] = [];
  const sent = new Map(client.attempts.map((c) => [c.n, c]));
  const seen = new Set<number>();
  for (const r of requests) {
    const n = attemptNumberOf(r);
    const c = sent.get(n);
    if (!c) problems.push(`fake request #${r.seq} (${r.method} ${r.path}) matches no attempt of the client`);
    else if (seen.has(n)) problems.push(`client attempt ${n} (${r.method} ${r.path}) reached the fake more than once`);
    seen.add(n);
    if (c?.status !== undefined && (c.status !== r.status || fakeAnswerOf(r) === 'none')) {
      problems.push(`client attempt ${n} read a complete ${c.status}, the fake answered ${r.status}${r.fault ? ` (${r.fault})` : ''}`);
    }
  }
  for (const c of client.attempts) {
    if (c.status !== undefined && !seen.has(c.n)) problems.push(`client attempt ${c.n} read a ${c.status} the fake never gave`);
  }
  return problems;
}

/** Applied without the client getting an answer: the vendor deleted it, the client cannot know. */
export function appliedUnanswered(a: Attempt): boolean {
  return a.applied && a.answer === 'none';
}
