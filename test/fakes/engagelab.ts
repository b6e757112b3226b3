import { defaultEngageLabApps, type EngageLabApp, type EngageLabDevice } from './accounts';
import { emptyReply, jsonReply, matchPath, parseBasicAuth, textReply } from './http-util';
import { FakeVendorServer, type FakeServerInit, type Prepared, type RequestContext, type RuntimeSettings } from './server';
import type { Reply, SubjectState } from './types';
import { regionOfHost } from './vendorHosts';

/** Switches for what the EngageLab contract leaves [unknown] or configurable. */
export interface EngageLabVariants {
  /** 2xx body of a delete: {"success":true}, empty, or the literal text `success`. Default 'json' [doc]. */
  successBody: 'json' | 'empty' | 'text';
  /**
   * Unknown or already-deleted registration_id [unknown]: '404' = 404 {"error":{"code":27006,
   * "message":"registration_id not found"}} (default); '200' = the success answer (delete) and a
   * device record without tags or alias (lookup); '400-foreign' = 400 code 7002 "registration_id
   * does not belong to this appkey" (recorded in the wild).
   */
  unknownDevice: '404' | '200' | '400-foreign';
  /** Error body: {"error":{"code","message"}} [doc] or flat {"code","message"} [sdk]. Default 'nested'. */
  errorShape: 'nested' | 'flat';
  /** Alias with no device: {"registration_ids":[]} (default), {"registration_ids":null} [doc: JPush] or a 404 "alias not found". */
  unknownAlias: 'empty' | 'null' | '404';
  /**
   * true: every route answers 404 {"error":{"code":7010,"message":"request api doesn't exist"}}, as
   * recorded when the API is not there (wrong base path, API not enabled). Unknown paths always do.
   */
  apiMissing: boolean;
  /** true: a delete of a registered device answers 200 with an error body and deletes nothing. */
  errorOn2xx: boolean;
  /**
   * true (hostile): a 2xx keeps its documented field and adds an `errors` list, having done nothing:
   * a delete answers 200 {"success":true,"errors":[…]} (the device stays), an alias lookup
   * {"registration_ids":[],"errors":[…]} (its devices not listed).
   */
  errorsBesideAnswer: boolean;
  /** Most requests per AppKey in any sliding 1-second window (default 500 [doc]); beyond it 429. */
  ratePerSecond: number;
  /** Answer 400 unless `Accept` names application/json (default true). */
  requireAcceptJson: boolean;
  /**
   * true: every answer to an authenticated request carries JPush-style X-Rate-Limit-Limit,
   * X-Rate-Limit-Remaining (left in the sliding window after this request) and X-Rate-Limit-Reset
   * (whole seconds until the window frees a request) [unknown: EngageLab documents none]. Default false.
   */
  rateLimitHeaders: boolean;
}

export interface EngageLabOptions extends FakeServerInit, Partial<EngageLabVariants> {
  apps?: EngageLabApp[];
}

/** Error codes: 27002 is the documented "unknown error"; the others are the fake's own. */
export const ENGAGELAB_ERROR_CODES: Record<number, number> = {
  400: 27003, 401: 27001, 403: 27005, 404: 27006, 405: 27003, 413: 27003, 429: 27008, 500: 27002, 502: 27002, 503: 27002,
};

const ALIAS_MAX_BYTES = 40;

/** The hosts EngageLab serves, by data centre (contract §2); web push hosts belong to their region. */
export const ENGAGELAB_HOSTS: Readonly<Record<string, string>> = {
  'pushapi-sgp.engagelab.com': 'sgp',
  'webpushapi-sgp.engagelab.com': 'sgp',
  'pushapi-usva.engagelab.com': 'usva',
  'pushapi-defra.engagelab.com': 'defra',
  'pushapi-hk.engagelab.com': 'hk',
  'webpushapi-hk.engagelab.com': 'hk',
  'pushapi-jpn.engagelab.com': 'jpn',
  'pushapi-bra.engagelab.com': 'bra',
};

const ROUTE_MISSING: Reply = jsonReply(404, { error: { code: 7010, message: "request api doesn't exist" } });
const FOREIGN_ID: Reply = jsonReply(400, { error: { code: 7002, message: 'registration_id does not belong to this appkey' } });
const UNKNOWN_ERROR = { code: 27002, message: 'unknown error' };
const PLATFORMS = new Set(['android', 'ios', 'hmos', 'web']);

interface DeviceEntry {
  device: EngageLabDevice;
  deletedAt?: number;
}

/** EngageLab App Push Delete User API and lookups (contract §2). */
export class FakeEngageLab extends FakeVendorServer {
  readonly vendor = 'engagelab' as const;
  readonly variants: EngageLabVariants;
  private readonly apps: EngageLabApp[];
  /** appKey → registration_id → entry. */
  private devices = new Map<string, Map<string, DeviceEntry>>();
  /** appKey → arrival times of requests admitted by the rate limiter (oldest first). */
  private windows = new Map<string, number[]>();
  /** The X-Rate-Limit-* headers of the request being routed (set by `admit`). */
  private rateHeaders: Record<string, string> | undefined;

  constructor(opts: EngageLabOptions = {}) {
    super(opts);
    this.apps = opts.apps ?? defaultEngageLabApps();
    this.variants = {
      successBody: opts.successBody ?? 'json',
      unknownDevice: opts.unknownDevice ?? '404',
      errorShape: opts.errorShape ?? 'nested',
      unknownAlias: opts.unknownAlias ?? 'empty',
      apiMissing: opts.apiMissing ?? false,
      errorOn2xx: opts.errorOn2xx ?? false,
      errorsBesideAnswer: opts.errorsBesideAnswer ?? false,
      ratePerSecond: opts.ratePerSecond ?? 500,
      requireAcceptJson: opts.requireAcceptJson ?? true,
      rateLimitHeaders: opts.rateLimitHeaders ?? false,
    };
    this.resetState();
  }

  static start(opts: EngageLabOptions = {}): Promise<FakeEngageLab> {
    return new FakeEngageLab(opts).listen();
  }

  configure(p: Partial<EngageLabVariants & RuntimeSettings>): void {
    const { latencyMs, jitterMs, completionDelayMs, ...variants } = p;
    this.configureTiming({ latencyMs, jitterMs, completionDelayMs });
    Object.assign(this.variants, variants);
  }

  /** present → pending (delete accepted) → deleted (after completionDelayMs); unknown if never seeded. */
  deviceState(appKey: string, registrationId: string): SubjectState {
    const e = this.devices.get(appKey)?.get(registrationId);
    if (!e) return 'unknown';
    if (e.deletedAt === undefined) return 'present';
    return this.isComplete(e.deletedAt) ? 'deleted' : 'pending';
  }

  protected resetState(): void {
    this.devices = new Map(this.apps.map((a) => [a.appKey, new Map(a.devices.map((d) => [d.registrationId, { device: d }]))]));
    this.windows = new Map();
  }

  protected errorReply(status: number, message: string): Reply {
    const code = ENGAGELAB_ERROR_CODES[status] ?? 27002;
    return jsonReply(status, this.variants.errorShape === 'nested' ? { error: { code, message } } : { code, message });
  }

  protected route(ctx: RequestContext): Prepared {
    const prepared = this.routeRequest(ctx);
    const headers = this.rateHeaders;
    this.rateHeaders = undefined;
    if (!headers || !this.variants.rateLimitHeaders) return prepared;
    const decorate = (reply: Reply): Reply => ({ ...reply, headers: { ...reply.headers, ...headers } });
    const { reply, commit } = prepared;
    return {
      ...prepared,
      reply: reply && decorate(reply),
      commit: commit && (() => {
        const out = commit();
        return { ...out, reply: decorate(out.reply) };
      }),
    };
  }

  private routeRequest(ctx: RequestContext): Prepared {
    const dev = matchPath('/v4/devices/:rid', ctx.rawPath);
    const ali = matchPath('/v4/aliases/:alias', ctx.rawPath);
    if (!dev && !ali) return { kind: 'other', reply: ROUTE_MISSING };
    const ids = [dev ? dev.rid : ali!.alias];
    const kind = dev && ctx.method === 'DELETE' ? 'delete' : ctx.method === 'GET' ? 'lookup' : 'other';
    const reject = (status: number, message: string, extra: Partial<Prepared> = {}): Prepared =>
      ({ kind, ids, ...extra, reply: this.errorReply(status, message) });
    if (!(ctx.method === 'GET' || (dev && ctx.method === 'DELETE'))) return reject(405, `Method ${ctx.method} not allowed`);

    const cred = parseBasicAuth(ctx.headers.authorization);
    const region = regionOfHost(ctx.headers.host, ENGAGELAB_HOSTS);
    // An AppKey exists only in its own data centre: elsewhere it is unknown, as a wrong secret is.
    const app = cred && this.apps.find((a) => a.appKey === cred.user && a.masterSecret === cred.pass && (region === 'any' || region === (a.dataCenter ?? 'sgp')));
    if (!app) return reject(401, 'Authentication failed');
    const account = app.appKey;
    if (!this.admit(account)) return reject(429, 'Too many requests', { account, overLimit: true });
    if (this.variants.requireAcceptJson && !/application\/json/i.test(ctx.headers.accept ?? '')) {
      return reject(400, 'Accept must be application/json', { account });
    }

    if (this.variants.apiMissing) return { kind, ids, account, reply: ROUTE_MISSING };

    if (dev) {
      if (dev.rid === '') return reject(400, 'registration_id is required', { account });
      return {
        kind, ids, account,
        commit: () => (kind === 'delete' ? this.deleteDevice(account, dev.rid) : this.lookupDevice(account, dev.rid)),
      };
    }
    const alias = ali!.alias;
    if (alias === '' || Buffer.byteLength(alias) > ALIAS_MAX_BYTES) return reject(400, `alias must be 1..${ALIAS_MAX_BYTES} bytes`, { account });
    const platforms = ctx.query.platform?.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
    if (platforms?.some((p) => !PLATFORMS.has(p))) return reject(400, `invalid platform: ${ctx.query.platform}`, { account });
    return { kind, ids, account, commit: () => this.lookupAlias(account, alias, platforms) };
  }

  /**
   * Sliding-window rate limit per AppKey: every window of 1000 ms, not calendar seconds, holds at
   * most `ratePerSecond` admitted requests (arrival times). Only admitted requests count.
   */
  private admit(appKey: string): boolean {
    const now = this.clock();
    const win = this.windows.get(appKey) ?? [];
    this.windows.set(appKey, win);
    while (win.length > 0 && win[0] <= now - 1000) win.shift();
    const limit = this.variants.ratePerSecond;
    const admitted = win.length < limit;
    if (admitted) win.push(now);
    const resetSeconds = win.length === 0 ? 0 : Math.ceil((win[0] + 1000 - now) / 1000);
    this.rateHeaders = {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - win.length)),
      'x-rate-limit-reset': String(resetSeconds),
    };
    return admitted;
  }

  private successReply(): Reply {
    switch (this.variants.successBody) {
      case 'json': return jsonReply(200, { success: true });
      case 'empty': return emptyReply(200);
      case 'text': return textReply(200, 'success');
    }
  }

  /** What the vendor answers for a registration_id it does not have (the [unknown] variant). */
  private unknownDeviceReply(lookup: boolean): Reply {
    switch (this.variants.unknownDevice) {
      case '404': return this.errorReply(404, 'registration_id not found');
      case '200': return lookup ? jsonReply(200, { tags: [] }) : this.successReply();
      case '400-foreign': return FOREIGN_ID;
    }
  }

  private deleteDevice(appKey: string, rid: string) {
    const e = this.devices.get(appKey)?.get(rid);
    if (e && e.deletedAt === undefined) {
      if (this.variants.errorOn2xx) return { reply: jsonReply(200, { error: { code: 27002, message: 'unknown error' } }), applied: false };
      if (this.variants.errorsBesideAnswer) return { reply: jsonReply(200, { success: true, errors: [UNKNOWN_ERROR] }), applied: false };
      e.deletedAt = this.clock();
      return { reply: this.successReply(), applied: true };
    }
    return { reply: this.unknownDeviceReply(false), applied: false };
  }

  private lookupDevice(appKey: string, rid: string) {
    const state = this.deviceState(appKey, rid);
    const e = this.devices.get(appKey)?.get(rid);
    if (!e || state === 'deleted' || state === 'unknown') return { reply: this.unknownDeviceReply(true), applied: false };
    const body: { tags: string[]; alias?: string } = { tags: [...(e.device.tags ?? [])] };
    if (e.device.alias !== undefined) body.alias = e.device.alias;
    return { reply: jsonReply(200, body), applied: false };
  }

  private lookupAlias(appKey: string, alias: string, platforms: string[] | undefined) {
    if (this.variants.errorsBesideAnswer) return { reply: jsonReply(200, { registration_ids: [], errors: [UNKNOWN_ERROR] }), applied: false };
    const rids = [...(this.devices.get(appKey)?.values() ?? [])]
      .filter((e) => e.device.alias === alias || e.device.listedUnder?.includes(alias))
      .filter((e) => !platforms || platforms.includes(e.device.platform ?? 'android'))
      .filter((e) => e.deletedAt === undefined || !this.isComplete(e.deletedAt))
      .map((e) => e.device.registrationId);
    if (rids.length === 0 && this.variants.unknownAlias === '404') {
      return { reply: this.errorReply(404, 'alias not found'), applied: false };
    }
    if (rids.length === 0 && this.variants.unknownAlias === 'null') return { reply: jsonReply(200, { registration_ids: null }), applied: false };
    return { reply: jsonReply(200, { registration_ids: rids }), applied: false };
  }
}
