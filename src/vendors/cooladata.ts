// Cooladata (Medallia Journey Analytics): Delete API and the optional Delete Status API
// (shared/vendor-contracts.md §1). Deletion is queued; success is a 200 with an empty body.
import * as z from 'zod/mini';
import { accountBase, secretText } from '../core/accounts';
import type { HttpRequestSpec, HttpResponse } from '../core/http';
import type { TargetSpec } from '../core/job';
import { vendorSettings } from '../core/settings';
import { pathSegmentProblem } from '../core/urlPath';
import {
  bodyMessage,
  idPathProblem,
  isEmptyValue,
  idPathUrl,
  isSuccessStatus,
  isTransientStatus,
  jsonObjectSchema,
  jsonRequest,
  NAMES_LEFT_OUT,
  PATH_CHANGED_REASON,
  readJson,
  redactedSnippet,
  retryOutcome,
  summarizeRequest,
} from './common';
import {
  defineVendor,
  type CallIdResult,
  type CallLimits,
  type CallOutcome,
  type DeleteClient,
  type NoStatusCheck,
  type PendingEntry,
  type StatusChecker,
  type VendorClientEnv,
} from './vendor';
import { builtOnFirstUse } from '../core/builtOnFirstUse';

export const COOLADATA_BASE_URL = 'https://app.cooladata.com';

export const cooladataAccountSchema = builtOnFirstUse(() => z.object({
  ...accountBase,
  vendor: z.literal('cooladata'),
  projectId: z.string().check(
    z.trim(),
    z.minLength(1, 'the project ID is required'),
    z.refine((id) => pathSegmentProblem(id) === undefined, `the project ID ${PATH_CHANGED_REASON}`),
  ),
  /** Path of the Delete Status API, when Cooladata support gave one (e.g. /api/v2/projects/{projectId}/users/delete/status). */
  statusPath: z.optional(z.string().check(z.trim(), z.startsWith('/', 'the status path must start with /'))),
  /** Which Authorization form the account accepted last: "Token <token>" or the bare token. */
  authForm: z.optional(z.enum(['token', 'bare'])),
}));
export const cooladataSecretsSchema = builtOnFirstUse(() => z.object({ apiToken: secretText('the API token') }));
export const cooladataOptionsSchema = builtOnFirstUse(() => z.object({ vendor: z.literal('cooladata'), reason: z.string() }));

export type CooladataAccount = z.infer<typeof cooladataAccountSchema>;
export type CooladataSecrets = z.infer<typeof cooladataSecretsSchema>;
export type CooladataOptions = z.infer<typeof cooladataOptionsSchema>;

export const cooladataSettingsSchema = builtOnFirstUse(() => z.object({
  /** Reason sent with Cooladata deletions (editable in the confirmation). */
  cooladataReason: z._default(z.string().check(z.minLength(1)), 'GDPR erasure request'),
  cooladataChunkSize: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 100),
  cooladataConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(32)), 2),
}));
export type CooladataSettings = z.infer<typeof cooladataSettingsSchema>;

/** Longest deletion reason the editor accepts. */
export const MAX_REASON_LENGTH = 500;

type AuthForm = 'token' | 'bare';

const ACCEPTED_MESSAGE = 'queued at Cooladata';
const NO_STATUS_NOTE = 'queued at Cooladata (status API not configured)';
const ADMIN_HINT = 'check that the token belongs to an ADMIN user';

function authorization(form: AuthForm, token: string): string {
  return form === 'token' ? `Token ${token}` : token;
}

function otherForm(form: AuthForm): AuthForm {
  return form === 'token' ? 'bare' : 'token';
}

/**
 * The Authorization form an account accepts. The vendor page documents `Token <token>`, an older
 * sample the bare token: a 401 is retried once, immediately, with the other form; the form that
 * worked is used for later calls and remembered for the account.
 */
class CooladataAuth {
  private form: AuthForm;
  /** The form the account record holds (learned by an earlier call, or the default). */
  private remembered: AuthForm;

  constructor(
    private readonly account: CooladataAccount,
    private readonly token: string,
    private readonly env: VendorClientEnv,
  ) {
    this.form = account.authForm ?? 'token';
    this.remembered = this.form;
  }

  headers(form: AuthForm = this.form): Record<string, string> {
    return { Authorization: authorization(form, this.token), 'Content-Type': 'application/json' };
  }

  /** Sends a request; on 401 sends it once more with the other form (never more than that). */
  async send(
    build: (headers: Record<string, string>) => HttpRequestSpec,
    signal?: AbortSignal,
  ): Promise<{ response: HttpResponse; spec: HttpRequestSpec; triedBoth: boolean }> {
    let form = this.form;
    let spec = build(this.headers(form));
    let response = await this.env.http.send(spec, signal);
    // Cancelled meanwhile: the 401 is this call's answer (the fallback would be cut off anyway).
    const triedBoth = response.status === 401 && !signal?.aborted;
    if (triedBoth) {
      form = otherForm(form);
      spec = build(this.headers(form));
      response = await this.env.http.send(spec, signal);
      // Past authentication with the other form (even if the call failed otherwise, e.g. a 503):
      // this call's retries and later calls start with it instead of collecting the same 401 again.
      if (response.status !== 401) this.form = form;
    }
    if (isSuccessStatus(response.status) && form !== this.remembered) {
      this.remembered = form;
      this.env.rememberAccount?.(this.account.id, { authForm: form });
    }
    return { response, spec, triedBoth };
  }
}

/** The message for a final (non-2xx, non-transient) answer: the vendor's body text plus a hint. */
function failureMessage(response: HttpResponse, account: CooladataAccount, triedBoth: boolean, env: VendorClientEnv): string {
  const body = bodyMessage(response, env.redactor);
  if (response.status === 401 || response.status === 403) {
    const forms = triedBoth ? ' (both the "Token <token>" and the bare-token Authorization forms were tried)' : '';
    return `${body} — ${ADMIN_HINT}${forms}`;
  }
  if (response.status === 404) return `${body} — ${env.redactor.redactText(`unknown project ${account.projectId}?`)}`;
  return body;
}

/**
 * Success is documented as a 200 with an empty body, and failures as carrying the reason in the
 * body: another 2xx, or a 2xx with any body, is no known success (the deletion may or may not be
 * queued).
 */
function readSuccess(response: HttpResponse, request: string, env: VendorClientEnv): CallIdResult {
  const common = { httpStatus: response.status, request };
  const empty = !response.bodyCapped && response.bodyText.trim() === '';
  if (empty && response.status === 200) return { ...common, outcome: 'accepted', message: ACCEPTED_MESSAGE };
  if (empty) {
    return { ...common, outcome: 'unknown', message: `Cooladata answered HTTP ${response.status} with no body (success is an empty 200), so the deletion may or may not be queued` };
  }
  return {
    ...common,
    outcome: 'unknown',
    message: `Cooladata answered HTTP ${response.status} with a body (success is an empty 200), so the deletion may or may not be queued: ${bodyMessage(response, env.redactor)}`,
  };
}

function baseUrl(env: VendorClientEnv): string {
  return env.baseUrlOverride ?? COOLADATA_BASE_URL;
}

const PROJECTS_PATH = '/api/v2/projects/';
const DELETE_PATH = '/users/delete';

export class CooladataProjectIdError extends Error {
  override name = 'CooladataProjectIdError';
}

/** Why a project ID cannot be used (it would change the URL path it goes into), or undefined. */
export function cooladataProjectIdProblem(projectId: string): string | undefined {
  return idPathProblem(PROJECTS_PATH, projectId, DELETE_PATH);
}

function deleteUrl(account: CooladataAccount, env: VendorClientEnv): string {
  const url = idPathUrl(baseUrl(env), PROJECTS_PATH, account.projectId, DELETE_PATH);
  if (url === undefined) throw new CooladataProjectIdError(`the Cooladata project ID ${PATH_CHANGED_REASON}; check the project ID`);
  return url;
}

/** The status URL, or undefined when the project ID or the path itself would not be sent as written. */
function statusUrl(account: CooladataAccount, statusPath: string, env: VendorClientEnv): string | undefined {
  if (statusPath.includes('{projectId}') && cooladataProjectIdProblem(account.projectId)) return undefined;
  const meant = statusPath.replaceAll('{projectId}', encodeURIComponent(account.projectId));
  const url = baseUrl(env) + meant;
  try {
    return new URL(url).pathname === meant ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Calls of one account share one limiter, deletions and status checks alike (no limit is documented). */
function cooladataLimits(account: CooladataAccount, env: VendorClientEnv): CallLimits {
  const own = vendorSettings(env.settings, cooladataSettingsSchema);
  return {
    idsPerCall: own.cooladataChunkSize,
    maxInFlight: own.cooladataConcurrency,
    pacingKey: `cooladata:${account.id}`,
  };
}

function createDeleteClient(target: TargetSpec, account: CooladataAccount, secrets: CooladataSecrets, env: VendorClientEnv): DeleteClient {
  // The contract wants a reason on every call: a blank one falls back to the configured default.
  const given = typeof target.options.reason === 'string' ? target.options.reason.trim() : '';
  const reason = given || vendorSettings(env.settings, cooladataSettingsSchema).cooladataReason;
  const auth = new CooladataAuth(account, secrets.apiToken, env);
  const url = deleteUrl(account, env);
  // The body once, whichever auth form the call ends up sending it with.
  const build = (ids: readonly string[]) => {
    const body = JSON.stringify({ reason, userIds: ids });
    return (headers: Record<string, string>): HttpRequestSpec => ({ method: 'POST', url, headers, body });
  };
  // Built ahead by the runner while earlier calls are in flight (prepareDelete).
  const prepareDelete = (ids: readonly string[]) => {
    const withHeaders = build(ids);
    return async (signal?: AbortSignal): Promise<CallOutcome> => {
      const { response, spec, triedBoth } = await auth.send(withHeaders, signal);
      const request = summarizeRequest(spec, ids.length, env.redactor);
      if (isSuccessStatus(response.status)) return { kind: 'settled', results: readSuccess(response, request, env) };
      if (isTransientStatus(response.status)) return retryOutcome(response, bodyMessage(response, env.redactor), request);
      if (response.status === 400 && ids.length > 1) {
        // A bad ID refuses the whole chunk and the body need not say which: halve it (the
        // scheduler stops halving when the request itself is what Cooladata refuses).
        return { kind: 'split', httpStatus: 400, message: failureMessage(response, account, triedBoth, env), request };
      }
      return {
        kind: 'settled',
        results: { outcome: 'failed', httpStatus: response.status, message: failureMessage(response, account, triedBoth, env), request },
      };
    };
  };

  return {
    limits: cooladataLimits(account, env),
    requestsFor: (ids) => [build(ids)(auth.headers())],
    prepareDelete,
    deleteIds: async (ids, signal) => prepareDelete(ids)(signal),
  };
}

// ---- Delete Status API: path, payload and answer are undocumented, so the answer is read
// tolerantly and anything not clearly understood is shown raw, never guessed.

type StatusKind = 'pending' | 'done' | 'failed';

const STATUS_WORDS: Record<StatusKind, readonly string[]> = {
  pending: ['pending', 'queued', 'in progress', 'inprogress', 'processing', 'in queue'],
  done: ['done', 'completed', 'complete', 'deleted', 'success', 'succeeded', 'successful'],
  failed: ['failed', 'failure', 'fail', 'error', 'errored'],
};
const NEGATIONS = ['not', 'no', 'never', 'non'];
/**
 * The only words a "done" status may hold besides done words: "completed_with_errors", "partially
 * deleted", "Done: 0 of 1 users deleted" or "deleted=false" qualify it, and are not understood.
 */
const PLAIN_DONE_WORDS = new Set(['user', 'users', 'deletion', 'request', 'successfully', 'fully', 'has', 'have', 'been', 'was', 'were', 'is', 'are', 'already']);

/** A status word as pending/done/failed; undefined unless exactly one kind of word appears, unnegated (and a done one unqualified). */
export function classifyStatusWord(raw: string): StatusKind | undefined {
  const text = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (text === '') return undefined;
  const padded = ` ${text} `;
  if (NEGATIONS.some((word) => padded.includes(` ${word} `))) return undefined;
  const kinds = (Object.keys(STATUS_WORDS) as StatusKind[]).filter((kind) =>
    STATUS_WORDS[kind].some((word) => padded.includes(` ${word} `)),
  );
  if (kinds.length !== 1) return undefined;
  if (kinds[0] === 'done' && !text.split(' ').every((word) => PLAIN_DONE_WORDS.has(word) || STATUS_WORDS.done.includes(word))) return undefined;
  return kinds[0];
}

interface EntryStatus {
  raw: string;
  kind?: StatusKind;
  detail?: string;
  /** An `error` next to the status, or a detail in words of failure: a "done" beside it is not believed. */
  contradicted?: boolean;
}

const scalar = builtOnFirstUse(() => z.pipe(z.union([z.string(), z.number()]), z.transform(String)));
const entryObjectSchema = builtOnFirstUse(() => z.object({
  status: z.optional(scalar),
  state: z.optional(scalar),
  deletionStatus: z.optional(scalar),
  deletion_status: z.optional(scalar),
  error: z.optional(z.string()),
  message: z.optional(z.string()),
  reason: z.optional(z.string()),
}));
/** An ID given as a number only when JSON holds it exactly: 12345678901234567890 reads as another ID. */
const exactId = builtOnFirstUse(() => z.pipe(z.union([z.string(), z.int()]), z.transform(String)));
const listItemSchema = builtOnFirstUse(() => z.extend(entryObjectSchema, {
  userId: z.optional(exactId),
  user_id: z.optional(exactId),
  customer_user_id: z.optional(exactId),
  customerUserId: z.optional(exactId),
  id: z.optional(exactId),
}));
const WRAPPER_KEYS = ['users', 'results', 'statuses', 'data', 'items', 'requests', 'userIds', 'user_ids'];

/**
 * A field beside a status that lists or counts failures (`failed: ["u2"]`, `errors: […]`,
 * `failedCount: 1`) or says one in words (`result: "FAILED"`), with its value; `skip` leaves out
 * keys that are IDs asked about.
 */
function failuresBeside(value: unknown, skip?: ReadonlySet<string>): string | undefined {
  const parsed = jsonObjectSchema.safeParse(value);
  if (!parsed.success) return undefined;
  for (const [key, inner] of Object.entries(parsed.data)) {
    if (key === 'error' || skip?.has(key) || isEmptyValue(inner)) continue;
    const saysFailure = NAMES_LEFT_OUT.test(key) || (typeof inner === 'string' && classifyStatusWord(inner) === 'failed');
    if (saysFailure) return `${key}: ${JSON.stringify(inner)}`;
  }
  return undefined;
}

function entryStatus(value: unknown): EntryStatus | undefined {
  if (typeof value === 'string') return { raw: value, kind: classifyStatusWord(value) };
  const parsed = entryObjectSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const o = parsed.data;
  const raw = o.status ?? o.state ?? o.deletionStatus ?? o.deletion_status;
  if (raw === undefined) return undefined;
  const kind = classifyStatusWord(raw);
  const failures = kind === 'done' ? failuresBeside(value) : undefined;
  const detail = o.error ?? o.message ?? o.reason ?? failures;
  const contradicted =
    kind === 'done' &&
    ((o.error !== undefined && o.error.trim() !== '') || failures !== undefined || [o.message, o.reason].some((w) => w !== undefined && classifyStatusWord(w) === 'failed'));
  return { raw, kind, detail, ...(contradicted ? { contradicted } : {}) };
}

function fromList(items: readonly unknown[]): Map<string, EntryStatus> | undefined {
  const byId = new Map<string, EntryStatus>();
  for (const item of items) {
    const parsed = listItemSchema.safeParse(item);
    if (!parsed.success) continue;
    const o = parsed.data;
    const id = o.userId ?? o.user_id ?? o.customer_user_id ?? o.customerUserId ?? o.id;
    const status = entryStatus(item);
    if (id === undefined || !status) continue;
    const earlier = byId.get(id);
    // The same ID listed twice with different statuses: neither is believed.
    byId.set(id, earlier === undefined || (earlier.raw === status.raw && earlier.kind === status.kind) ? status : conflicting(earlier, status));
  }
  return byId.size > 0 ? byId : undefined;
}

function conflicting(a: EntryStatus, b: EntryStatus): EntryStatus {
  return { raw: `listed twice, "${a.raw}" and "${b.raw}"` };
}

/** Keys that name the status of the whole answer: an ID spelled like one is not looked up by key. */
const STATUS_KEYS = new Set(['status', 'state', 'deletionStatus', 'deletion_status']);
/** Words that may only say the status call itself went well: never read as "deleted" for every ID. */
const CALL_SUCCESS_WORDS = new Set(['success', 'succeeded', 'successful', 'ok']);

function fromMap(map: Record<string, unknown>, ids: readonly string[]): Map<string, EntryStatus> | undefined {
  const byId = new Map<string, EntryStatus>();
  for (const id of ids) {
    if (!Object.hasOwn(map, id) || STATUS_KEYS.has(id)) continue;
    byId.set(id, entryStatus(map[id]) ?? { raw: JSON.stringify(map[id]) ?? String(map[id]) });
  }
  return byId.size > 0 ? byId : undefined;
}

type StatusAnswer = { perId: Map<string, EntryStatus> } | { overall: EntryStatus };

/** Per-ID map, list of objects, either inside a common wrapper key, or one overall status. */
export function readStatusAnswer(value: unknown, ids: readonly string[], depth = 0): StatusAnswer | undefined {
  if (Array.isArray(value)) {
    const perId = fromList(value);
    return perId ? { perId } : undefined;
  }
  const parsed = jsonObjectSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const map = parsed.data;
  const perId = fromMap(map, ids);
  if (perId) return { perId: withFailuresBeside(perId, map, ids) };
  if (depth === 0) {
    for (const key of WRAPPER_KEYS) {
      if (!Object.hasOwn(map, key)) continue;
      const inner = readStatusAnswer(map[key], ids, depth + 1);
      if (inner && 'perId' in inner) return { perId: withFailuresBeside(inner.perId, map, ids) };
    }
    // Per-ID details we could not read: a status beside them may only describe the call.
    if (WRAPPER_KEYS.some((key) => Object.hasOwn(map, key))) return undefined;
  }
  const overall = entryStatus(map);
  return overall && isOverallStatus(overall) ? { overall } : undefined;
}

/** A "done" per ID is not believed when the answer also lists or counts failures it does not place (`{"u1": "done", "failed": ["u1"]}`), or fails as a whole. */
function withFailuresBeside(perId: Map<string, EntryStatus>, map: Record<string, unknown>, ids: readonly string[]): Map<string, EntryStatus> {
  const overall = entryStatus(map);
  const failures = failuresBeside(map, new Set(ids)) ?? (overall?.kind === 'failed' ? `status: ${JSON.stringify(overall.raw)}` : undefined);
  if (failures === undefined) return perId;
  return new Map([...perId].map(([id, status]) => [id, status.kind === 'done' ? { ...status, contradicted: true, detail: status.detail ?? failures } : status]));
}

/**
 * One status for every ID only when it clearly speaks of the deletion: pending or done words, but
 * not a bare "success" (the call's own result) and not "failed" (the status request, perhaps).
 */
function isOverallStatus(status: EntryStatus): boolean {
  if (status.kind === 'pending') return true;
  const word = status.raw.trim().toLowerCase();
  return status.kind === 'done' && !CALL_SUCCESS_WORDS.has(word);
}

function resultFor(status: EntryStatus | undefined, httpStatus: number, request: string, env: VendorClientEnv): CallIdResult {
  const common = { httpStatus, request };
  if (!status) return { ...common, outcome: 'accepted', message: 'the status answer did not mention this ID' };
  const raw = redactedSnippet(status.raw, env.redactor, 100);
  const detail = status.detail ? `: ${redactedSnippet(status.detail, env.redactor, 300)}` : '';
  switch (status.kind) {
    case 'pending':
      return { ...common, outcome: 'accepted', message: `still queued at Cooladata (status "${raw}")` };
    case 'done':
      if (status.contradicted) return { ...common, outcome: 'accepted', message: `status answer not understood: "${raw}" next to an error${detail}` };
      return { ...common, outcome: 'done', message: `Cooladata status "${raw}"` };
    case 'failed':
      return { ...common, outcome: 'failed', message: `Cooladata reports the deletion failed (status "${raw}")${detail}` };
    default:
      return { ...common, outcome: 'accepted', message: `status answer not understood: ${raw}` };
  }
}

function createStatusChecker(account: CooladataAccount, statusPath: string, secrets: CooladataSecrets, env: VendorClientEnv): StatusChecker | NoStatusCheck {
  const auth = new CooladataAuth(account, secrets.apiToken, env);
  const url = statusUrl(account, statusPath, env);
  if (url === undefined) return { pendingNote: `queued at Cooladata (status not checked: the status endpoint path with this project ID ${PATH_CHANGED_REASON})` };
  return {
    limits: cooladataLimits(account, env),
    automatic: true,
    async check(entries: readonly PendingEntry[], signal): Promise<CallOutcome> {
      const ids = entries.map((e) => e.id);
      const { response, spec, triedBoth } = await auth.send((headers) => jsonRequest('POST', url, headers, { userIds: ids }), signal);
      const request = summarizeRequest(spec, ids.length, env.redactor);
      if (isTransientStatus(response.status)) return retryOutcome(response, bodyMessage(response, env.redactor), request);
      if (!isSuccessStatus(response.status)) {
        // A status call that fails says nothing about the deletion: the IDs stay accepted.
        const hint = response.status === 404 ? ' — check the status endpoint path of the account' : '';
        const detail = response.status === 404 ? bodyMessage(response, env.redactor) + hint : failureMessage(response, account, triedBoth, env);
        const message = `status check failed (HTTP ${response.status}): ${detail}`;
        return { kind: 'settled', results: { outcome: 'accepted', httpStatus: response.status, message, request } };
      }
      // Not JSON, or a key given twice ({"u1": "pending", "u1": "done"}: it says two things): not understood.
      const answer = readJson(response, z.unknown());
      const read = answer === undefined ? undefined : readStatusAnswer(answer, ids);
      if (!read) {
        const raw = response.bodyText.trim() === '' ? '(empty body)' : bodyMessage(response, env.redactor);
        const message = `status answer not understood: ${raw}`;
        return { kind: 'settled', results: { outcome: 'accepted', httpStatus: response.status, message, request } };
      }
      if ('overall' in read) return { kind: 'settled', results: resultFor(read.overall, response.status, request, env) };
      return { kind: 'settled', results: ids.map((id) => resultFor(read.perId.get(id), response.status, request, env)) };
    },
  };
}

export const cooladataVendor = defineVendor<CooladataAccount, CooladataSecrets, CooladataOptions>({
  id: 'cooladata',
  displayName: 'Cooladata',
  accountSchema: cooladataAccountSchema,
  secretsSchema: cooladataSecretsSchema,
  optionsSchema: cooladataOptionsSchema,
  fieldsSummary: 'project ID + API token of an ADMIN user',
  fields: [
    {
      kind: 'text',
      key: 'projectId',
      env: 'COOLADATA_PROJECT_ID',
      schema: cooladataAccountSchema.shape.projectId,
      prompt: 'The Cooladata project ID',
      placeholder: 'e.g. 123456',
      envCheck: cooladataProjectIdProblem,
    },
    {
      kind: 'secret',
      key: 'apiToken',
      env: 'COOLADATA_API_TOKEN',
      schema: cooladataSecretsSchema.shape.apiToken,
      name: 'API token',
      prompt: "The user API token of an ADMIN user of the project (kept in VS Code's secret storage)",
      password: true,
    },
    {
      kind: 'text',
      key: 'statusPath',
      env: 'COOLADATA_STATUS_PATH',
      envPurpose: 'for status checks',
      optional: true,
      schema: cooladataAccountSchema.shape.statusPath,
      prompt:
        'Optional: the path of the Cooladata Delete Status API, if Cooladata support gave you one. Leave empty when you have none (accepted deletions then stay "queued at Cooladata").',
      placeholder: '/api/v2/projects/{projectId}/users/delete/status',
      check: (text) =>
        /^[a-z]+:\/\//i.test(text)
          ? "Enter only the path (starting with /), not a full URL: the host is always Cooladata's."
          : /\s/.test(text) && text.startsWith('/')
            ? 'The path cannot contain spaces.'
            : undefined,
      envCheck: (text) => (text.startsWith('/') ? undefined : 'must start with /'),
    },
  ],
  // A new token may need the other Authorization form: the client finds out again.
  learnedFields: ['authForm'],
  environmentLabel: (account) => `project ${account.projectId}`,
  describeAccount: (account) => ({
    facts: [`project ${account.projectId}`, ...(account.statusPath ? ['status API configured'] : [])],
    details: [
      ['Project ID', account.projectId],
      ['Delete Status API path', account.statusPath ?? 'not configured'],
      ...(account.authForm ? ([['Authorization form', account.authForm === 'token' ? 'Token <token>' : 'bare token']] as [string, string][]) : []),
    ],
  }),
  caveats: [
    'Irreversible: deleted users cannot be restored.',
    'All identities linked to the user are deleted too.',
    "The customer's own aggregation tables, external data sources and integration uploads are NOT cleaned.",
    'Without an opt-out, future events for the user are stored again.',
  ],
  settings: {
    schema: cooladataSettingsSchema,
    configKeys: { cooladataReason: 'cooladata.reason', cooladataChunkSize: 'cooladata.chunkSize', cooladataConcurrency: 'cooladata.concurrency' },
  },
  async chooseOptions(account, ask, settings) {
    const reason = await ask.text({
      flag: 'reason',
      title: `Cooladata · ${account.label}: reason for the deletion`,
      prompt: 'Sent to Cooladata with every deletion call',
      value: vendorSettings(settings, cooladataSettingsSchema).cooladataReason,
      validate: (value) =>
        value.trim() === '' ? 'A reason is required.' : value.length > MAX_REASON_LENGTH ? `At most ${MAX_REASON_LENGTH} characters.` : undefined,
    });
    return [{ vendor: 'cooladata', reason: reason.trim() }];
  },
  optionFlags: [{ flag: 'reason' }],
  describeOptions: (options) => ({
    target: [],
    mode: 'customer_user_id',
    details: [['Reason sent', options.reason]],
    sentWith: { name: 'Reason', value: options.reason },
  }),
  createDeleteClient,
  createStatusChecker(_target, account, secrets, env) {
    if (!account.statusPath) return { pendingNote: NO_STATUS_NOTE };
    return createStatusChecker(account, account.statusPath, secrets, env);
  },
});
