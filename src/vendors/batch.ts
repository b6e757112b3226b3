// Batch.com (shared/vendor-contracts.md §4): the GDPR API (one "remove" request per user, with a
// status endpoint) and the Custom Data bulk delete (up to 10,000 IDs, no status). The app API key
// sits in the URL path, so every URL shown anywhere goes through the redactor.
import * as z from 'zod/mini';
import { accountBase, accountLabelSchema, secretText } from '../core/accounts';
import { credentialTextProblem } from '../core/credentialText';
import { HttpTransportError, type HttpClient, type HttpRequestSpec, type HttpResponse } from '../core/http';
import type { TargetSpec } from '../core/job';
import { pathSegmentProblem } from '../core/urlPath';
import type { Redactor } from '../core/redact';
import { vendorSettings, type EngineSettings } from '../core/settings';
import {
  bodyMessage,
  describeError,
  errorFields,
  idPathProblem,
  idPathUrl,
  isSuccessStatus,
  jsonObjectSchema,
  isTransientStatus,
  jsonRequest,
  PATH_CHANGED_REASON,
  readJson,
  redactedSnippet,
  retryOutcome,
  summarizeRequest,
} from './common';
import type {
  CallIdResult,
  CallLimits,
  CallOutcome,
  ConnectionCheck,
  DeleteClient,
  NoStatusCheck,
  PendingEntry,
  StatusChecker,
  VendorClientEnv,
} from './vendor';
import { defineVendor } from './vendor';
import { builtOnFirstUse } from '../core/builtOnFirstUse';

export const BATCH_BASE_URL = 'https://api.batch.com';

export const batchAccountSchema = builtOnFirstUse(() => z.object({
  ...accountBase,
  vendor: z.literal('batch'),
  /** Labels of the app API keys (e.g. "iOS", "Android", "Web"); the keys themselves are secrets. */
  appKeyLabels: z.array(accountLabelSchema).check(z.minLength(1, 'at least one app API key is required')),
}));
export const batchSecretsSchema = builtOnFirstUse(() => z.object({
  restKey: secretText('the REST API key'),
  /** App API key by label. */
  appKeys: z.record(
    z.string(),
    secretText('an app API key').check(z.refine((key) => pathSegmentProblem(key) === undefined, `an app API key ${PATH_CHANGED_REASON}`)),
  ),
}));
export const batchOptionsSchema = builtOnFirstUse(() => z.object({ vendor: z.literal('batch'), mode: z.enum(['gdpr', 'custom-data']), appKeyLabel: z.string() }));

export type BatchAccount = z.infer<typeof batchAccountSchema>;
export type BatchSecrets = z.infer<typeof batchSecretsSchema>;
export type BatchOptions = z.infer<typeof batchOptionsSchema>;
export type BatchMode = BatchOptions['mode'];

export const batchSettingsSchema = builtOnFirstUse(() => z.object({
  batchCustomDataChunkSize: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 10_000),
  batchGdprConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(64)), 4),
}));
/** The engine's settings with Batch's own read (defaults for those not set). */
type BatchSettings = EngineSettings & z.infer<typeof batchSettingsSchema>;

function batchSettings(settings: EngineSettings): BatchSettings {
  return { ...settings, ...vendorSettings(settings, batchSettingsSchema) };
}

/** Batch: IDs must be shorter than 1024 characters. */
export const BATCH_MAX_ID_CHARACTERS = 1023;

/** Batch's documented cap on IDs in one bulk Custom Data delete. */
export const BATCH_MAX_IDS_PER_BULK = 10_000;
/** Bulk calls can carry 10,000 IDs each; a couple in flight is plenty. */
const CUSTOM_DATA_MAX_IN_FLIGHT = 2;

/** Batch's named errors: HTTP status and error code (the contract's table). */
const BATCH_ERRORS = [
  { name: 'AUTHENTICATION_INVALID', status: 401, code: 10 },
  { name: 'API_MISUSE', status: 403, code: 12 },
  { name: 'ROUTE_NOT_FOUND', status: 404, code: 20 },
  { name: 'MISSING_PARAMETER', status: 400, code: 30 },
  { name: 'MALFORMED_PARAMETER', status: 400, code: 31 },
  { name: 'MALFORMED_JSON_BODY', status: 400, code: 32 },
  { name: 'SERVER_ERROR', status: 500, code: 1 },
  { name: 'MAINTENANCE_ERROR', status: 503, code: 2 },
] as const;

/**
 * A number JSON cannot hold exactly (12345678901234567890 reads as 12345678901234567000) is kept
 * marked, so it never equals a request id or user ID: absent, it would let another check pass.
 */
const idish = builtOnFirstUse(() =>
  z.pipe(
    z.union([z.string().check(z.minLength(1)), z.number()]),
    z.transform((value) => (typeof value === 'number' && !Number.isSafeInteger(value) ? `${value} (not exact in JSON)` : String(value))),
  ),
);
/** Optional, and a value of another type counts as absent instead of failing the whole answer. */
const lenient = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);
const errorSchema = builtOnFirstUse(() => z.object({
  error_code: lenient(z.union([z.number(), z.string()])),
  error_message: lenient(z.string()),
  code: lenient(z.union([z.number(), z.string()])),
  message: lenient(z.string()),
}));
const tokenSchema = builtOnFirstUse(() => z.object({ token: lenient(idish) }));
/** The request id's field name is not documented: request_id, else token, else id. */
const gdprCreatedSchema = builtOnFirstUse(() => z.object({
  request_id: lenient(idish),
  token: lenient(idish),
  id: lenient(idish),
}));
/** The user a create answer may name (`id: {type, value}`, as the status answer does). */
const gdprAboutSchema = builtOnFirstUse(() => z.object({ id: lenient(z.object({ value: lenient(idish) })) }));
const gdprStatusSchema = builtOnFirstUse(() => z.object({
  status: z.string(),
  error: z.optional(z.unknown()),
  request_id: lenient(idish),
  id: lenient(z.object({ value: lenient(idish) })),
}));
/** The GDPR request list [doc]: an array (of requests). */
const gdprListSchema = builtOnFirstUse(() => z.array(z.unknown()));

/**
 * The error of a finished GDPR request as text; undefined when there is none. Its shape is not
 * documented beyond a text, so an object gives its message (or code) and anything else its JSON.
 */
function gdprErrorText(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error === 'string') return error.trim() === '' ? undefined : error.trim();
  const parsed = z.object({ message: z.optional(z.string()), code: z.optional(z.union([z.number(), z.string()])) }).safeParse(error);
  if (parsed.success && parsed.data.message?.trim()) return parsed.data.message.trim();
  if (parsed.success && parsed.data.code !== undefined && Object.keys(error).length === 1) return `error ${parsed.data.code}`;
  return JSON.stringify(error);
}

/**
 * Batch's "user not found" [doc], compared after normalising case, separators and a final full
 * stop ("User not found.", "USER_NOT_FOUND"); any other text, even one that mentions "not found",
 * is an error that leaves the user in place as far as we know.
 */
function isUserNotFound(errorText: string): boolean {
  const normalised = errorText
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .replace(/[.!]+$/, '')
    .trim();
  return normalised === 'user not found';
}

export class BatchAppKeyMissingError extends Error {
  override name = 'BatchAppKeyMissingError';
}

export class BatchAppKeyUnusableError extends Error {
  override name = 'BatchAppKeyUnusableError';
}

const APP_KEY_PATH = '/1.0/';
const GDPR_REQUEST_PATH = '/gdpr/request/';
const REQUEST_ID_UNUSABLE = 'cannot go into the status URL unchanged (URL normalisation would change the path: "." or ".." or an empty value)';

/** Why an app API key cannot be used (it would change the URL path it goes into), or undefined. */
export function batchAppKeyProblem(appKey: string): string | undefined {
  return idPathProblem(APP_KEY_PATH, appKey, GDPR_REQUEST_PATH);
}

interface Connection {
  base: string;
  appKey: string;
  appKeyLabel: string;
  headers: Record<string, string>;
  http: HttpClient;
  redactor: Redactor;
}

function connect(account: BatchAccount, secrets: BatchSecrets, appKeyLabel: string, env: VendorClientEnv): Connection {
  const appKey = Object.hasOwn(secrets.appKeys, appKeyLabel) ? secrets.appKeys[appKeyLabel] : undefined;
  if (!appKey) {
    throw new BatchAppKeyMissingError(
      `Batch account "${account.label}" has no app API key labelled "${appKeyLabel}"; add it in the account's credentials`,
    );
  }
  // Normally registered when the credentials were loaded; repeated here so no message can leak them.
  env.redactor.addSecret(secrets.restKey, appKey);
  if (batchAppKeyProblem(appKey)) {
    throw new BatchAppKeyUnusableError(`the Batch app API key labelled "${appKeyLabel}" ${PATH_CHANGED_REASON}; check the key`);
  }
  return {
    base: env.baseUrlOverride ?? BATCH_BASE_URL,
    appKey,
    appKeyLabel,
    headers: { 'X-Authorization': secrets.restKey, 'Content-Type': 'application/json' },
    http: env.http,
    redactor: env.redactor,
  };
}

function batchOptions(target: TargetSpec): { mode: BatchMode; appKeyLabel: string } {
  if (target.options.vendor !== 'batch') throw new Error(`target ${target.key} is not a Batch target`);
  return target.options as BatchOptions;
}

/** The app key was checked in connect(), so the URL is always the one meant. */
function apiUrl(c: Connection, path: string): string {
  const url = idPathUrl(c.base, APP_KEY_PATH, c.appKey, path);
  if (url === undefined) throw new BatchAppKeyUnusableError(`the Batch app API key labelled "${c.appKeyLabel}" ${PATH_CHANGED_REASON}`);
  return url;
}

/** GET …/gdpr/request/{request_id}, or undefined when the vendor's request id would change that path. */
function gdprStatusUrl(c: Connection, requestId: string): string | undefined {
  return idPathUrl(c.base, `${APP_KEY_PATH}${encodeURIComponent(c.appKey)}${GDPR_REQUEST_PATH}`, requestId);
}

// Always the bulk body form, even for one ID: IDs go in the JSON body, so an ID with "/", "?",
// "%" or other reserved characters reaches Batch exactly as written (the single-ID route would
// put it in the path).
function customDataRequest(c: Connection, ids: readonly string[]): HttpRequestSpec {
  return jsonRequest('DELETE', apiUrl(c, '/data/users'), { ...c.headers }, ids);
}

function gdprCreateRequest(c: Connection, id: string): HttpRequestSpec {
  return jsonRequest('POST', apiUrl(c, '/gdpr/request'), { ...c.headers }, { request_type: 'remove', id: { type: 'custom_id', value: id } });
}

function gdprStatusRequest(c: Connection, requestId: string): HttpRequestSpec | undefined {
  const url = gdprStatusUrl(c, requestId);
  return url === undefined ? undefined : { method: 'GET', url, headers: { ...c.headers } };
}

function gdprListRequest(c: Connection): HttpRequestSpec {
  return { method: 'GET', url: apiUrl(c, '/gdpr/requests'), headers: { ...c.headers } };
}

/** "MALFORMED_PARAMETER (31): <vendor message>", from error_code/error_message, code/message, or the status. */
function batchErrorMessage(response: HttpResponse, c: Pick<Connection, 'redactor' | 'appKeyLabel'>): string {
  const body = readJson(response, errorSchema);
  const rawCode = body?.error_code ?? body?.code;
  const vendorText = body?.error_message ?? body?.message;
  const known =
    rawCode !== undefined
      ? BATCH_ERRORS.find((e) => String(e.code) === String(rawCode).trim() || e.name === String(rawCode).trim().toUpperCase())
      : BATCH_ERRORS.filter((e) => e.status === response.status).length === 1
        ? BATCH_ERRORS.find((e) => e.status === response.status)
        : undefined;
  const head = known
    ? `${known.name} (${known.code})`
    : rawCode !== undefined
      ? `Batch error ${rawCode} (HTTP ${response.status})`
      : `Batch answered HTTP ${response.status}`;
  const detail = vendorText !== undefined && vendorText.trim() !== '' ? vendorText : body ? undefined : bodyMessage(response, c.redactor);
  let message = redactedSnippet(detail === undefined ? head : `${head}: ${detail}`, c.redactor);
  if (response.status === 401) {
    message += `; check the REST API key and that the app API key "${c.appKeyLabel}" belongs to this company`;
  }
  return message;
}

function answerProblem(response: HttpResponse, c: Connection, request: string): CallOutcome {
  const message = batchErrorMessage(response, c);
  if (isTransientStatus(response.status)) return retryOutcome(response, message, request);
  return { kind: 'settled', results: { outcome: 'failed', httpStatus: response.status, message, request } };
}

function customDataClient(account: BatchAccount, c: Connection, settings: BatchSettings): DeleteClient {
  const limits: CallLimits = {
    idsPerCall: Math.max(1, Math.min(settings.batchCustomDataChunkSize, BATCH_MAX_IDS_PER_BULK)),
    maxInFlight: CUSTOM_DATA_MAX_IN_FLIGHT,
    pacingKey: `batch:${account.id}:${c.appKeyLabel}:custom-data`,
  };
  // A 10,000-ID body takes a millisecond to build: the runner builds the next ones while calls are
  // in flight (prepareDelete), so a freed slot sends as soon as its intent is durable.
  const prepareDelete = (ids: readonly string[]) => {
    const spec = customDataRequest(c, ids);
    const request = summarizeRequest(spec, ids.length, c.redactor);
    return async (signal?: AbortSignal): Promise<CallOutcome> => {
      const response = await c.http.send(spec, signal);
      if (!isSuccessStatus(response.status)) {
        // A bad ID refuses the whole bulk call and the answer does not say which: halve it (the
        // scheduler stops halving when the request itself is what Batch refuses).
        if (response.status === 400 && ids.length > 1) return { kind: 'split', httpStatus: 400, message: batchErrorMessage(response, c), request };
        return answerProblem(response, c, request);
      }
      return { kind: 'settled', results: readCustomDataSuccess(response, c, request) };
    };
  };
  return {
    limits,
    requestsFor: (ids) => [customDataRequest(c, ids)],
    prepareDelete,
    deleteIds: async (ids, signal) => prepareDelete(ids)(signal),
  };
}

function carriesError(body: Record<string, unknown> | undefined): boolean {
  return errorFields(body).length > 0;
}

/** Success is documented as `200 {"token": "<uuid>"}`: a 2xx without a token, or with an error in it, is no known success. */
function readCustomDataSuccess(response: HttpResponse, c: Connection, request: string): CallIdResult {
  const token = readJson(response, tokenSchema)?.token;
  const withError = carriesError(readJson(response, jsonObjectSchema));
  if (token && !withError) {
    return { outcome: 'accepted', httpStatus: response.status, message: 'accepted by Batch Custom Data (not real time)', reference: token, request };
  }
  const why = withError ? 'with an error in it' : 'without a token';
  return {
    outcome: 'unknown',
    httpStatus: response.status,
    message: `Batch answered HTTP ${response.status} ${why}, so the deletion may or may not be queued: ${bodyMessage(response, c.redactor)}`,
    request,
  };
}

function gdprClient(account: BatchAccount, c: Connection, settings: BatchSettings): DeleteClient {
  const limits: CallLimits = {
    idsPerCall: 1,
    maxInFlight: settings.batchGdprConcurrency,
    pacingKey: `batch:${account.id}:${c.appKeyLabel}:gdpr`,
    // Each create is a new removal request: one that may have arrived is not sent again.
    resendUnanswered: false,
  };
  const requestsFor = (ids: readonly string[]) => ids.map((id) => gdprCreateRequest(c, id));
  // One request per user: a request id given for another ID of this run cannot be this ID's.
  const ownerOf = new Map<string, string>();
  return {
    limits,
    requestsFor,
    async deleteIds(ids, signal) {
      const results: CallIdResult[] = [];
      // idsPerCall is 1, so the runner sends one ID per call; more are handled one after another.
      for (const [index, spec] of requestsFor(ids).entries()) {
        const request = summarizeRequest(spec, 1, c.redactor);
        const response = await c.http.send(spec, signal);
        if (!isSuccessStatus(response.status)) {
          const problem = answerProblem(response, c, request);
          if (problem.kind !== 'settled' && results.length === 0) return problem;
          results.push({ outcome: 'failed', httpStatus: response.status, message: batchErrorMessage(response, c), request });
          continue;
        }
        // Read once (JSON, keys given twice), then as each shape.
        const body = readJson(response, jsonObjectSchema);
        const created = body && gdprCreatedSchema.safeParse(body).data;
        const requestId = created?.request_id ?? created?.token ?? created?.id;
        if (requestId && !ownerOf.has(requestId)) ownerOf.set(requestId, ids[index]);
        const about = body && gdprAboutSchema.safeParse(body).data?.id?.value;
        const why = !requestId
          ? undefined
          : carriesError(body)
            ? 'with an error next to the GDPR request id'
            : about !== undefined && about !== ids[index]
              ? 'with a GDPR request about another user ID'
            : gdprStatusUrl(c, requestId) === undefined
              ? `with a GDPR request id that ${REQUEST_ID_UNUSABLE}`
              : ownerOf.get(requestId) !== ids[index]
                ? 'with the GDPR request id it gave for another ID of this run'
                : undefined;
        if (why) {
          // Perhaps created, but not the documented success: not "accepted", so Retry can send it again.
          results.push({
            outcome: 'unknown',
            httpStatus: response.status,
            message: `Batch answered HTTP ${response.status} ${why}, so the removal request may or may not be under way: ${bodyMessage(response, c.redactor)}`,
            reference: requestId,
            request,
          });
          continue;
        }
        if (!requestId) {
          // Perhaps created, but nothing to follow it by: not "accepted", so Retry can send it again.
          results.push({
            outcome: 'unknown',
            httpStatus: response.status,
            message: `Batch answered HTTP ${response.status} without a GDPR request id, so the removal request may or may not have been created: ${bodyMessage(response, c.redactor)}`,
            request,
          });
          continue;
        }
        results.push({ outcome: 'accepted', httpStatus: response.status, message: 'GDPR remove request accepted by Batch', reference: requestId, request });
      }
      return { kind: 'settled', results: results.length === 1 ? results[0] : results };
    },
  };
}

/**
 * Polls GET /gdpr/request/{id}. pending → accepted; done → done; done with a "user not found"
 * error → not-found (Batch completed the request and had nothing for that ID); done with another
 * error → failed, the error shown; Batch's JSON 404 → the request expired at Batch (kept 20–30
 * days) before we saw it done: its result can never be known, so it leaves the pending count as
 * unknown (Retry sends a new request that will answer). Any other failed check, a gateway's HTML
 * 404 included, leaves the ID accepted.
 */
function gdprStatusChecker(account: BatchAccount, c: Connection, settings: BatchSettings): StatusChecker {
  return {
    limits: {
      idsPerCall: 1,
      maxInFlight: settings.statusConcurrency,
      // Its own key: sharing the create key with another concurrency would flip that key's limit.
      pacingKey: `batch:${account.id}:${c.appKeyLabel}:gdpr-status`,
    },
    automatic: true,
    async check(entries, signal) {
      const results: CallIdResult[] = [];
      for (const entry of entries) results.push(await checkOne(c, entry, signal));
      return { kind: 'settled', results: results.length === 1 ? results[0] : results };
    },
  };
}

async function checkOne(c: Connection, entry: PendingEntry, signal?: AbortSignal): Promise<CallIdResult> {
  const reference = entry.reference;
  if (!reference) {
    // Recorded by an older version that took a create answer without a request id as accepted.
    return {
      outcome: 'unknown',
      message: 'result unknown: no GDPR request id was recorded, so whether Batch removed this ID cannot be checked — send it again to be sure',
    };
  }
  const spec = gdprStatusRequest(c, reference);
  if (spec === undefined) {
    return {
      outcome: 'unknown',
      reference,
      message: `result unknown: the GDPR request id ${REQUEST_ID_UNUSABLE}, so whether Batch removed this ID cannot be checked — send it again to be sure`,
    };
  }
  const request = summarizeRequest(spec, 1, c.redactor);
  const base = { reference, request };
  let response: HttpResponse;
  try {
    response = await c.http.send(spec, signal);
  } catch (error) {
    if (error instanceof HttpTransportError && error.failure === 'aborted') throw error;
    return { ...base, outcome: 'accepted', message: `pending at Batch (status check failed: ${describeError(error, c.redactor)})` };
  }
  const httpStatus = response.status;
  if (response.status === 404 && readJson(response, jsonObjectSchema) !== undefined) {
    return {
      ...base,
      outcome: 'unknown',
      httpStatus,
      message:
        'result unknown: Batch no longer has this GDPR request (requests expire after 20–30 days); it was accepted, ' +
        `but whether the removal succeeded cannot be confirmed — send it again to be sure (${batchErrorMessage(response, c)})`,
    };
  }
  if (!isSuccessStatus(response.status)) {
    // Includes a 404 that is not Batch's JSON (a gateway's page): it says nothing about the request.
    const unexpected = response.status === 404 ? `unexpected answer HTTP 404: ${bodyMessage(response, c.redactor)}` : batchErrorMessage(response, c);
    return { ...base, outcome: 'accepted', httpStatus, message: `pending at Batch (status check failed: ${unexpected})` };
  }
  const body = readJson(response, jsonObjectSchema);
  const status = body && gdprStatusSchema.safeParse(body).data;
  if (!status) {
    return { ...base, outcome: 'accepted', httpStatus, message: `pending at Batch (unreadable status answer: ${bodyMessage(response, c.redactor)})` };
  }
  const answeredFor = status.id?.value;
  if ((status.request_id !== undefined && status.request_id !== reference) || (answeredFor !== undefined && answeredFor !== entry.id)) {
    // Only an answer about this very request and ID can finish it.
    const about = redactedSnippet(`request ${status.request_id ?? '?'} for ID ${answeredFor ?? '?'}`, c.redactor, 200);
    return { ...base, outcome: 'accepted', httpStatus, message: `pending at Batch (the status answer is about another request: ${about})` };
  }
  const word = status.status.trim().toLowerCase();
  if (word === 'pending') return { ...base, outcome: 'accepted', httpStatus, message: 'pending at Batch' };
  if (word === 'done' && status.request_id === undefined && answeredFor === undefined) {
    // The documented answer names both; one naming neither (a cached or generic page) cannot finish this request.
    return { ...base, outcome: 'accepted', httpStatus, message: `pending at Batch (the status answer does not say which request it is about: ${bodyMessage(response, c.redactor)})` };
  }
  if (word === 'done') {
    // The documented `error`, and any other field that says something went wrong (`errors`, `success: false`…).
    // Batch's error field names are not published (code/message is one guess): a text `message` on a
    // finished request is read as one too.
    const message = typeof body?.message === 'string' && body.message.trim() !== '' ? [['message', body.message] as [string, unknown]] : [];
    const others = [...errorFields(body, ['error']), ...message];
    const stated = gdprErrorText(status.error);
    const error = others.length === 0 ? stated : [stated, JSON.stringify(Object.fromEntries(others))].filter((e) => e !== undefined).join('; ');
    if (error === undefined) return { ...base, outcome: 'done', httpStatus, message: 'done at Batch' };
    const shown = redactedSnippet(error, c.redactor, 300);
    if (others.length === 0 && isUserNotFound(error)) return { ...base, outcome: 'not-found', httpStatus, message: `not found at Batch (GDPR request done: ${shown})` };
    return { ...base, outcome: 'failed', httpStatus, message: `Batch finished the GDPR request with an error: ${shown}` };
  }
  return { ...base, outcome: 'accepted', httpStatus, message: `pending at Batch (unrecognised status "${redactedSnippet(status.status, c.redactor, 80)}")` };
}

async function testConnection(account: BatchAccount, secrets: BatchSecrets, env: VendorClientEnv, signal?: AbortSignal): Promise<ConnectionCheck> {
  const failures: string[] = [];
  for (const label of account.appKeyLabels) {
    let c: Connection;
    try {
      c = connect(account, secrets, label, env);
    } catch (error) {
      failures.push(`"${label}": ${error instanceof BatchAppKeyUnusableError ? `the key ${PATH_CHANGED_REASON}` : 'no app API key stored'}`);
      continue;
    }
    try {
      const response = await c.http.send(gdprListRequest(c), signal);
      if (!isSuccessStatus(response.status)) failures.push(`"${label}": ${batchErrorMessage(response, c)}`);
      // The list is documented as a JSON array: a portal's page or an error in a 2xx proves nothing.
      else if (readJson(response, gdprListSchema) === undefined) failures.push(`"${label}": unexpected answer HTTP ${response.status}: ${bodyMessage(response, c.redactor)}`);
    } catch (error) {
      failures.push(`"${label}": could not reach Batch (${describeError(error, c.redactor)})`);
    }
  }
  if (failures.length === 0) return { ok: true, message: `Connected to Batch (${account.appKeyLabels.join(', ')})` };
  return { ok: false, message: `Batch app API key ${failures.join('; ')}` };
}

/** "ios=KEY1,android=KEY2" or "KEY1,KEY2" (labelled app1, app2, …); errors name entries and labels, never keys. */
export function parseBatchApiKeys(list: string): Record<string, string> {
  const appKeys: Record<string, string> = {};
  const entries = list.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) throw new Error('BATCH_API_KEYS holds no app API key');
  entries.forEach((entry, n) => {
    const equals = entry.indexOf('=');
    const label = equals > 0 ? entry.slice(0, equals).trim() : `app${n + 1}`;
    const key = equals > 0 ? entry.slice(equals + 1).trim() : entry;
    if (key === '') throw new Error(`BATCH_API_KEYS entry ${n + 1} (${label}) has no key`);
    const problem = credentialTextProblem(key) ?? batchAppKeyProblem(key);
    if (problem) throw new Error(`BATCH_API_KEYS entry ${n + 1} (${label}): the key ${problem}; set it again`);
    if (appKeys[label] !== undefined) throw new Error(`BATCH_API_KEYS uses the label "${label}" twice`);
    // Two labels for one app would send every user's GDPR request (and Custom Data delete) twice to it.
    const same = Object.keys(appKeys).find((other) => appKeys[other] === key);
    if (same !== undefined) throw new Error(`BATCH_API_KEYS entry ${n + 1} (${label}) has the same key as "${same}"; give each app its own key once`);
    appKeys[label] = key;
  });
  return appKeys;
}

/** Every piece of a BATCH_API_KEYS list that may be a key, before it is parsed. */
function batchApiKeysSecrets(list: string): string[] {
  const values = [list];
  for (const entry of list.split(',')) {
    const equals = entry.indexOf('=');
    const key = (equals > 0 ? entry.slice(equals + 1) : entry).trim();
    // "KEY=" (the key typed where the label goes) must not be echoed as a label in an error.
    values.push(entry.trim(), key === '' && equals > 0 ? entry.slice(0, equals).trim() : key);
  }
  return values;
}

const MODE_NAMES: Record<BatchMode, string> = { gdpr: 'GDPR remove', 'custom-data': 'Custom Data delete' };

export const batchVendor = defineVendor<BatchAccount, BatchSecrets, BatchOptions>({
  id: 'batch',
  displayName: 'Batch',
  accountSchema: batchAccountSchema,
  secretsSchema: batchSecretsSchema,
  optionsSchema: batchOptionsSchema,
  fieldsSummary: 'REST API key + one or more app API keys',
  fields: [
    {
      kind: 'secret',
      key: 'restKey',
      env: 'BATCH_REST_API_KEY',
      schema: batchSecretsSchema.shape.restKey,
      name: 'REST API key',
      prompt: "The REST API key of your Batch company (sent as X-Authorization; kept in VS Code's secret storage)",
      password: true,
    },
    {
      kind: 'labelled-keys',
      key: 'appKeys',
      labelsKey: 'appKeyLabels',
      env: 'BATCH_API_KEYS',
      labelSchema: accountLabelSchema,
      keySchema: batchSecretsSchema.shape.appKeys.def.valueType,
      // Batch puts the app key in the URL path.
      keyProblem: (key) => (/[/?#%\\]/.test(key) ? 'An app API key cannot contain /, ?, #, % or \\: paste it again.' : undefined),
      parseEnvironment: parseBatchApiKeys,
      environmentSecrets: batchApiKeysSecrets,
    },
  ],
  // Targets read "Batch · environment · android · GDPR remove"; results name the app label.
  environmentLabel: () => 'environment',
  // Journals written before the label was "environment" hold "Batch": the app labels tell Batch jobs apart.
  environmentLabelIdentifies: false,
  environmentTargetProblem: (options, account) =>
    account.appKeyLabels.includes(options.appKeyLabel)
      ? undefined
      : `made for the Batch app "${options.appKeyLabel}", which BATCH_API_KEYS does not name (it has ${account.appKeyLabels.join(', ')})`,
  settings: {
    schema: batchSettingsSchema,
    configKeys: { batchCustomDataChunkSize: 'batch.customDataChunkSize', batchGdprConcurrency: 'batch.gdprConcurrency' },
  },
  describeAccount: (account) => ({
    facts: [`${account.appKeyLabels.length === 1 ? 'app' : 'apps'}: ${account.appKeyLabels.join(', ')}`],
    details: [['App API keys', account.appKeyLabels.join(', ')]],
  }),
  caveats: [
    'Irreversible.',
    'GDPR remove: after the removal Batch ignores data for that ID for one month.',
    'Custom Data delete: not real time, no status to check, and only on Premier/Enterprise plans.',
    'IDs are case- and whitespace-sensitive: they are sent exactly as listed.',
  ],
  async chooseOptions(account, ask) {
    const modes = await ask.pickOne<BatchMode[]>({
      flag: 'mode',
      title: `Batch · ${account.label}: how to delete?`,
      choices: [
        { id: 'gdpr', label: 'GDPR remove', description: 'recommended', detail: 'One GDPR removal request per user and app; status checked later.', value: ['gdpr'] },
        { id: 'custom-data', label: 'Custom Data delete', detail: 'Deletes the custom data of the users (bulk calls; Premier/Enterprise plans).', value: ['custom-data'] },
        { id: 'both', label: 'Both', detail: 'A GDPR removal and a Custom Data delete for every user.', value: ['gdpr', 'custom-data'] },
      ],
    });
    const appKeys =
      account.appKeyLabels.length > 1
        ? await ask.pickMany({
            title: `Batch · ${account.label}: which apps (app API keys)?`,
            placeholder: 'Every app is ticked; untick the ones to leave alone',
            choices: account.appKeyLabels.map((label) => ({ label, value: label })),
            noneMessage: 'No Batch app was picked; nothing was deleted.',
          })
        : account.appKeyLabels;
    return appKeys.flatMap((appKeyLabel) => modes.map((mode): BatchOptions => ({ vendor: 'batch', mode, appKeyLabel })));
  },
  optionFlags: [{ flag: 'mode', values: ['gdpr', 'custom-data', 'both'], help: 'default gdpr' }],
  describeOptions: (options) => ({
    target: [options.appKeyLabel, MODE_NAMES[options.mode]],
    mode: `${MODE_NAMES[options.mode]} · ${options.appKeyLabel}`,
    details: [
      ['App key', options.appKeyLabel],
      ['Mode', MODE_NAMES[options.mode]],
    ],
    part: { name: options.appKeyLabel, variant: options.mode },
  }),
  targetKey: (accountId, options) => `batch:${accountId}:${options.appKeyLabel}:${options.mode}`,
  idLimits: () => ({
    maxCharacters: {
      limit: BATCH_MAX_ID_CHARACTERS,
      problem: (characters) => `too long for Batch: ${characters} characters (Batch IDs must be shorter than 1024 characters)`,
    },
  }),
  createDeleteClient(target, account, secrets, env) {
    const { mode, appKeyLabel } = batchOptions(target);
    const c = connect(account, secrets, appKeyLabel, env);
    return mode === 'gdpr' ? gdprClient(account, c, batchSettings(env.settings)) : customDataClient(account, c, batchSettings(env.settings));
  },
  createStatusChecker(target, account, secrets, env): StatusChecker | NoStatusCheck {
    const { mode, appKeyLabel } = batchOptions(target);
    if (mode === 'custom-data') return { pendingNote: 'accepted by Batch (Custom Data deletions are not real time; no status API)' };
    return gdprStatusChecker(account, connect(account, secrets, appKeyLabel, env), batchSettings(env.settings));
  },
  testConnection,
  secretHeaders: ['X-Authorization'],
  // The app API key sits in the path: /1.0/{API_KEY}/...
  secretInUrl: /(\/1\.0\/)([^/?#]+)(?=\/)/g,
});
