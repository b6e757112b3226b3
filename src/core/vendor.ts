// The contract every vendor implements: one `VendorDefinition` per vendor (src/vendors/<vendor>.ts),
// gathered in the catalog (src/vendors/index.ts) and handed in at composition. Core, commands,
// views and the CLI know vendors only through it. A vendor knows its wire format (how to build a
// request for a chunk of IDs and how to read the answer), its account fields and its options; the
// runner owns chunking, pacing, retries, splitting and cancellation.
import type * as z from 'zod/mini';
import type { Account, Secrets } from './accounts';
import type { HttpClient, HttpRequestSpec } from './http';
import type { IdLimits } from './ids/validate';
import type { RateLimitHint } from './limits';
import type { IdResult, Outcome, PlannedId, TargetOptions, TargetSpec, VendorId } from './job';
import type { Redactor } from './redact';
import type { SchedulerDeps } from './scheduler';
import type { EngineSettings } from './settings';

export interface CallLimits {
  /** At most this many IDs in one call. */
  idsPerCall: number;
  /** At most this many calls in flight per `pacingKey`. */
  maxInFlight: number;
  /** At most this many calls started in any one-second window per `pacingKey`. */
  requestsPerSecond?: number;
  /** Calls sharing a key share `maxInFlight` across every job (e.g. one CleverTap account's deletes). */
  pacingKey: string;
  /** Calls sharing a key share `requestsPerSecond` (default `pacingKey`): e.g. EngageLab's deletes and lookups per AppKey. */
  rateKey?: string;
  /**
   * false: a call that got no answer although it may have reached the vendor is not sent again, its
   * IDs end `unknown`: the call creates something (Batch's GDPR request), so a second one would be a
   * second request for the user. Default true: deletions are idempotent.
   */
  resendUnanswered?: boolean;
}

/** What one ID ended as, as reported by a call (the runner stamps the time). */
export type CallIdResult = Omit<IdResult, 'at'>;

export type CallOutcome = (
  /** The vendor answered for these IDs: one result for all, or one per ID (same order). */
  | { kind: 'settled'; results: CallIdResult | CallIdResult[] }
  /** Transient trouble (429, 5xx): try the same call again later. */
  | { kind: 'retry'; httpStatus: number; message: string; retryAfterMs?: number; request?: string }
  /** The vendor rejected the batch as a whole and cannot say which ID was bad: halve it. */
  | { kind: 'split'; httpStatus: number; message: string; request?: string }
) & {
  /** What the vendor's last answer said about its rate limit, for the pacing of `rateKey`. */
  rateLimit?: RateLimitHint;
};

export interface DeleteClient {
  readonly limits: CallLimits;
  /** The exact requests a call for these IDs sends (unredacted; callers redact before showing). */
  requestsFor(ids: readonly string[]): HttpRequestSpec[];
  deleteIds(ids: readonly string[], signal?: AbortSignal): Promise<CallOutcome>;
  /**
   * Builds the call for these IDs without sending or recording anything, and returns what sends
   * it: the same call as `deleteIds`. Optional, for calls that take time to build (a 10,000-ID
   * body): the runner builds the next ones while earlier calls are in flight.
   */
  prepareDelete?(ids: readonly string[]): (signal?: AbortSignal) => Promise<CallOutcome>;
}

/** An ID whose deletion was accepted, with the reference the vendor gave (if any). */
export interface PendingEntry {
  id: string;
  reference?: string;
}

export type StatusOutcome = Outcome & ('accepted' | 'done' | 'failed' | 'not-found' | 'unknown');

export interface StatusChecker {
  readonly limits: CallLimits;
  /**
   * `automatic`: cheap and meant for polling (Batch GDPR status); otherwise a lookup that costs
   * API calls, run on demand or when the engineer enables scheduled verification.
   */
  readonly automatic: boolean;
  /** Results per entry, same order; `accepted` means still pending. */
  check(entries: readonly PendingEntry[], signal?: AbortSignal): Promise<CallOutcome>;
}

export interface ConnectionCheck {
  ok: boolean;
  message: string;
}

export interface VendorClientEnv {
  http: HttpClient;
  settings: EngineSettings;
  redactor: Redactor;
  /** scheme://host:port replacing the vendor's real host, from USER_ERASURE_<VENDOR>_BASE_URL. */
  baseUrlOverride?: string;
  /** Lets a client remember something it learned about the account (Cooladata's auth form). */
  rememberAccount?: (accountId: string, patch: Partial<Account>) => void;
}

/** What a pending ID looks like when the vendor offers no way to check it. */
export interface NoStatusCheck {
  pendingNote: string;
}

// --- account fields: one list drives the account form (commands/accounts/form.ts) and the CLI's
// environment reader (cli/environment.ts) ---------------------------------------------------------

interface FieldBase {
  /** The account property (text, choice) or secrets property (secret, labelled keys) it fills. */
  key: string;
  /** The environment variable the CLI reads it from. */
  env: string;
}

/** Non-secret text kept in the account (a project ID, an account ID). */
export interface TextField extends FieldBase {
  kind: 'text';
  schema: z.ZodMiniType<string | undefined>;
  prompt: string;
  placeholder?: string;
  /** May stay empty (the property is then absent). */
  optional?: boolean;
  /** Goes into a header: what no header can carry is refused, named so ("Account ID contains a space…"). */
  headerName?: string;
  /** A check of the trimmed, non-empty text beyond the schema, as a sentence. */
  check?(text: string): string | undefined;
  /** The environment's check of the trimmed value, said after the variable's name ("must start with /"); default: the schema's. */
  envCheck?(text: string): string | undefined;
  /** Why the CLI may need an optional variable ("for status checks"). */
  envPurpose?: string;
}

/** One of fixed values (a region, a data centre), each shown with its label and host. */
export interface ChoiceField extends FieldBase {
  kind: 'choice';
  /** The question, e.g. "CleverTap region of the account (the wrong region answers 401)". */
  question: string;
  choices: readonly { value: string; label: string; description: string }[];
  /** When the environment does not set it. */
  default: string;
}

/** A secret: kept in SecretStorage (or the environment), never shown, registered with the redactor. */
export interface SecretField extends FieldBase {
  kind: 'secret';
  schema: z.ZodMiniType<string>;
  /** As used in sentences: "API token". */
  name: string;
  prompt: string;
  /** false for a value that is secret in storage but usually typed visibly (an AppKey). */
  password: boolean;
}

/** Several labelled keys (one per app): the labels are account metadata, the keys secrets. */
export interface LabelledKeysField extends FieldBase {
  kind: 'labelled-keys';
  /** The account property holding the labels. */
  labelsKey: string;
  labelSchema: z.ZodMiniType<string>;
  keySchema: z.ZodMiniType<string>;
  /** A check of a typed key beyond the schema (e.g. what cannot go into a URL path). */
  keyProblem?(key: string): string | undefined;
  /** The environment's list ("ios=KEY1,android=KEY2") as keys by label; throws with a message that names no key. */
  parseEnvironment(list: string): Record<string, string>;
  /** Every piece of the raw list that may be a key, for the redactor, before the list is parsed. */
  environmentSecrets(list: string): string[];
}

export type AccountField = TextField | ChoiceField | SecretField | LabelledKeysField;

// --- target options: asked in the editor and read from CLI flags by the same function -------------

export interface OptionChoice<T> {
  /** The value's name on the command line (--id-type alias). */
  id: string;
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/**
 * What `chooseOptions` may ask. The editor asks with quick picks and input boxes (Escape cancels);
 * the CLI answers from its flags: the flag's value, else the first choice (or the text's value).
 */
export interface OptionAsker {
  pickOne<T>(question: { flag: string; title: string; choices: readonly OptionChoice<T>[] }): Promise<T>;
  /** Every value is ticked at first; the CLI takes them all. `noneMessage`: said when none is left ticked. */
  pickMany<T>(question: { title: string; placeholder: string; choices: readonly { label: string; value: T }[]; noneMessage: string }): Promise<T[]>;
  text(question: { flag: string; title: string; prompt: string; value: string; validate(text: string): string | undefined }): Promise<string>;
}

/** A command-line flag a vendor's options read, for the CLI's usage text and its checks before anything runs. */
export interface OptionFlag {
  flag: string;
  /** The values it takes (first = default); absent for free text. */
  values?: readonly string[];
  /** Said in the usage text after the vendor's id, e.g. "default identity". */
  help?: string;
}

/** How a target's options read, in every place that names a target. */
export interface OptionsDescription {
  /** What follows "Vendor · account" in a target's name: ["alias"], ["iOS", "GDPR remove"]. */
  target: readonly string[];
  /** The audit export's mode column. */
  mode: string;
  /** Rows of the details view ("ID type", "alias"). */
  details: readonly (readonly [string, string])[];
  /** A value sent with every deletion that the confirmation shows (a deletion reason). */
  sentWith?: { name: string; value: string };
  /** The part of the account the target deletes at (an app), and how it differs from a sibling target there (a mode). */
  part?: { name: string; variant: string };
}

// --- preparation before the confirmation --------------------------------------------------------

export interface VendorCallContext<A extends Account = Account, S extends Secrets = Secrets> {
  account: A;
  secrets: S;
  env: VendorClientEnv;
}

/**
 * Read-only lookups that turn the typed IDs into the IDs to delete (aliases → device IDs), run when
 * the job is planned, before the confirmation. A dry run does not run them: it lists them instead.
 */
export interface PrepareStep<A extends Account = Account, S extends Secrets = Secrets> {
  /** Shown while it runs (it can be cancelled). */
  progressTitle: string;
  /** The CLI's line before it runs. */
  notice(idCount: number): string;
  /** What the typed IDs are, singular and plural ("alias", "aliases"), and what they become ("registration ID"). */
  typedUnit: readonly [string, string];
  sentUnit: string;
  /** Why a plan made without the lookups cannot be started. */
  notRunNote: string;
  /** The lookups it would send (unredacted; callers redact), and the note a dry run shows with each. */
  requests(ctx: VendorCallContext<A, S>, ids: readonly string[]): HttpRequestSpec[];
  requestNote: string;
  /** What a dry run's report says about the lookups it lists instead of running (lines). */
  dryRunExplanation: readonly string[];
  /** The IDs to send, each with the typed ID it came from; IDs that end here carry a preset (not found, skipped). */
  run(ctx: VendorCallContext<A, S>, ids: readonly string[], scheduler: SchedulerDeps, signal?: AbortSignal): Promise<PlannedId[]>;
}

// --- the definition -------------------------------------------------------------------------------

export interface AccountDescription {
  /** Short facts that tell two accounts of the vendor apart ("project 123", "Singapore (default)"). */
  facts: string[];
  /** Rows of the account's tooltip. */
  details: [string, string][];
}

/** A vendor's own settings: a zod object (every field with its default, named as in USER_ERASURE_SETTINGS) and each one's VS Code setting under `userErasure.`. */
export interface VendorSettings {
  schema: z.ZodMiniObject<Record<string, z.ZodMiniType>>;
  configKeys: Readonly<Record<string, string>>;
}

/** Everything the program knows about one vendor. Vendor-specific types stay inside the vendor's file. */
export interface VendorDefinition<A extends Account = Account, S extends Secrets = Secrets, O extends TargetOptions = TargetOptions> {
  /** Lower-case id: in the journal, CLI --vendor, context values, USER_ERASURE_<ID>_BASE_URL. */
  readonly id: VendorId;
  readonly displayName: string;
  readonly accountSchema: z.ZodMiniType<A>;
  readonly secretsSchema: z.ZodMiniType<S>;
  readonly optionsSchema: z.ZodMiniType<O>;
  /** What an account needs, shown when the vendor is picked: "region + Account ID + Passcode". */
  readonly fieldsSummary: string;
  /** Asked in this order after the label; read from the environment by the CLI. */
  readonly fields: readonly AccountField[];
  /** Account properties the client learns (an accepted auth form), forgotten when a secret changes. */
  readonly learnedFields?: readonly string[];
  /** The label of the CLI's environment account, from its fields. */
  environmentLabel(account: A): string;
  /** false when the environment account's label is fixed and so does not tell accounts apart. */
  readonly environmentLabelIdentifies?: boolean;
  /** Why the environment's account cannot act on a target made for it earlier (an app it no longer names). */
  environmentTargetProblem?(options: O, account: A): string | undefined;
  describeAccount(account: A): AccountDescription;
  /** Shown in the confirmation: irreversibility and the vendor's own caveats. */
  readonly caveats: readonly string[];
  /** Its own settings (chunk sizes, concurrency, defaults of options). */
  readonly settings?: VendorSettings;
  /** The options of one account's targets (several: one target each). */
  chooseOptions(account: A, ask: OptionAsker, settings: EngineSettings): Promise<O[]>;
  readonly optionFlags: readonly OptionFlag[];
  describeOptions(options: O): OptionsDescription;
  /** Tells targets of one account apart (default: one target per account). */
  targetKey?(accountId: string, options: O): string;
  /** The vendor's own ID rules, checked with the common ones before anything is sent. */
  idLimits?(options: Partial<O> | undefined): IdLimits;
  /**
   * Why a valid ID still cannot be sent to a target of this vendor (e.g. it would change the URL
   * path it goes into), checked when the job is planned: such IDs are skipped with the reason.
   */
  idProblem?(options: O, id: string): string | undefined;
  /** Lookups before the confirmation, for targets with these options. */
  prepare?(options: O): PrepareStep<A, S> | undefined;
  /** `target.options` are this vendor's (the engine checked them with optionsSchema when it planned the job). */
  createDeleteClient(target: TargetSpec, account: A, secrets: S, env: VendorClientEnv): DeleteClient;
  createStatusChecker(target: TargetSpec, account: A, secrets: S, env: VendorClientEnv): StatusChecker | NoStatusCheck;
  /** A harmless authenticated call, or undefined when the vendor has none. */
  testConnection?(account: A, secrets: S, env: VendorClientEnv, signal?: AbortSignal): Promise<ConnectionCheck>;
  /** Headers whose value is always masked, whatever it is (e.g. "X-Authorization"). */
  readonly secretHeaders?: readonly string[];
  /** Where a URL holds a secret: a global pattern whose first group is the text before it (kept), the second the secret (masked). */
  readonly secretInUrl?: RegExp;
  /** Values sent in place of the secrets (a Basic credential built from two of them): masked too. Every string in the secrets always is. */
  derivedSecrets?(secrets: Partial<S>): string[];
}

/** A definition of any vendor, as the catalog holds it. */
 
export type AnyVendorDefinition = VendorDefinition<any, any, any>;

/** Types a vendor's definition (its own account, secrets and options types) without widening it. */
export function defineVendor<A extends Account, S extends Secrets, O extends TargetOptions>(definition: VendorDefinition<A, S, O>): VendorDefinition<A, S, O> {
  return definition;
}

export function isStatusChecker(value: StatusChecker | NoStatusCheck): value is StatusChecker {
  return 'check' in value;
}
