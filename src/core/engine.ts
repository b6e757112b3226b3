// The engine every face (editor commands, tree actions, CLI) calls: plan a job from IDs and
// target choices, preview its requests, run it, retry, resume and cancel. No vscode in here.
import type { Account, CredentialSource, Secrets } from './accounts';
import { vendorCatalog, type VendorCatalog } from './catalog';
import type { HttpClient, HttpRequestSpec } from './http';
import { validateIdsWith } from './ids';
import {
  describeTarget,
  newJobId,
  type JobSpec,
  type JobState,
  type PlannedId,
  type TargetOptions,
  type TargetSpec,
  type VendorId,
} from './job';
import type { JobStore } from './jobStore';
import type { PacingRegistry, Sleep } from './limits';
import type { Logger } from './logger';
import type { Redactor } from './redact';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { retryableIndices, runJob, type JobRecorder } from './runner';
import { chunkIndices, type SchedulerDeps } from './scheduler';
import { AccountRemovedError, HistoryReadOnlyError, JobRunningError, NothingToRetryError, UnsendableTargetError } from './engineErrors';
import type { EngineSettings } from './settings';
import { checkStatuses, type StatusCheckMode, type StatusCheckReport } from './statusChecks';
import type { AnyVendorDefinition, DeleteClient, NoStatusCheck, PrepareStep, StatusChecker, VendorCallContext, VendorClientEnv } from './vendor';
import { plural } from './text/plural';
import { ListenerSet } from './listeners';

export interface AccountDirectory {
  list(vendor?: VendorId): Account[];
  get(accountId: string): Account | undefined;
  /** Stores something a client learned about the account (non-secret metadata only). */
  update(accountId: string, patch: Partial<Account>): void | Promise<void>;
}

export interface EngineServices {
  /** The vendors (src/vendors/index.ts); the process's catalog (core/catalog) when not given. */
  vendors?: VendorCatalog;
  accounts: AccountDirectory;
  credentials: CredentialSource;
  settings: () => EngineSettings;
  /** An HTTP client built with the current timeout and proxy settings. */
  http: (settings: EngineSettings) => HttpClient;
  redactor: Redactor;
  baseUrlOverride: (vendor: VendorId) => string | undefined;
  store: JobStore;
  pacing: PacingRegistry;
  logger: Logger;
  sleep?: Sleep;
  random?: () => number;
  /** Replaces the default retry policy (tests use short delays). */
  retryPolicy?: (settings: EngineSettings) => RetryPolicy;
}

export interface TargetChoice {
  account: Account;
  options: TargetOptions;
}

export interface PlanRequest {
  ids: readonly string[];
  choices: readonly TargetChoice[];
  source: JobSpec['source'];
  title?: string;
  /**
   * Dry runs that must send nothing at all: a vendor's lookups before the confirmation (its
   * definition's prepare(), e.g. aliases → device IDs) do not run. The plan keeps the typed IDs,
   * its preview lists the lookups that would run first, and it cannot be started.
   */
  deferPrepareSteps?: boolean;
}

export interface TargetPlanSummary {
  spec: TargetSpec;
  vendorName: string;
  toSend: number;
  skipped: { id: string; reason: string }[];
  notFound: { id: string; reason: string }[];
  firstIds: string[];
  caveats: readonly string[];
  /** The vendor's lookups did not run (plan made with deferPrepareSteps): `toSend` counts the typed IDs. */
  prepareDeferred?: boolean;
}

export interface JobPlan {
  spec: JobSpec;
  targets: TargetPlanSummary[];
}

export interface PreviewRequest {
  target: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  idCount: number;
  /** Set on a read-only lookup that must run before the deletions it decides (e.g. alias → device IDs). */
  kind?: 'lookup';
  /** What depends on this request, e.g. the DELETEs an alias lookup leads to. */
  note?: string;
}

export interface RequestPreview {
  requests: PreviewRequest[];
  /** Requests not listed because the preview is capped. */
  omitted: number;
  total: number;
}

/** How far one run is: IDs of this run that reached a state other than "sending". */
export interface RunProgress {
  readonly total: number;
  readonly done: number;
}

export interface RunHandle {
  job: JobState;
  progress: RunProgress;
  cancel(): void;
  /** Stops new requests but leaves the IDs not yet sent as "not sent", for Resume (the window is closing). */
  suspend(): void;
  /** Also aborts requests in flight (their IDs end as "unknown"). */
  abort(): void;
  done: Promise<void>;
}

const PREVIEW_LIMIT = 50;
const FIRST_IDS_SHOWN = 5;

export class ErasureEngine {
  private readonly running = new Map<string, RunHandle>();
  private readonly starting = new Set<string>();
  private readonly runListeners = new ListenerSet<string>();

  readonly vendors: VendorCatalog;

  constructor(readonly services: EngineServices) {
    this.vendors = services.vendors ?? vendorCatalog();
  }

  /** Called when a job starts or stops running (views refresh its running state). */
  onDidChangeRuns(listener: (jobId: string) => void): { dispose(): void } {
    return this.runListeners.add(listener);
  }

  /** The run in progress for a job, if any. */
  runOf(jobId: string): RunHandle | undefined {
    return this.running.get(jobId);
  }

  get store(): JobStore {
    return this.services.store;
  }

  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }

  /** Validates IDs per target, runs the vendors' lookups before confirmation, and builds the job (nothing is deleted). */
  async plan(request: PlanRequest, signal?: AbortSignal): Promise<JobPlan> {
    const createdAt = Date.now();
    const targets: JobSpec['targets'] = [];
    const summaries: TargetPlanSummary[] = [];
    for (const choice of request.choices) {
      const definition = this.vendors.get(choice.options.vendor);
      if (choice.account.vendor !== definition.id || !definition.optionsSchema.safeParse(choice.options).success) {
        throw new Error(`The options of the ${definition.displayName} target "${choice.account.label}" are not valid for it.`);
      }
      const spec: TargetSpec = {
        key: this.vendors.targetKey(choice.account.id, choice.options),
        accountId: choice.account.id,
        accountLabel: choice.account.label,
        options: choice.options,
      };
      if (targets.some((t) => t.spec.key === spec.key)) continue;
      const step = definition.prepare?.(choice.options);
      const deferred = request.deferPrepareSteps === true && step !== undefined;
      const ids = deferred ? this.typedIds(request.ids, choice.options) : await this.plannedIds(choice, request.ids, step, signal);
      targets.push({ spec, ids });
      summaries.push({ ...this.summarize(spec, ids), ...(deferred ? { prepareDeferred: true } : {}) });
    }
    const jobSpec: JobSpec = {
      id: newJobId(createdAt),
      createdAt,
      source: request.source,
      title: request.title ?? defaultTitle(request.ids.length, summaries),
      targets,
    };
    return { spec: jobSpec, targets: summaries };
  }

  /** The exact requests the plan would send, secrets redacted; nothing is sent. Lists at most `limit`. */
  async preview(plan: JobPlan, limit: number = PREVIEW_LIMIT): Promise<RequestPreview> {
    const requests: PreviewRequest[] = [];
    let total = 0;
    const { redactor } = this.services;
    const show = (target: TargetSpec, spec: HttpRequestSpec, idCount: number): PreviewRequest => ({
      target: describeTarget(target),
      method: spec.method,
      url: redactor.redactUrl(spec.url),
      headers: redactor.redactHeaders(spec.headers),
      body: spec.body === undefined ? undefined : redactor.redactText(spec.body),
      idCount,
    });
    for (const target of plan.spec.targets) {
      const step = this.vendors.prepareStep(target.spec.options);
      if (step && plan.targets.find((t) => t.spec.key === target.spec.key)?.prepareDeferred) {
        const typed = target.ids.flatMap((p) => (p.preset ? [] : [p.id]));
        for (const spec of step.requests(await this.callContext(target.spec.accountId), typed)) {
          total++;
          if (requests.length >= limit) continue;
          requests.push({ ...show(target.spec, spec, 1), kind: 'lookup', note: step.requestNote });
        }
        continue;
      }
      const client = await this.deleteClient(target.spec);
      const indices = target.ids.flatMap((p, i) => (p.preset ? [] : [i]));
      for (const group of chunkIndices(indices, client.limits.idsPerCall)) {
        const ids = group.map((i) => target.ids[i].id);
        for (const spec of client.requestsFor(ids)) {
          total++;
          if (requests.length >= limit) continue;
          requests.push(show(target.spec, spec, ids.length));
        }
      }
    }
    return { requests, omitted: total - requests.length, total };
  }

  /** Stores the job and starts sending. */
  async start(plan: JobPlan): Promise<RunHandle> {
    this.assertWritable();
    const deferred = plan.targets.find((t) => t.prepareDeferred);
    if (deferred) {
      const note = this.vendors.prepareStep(deferred.spec.options)?.notRunNote ?? 'lookups not run';
      throw new Error(`This plan was made for a dry run (${note}); plan again to delete.`);
    }
    const job = await this.store.add(plan.spec);
    return this.launch(job, undefined);
  }

  /** Sends again the failed, unknown and cancelled IDs (all, or those given per target key). */
  async retry(jobId: string, only?: ReadonlyMap<string, readonly number[]>): Promise<RunHandle> {
    const job = this.store.require(jobId);
    const chosen = only ?? new Map(job.targets.map((t) => [t.spec.key, retryableIndices(t)]));
    if (![...chosen.values()].some((indices) => indices.length > 0)) throw new NothingToRetryError();
    return this.launch(job, chosen);
  }

  /** Sends the IDs never sent (e.g. after a reload in the middle of a job). */
  async resume(jobId: string): Promise<RunHandle> {
    return this.launch(this.store.require(jobId), undefined);
  }

  /** Why this window cannot start, retry or resume jobs (another window writes the journal); undefined when it can. */
  readOnlyReason(): string | undefined {
    return this.store.readOnlyReason();
  }

  /** Removes a job from the history (and its IDs from the journal); a running job must be stopped first. */
  async removeJob(jobId: string): Promise<void> {
    this.assertWritable();
    if (this.running.has(jobId) || this.starting.has(jobId)) throw new JobRunningError('A running job cannot be removed: cancel it first.');
    await this.store.remove(jobId);
  }

  /** The vendor's status checker for a target, or the note to show when the vendor offers none. */
  async statusCheckerFor(spec: TargetSpec): Promise<StatusChecker | NoStatusCheck> {
    const { account, secrets } = await this.targetCredentials(spec);
    return this.vendors.get(account.vendor).createStatusChecker(spec, account, secrets, this.clientEnv(account.vendor));
  }

  /**
   * Asks the vendors about pending (accepted) IDs and records what changed. 'automatic': only
   * status APIs meant for polling; 'all': also lookups that cost API calls ("Verify now").
   */
  async checkStatuses(jobIds: readonly string[] | 'all', mode: StatusCheckMode, signal?: AbortSignal): Promise<StatusCheckReport> {
    this.assertWritable();
    return checkStatuses(this, { jobIds, mode, signal });
  }

  /** Throws HistoryReadOnlyError where this window cannot change the history (faces ask before their first question). */
  assertWritable(): void {
    const reason = this.store.readOnlyReason();
    if (reason) throw new HistoryReadOnlyError(reason);
  }

  cancel(jobId: string): boolean {
    const run = this.running.get(jobId);
    run?.cancel();
    return run !== undefined;
  }

  /**
   * Stops every run and waits for it: `suspend` (the window closes: unsent IDs stay "not sent" for
   * Resume, requests in flight finish) or `abort` (requests in flight are cut: "unknown").
   */
  async stopAll(how: 'suspend' | 'abort'): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) (how === 'abort' ? run.abort : run.suspend)();
    await Promise.allSettled(runs.map((r) => r.done));
  }

  async deleteClient(spec: TargetSpec): Promise<DeleteClient> {
    const { account, secrets } = await this.targetCredentials(spec);
    return this.vendors.get(account.vendor).createDeleteClient(spec, account, secrets, this.clientEnv(account.vendor));
  }

  /** The account and its secrets; the secrets are registered with the redactor before any use. */
  async credentialsFor(accountId: string): Promise<{ account: Account; secrets: Secrets }> {
    const account = this.services.accounts.get(accountId);
    if (!account) throw new AccountRemovedError();
    const secrets = await this.services.credentials.secretsFor(account);
    this.services.redactor.addSecret(...this.vendors.secretValues(account.vendor, secrets));
    return { account, secrets };
  }

  /** A target's account and secrets; the account must be of the vendor the target (and its history) names. */
  private async targetCredentials(spec: TargetSpec): Promise<{ account: Account; secrets: Secrets }> {
    const account = this.services.accounts.get(spec.accountId);
    if (account && account.vendor !== spec.options.vendor) {
      throw new UnsendableTargetError(`This target is for the vendor "${spec.options.vendor}" but its account is a ${this.vendors.displayName(account.vendor)} account: nothing is sent.`);
    }
    // Options read back from the journal are checked as at planning: a client reading an option it
    // does not know would fall back to a default the history does not show.
    if (account && !this.vendors.get(account.vendor).optionsSchema.safeParse(spec.options).success) {
      throw new UnsendableTargetError(`The options of this ${this.vendors.displayName(account.vendor)} target are not valid for it: nothing is sent.`);
    }
    return this.credentialsFor(spec.accountId);
  }

  /** What a vendor's own calls need: the account, its secrets (registered with the redactor) and the client environment. */
  async callContext(accountId: string): Promise<VendorCallContext> {
    const { account, secrets } = await this.credentialsFor(accountId);
    return { account, secrets, env: this.clientEnv(account.vendor) };
  }

  clientEnv(vendor: VendorId): VendorClientEnv {
    const settings = this.services.settings();
    return {
      http: this.services.http(settings),
      settings,
      redactor: this.services.redactor,
      baseUrlOverride: this.services.baseUrlOverride(vendor),
      rememberAccount: (accountId, patch) => void this.services.accounts.update(accountId, patch),
    };
  }

  schedulerDeps(): SchedulerDeps {
    const settings = this.services.settings();
    const retry = this.services.retryPolicy?.(settings) ?? {
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: settings.maxAttempts,
      baseDelayMs: settings.retryBaseDelayMs,
    };
    return { pacing: this.services.pacing, retry, sleep: this.services.sleep, random: this.services.random };
  }

  private async launch(job: JobState, only: ReadonlyMap<string, readonly number[]> | undefined): Promise<RunHandle> {
    this.assertWritable();
    if (this.running.has(job.id) || this.starting.has(job.id)) throw new JobRunningError();
    this.starting.add(job.id);
    let handle: RunHandle;
    try {
      const cancel = new AbortController();
      const suspend = new AbortController();
      const abort = new AbortController();
      const keys = only ? [...only.keys()] : job.targets.map((t) => t.spec.key);
      const clients = new Map<string, DeleteClient>();
      for (const key of keys) clients.set(key, await this.deleteClient(job.target(key).spec));
      const progress = { total: runSize(job, only), done: 0 };
      const recorder: JobRecorder = {
        record: async (j, target, indices, result) => {
          await this.store.record(j, target, indices, result);
          if (result.outcome !== 'sending') progress.done += indices.length;
        },
      };
      const signals = { cancel: cancel.signal, suspend: suspend.signal, abort: abort.signal };
      const done = runJob({ job, clients, only, recorder, ...signals }, this.schedulerDeps()).finally(() => {
        this.running.delete(job.id);
        this.emitRunChange(job.id);
      });
      handle = { job, progress, cancel: () => cancel.abort(), suspend: () => suspend.abort(), abort: () => abort.abort(), done };
      this.running.set(job.id, handle);
    } finally {
      this.starting.delete(job.id);
    }
    this.emitRunChange(job.id);
    return handle;
  }

  private emitRunChange(jobId: string): void {
    this.runListeners.fire(jobId);
  }

  private async plannedIds(choice: TargetChoice, ids: readonly string[], step: PrepareStep | undefined, signal?: AbortSignal): Promise<PlannedId[]> {
    const { options, account } = choice;
    const { valid, invalid } = this.sendableIds(ids, options);
    const skipped: PlannedId[] = invalid.map(({ id, reason }) => ({ id, preset: { outcome: 'skipped', message: reason } }));
    if (!step) {
      const planned: PlannedId[] = valid.map((id) => ({ id }));
      return skipped.length === 0 ? planned : planned.concat(skipped);
    }
    const prepared = await step.run(await this.callContext(account.id), valid, { pacing: this.services.pacing, retry: this.schedulerDeps().retry }, signal);
    return [...prepared, ...skipped];
  }

  /** The typed IDs themselves, validated, for a target whose lookups do not run (dry runs send nothing, not even lookups). */
  private typedIds(ids: readonly string[], options: TargetOptions): PlannedId[] {
    const { valid, invalid } = this.sendableIds(ids, options);
    return [
      ...valid.map((id) => ({ id, origin: id })),
      ...invalid.map(({ id, reason }) => ({ id, preset: { outcome: 'skipped' as const, message: reason } })),
    ];
  }

  /** The IDs that can be sent to a target: valid IDs (ids/validate) the vendor can also put on the wire unchanged. */
  private sendableIds(ids: readonly string[], options: TargetOptions): { valid: string[]; invalid: { id: string; reason: string }[] } {
    const definition: AnyVendorDefinition = this.vendors.get(options.vendor);
    const { valid, invalid } = validateIdsWith(ids, definition.idLimits?.(options) ?? {});
    if (!definition.idProblem) return { valid, invalid };
    const sendable: string[] = [];
    const refused: { id: string; reason: string }[] = [];
    for (const id of valid) {
      const reason = definition.idProblem(options, id);
      if (reason === undefined) sendable.push(id);
      else refused.push({ id, reason });
    }
    return { valid: sendable, invalid: [...refused, ...invalid] };
  }

  private summarize(spec: TargetSpec, ids: readonly PlannedId[]): TargetPlanSummary {
    let toSend = 0;
    const firstIds: string[] = [];
    for (const p of ids) {
      if (p.preset) continue;
      toSend++;
      if (firstIds.length < FIRST_IDS_SHOWN) firstIds.push(p.id);
    }
    const withReason = (outcome: 'skipped' | 'not-found') =>
      ids.filter((p) => p.preset?.outcome === outcome).map((p) => ({ id: p.id, reason: p.preset!.message }));
    return {
      spec,
      vendorName: this.vendors.displayName(spec.options.vendor),
      toSend,
      skipped: withReason('skipped'),
      notFound: withReason('not-found'),
      firstIds,
      caveats: this.vendors.get(spec.options.vendor).caveats,
    };
  }
}

function runSize(job: JobState, only: ReadonlyMap<string, readonly number[]> | undefined): number {
  let total = 0;
  for (const target of job.targets) total += only ? (only.get(target.spec.key)?.length ?? 0) : target.countOf('planned');
  return total;
}

function defaultTitle(idCount: number, targets: readonly TargetPlanSummary[]): string {
  const vendors = [...new Set(targets.map((t) => t.vendorName))].join(', ');
  return `${plural(idCount, 'ID')} → ${vendors}`;
}
