// What the four vendor client tests share: the client's environment pointed at a fake, fast
// retries, one client run through the real runner on one target (every recorded result checked
// for secrets), the settled results of one call, and canned HTTP answers.
import assert from 'node:assert/strict';
import { createHttpClient, type HttpClient, type HttpResponse } from '../../../src/core/http';
import { JobState, type IdResult, type TargetSpec, type TargetState } from '../../../src/core/job';
import { PacingRegistry } from '../../../src/core/limits';
import { Redactor } from '../../../src/core/redact';
import type { RetryPolicy } from '../../../src/core/retry';
import { runJob, type JobRecorder } from '../../../src/core/runner';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../../src/core/settings';
import type { CallIdResult, CallOutcome, DeleteClient, VendorClientEnv } from '../../../src/vendors/vendor';

export const RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 50 };

/** Keeps the state only (no journal). */
export const recorder: JobRecorder = {
  record: async (_job, target, indices, result) => {
    target.set(indices, result);
  },
};

/** user-<from> … user-<from + n - 1>. */
export const users = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `user-${from + i}`);

export interface ClientEnvOptions {
  baseUrl: string;
  settings?: Partial<EngineSettings>;
  timeoutMs?: number;
  /** Replaces the real HTTP client (canned answers). */
  http?: HttpClient;
  /** Secrets the redactor knows; none by default, so the client must keep them out on its own. */
  redactorSecrets?: readonly string[];
  rememberAccount?: VendorClientEnv['rememberAccount'];
}

export function clientEnv(opts: ClientEnvOptions): VendorClientEnv {
  const redactor = new Redactor();
  if (opts.redactorSecrets) redactor.addSecret(...opts.redactorSecrets);
  return {
    http: opts.http ?? createHttpClient({ timeoutMs: opts.timeoutMs ?? 5_000, redactor }),
    settings: { ...DEFAULT_SETTINGS, ...opts.settings },
    redactor,
    baseUrlOverride: opts.baseUrl,
    ...(opts.rememberAccount ? { rememberAccount: opts.rememberAccount } : {}),
  };
}

/** Fails when any secret appears in the value's JSON. */
export function assertNoSecret(value: unknown, secrets: readonly string[]): void {
  const text = JSON.stringify(value ?? {});
  for (const secret of secrets) assert.ok(!text.includes(secret), `secret leaked into ${text}`);
}

export interface RunOptions {
  cancel?: AbortSignal;
  retry?: RetryPolicy;
  pacing?: PacingRegistry;
}

/** Runs `client` on `ids` as the only target of a job; every recorded result is checked for `secrets`. */
export async function runOnTarget(
  spec: TargetSpec,
  client: DeleteClient,
  ids: string[],
  secrets: readonly string[],
  opts: RunOptions = {},
): Promise<TargetState> {
  const job = new JobState({ id: 'job-1', createdAt: 0, source: 'cli', title: 'test', targets: [{ spec, ids: ids.map((id) => ({ id })) }] });
  await runJob(
    { job, clients: new Map([[spec.key, client]]), recorder, cancel: opts.cancel },
    { pacing: opts.pacing ?? new PacingRegistry(), retry: opts.retry ?? RETRY },
  );
  const state = job.targets[0];
  for (let i = 0; i < state.size; i++) assertNoSecret(state.resultAt(i), secrets);
  return state;
}

export const resultsOf = (state: TargetState): IdResult[] => state.ids.map((_, i) => state.resultAt(i)!);

/** The results of a settled call as a list (one shared result stays one entry), checked for secrets. */
export function settledList(outcome: CallOutcome, secrets: readonly string[]): CallIdResult[] {
  assert.equal(outcome.kind, 'settled', JSON.stringify(outcome));
  assertNoSecret(outcome, secrets);
  if (outcome.kind !== 'settled') return [];
  return Array.isArray(outcome.results) ? outcome.results : [outcome.results];
}

/** An HttpClient that answers every request with one canned response. */
export function cannedHttp(status: number, bodyText: string): HttpClient {
  return { send: async (): Promise<HttpResponse> => ({ status, headers: {}, bodyText, bodyCapped: false, durationMs: 1 }) };
}
