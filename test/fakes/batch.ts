import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defaultBatchAccounts, type BatchAccount, type BatchApp } from './accounts';
import { emptyReply, isJsonContentType, jsonReply, matchPath } from './http-util';
import { FakeVendorServer, type FakeServerInit, type Prepared, type RequestContext, type RuntimeSettings } from './server';
import type { Reply, RequestKind, SubjectState } from './types';

/** Switches for what the Batch contract leaves [unknown] or configurable. */
export interface BatchVariants {
  /**
   * Field carrying the GDPR request id in the create answer. Default 'request_id'. 'none'
   * (hostile): the request is created but the 200 answer is `{}`, with no id to follow it by.
   */
  gdprIdField: 'request_id' | 'token' | 'id' | 'none';
  /** Error body fields: {error_code,error_message}, {code,message}, or neither ({}). Default 'error_code'. */
  errorFields: 'error_code' | 'code' | 'none';
  /** GDPR requests disappear (404, gone from the list) this long after creation. Default 20 days [doc: 20–30]. */
  gdprExpiryMs: number;
  /** Most IDs per bulk Custom Data delete (default 10,000 [doc]); beyond: 400 + overLimit. */
  maxBulkIds: number;
  /** The `error` of a done GDPR request for a user the app does not have. Default 'user not found' [doc]. */
  gdprNotFoundError: unknown;
  /** custom_id → the `error` its GDPR request ends with when done (the user is then not removed). Default none. */
  gdprDoneErrors: Readonly<Record<string, unknown>>;
  /**
   * What a bulk Custom Data delete answers on success: the documented `{"token"}`, or (hostile) an
   * empty 200 (deleted, but no token) or a 200 carrying an error body (nothing deleted), or a 200
   * with a token that also lists the refused IDs (`invalidIds` it holds) as `invalid_ids` instead of a
   * 400: the others are deleted, the listed ones are not ('token-invalid-ids'). Default 'token'.
   */
  customDataAnswer: 'token' | 'empty' | 'error-body' | 'token-invalid-ids';
  /** IDs Batch refuses: a bulk delete holding any of them is a 400 MALFORMED_PARAMETER for the whole call. Default none. */
  invalidIds: readonly string[];
}

export interface BatchOptions extends FakeServerInit, Partial<BatchVariants> {
  accounts?: BatchAccount[];
}

/** The documented named errors: HTTP status and error code. */
export const BATCH_ERRORS = {
  SERVER_ERROR: { status: 500, code: 1 },
  MAINTENANCE_ERROR: { status: 503, code: 2 },
  AUTHENTICATION_INVALID: { status: 401, code: 10 },
  API_MISUSE: { status: 403, code: 12 },
  ROUTE_NOT_FOUND: { status: 404, code: 20 },
  MISSING_PARAMETER: { status: 400, code: 30 },
  MALFORMED_PARAMETER: { status: 400, code: 31 },
  MALFORMED_JSON_BODY: { status: 400, code: 32 },
} as const;
export type BatchErrorName = keyof typeof BATCH_ERRORS;

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_ID_LENGTH = 1023; // IDs must be shorter than 1024 characters

const GdprBody = z.object({
  request_type: z.literal('remove'),
  id: z.object({ type: z.enum(['custom_id', 'installation_id']), value: z.string().min(1).max(MAX_ID_LENGTH) }),
  callback_url: z.string().url().optional(),
});

interface GdprRequest {
  requestId: string;
  createdAt: number;
  idType: 'custom_id' | 'installation_id';
  value: string;
  /** The user existed in the app when the request was made. */
  found: boolean;
  /** The error the request ends with (from gdprDoneErrors), if any. */
  error?: unknown;
}

interface AppState {
  app: BatchApp;
  restKey: string;
  /** When each user's Custom Data was first deleted; read through customDeletedAt() only. */
  customDeletedAt: Map<string, number>;
  /**
   * Bulk deletions not yet folded into customDeletedAt, in the order they were applied: folding
   * 10,000 IDs into a map of a million takes longer than the answer's latency, so it waits until a
   * test asks (the answer does not depend on it).
   */
  customDeletions: { at: number; ids: readonly string[] }[];
  gdpr: Map<string, GdprRequest>;
}

/** Every Custom Data deletion of an app, with the time it was first applied. */
function customDeletedAt(state: AppState): Map<string, number> {
  for (const { at, ids } of state.customDeletions) {
    for (const id of ids) if (!state.customDeletedAt.has(id)) state.customDeletedAt.set(id, at);
  }
  state.customDeletions = [];
  return state.customDeletedAt;
}

/** Batch's rule for one ID [doc]: a non-empty string shorter than 1024 characters. */
function isValidId(id: unknown): id is string {
  return typeof id === 'string' && id.length >= 1 && id.length <= MAX_ID_LENGTH;
}

type Op = 'bulk' | 'single' | 'gdpr-create' | 'gdpr-status' | 'gdpr-list';
const ROUTES: Array<{ method: string; pattern: string; op: Op; kind: RequestKind }> = [
  { method: 'DELETE', pattern: '/1.0/:key/data/users', op: 'bulk', kind: 'delete' },
  { method: 'DELETE', pattern: '/1.0/:key/data/users/:userId', op: 'single', kind: 'delete' },
  { method: 'POST', pattern: '/1.0/:key/gdpr/request', op: 'gdpr-create', kind: 'delete' },
  { method: 'GET', pattern: '/1.0/:key/gdpr/request/:requestId', op: 'gdpr-status', kind: 'status' },
  { method: 'GET', pattern: '/1.0/:key/gdpr/requests', op: 'gdpr-list', kind: 'list' },
];

/** Batch.com Custom Data delete and GDPR API (contract §4). */
export class FakeBatch extends FakeVendorServer {
  readonly vendor = 'batch' as const;
  readonly variants: BatchVariants;
  private readonly accounts: BatchAccount[];
  private apps = new Map<string, AppState>();

  constructor(opts: BatchOptions = {}) {
    super(opts);
    this.accounts = opts.accounts ?? defaultBatchAccounts();
    this.variants = {
      gdprIdField: opts.gdprIdField ?? 'request_id',
      errorFields: opts.errorFields ?? 'error_code',
      gdprExpiryMs: opts.gdprExpiryMs ?? 20 * DAY_MS,
      maxBulkIds: opts.maxBulkIds ?? 10_000,
      gdprNotFoundError: opts.gdprNotFoundError ?? 'user not found',
      gdprDoneErrors: opts.gdprDoneErrors ?? {},
      customDataAnswer: opts.customDataAnswer ?? 'token',
      invalidIds: opts.invalidIds ?? [],
    };
    this.resetState();
  }

  static start(opts: BatchOptions = {}): Promise<FakeBatch> {
    return new FakeBatch(opts).listen();
  }

  configure(p: Partial<BatchVariants & RuntimeSettings>): void {
    const { latencyMs, jitterMs, completionDelayMs, ...variants } = p;
    this.configureTiming({ latencyMs, jitterMs, completionDelayMs });
    Object.assign(this.variants, variants);
  }

  /** Custom Data of a user: present → pending → deleted (after completionDelayMs). */
  customDataState(apiKey: string, userId: string): SubjectState {
    const s = this.apps.get(apiKey);
    const at = s && customDeletedAt(s).get(userId);
    if (at !== undefined) return this.isComplete(at) ? 'deleted' : 'pending';
    return s?.app.users.includes(userId) ? 'present' : 'unknown';
  }

  /** GDPR removal of a user: present → pending (request open) → deleted (request done). */
  gdprState(apiKey: string, userId: string): SubjectState {
    const s = this.apps.get(apiKey);
    if (!s?.app.users.includes(userId)) return 'unknown';
    const reqs = [...s.gdpr.values()].filter((r) => r.found && !r.error && r.idType === 'custom_id' && r.value === userId);
    if (reqs.length === 0) return 'present';
    return reqs.some((r) => this.isComplete(r.createdAt)) ? 'deleted' : 'pending';
  }

  protected resetState(): void {
    this.apps = new Map(this.accounts.flatMap((acc) => acc.apps.map((app): [string, AppState] =>
      [app.apiKey, { app, restKey: acc.restKey, customDeletedAt: new Map(), customDeletions: [], gdpr: new Map() }])));
  }

  protected errorReply(status: number, message: string): Reply {
    const entry = Object.values(BATCH_ERRORS).find((e) => e.status === status && e.code !== 30 && e.code !== 32);
    return this.errorBody(status, entry?.code ?? status, message);
  }

  private named(name: BatchErrorName, message: string): Reply {
    const e = BATCH_ERRORS[name];
    return this.errorBody(e.status, e.code, message);
  }

  private errorBody(status: number, code: number, message: string): Reply {
    switch (this.variants.errorFields) {
      case 'error_code': return jsonReply(status, { error_code: code, error_message: message });
      case 'code': return jsonReply(status, { code, message });
      case 'none': return jsonReply(status, {});
    }
  }

  protected route(ctx: RequestContext): Prepared {
    let hit: { op: Op; kind: RequestKind; params: Record<string, string> } | undefined;
    for (const r of ROUTES) {
      const params = matchPath(r.pattern, ctx.rawPath);
      if (params && r.method === ctx.method) hit = { op: r.op, kind: r.kind, params };
    }
    if (!hit) return { kind: 'other', reply: this.named('ROUTE_NOT_FOUND', 'Route not found') };
    const { op, kind, params } = hit;
    const parsed = ctx.json;
    const state = this.apps.get(params.key);
    const ids = this.targetIds(op, params, parsed.ok ? parsed.value : undefined, state);
    const reject = (name: BatchErrorName, message: string, extra: Partial<Prepared> = {}): Prepared =>
      ({ kind, ids, ...extra, reply: this.named(name, message) });

    if (!state || ctx.headers['x-authorization'] !== state.restKey) {
      return reject('AUTHENTICATION_INVALID', 'Invalid REST API key or API key');
    }
    const account = params.key;
    const bad = (name: BatchErrorName, message: string, overLimit = false) => reject(name, message, { account, overLimit });
    if ((op === 'bulk' || op === 'single') && state.app.customDataApi === false) {
      return bad('API_MISUSE', 'The Custom Data API is not available on this plan');
    }
    if (op === 'bulk' || op === 'gdpr-create') {
      if (!isJsonContentType(ctx.headers['content-type'])) return bad('MALFORMED_JSON_BODY', 'Content-Type must be application/json');
      if (!parsed.ok) return bad('MALFORMED_JSON_BODY', `Malformed JSON body: ${parsed.error}`);
    }

    switch (op) {
      case 'single': {
        const id = params.userId;
        if (id === '') return bad('MISSING_PARAMETER', 'user_id is missing');
        if (id.length > MAX_ID_LENGTH) return bad('MALFORMED_PARAMETER', 'user_id must be shorter than 1024 characters');
        return { kind, ids, account, commit: () => this.deleteCustom(state, [id]) };
      }
      case 'bulk': {
        const body = parsed.ok ? parsed.value : undefined;
        if (!Array.isArray(body)) return bad('MALFORMED_PARAMETER', 'Body must be a JSON array of user IDs');
        if (body.length === 0) return bad('MISSING_PARAMETER', 'No user ID given');
        if (body.length > this.variants.maxBulkIds) {
          return bad('MALFORMED_PARAMETER', `At most ${this.variants.maxBulkIds} IDs per call`, true);
        }
        if (!body.every(isValidId)) return bad('MALFORMED_PARAMETER', 'Every ID must be a non-empty string shorter than 1024 characters');
        const invalid = new Set(this.variants.invalidIds);
        if (this.variants.customDataAnswer === 'token-invalid-ids') {
          const deleted = body.filter((id) => !invalid.has(id));
          const refused = body.filter((id) => invalid.has(id));
          return { kind, ids, account, commit: () => ({ ...this.deleteCustom(state, deleted), reply: jsonReply(200, { token: randomUUID(), invalid_ids: refused }) }) };
        }
        if (invalid.size > 0 && body.some((id) => invalid.has(id))) return bad('MALFORMED_PARAMETER', 'Malformed parameter: user ID');
        if (this.variants.customDataAnswer === 'error-body') {
          return { kind, ids, account, reply: jsonReply(200, { error_code: 1, error_message: 'Internal error, nothing was deleted' }) };
        }
        // Its own copy: the logged body is handed to tests, which may change it.
        const deleted = body.slice();
        return { kind, ids, account, commit: () => this.deleteCustom(state, deleted) };
      }
      case 'gdpr-create': {
        const body = parsed.ok ? (parsed.value as { request_type?: unknown; id?: { value?: unknown } } | null) : null;
        if (!body || body.request_type === undefined || body.id === undefined || body.id?.value === undefined) {
          return bad('MISSING_PARAMETER', 'request_type and id {type, value} are required');
        }
        const valid = GdprBody.safeParse(body);
        if (!valid.success) return bad('MALFORMED_PARAMETER', `Malformed parameter: ${valid.error.issues[0]?.path.join('.')}`);
        return { kind, ids, account, commit: () => this.createGdpr(state, valid.data.id.type, valid.data.id.value) };
      }
      case 'gdpr-status':
        return {
          kind, ids, account,
          commit: () => {
            const r = state.gdpr.get(params.requestId);
            if (!r || this.expired(r)) return { reply: this.named('ROUTE_NOT_FOUND', 'GDPR request not found'), applied: false };
            return { reply: jsonReply(200, this.describe(r)), applied: false };
          },
        };
      case 'gdpr-list':
        return {
          kind, ids, account,
          commit: () => {
            const list = [...state.gdpr.values()].filter((r) => !this.expired(r)).sort((a, b) => a.createdAt - b.createdAt);
            return { reply: jsonReply(200, list.map((r) => this.describe(r))), applied: false };
          },
        };
    }
  }

  private targetIds(op: Op, params: Record<string, string>, body: unknown, state: AppState | undefined): string[] {
    switch (op) {
      case 'single': return [params.userId];
      case 'bulk': return Array.isArray(body) ? body.filter((x): x is string => typeof x === 'string') : [];
      case 'gdpr-create': {
        const v = (body as { id?: { value?: unknown } } | null)?.id?.value;
        return typeof v === 'string' ? [v] : [];
      }
      case 'gdpr-status': {
        const r = state?.gdpr.get(params.requestId);
        return r ? [r.value] : [];
      }
      case 'gdpr-list': return [];
    }
  }

  private deleteCustom(state: AppState, ids: readonly string[]) {
    state.customDeletions.push({ at: this.clock(), ids });
    const reply = this.variants.customDataAnswer === 'empty' ? emptyReply(200) : jsonReply(200, { token: randomUUID() });
    return { reply, applied: true };
  }

  private createGdpr(state: AppState, idType: GdprRequest['idType'], value: string) {
    const requestId = randomUUID();
    const found = idType === 'custom_id' && state.app.users.includes(value);
    const error = Object.hasOwn(this.variants.gdprDoneErrors, value) ? this.variants.gdprDoneErrors[value] : undefined;
    state.gdpr.set(requestId, { requestId, createdAt: this.clock(), idType, value, found, error });
    const field = this.variants.gdprIdField;
    return { reply: jsonReply(200, field === 'none' ? {} : { [field]: requestId }), applied: true };
  }

  private expired(r: GdprRequest): boolean {
    return this.clock() >= r.createdAt + this.variants.gdprExpiryMs;
  }

  private describe(r: GdprRequest) {
    const done = this.isComplete(r.createdAt);
    return {
      request_id: r.requestId,
      request_date: new Date(r.createdAt).toISOString(),
      status: done ? 'done' : 'pending',
      request_type: 'remove',
      trigger_type: 'api',
      id: { type: r.idType, value: r.value },
      ...(done && r.error !== undefined ? { error: r.error } : done && !r.found ? { error: this.variants.gdprNotFoundError } : {}),
    };
  }
}
