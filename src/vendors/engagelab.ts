// EngageLab App Push — Delete User API (shared/vendor-contracts.md §2): one registration_id per
// DELETE call, paced per AppKey, plus the lookups (alias → registration_ids, "is the device still
// registered?") that share the same host, auth and rate limit.
import * as z from 'zod/mini';
import { accountBase, secretText } from '../core/accounts';
import { HttpTransportError, type HttpRequestSpec, type HttpResponse } from '../core/http';
import type { PlannedId } from '../core/job';
import { AbortedError, type RateLimitHint } from '../core/limits';
import type { Redactor } from '../core/redact';
import { schedule, type SchedulerDeps } from '../core/scheduler';
import { vendorSettings, type EngineSettings } from '../core/settings';
import {
  bodyMessage,
  describeError,
  hostChoices,
  idPathProblem,
  idPathUrl,
  isSuccessStatus,
  isTransientStatus,
  PATH_CHANGED_REASON,
  readJson,
  retryOutcome,
  summarizeIdRequest,
  summarizeRequest,
} from './common';
import { readEngagelabAnswer, type EngagelabAnswer } from './engagelabAnswers';
import { defineVendor, type CallIdResult, type CallLimits, type CallOutcome, type DeleteClient, type PrepareStep, type StatusChecker, type VendorClientEnv } from './vendor';
import { builtOnFirstUse } from '../core/builtOnFirstUse';

export const ENGAGELAB_DATA_CENTERS = {
  sgp: 'https://pushapi-sgp.engagelab.com',
  usva: 'https://pushapi-usva.engagelab.com',
  defra: 'https://pushapi-defra.engagelab.com',
  hk: 'https://pushapi-hk.engagelab.com',
  jpn: 'https://pushapi-jpn.engagelab.com',
  bra: 'https://pushapi-bra.engagelab.com',
  'web-sgp': 'https://webpushapi-sgp.engagelab.com',
  'web-hk': 'https://webpushapi-hk.engagelab.com',
} as const;
export type EngagelabDataCenter = keyof typeof ENGAGELAB_DATA_CENTERS;

export const ENGAGELAB_DATA_CENTER_LABELS: Record<EngagelabDataCenter, string> = {
  sgp: 'Singapore (default)',
  usva: 'Virginia',
  defra: 'Frankfurt',
  hk: 'Hong Kong',
  jpn: 'Japan',
  bra: 'Brazil',
  'web-sgp': 'Web Push, Singapore',
  'web-hk': 'Web Push, Hong Kong',
};

export function engagelabBaseUrl(dataCenter: EngagelabDataCenter, override?: string): string {
  return override ?? ENGAGELAB_DATA_CENTERS[dataCenter];
}

export const engagelabAccountSchema = builtOnFirstUse(() => z.object({
  ...accountBase,
  vendor: z.literal('engagelab'),
  dataCenter: z.enum(Object.keys(ENGAGELAB_DATA_CENTERS) as [EngagelabDataCenter, ...EngagelabDataCenter[]]),
}));
export const engagelabSecretsSchema = builtOnFirstUse(() => z.object({ appKey: secretText('the AppKey'), masterSecret: secretText('the Master Secret') }));
export const engagelabOptionsSchema = builtOnFirstUse(() => z.object({ vendor: z.literal('engagelab'), idType: z.enum(['registration_id', 'alias']) }));

export type EngagelabAccount = z.infer<typeof engagelabAccountSchema>;
export type EngagelabSecrets = z.infer<typeof engagelabSecretsSchema>;
export type EngagelabOptions = z.infer<typeof engagelabOptionsSchema>;
export type EngagelabIdType = EngagelabOptions['idType'];

export const engagelabSettingsSchema = builtOnFirstUse(() => z.object({
  engagelabRequestsPerSecond: z._default(z.number().check(z.minimum(1), z.maximum(100_000)), 500),
  engagelabConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(512)), 128),
}));

/** EngageLab: an alias is at most 40 bytes. */
export const ENGAGELAB_ALIAS_MAX_BYTES = 40;

/** The HTTP Basic credential (AppKey:Master Secret in base64): sent, and so masked like the secrets themselves. */
export function engagelabBasicCredential(appKey: string, masterSecret: string): string {
  return Buffer.from(`${appKey}:${masterSecret}`, 'utf8').toString('base64');
}

/**
 * The Basic credential as a vendor may echo it: also without its "=" padding (a log or an error
 * that drops it would otherwise leave the part after the AppKey's own base64, which decodes to the
 * Master Secret).
 */
export function engagelabBasicForms(appKey: string, masterSecret: string): string[] {
  const basic = engagelabBasicCredential(appKey, masterSecret);
  return [...new Set([basic, basic.replace(/=+$/, '')])];
}

/** A registration_id no device has, for the connection test (200 or 404 both prove the credentials). */
const CONNECTION_TEST_ID = 'user-erasure-connection-test';

const ACCEPTED_MESSAGE = 'deletion accepted; EngageLab has no status API';
const NOT_FOUND_MESSAGE = 'not found at EngageLab (unknown or already deleted registration_id)';

/**
 * `registration_ids` may be null for an alias without devices [doc: JPush returns null for values not found].
 * A number only when JSON holds it exactly (a safe integer): 12345678901234567890 would be read as
 * another ID, whose DELETE answers "not found" while the real device stays.
 */
const aliasAnswerSchema = builtOnFirstUse(() => z.object({
  registration_ids: z.nullable(z.array(z.pipe(z.union([z.string(), z.int()]), z.transform(String)))),
}));

interface Connection {
  base: string;
  headers: Record<string, string>;
  /** e.g. "Singapore (default)", for messages. */
  dataCenterLabel: string;
  redactor: Redactor;
}

function connect(account: EngagelabAccount, secrets: EngagelabSecrets, env: VendorClientEnv): Connection {
  const basic = engagelabBasicCredential(secrets.appKey, secrets.masterSecret);
  // Normally registered when the credentials were loaded; repeated here so no message can leak them.
  env.redactor.addSecret(secrets.appKey, secrets.masterSecret, ...engagelabBasicForms(secrets.appKey, secrets.masterSecret));
  return {
    base: engagelabBaseUrl(account.dataCenter, env.baseUrlOverride),
    headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
    dataCenterLabel: ENGAGELAB_DATA_CENTER_LABELS[account.dataCenter],
    redactor: env.redactor,
  };
}

/**
 * The vendor's 500 requests per second are per AppKey, so deletions and every lookup of one
 * account share one rate key; each purpose has its own concurrency.
 */
export function engagelabLimits(account: EngagelabAccount, engineSettings: EngineSettings, purpose: 'delete' | 'alias' | 'verify'): CallLimits {
  const settings = { ...engineSettings, ...vendorSettings(engineSettings, engagelabSettingsSchema) };
  return {
    idsPerCall: 1,
    maxInFlight: purpose === 'verify' ? settings.statusConcurrency : settings.engagelabConcurrency,
    requestsPerSecond: settings.engagelabRequestsPerSecond,
    pacingKey: `engagelab:${account.id}:${purpose}`,
    rateKey: `engagelab:${account.id}`,
  };
}

/**
 * The JPush-style X-Rate-Limit-Limit/Remaining/Reset headers of an answer, when EngageLab sends
 * them; a header that is not a plain non-negative integer is ignored.
 */
export function engagelabRateLimit(response: HttpResponse): RateLimitHint | undefined {
  const read = (name: string): number | undefined => {
    const text = response.headers[name]?.trim();
    return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
  };
  const hint: RateLimitHint = { limit: read('x-rate-limit-limit'), remaining: read('x-rate-limit-remaining'), resetSeconds: read('x-rate-limit-reset') };
  return hint.limit === undefined && hint.remaining === undefined && hint.resetSeconds === undefined ? undefined : hint;
}

const DEVICE_PATH = '/v4/devices/';
const ALIAS_PATH = '/v4/aliases/';

/** The request for one device, or undefined when the registration_id cannot go into the path unchanged. */
function deviceRequest(c: Connection, method: 'GET' | 'DELETE', registrationId: string): HttpRequestSpec | undefined {
  const url = idPathUrl(c.base, DEVICE_PATH, registrationId);
  return url === undefined ? undefined : { method, url, headers: { ...c.headers } };
}

/** "DELETE https://…/v4/devices/{registration_id} (1 ID)": one summary for every device. */
function deviceSummary(c: Connection, method: 'GET' | 'DELETE'): string {
  return summarizeIdRequest(method, `${c.base}${DEVICE_PATH}{registration_id}`, c.redactor);
}

/** No `platform` filter: the vendor's default is every platform (android, ios, hmos, web). */
function aliasRequest(c: Connection, alias: string): HttpRequestSpec | undefined {
  const url = idPathUrl(c.base, ALIAS_PATH, alias);
  return url === undefined ? undefined : { method: 'GET', url, headers: { ...c.headers } };
}

/** Why an ID cannot be sent to an EngageLab target (it would change the URL path), or undefined. */
export function engagelabIdProblem(idType: 'registration_id' | 'alias', id: string): string | undefined {
  return idPathProblem(idType === 'alias' ? ALIAS_PATH : DEVICE_PATH, id);
}

/** The alias lookups `resolveEngagelabAliases` would send (unredacted; callers redact), for dry runs that send nothing. */
export function engagelabAliasLookupRequests(
  account: EngagelabAccount,
  secrets: EngagelabSecrets,
  env: VendorClientEnv,
  aliases: readonly string[],
): HttpRequestSpec[] {
  const c = connect(account, secrets, env);
  return [...new Set(aliases)].flatMap((alias) => aliasRequest(c, alias) ?? []);
}

/** A final (non-transient) answer that is not a success nor a recognised "does not exist", as a message. */
function failureMessage(response: HttpResponse, c: Connection, answer: EngagelabAnswer = readEngagelabAnswer(response, c.redactor)): string {
  const detail = answer.detail;
  if (answer.kind === 'foreign-id') {
    return `EngageLab rejected the registration_id (HTTP ${response.status}): ${detail} — it is not registered under this AppKey here: it may belong to another app or to another data centre (this account uses ${c.dataCenterLabel})`;
  }
  if (answer.kind === 'route-missing') {
    return `EngageLab answered HTTP ${response.status} with an unexpected answer (the API route, not the device, does not exist — wrong base URL or data centre?): ${detail}`;
  }
  if (response.status === 404) {
    return `EngageLab answered HTTP ${response.status} with an unexpected answer: ${detail}`;
  }
  switch (response.status) {
    case 400:
      return `EngageLab rejected the request (HTTP 400): ${detail}`;
    case 401:
      return `EngageLab authentication failed (HTTP 401): ${detail}; check the AppKey, Master Secret and data centre (${c.dataCenterLabel})`;
    case 403:
      return `EngageLab refused the request (HTTP 403): ${detail}`;
    default:
      return `EngageLab answered HTTP ${response.status}: ${detail}`;
  }
}

function transientMessage(response: HttpResponse, c: Connection): string {
  const what = response.status === 429 ? 'rate limited by EngageLab' : 'EngageLab server error';
  return `${what} (HTTP ${response.status}): ${readEngagelabAnswer(response, c.redactor).detail}`;
}

const NOT_SENT_MESSAGE = `not sent: the registration_id ${PATH_CHANGED_REASON}`;

function createDeleteClient(account: EngagelabAccount, secrets: EngagelabSecrets, env: VendorClientEnv): DeleteClient {
  const c = connect(account, secrets, env);
  const request = deviceSummary(c, 'DELETE');
  return {
    limits: engagelabLimits(account, env.settings, 'delete'),
    // An ID that cannot go into the path has no request: the plan skips it, and so does the preview.
    requestsFor: (ids) => ids.flatMap((id) => deviceRequest(c, 'DELETE', id) ?? []),
    async deleteIds(ids, signal) {
      const results: CallIdResult[] = [];
      let rateLimit: RateLimitHint | undefined;
      // idsPerCall is 1, so the runner sends one ID per call; more are handled one after another.
      for (const id of ids) {
        const spec = deviceRequest(c, 'DELETE', id);
        if (spec === undefined) {
          results.push({ outcome: 'failed', message: NOT_SENT_MESSAGE });
          continue;
        }
        const response = await env.http.send(spec, signal);
        rateLimit = engagelabRateLimit(response) ?? rateLimit;
        if (isTransientStatus(response.status)) {
          if (results.length === 0) return { ...retryOutcome(response, transientMessage(response, c), request), rateLimit };
          // Earlier IDs of this call already have their answer; this one is left for Retry.
          results.push({ outcome: 'failed', httpStatus: response.status, message: transientMessage(response, c), request });
          continue;
        }
        results.push({ ...deleteResult(response, c, id), httpStatus: response.status, request });
      }
      return { kind: 'settled', results: results.length === 1 ? results[0] : results, rateLimit };
    },
  };
}

/** What one DELETE answer means: only a recognised success is accepted, only "no such device" is not found. */
function deleteResult(response: HttpResponse, c: Connection, registrationId: string): CallIdResult {
  const answer = readEngagelabAnswer(response, c.redactor, registrationId);
  if (isSuccessStatus(response.status)) {
    if (answer.kind === 'success') return { outcome: 'accepted', message: ACCEPTED_MESSAGE };
    if (answer.kind === 'unrecognised' || answer.kind === 'device') {
      return {
        outcome: 'unknown',
        message: `EngageLab answered HTTP ${response.status} with an unexpected answer; the deletion may or may not have happened: ${answer.detail}`,
      };
    }
    return { outcome: 'failed', message: `EngageLab answered HTTP ${response.status} with an error: ${answer.detail}` };
  }
  if (answer.kind === 'device-missing') return { outcome: 'not-found', message: NOT_FOUND_MESSAGE };
  return { outcome: 'failed', message: failureMessage(response, c, answer) };
}

/**
 * Best-effort verification (it costs API calls, so not automatic): a device that is no longer
 * registered counts as done. A lookup that fails for any reason leaves the ID accepted, with the
 * reason in the message: a failed check says nothing about the deletion.
 */
function createStatusChecker(account: EngagelabAccount, secrets: EngagelabSecrets, env: VendorClientEnv): StatusChecker {
  const c = connect(account, secrets, env);
  const request = deviceSummary(c, 'GET');
  return {
    limits: engagelabLimits(account, env.settings, 'verify'),
    automatic: false,
    async check(entries, signal) {
      const results: CallIdResult[] = [];
      let rateLimit: RateLimitHint | undefined;
      for (const entry of entries) {
        const still = (message: string, httpStatus?: number): CallIdResult => ({
          outcome: 'accepted',
          httpStatus,
          message,
          reference: entry.reference,
          request,
        });
        const spec = deviceRequest(c, 'GET', entry.id);
        if (spec === undefined) {
          results.push(still(`deletion accepted; no verification lookup sent: the registration_id ${PATH_CHANGED_REASON}`));
          continue;
        }
        let response: HttpResponse;
        try {
          response = await env.http.send(spec, signal);
          rateLimit = engagelabRateLimit(response) ?? rateLimit;
        } catch (error) {
          if (error instanceof HttpTransportError && error.failure === 'aborted') throw error;
          results.push(still(`deletion accepted; verification lookup failed (${describeError(error, c.redactor)})`));
          continue;
        }
        const answer = readEngagelabAnswer(response, c.redactor, entry.id);
        if (isSuccessStatus(response.status) && answer.kind === 'device') {
          results.push(still('deletion accepted; device still registered', response.status));
        } else if (answer.kind === 'device-missing') {
          results.push({ outcome: 'done', httpStatus: response.status, message: 'device no longer registered', reference: entry.reference, request });
        } else if (isSuccessStatus(response.status)) {
          results.push(still(`deletion accepted; verification lookup answer not understood (HTTP ${response.status}): ${answer.detail}`, response.status));
        } else {
          const why = isTransientStatus(response.status) ? transientMessage(response, c) : failureMessage(response, c, answer);
          results.push(still(`deletion accepted; verification lookup failed (${why})`, response.status));
        }
      }
      return { kind: 'settled', results: results.length === 1 ? results[0] : results, rateLimit };
    },
  };
}

export class EngagelabAliasLookupError extends Error {
  override name = 'EngagelabAliasLookupError';
}

/**
 * Resolves aliases (the customer's user ids) to registration_ids before the confirmation.
 * `options` carries the scheduler dependencies the runner uses (the process's PacingRegistry and
 * retry policy), so lookups and deletions of an account share one rate limiter, plus the signal. An alias that EngageLab does not know
 * (an empty or null list, or a 404 that says the alias does not exist) maps to []; a lookup that keeps failing rejects the whole resolution, because the
 * confirmation must not proceed on a guess. Cancellation rejects with AbortedError.
 */
export async function resolveEngagelabAliases(
  account: EngagelabAccount,
  secrets: EngagelabSecrets,
  env: VendorClientEnv,
  aliases: readonly string[],
  options: SchedulerDeps & { signal?: AbortSignal },
): Promise<Map<string, string[]>> {
  const { signal, ...deps } = options;
  const c = connect(account, secrets, env);
  const unique = [...new Set(aliases)];
  const resolved = new Map<string, string[]>();
  const problems: string[] = [];
  let notSent = 0;

  /** `answered` receives the vendor's answer, whose rate-limit headers pace the next lookups. */
  const lookup = async (alias: string, callSignal: AbortSignal | undefined, answered: { response?: HttpResponse }): Promise<CallOutcome> => {
    const spec = aliasRequest(c, alias);
    if (spec === undefined) return { kind: 'settled', results: { outcome: 'failed', message: `not sent: the alias ${PATH_CHANGED_REASON}` } };
    const request = summarizeRequest(spec, 1, c.redactor);
    const response = await env.http.send(spec, callSignal);
    answered.response = response;
    const notFound = (): CallOutcome => {
      resolved.set(alias, []);
      return { kind: 'settled', results: { outcome: 'done' } };
    };
    if (isSuccessStatus(response.status)) {
      const read = readEngagelabAnswer(response, c.redactor, alias);
      const answer = read.kind === 'unrecognised' ? readJson(response, aliasAnswerSchema) : undefined;
      if (answer) {
        if (answer.registration_ids === null) return notFound();
        resolved.set(alias, [...new Set(answer.registration_ids)]);
        return { kind: 'settled', results: { outcome: 'done' } };
      }
      if (read.kind !== 'unrecognised' && read.kind !== 'success' && read.kind !== 'device') {
        return { kind: 'settled', results: { outcome: 'failed', httpStatus: response.status, message: `EngageLab answered HTTP ${response.status} with an error: ${read.detail}`, request } };
      }
      // Truncated or otherwise unreadable: worth another try; if it persists the lookup fails.
      return { kind: 'retry', httpStatus: response.status, message: `unreadable alias lookup answer: ${read.detail}`, request };
    }
    if (isTransientStatus(response.status)) return retryOutcome(response, transientMessage(response, c), request);
    const read = readEngagelabAnswer(response, c.redactor, alias);
    if (read.kind === 'alias-missing') return notFound();
    return { kind: 'settled', results: { outcome: 'failed', httpStatus: response.status, message: failureMessage(response, c, read), request } };
  };

  const describe = (index: number, message: string) => `alias "${unique[index]}": ${message}`;
  await schedule(
    {
      groups: unique.map((_, index) => [index]),
      limits: engagelabLimits(account, env.settings, 'alias'),
      cancel: signal,
      abort: signal,
      call: async ([index], callSignal) => {
        const answered: { response?: HttpResponse } = {};
        const outcome = await lookup(unique[index], callSignal, answered);
        return answered.response ? { ...outcome, rateLimit: engagelabRateLimit(answered.response) } : outcome;
      },
      hooks: {
        beforeFirstSend: async () => {},
        settled: async (at, results) => {
          const result = Array.isArray(results) ? results[0] : results;
          if (result?.outcome === 'failed') problems.push(describe(at[0], result.message ?? 'failed'));
        },
        gaveUp: async (at, problem) => {
          problems.push(describe(at[0], problem.message));
        },
        notSent: async (at) => {
          notSent += at.length;
        },
      },
    },
    deps,
  );

  if (signal?.aborted || notSent > 0) throw new AbortedError();
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ');
    const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
    throw new EngagelabAliasLookupError(
      `Could not resolve ${problems.length} of ${unique.length} aliases at EngageLab, so nothing was deleted: ${shown}${more}`,
    );
  }
  return new Map(aliases.map((alias) => [alias, resolved.get(alias) ?? []]));
}

async function testConnection(
  account: EngagelabAccount,
  secrets: EngagelabSecrets,
  env: VendorClientEnv,
  signal?: AbortSignal,
): Promise<{ ok: boolean; message: string }> {
  const c = connect(account, secrets, env);
  try {
    const response = await env.http.send(deviceRequest(c, 'GET', CONNECTION_TEST_ID)!, signal);
    const answer = readEngagelabAnswer(response, c.redactor, CONNECTION_TEST_ID);
    // Only an answer about the made-up device proves the credentials (an HTML 404 from a proxy does not).
    if ((isSuccessStatus(response.status) && answer.kind === 'device') || answer.kind === 'device-missing' || answer.kind === 'foreign-id') {
      return { ok: true, message: `Connected to EngageLab (${c.dataCenterLabel})` };
    }
    const why = isTransientStatus(response.status) ? transientMessage(response, c) : failureMessage(response, c, answer);
    return { ok: false, message: why };
  } catch (error) {
    return { ok: false, message: `Could not reach EngageLab (${c.dataCenterLabel}): ${describeError(error, c.redactor)}` };
  }
}

const ALIAS_LOOKUP_NOTE =
  'read-only lookup; a DELETE /v4/devices/{registration_id} follows for each registration_id it returns (none when the alias is unknown)';

/** Aliases (the customer's user IDs) become registration_ids before the confirmation. */
const aliasResolution: PrepareStep<EngagelabAccount, EngagelabSecrets> = {
  progressTitle: 'Resolving EngageLab aliases to registration IDs…',
  notice: (count) => `Looking up ${count} EngageLab alias(es) (read-only)…`,
  typedUnit: ['alias', 'aliases'],
  sentUnit: 'registration ID',
  notRunNote: 'EngageLab aliases not looked up',
  requests: ({ account, secrets, env }, aliases) => engagelabAliasLookupRequests(account, secrets, env, aliases),
  requestNote: ALIAS_LOOKUP_NOTE,
  dryRunExplanation: [
    'EngageLab aliases are not looked up in a dry run (that would contact EngageLab). Below are the lookups a real run',
    'makes first; each DELETE /v4/devices/{registration_id} depends on what its lookup returns.',
  ],
  async run({ account, secrets, env }, aliases, scheduler, signal) {
    const resolved = await resolveEngagelabAliases(account, secrets, env, aliases, { ...scheduler, signal });
    const planned: PlannedId[] = [];
    /** registration_id → the alias it is planned (and reported) under. */
    const plannedFor = new Map<string, string>();
    for (const alias of aliases) {
      const registrationIds = resolved.get(alias) ?? [];
      if (registrationIds.length === 0) {
        planned.push({ id: alias, origin: alias, preset: { outcome: 'not-found', message: 'alias not found at EngageLab (no registration_id)' } });
      } else if (registrationIds.every((rid) => plannedFor.has(rid))) {
        // EngageLab gives an alias one device; an answer that repeats another alias's device (an alias
        // moved while the lookups ran) still leaves this alias a row, never none.
        const others = [...new Set(registrationIds.map((rid) => `"${plannedFor.get(rid)}"`))].join(', ');
        const message = `alias "${alias}": its registration_id ${registrationIds.join(', ')} was also returned for alias ${others}; deleted once, reported there`;
        planned.push({ id: alias, origin: alias, preset: { outcome: 'skipped', message } });
      }
      for (const rid of registrationIds) {
        if (plannedFor.has(rid)) continue;
        plannedFor.set(rid, alias);
        // A registration_id the vendor returned is checked like a typed one before it is sent.
        const problem = engagelabIdProblem('registration_id', rid);
        planned.push(problem ? { id: rid, origin: alias, preset: { outcome: 'skipped', message: problem } } : { id: rid, origin: alias });
      }
    }
    return planned;
  },
};

export const engagelabVendor = defineVendor<EngagelabAccount, EngagelabSecrets, EngagelabOptions>({
  id: 'engagelab',
  displayName: 'EngageLab',
  accountSchema: engagelabAccountSchema,
  secretsSchema: engagelabSecretsSchema,
  optionsSchema: engagelabOptionsSchema,
  fieldsSummary: 'data centre + AppKey + Master Secret',
  fields: [
    {
      kind: 'choice',
      key: 'dataCenter',
      env: 'ENGAGELAB_DATA_CENTER',
      question: 'EngageLab data centre of the app (a registration only exists in its own data centre)',
      choices: hostChoices(ENGAGELAB_DATA_CENTERS, ENGAGELAB_DATA_CENTER_LABELS),
      default: 'sgp',
    },
    { kind: 'secret', key: 'appKey', env: 'ENGAGELAB_APP_KEY', schema: engagelabSecretsSchema.shape.appKey, name: 'AppKey', prompt: 'The AppKey of the EngageLab app', password: false },
    {
      kind: 'secret',
      key: 'masterSecret',
      env: 'ENGAGELAB_MASTER_SECRET',
      schema: engagelabSecretsSchema.shape.masterSecret,
      name: 'Master Secret',
      prompt: "The Master Secret of the EngageLab app (kept in VS Code's secret storage)",
      password: true,
    },
  ],
  environmentLabel: (account) => `EngageLab ${account.dataCenter}`,
  describeAccount: (account) => ({
    facts: [ENGAGELAB_DATA_CENTER_LABELS[account.dataCenter]],
    details: [['Data centre', ENGAGELAB_DATA_CENTER_LABELS[account.dataCenter]]],
  }),
  caveats: [
    'Irreversible: the device is deleted together with its tags, alias and timezone information.',
    'The device comes back only when the app’s SDK registers it again.',
    'EngageLab’s own warning: do not delete all users — check the audience first.',
    'EngageLab has no status API: an accepted deletion can only be checked by looking the device up.',
  ],
  settings: {
    schema: engagelabSettingsSchema,
    configKeys: { engagelabRequestsPerSecond: 'engagelab.requestsPerSecond', engagelabConcurrency: 'engagelab.concurrency' },
  },
  async chooseOptions(account, ask) {
    const idType = await ask.pickOne<EngagelabIdType>({
      flag: 'id-type',
      title: `EngageLab · ${account.label}: what are the selected IDs?`,
      choices: [
        { id: 'registration_id', label: 'registration_id', description: 'the IDs are device registration IDs', value: 'registration_id' },
        {
          id: 'alias',
          label: 'alias',
          description: 'the IDs are aliases (your user IDs)',
          detail: 'Each alias is looked up first; aliases without a device are reported as not found.',
          value: 'alias',
        },
      ],
    });
    return [{ vendor: 'engagelab', idType }];
  },
  optionFlags: [{ flag: 'id-type', values: ['registration_id', 'alias'], help: 'default registration_id' }],
  describeOptions: (options) => ({
    target: [options.idType],
    mode: options.idType === 'alias' ? 'registration_id (resolved from alias)' : 'registration_id',
    details: [['ID type', options.idType]],
  }),
  idLimits: (options) =>
    options?.idType === 'alias'
      ? {
          maxUtf8Bytes: {
            limit: ENGAGELAB_ALIAS_MAX_BYTES,
            problem: (bytes) => `alias too long: ${bytes} bytes in UTF-8 (EngageLab aliases are at most ${ENGAGELAB_ALIAS_MAX_BYTES} bytes)`,
          },
        }
      : {},
  idProblem: (options, id) => engagelabIdProblem(options.idType, id),
  prepare: (options) => (options.idType === 'alias' ? aliasResolution : undefined),
  createDeleteClient: (_target, account, secrets, env) => createDeleteClient(account, secrets, env),
  createStatusChecker: (_target, account, secrets, env) => createStatusChecker(account, secrets, env),
  testConnection,
  derivedSecrets: ({ appKey, masterSecret }) => (appKey && masterSecret ? engagelabBasicForms(appKey, masterSecret) : []),
});
