import { z } from 'zod';
import { defaultCleverTapAccounts, type CleverTapAccount, type CleverTapProfile } from './accounts';
import { firstIssue, isJsonContentType, jsonReply } from './http-util';
import { FakeVendorServer, type FakeServerInit, type Prepared, type RequestContext, type RuntimeSettings } from './server';
import type { Reply, SubjectState } from './types';
import { regionOfHost } from './vendorHosts';

export type CleverTapIdType = 'identity' | 'guid';

/** Switches for what the CleverTap contract leaves [unknown] or configurable. */
export interface CleverTapVariants {
  /**
   * Answer of GET /1/profile.json once a profile is gone (not documented):
   * '200-fail' = 200 {"status":"fail","error":"Profile not found","code":404} (default),
   * '404' = 404 with the same body, '200-null' = 200 {"status":"success","record":null}.
   */
  profileNotFound: '200-fail' | '404' | '200-null';
  /** Delete calls in flight per account before 429 (default 3 [doc]). */
  maxConcurrentDeletes: number;
  /** Most values per identity/guid array (default 100 [doc]); beyond: 400 + overLimit. */
  maxIdsPerCall: number;
  /** IDs the vendor rejects: a batch containing any of them gets 400 (not saying which). */
  invalidIds: string[] | ((id: string, type: CleverTapIdType) => boolean);
  /** Demand `charset=utf-8` in Content-Type as the contract lists it (default true). */
  requireCharset: boolean;
  /**
   * The success answer of a delete [doc/sdk; `processed` and lists are unknown]:
   * 'status' = {"status":"success"} (default); 'processed' = also "processed": N, "unprocessed": [].
   */
  successBody: 'status' | 'processed';
  /** Values the vendor accepts the call for but does not process (not deleted): the answer is partial. */
  unprocessedIds: string[];
  /**
   * How a partial answer tells it: 'listed' = "processed": N and "unprocessed": [{"identity"|"guid":
   * v, "error": "…"}]; 'count' = only "processed": N (which values were left out is not said);
   * hostile, no count: 'not-found-list' = "not_found": [values]; 'flag' = "partial": true.
   */
  partialShape: 'listed' | 'count' | 'not-found-list' | 'flag';
  /**
   * Hostile: answers name "status" twice, the last one the opposite of the truth (JSON.parse keeps
   * the last): a `failOn2xx` delete ends with "status":"success", a live profile's lookup with
   * "status":"fail","error":"Profile not found" after its record.
   */
  duplicateStatusKey: boolean;
  /** true: a delete answers 200 {"status":"fail","error":…} and deletes nothing (a 2xx with an error body). */
  failOn2xx: boolean;
}

export interface CleverTapOptions extends FakeServerInit, Partial<CleverTapVariants> {
  accounts?: CleverTapAccount[];
}

interface ProfileEntry {
  profile: CleverTapProfile;
  deletedAt?: number;
}

const IdValue = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** The hosts CleverTap serves, by region (contract §3); eu1 is another name of the Europe region. */
export const CLEVERTAP_HOSTS: Readonly<Record<string, string>> = {
  'api.clevertap.com': 'eu',
  'eu1.api.clevertap.com': 'eu',
  'in1.api.clevertap.com': 'in1',
  'sg1.api.clevertap.com': 'sg1',
  'us1.api.clevertap.com': 'us1',
  'aps3.api.clevertap.com': 'aps3',
  'mec1.api.clevertap.com': 'mec1',
  'sk1.api.clevertap.com': 'sk1',
};

/** The lookup keys the vendor documents [sdk: clevertap-node, a Java client]; `guid` is not one of them. */
const LOOKUP_KEYS = ['identity', 'email', 'objectId'] as const;

/** CleverTap Delete User Profile API and profile lookup (contract §3). */
export class FakeCleverTap extends FakeVendorServer {
  readonly vendor = 'clevertap' as const;
  readonly variants: CleverTapVariants;
  private readonly accounts: CleverTapAccount[];
  private profiles = new Map<string, ProfileEntry[]>();
  private running = new Map<string, number>();

  constructor(opts: CleverTapOptions = {}) {
    super(opts);
    this.accounts = opts.accounts ?? defaultCleverTapAccounts();
    this.variants = {
      profileNotFound: opts.profileNotFound ?? '200-fail',
      maxConcurrentDeletes: opts.maxConcurrentDeletes ?? 3,
      maxIdsPerCall: opts.maxIdsPerCall ?? 100,
      invalidIds: opts.invalidIds ?? [],
      requireCharset: opts.requireCharset ?? true,
      successBody: opts.successBody ?? 'status',
      unprocessedIds: opts.unprocessedIds ?? [],
      partialShape: opts.partialShape ?? 'listed',
      failOn2xx: opts.failOn2xx ?? false,
      duplicateStatusKey: opts.duplicateStatusKey ?? false,
    };
    this.resetState();
  }

  static start(opts: CleverTapOptions = {}): Promise<FakeCleverTap> {
    return new FakeCleverTap(opts).listen();
  }

  configure(p: Partial<CleverTapVariants & RuntimeSettings>): void {
    const { latencyMs, jitterMs, completionDelayMs, ...variants } = p;
    this.configureTiming({ latencyMs, jitterMs, completionDelayMs });
    Object.assign(this.variants, variants);
  }

  /** Delete calls of an account currently in flight. */
  runningDeletes(accountId: string): number {
    return this.running.get(accountId) ?? 0;
  }

  /** present → pending (delete accepted) → deleted (after completionDelayMs); unknown if never seeded. */
  profileState(accountId: string, type: CleverTapIdType, id: string): SubjectState {
    const entries = this.find(accountId, type, id);
    if (entries.length === 0) return 'unknown';
    if (entries.some((e) => e.deletedAt === undefined)) return 'present';
    return entries.every((e) => this.isComplete(e.deletedAt!)) ? 'deleted' : 'pending';
  }

  protected resetState(): void {
    this.profiles = new Map(this.accounts.map((a) => [a.accountId, a.profiles.map((p) => ({ profile: p }))]));
    this.running = new Map();
  }

  protected errorReply(status: number, message: string): Reply {
    return jsonReply(status, { status: 'fail', error: message, code: status });
  }

  protected route(ctx: RequestContext): Prepared {
    if (ctx.rawPath === '/1/delete/profiles.json') return this.routeDelete(ctx);
    if (ctx.rawPath === '/1/profile.json') return this.routeLookup(ctx);
    return { kind: 'other', reply: this.errorReply(404, 'Not Found') };
  }

  /** The account, when the credentials are right and the request went to the account's region. */
  private authenticate(ctx: RequestContext): CleverTapAccount | undefined {
    const id = ctx.headers['x-clevertap-account-id'];
    const pass = ctx.headers['x-clevertap-passcode'];
    const region = regionOfHost(ctx.headers.host, CLEVERTAP_HOSTS);
    return this.accounts.find((a) => a.accountId === id && a.passcode === pass && (region === 'any' || region === (a.region ?? 'eu')));
  }

  private routeDelete(ctx: RequestContext): Prepared {
    const kind = 'delete';
    const parsed = ctx.json;
    const body = parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
    const ids = [...strings(body?.identity), ...strings(body?.guid)];
    const reject = (status: number, message: string, extra: Partial<Prepared> = {}): Prepared =>
      ({ kind, ids, ...extra, reply: this.errorReply(status, message) });
    if (ctx.method !== 'POST') return { kind: 'other', ids, reply: this.errorReply(405, `Method ${ctx.method} not allowed`) };
    const account = this.authenticate(ctx);
    if (!account) return reject(401, 'Invalid Credentials');
    const accountId = account.accountId;

    const running = this.runningDeletes(accountId);
    if (running >= this.variants.maxConcurrentDeletes) {
      return reject(429, 'Too many concurrent requests', { account: accountId, overLimit: true });
    }
    this.running.set(accountId, running + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.running.set(accountId, Math.max(0, this.runningDeletes(accountId) - 1));
    };
    const fail = (status: number, message: string, overLimit = false): Prepared =>
      reject(status, message, { account: accountId, release, overLimit });

    if (!isJsonContentType(ctx.headers['content-type'], this.variants.requireCharset)) {
      return fail(400, 'Content-Type must be application/json; charset=utf-8');
    }
    if (!parsed.ok) return fail(400, `Malformed JSON: ${parsed.error}`);
    if (!body) return fail(400, 'Body must be a JSON object');
    const hasIdentity = body.identity !== undefined;
    const hasGuid = body.guid !== undefined;
    if (hasIdentity && hasGuid) return fail(400, 'Only one of identity or guid may be given');
    if (!hasIdentity && !hasGuid) return fail(400, 'One of identity or guid is required');
    const type: CleverTapIdType = hasIdentity ? 'identity' : 'guid';
    const raw = body[type];
    if (Array.isArray(raw) && raw.length > this.variants.maxIdsPerCall) {
      return fail(400, `At most ${this.variants.maxIdsPerCall} values are allowed per request`, true);
    }
    const value = IdValue.safeParse(raw);
    if (!value.success) return fail(400, `Invalid ${type}: ${firstIssue(value.error)}`);
    const values = typeof value.data === 'string' ? [value.data] : value.data;
    if (values.some((v) => this.isInvalid(v, type))) return fail(400, 'Invalid request parameters');

    return {
      kind, ids, account: accountId, release,
      commit: () => {
        if (this.variants.failOn2xx) {
          const failed = { status: 'fail', error: 'Request could not be processed', code: 500 };
          return { reply: this.variants.duplicateStatusKey ? withStatusAgain(failed, 'success') : jsonReply(200, failed), applied: false };
        }
        const now = this.clock();
        const skipped = values.filter((v) => this.variants.unprocessedIds.includes(v));
        for (const v of values) if (!skipped.includes(v)) for (const e of this.find(accountId, type, v)) e.deletedAt ??= now;
        return { reply: this.deleteReply(type, values.length, skipped), applied: skipped.length < values.length };
      },
    };
  }

  private deleteReply(type: CleverTapIdType, sent: number, skipped: string[]): Reply {
    if (skipped.length === 0) {
      return jsonReply(200, this.variants.successBody === 'processed' ? { status: 'success', processed: sent, unprocessed: [] } : { status: 'success' });
    }
    const processed = sent - skipped.length;
    if (this.variants.partialShape === 'count') return jsonReply(200, { status: 'success', processed });
    if (this.variants.partialShape === 'not-found-list') return jsonReply(200, { status: 'success', not_found: skipped });
    if (this.variants.partialShape === 'flag') return jsonReply(200, { status: 'success', partial: true });
    const unprocessed = skipped.map((v) => ({ [type]: v, error: 'Profile could not be deleted' }));
    return jsonReply(200, { status: 'success', processed, unprocessed });
  }

  private routeLookup(ctx: RequestContext): Prepared {
    const kind = 'lookup';
    const given = [...LOOKUP_KEYS, 'guid'].filter((k) => ctx.searchParams.has(k));
    const ids = given.map((k) => ctx.searchParams.get(k) ?? '');
    const reject = (status: number, message: string, extra: Partial<Prepared> = {}): Prepared =>
      ({ kind, ids, ...extra, reply: this.errorReply(status, message) });
    if (ctx.method !== 'GET') return { kind: 'other', ids, reply: this.errorReply(405, `Method ${ctx.method} not allowed`) };
    const account = this.authenticate(ctx);
    if (!account) return reject(401, 'Invalid Credentials');
    const accountId = account.accountId;
    // `guid` is not a documented lookup key: refused, so a client relying on it learns nothing.
    if (given.length !== 1 || ids[0] === '' || given[0] === 'guid') {
      return reject(400, 'Exactly one of identity, email or objectId is required', { account: accountId });
    }
    const type: CleverTapIdType = given[0] === 'identity' ? 'identity' : 'guid';
    const id = ids[0];
    return {
      kind, ids, account: accountId,
      commit: () => {
        // The seeded profiles have no email: an email lookup finds nothing.
        const found = given[0] === 'email' ? [] : this.find(accountId, type, id);
        const live = found.find((e) => e.deletedAt === undefined || !this.isComplete(e.deletedAt));
        if (live) {
          const found = { status: 'success', record: profileRecord(live.profile) };
          return { reply: this.variants.duplicateStatusKey ? withStatusAgain(found, 'fail', 'Profile not found') : jsonReply(200, found), applied: false };
        }
        return { reply: this.notFoundReply(), applied: false };
      },
    };
  }

  private notFoundReply(): Reply {
    switch (this.variants.profileNotFound) {
      case '200-fail': return jsonReply(200, { status: 'fail', error: 'Profile not found', code: 404 });
      case '404': return this.errorReply(404, 'Profile not found');
      case '200-null': return jsonReply(200, { status: 'success', record: null });
    }
  }

  private find(accountId: string, type: CleverTapIdType, id: string): ProfileEntry[] {
    return (this.profiles.get(accountId) ?? []).filter((e) => (type === 'identity' ? e.profile.identity === id : e.profile.guid === id));
  }

  private isInvalid(id: string, type: CleverTapIdType): boolean {
    const rule = this.variants.invalidIds;
    return typeof rule === 'function' ? rule(id, type) : rule.includes(id);
  }
}

function profileRecord(p: CleverTapProfile) {
  return {
    ...(p.identity !== undefined ? { identity: p.identity } : {}),
    name: `Fake ${p.identity ?? p.guid}`,
    platformInfo: [{ platform: 'Android', objectId: p.guid }],
    profileData: {},
    events: {},
  };
}

/** A 200 JSON answer with `"status"` given again at its end (and an error after it, if given). */
function withStatusAgain(answer: Record<string, unknown>, status: string, error?: string): Reply {
  const again = `"status":${JSON.stringify(status)}${error === undefined ? '' : `,"error":${JSON.stringify(error)}`}`;
  return { ...jsonReply(200, answer), body: `${JSON.stringify(answer).slice(0, -1)},${again}}` };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
