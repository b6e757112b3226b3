import { z } from 'zod';
import { defaultCooladataProjects, type CooladataProject } from './accounts';
import {
  braceToColon, emptyReply, firstIssue, isJsonContentType, jsonReply, matchPath, textReply,
} from './http-util';
import { FakeVendorServer, type FakeServerInit, type Prepared, type RequestContext, type RuntimeSettings } from './server';
import type { Reply, SubjectState } from './types';

/** Switches for what the Cooladata contract leaves [unknown]. */
export interface CooladataVariants {
  /** Authorization forms accepted: `Token <t>`, bare `<t>`, or both. Default 'token' (current vendor page). */
  authForm: 'token' | 'bare' | 'either';
  /** Failure body: plain text or JSON `{"error","statusCode"}`. Default 'text'. */
  errorBody: 'text' | 'json';
  /** Delete Status API path, e.g. `/api/v2/projects/{projectId}/users/delete/status`; unset = no such endpoint. */
  statusPath?: string;
  /**
   * Status answer: per-ID map, list of {userId,status}, one overall status, unreadable text, or a
   * 200 HTML page (a portal or login page) that happens to say "completed". Default 'map'.
   * Hostile shapes that tell a deletion that failed (`failedDeletions`) next to the word "completed":
   * 'map-qualified' = {"id": "completed_with_errors"}; 'overall-with-failures' = {"status":
   * "completed", "failed": [ids]}; 'list-twice' = the ID listed as "failed", then again as
   * "deleted"; 'duplicate-keys' = the ID's key twice, "failed" then "completed".
   */
  statusShape: 'map' | 'list' | 'overall' | 'garbage' | 'html' | 'map-qualified' | 'overall-with-failures' | 'list-twice' | 'duplicate-keys';
  /** IDs whose queued deletion fails at Cooladata: once due they are still there. Default none. */
  failedDeletions: readonly string[];
  /** Largest `userIds` array accepted (beyond: 400 + overLimit). Default unlimited. */
  maxIdsPerCall?: number;
  /**
   * What a delete answers with a 2xx: the documented empty body, or (hostile) a 200 whose body
   * carries an error, JSON or text, and nothing is queued, or a 204 with no body that queues the
   * deletion (not the documented answer). Default 'empty'.
   */
  successBody: 'empty' | 'error-json' | 'error-text' | 'no-content-204';
  /** IDs Cooladata refuses: a delete whose userIds hold any of them is a 400 for the whole call. Default none. */
  invalidIds: readonly string[];
  /** Longest reason accepted; a longer one is a 400 for every call (the request, not an ID, is refused). Default unlimited. */
  maxReasonLength?: number;
}

export interface CooladataOptions extends FakeServerInit, Partial<CooladataVariants> {
  projects?: CooladataProject[];
}

export const COOLADATA_DELETE_PATH = '/api/v2/projects/{projectId}/users/delete';
export const COOLADATA_EXAMPLE_STATUS_PATH = '/api/v2/projects/{projectId}/users/delete/status';

const DeleteBody = z.object({
  reason: z.string().trim().min(1, 'reason is required'),
  userIds: z.array(z.string().min(1)).min(1, 'userIds must not be empty'),
});
const StatusBody = z.object({ userIds: z.array(z.string().min(1)).min(1) });

/** Cooladata / Medallia Journey Analytics Delete API (contract §1). */
export class FakeCooladata extends FakeVendorServer {
  readonly vendor = 'cooladata' as const;
  readonly variants: CooladataVariants;
  private readonly projects: CooladataProject[];
  /** projectId → userId → time the deletion was accepted. */
  private deletions = new Map<string, Map<string, number>>();

  constructor(opts: CooladataOptions = {}) {
    super(opts);
    this.projects = opts.projects ?? defaultCooladataProjects();
    this.variants = {
      authForm: opts.authForm ?? 'token',
      errorBody: opts.errorBody ?? 'text',
      statusPath: opts.statusPath,
      statusShape: opts.statusShape ?? 'map',
      failedDeletions: opts.failedDeletions ?? [],
      maxIdsPerCall: opts.maxIdsPerCall,
      successBody: opts.successBody ?? 'empty',
      invalidIds: opts.invalidIds ?? [],
      maxReasonLength: opts.maxReasonLength,
    };
    this.resetState();
  }

  static start(opts: CooladataOptions = {}): Promise<FakeCooladata> {
    return new FakeCooladata(opts).listen();
  }

  configure(p: Partial<CooladataVariants & RuntimeSettings>): void {
    const { latencyMs, jitterMs, completionDelayMs, ...variants } = p;
    this.configureTiming({ latencyMs, jitterMs, completionDelayMs });
    Object.assign(this.variants, variants);
  }

  /** present (seeded) → pending (queued) → deleted (after completionDelayMs); unknown if never seen. */
  userState(projectId: string, userId: string): SubjectState {
    const at = this.deletions.get(projectId)?.get(userId);
    if (at !== undefined && !this.deletionFailed(projectId, userId)) return this.isComplete(at) ? 'deleted' : 'pending';
    return this.projects.find((p) => p.projectId === projectId)?.users.includes(userId) ? 'present' : 'unknown';
  }

  /** A queued deletion that was due and failed (`failedDeletions`). */
  private deletionFailed(projectId: string, userId: string): boolean {
    const at = this.deletions.get(projectId)?.get(userId);
    return at !== undefined && this.isComplete(at) && this.variants.failedDeletions.includes(userId);
  }

  protected resetState(): void {
    this.deletions = new Map(this.projects.map((p) => [p.projectId, new Map()]));
  }

  protected errorReply(status: number, message: string): Reply {
    return this.variants.errorBody === 'json'
      ? jsonReply(status, { error: message, statusCode: status })
      : textReply(status, message);
  }

  protected route(ctx: RequestContext): Prepared {
    const del = matchPath(braceToColon(COOLADATA_DELETE_PATH), ctx.rawPath);
    const st = this.variants.statusPath ? matchPath(braceToColon(this.variants.statusPath), ctx.rawPath) : undefined;
    if (!del && !st) return { kind: 'other', reply: this.errorReply(404, 'Not Found') };
    const kind = del ? 'delete' : 'status';
    const parsed = ctx.json;
    const ids = parsed.ok ? stringArray((parsed.value as { userIds?: unknown } | null)?.userIds) : [];
    const reject = (status: number, message: string, extra: Partial<Prepared> = {}): Prepared =>
      ({ kind, ids, ...extra, reply: this.errorReply(status, message) });

    if (ctx.method !== 'POST') return { kind: 'other', ids, reply: this.errorReply(405, `Method ${ctx.method} not allowed`) };
    const token = this.tokenFrom(ctx.headers.authorization);
    const known = token === undefined ? [] : this.projects.filter((p) => p.token === token || p.nonAdminTokens?.includes(token));
    if (known.length === 0) return reject(401, 'Unauthorized: missing or invalid API token');
    const projectId = (del ?? st)?.projectId ?? known[0].projectId;
    const project = this.projects.find((p) => p.projectId === projectId);
    if (!project) return reject(404, `Project ${projectId} not found`);
    if (project.token !== token) return reject(403, 'Forbidden: an ADMIN user token is required', { account: projectId });
    if (!isJsonContentType(ctx.headers['content-type'])) {
      return reject(400, 'Content-Type must be application/json', { account: projectId });
    }
    if (!parsed.ok) return reject(400, `Malformed JSON body: ${parsed.error}`, { account: projectId });

    if (kind === 'status') {
      const body = StatusBody.safeParse(parsed.value);
      if (!body.success) return reject(400, `Invalid request: ${firstIssue(body.error)}`, { account: projectId });
      return { kind, ids, account: projectId, commit: () => ({ reply: this.statusReply(projectId, body.data.userIds), applied: false }) };
    }

    const body = DeleteBody.safeParse(parsed.value);
    if (!body.success) return reject(400, `Invalid request: ${firstIssue(body.error)}`, { account: projectId });
    const max = this.variants.maxIdsPerCall;
    if (max !== undefined && body.data.userIds.length > max) {
      return reject(400, `Too many userIds: at most ${max} per request`, { account: projectId, overLimit: true });
    }
    const maxReason = this.variants.maxReasonLength;
    if (maxReason !== undefined && body.data.reason.length > maxReason) {
      return reject(400, `Invalid request: reason must be at most ${maxReason} characters`, { account: projectId });
    }
    if (body.data.userIds.some((id) => this.variants.invalidIds.includes(id))) {
      return reject(400, 'Invalid request: userIds contains an invalid user id', { account: projectId });
    }
    if (this.variants.successBody === 'error-json' || this.variants.successBody === 'error-text') {
      const reply = this.variants.successBody === 'error-json'
        ? jsonReply(200, { error: 'Deletion quota exceeded, request not queued', statusCode: 200 })
        : textReply(200, 'ERROR: deletion quota exceeded, request not queued');
      return { kind, ids, account: projectId, reply };
    }
    return {
      kind,
      ids,
      account: projectId,
      commit: () => {
        const queue = this.deletions.get(projectId) ?? new Map<string, number>();
        this.deletions.set(projectId, queue);
        const now = this.clock();
        for (const id of body.data.userIds) if (!queue.has(id)) queue.set(id, now);
        return { reply: emptyReply(this.variants.successBody === 'no-content-204' ? 204 : 200), applied: true };
      },
    };
  }

  /** The token if the Authorization header has an accepted form. */
  private tokenFrom(header: string | undefined): string | undefined {
    const value = header?.trim();
    if (!value) return undefined;
    const m = /^Token\s+(\S+)$/i.exec(value);
    const form = m ? 'token' : /\s/.test(value) ? 'other' : 'bare';
    if (form === 'other') return undefined;
    if (this.variants.authForm !== 'either' && this.variants.authForm !== form) return undefined;
    return m ? m[1] : value;
  }

  private statusReply(projectId: string, userIds: string[]): Reply {
    const states = userIds.map((id) => [id, this.userState(projectId, id)] as const);
    const word = (s: SubjectState, pending: string, done: string, none: string) =>
      s === 'pending' ? pending : s === 'deleted' ? done : none;
    switch (this.variants.statusShape) {
      case 'map':
        return jsonReply(200, Object.fromEntries(states.map(([id, s]) => [id, word(s, 'pending', 'completed', 'not_found')])));
      case 'list':
        return jsonReply(200, states.map(([id, s]) => ({ userId: id, status: word(s, 'in progress', 'deleted', 'not found') })));
      case 'overall': {
        const status = states.some(([, s]) => s === 'pending') ? 'queued'
          : states.every(([, s]) => s === 'deleted') ? 'completed' : 'unknown';
        return jsonReply(200, { status });
      }
      case 'garbage':
        return textReply(200, `#DSR v0 :: ${states.length} :: ~~ok?~~ <!-- ${projectId} -->`);
      case 'html':
        return textReply(200, '<html><head><title>Sign in</title></head><body>Deletion completed? Sign in to see the status.</body></html>', 'text/html');
      default:
        return this.failureStatusReply(projectId, states);
    }
  }

  /** The hostile shapes: a failed deletion told beside, or under, the word "completed". */
  private failureStatusReply(projectId: string, states: readonly (readonly [string, SubjectState])[]): Reply {
    const failed = (id: string) => this.deletionFailed(projectId, id);
    const word = (id: string, s: SubjectState) => (failed(id) ? 'completed_with_errors' : s === 'pending' ? 'pending' : s === 'deleted' ? 'completed' : 'not_found');
    switch (this.variants.statusShape) {
      case 'map-qualified':
        return jsonReply(200, Object.fromEntries(states.map(([id, s]) => [id, word(id, s)])));
      case 'overall-with-failures':
        return jsonReply(200, {
          status: states.some(([, s]) => s === 'pending') ? 'queued' : 'completed',
          failed: states.filter(([id]) => failed(id)).map(([id]) => id),
        });
      case 'list-twice':
        return jsonReply(200, states.flatMap(([id, s]) => (failed(id) ? [{ userId: id, status: 'failed' }, { userId: id, status: 'deleted' }] : [{ userId: id, status: word(id, s) }])));
      default: {
        const pairs = states.flatMap(([id, s]) => (failed(id) ? [[id, 'failed'], [id, 'completed']] : [[id, word(id, s)]]));
        return textReply(200, `{${pairs.map(([id, w]) => `${JSON.stringify(id)}:${JSON.stringify(w)}`).join(',')}}`, 'application/json; charset=utf-8');
      }
    }
  }
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
