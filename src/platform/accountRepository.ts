// The vendor accounts: non-secret metadata in globalState (`userErasure.accounts`, a zod-validated
// array), their secrets in the SecretStore. The engine uses one instance as both its
// AccountDirectory and its CredentialSource. No runtime `vscode` import: the Memento and the
// SecretStore are handed in, so this runs in plain Node tests.
//
// Unreadable stored entries are reported (once) and skipped, never dropped from storage: a later
// version may read them again, and nothing the engineer entered is silently thrown away.
import { vendorCatalog } from '../core/catalog';
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import type { Account, CredentialSource, Secrets } from '../core/accounts';
import type { AccountDirectory } from '../core/engine';
import { type VendorId } from '../core/job';
import { appKeysProblem, issuesText, labelledKeyFields, labelTaken } from './accountChecks';
import { Emitter } from './events';
import type { SecretStore } from './secretStore';
import { errorMessage } from '../core/errorMessage';

export const ACCOUNTS_STATE_KEY = 'userErasure.accounts';
/** Where a stored value that is not even an array is kept before the first write replaces it. */
export const UNREADABLE_ACCOUNTS_STATE_KEY = 'userErasure.accounts.unreadable';

/** Invalid account data given to add/replace/update; the message names fields, never secret values. */
export class AccountValidationError extends Error {
  override name = 'AccountValidationError';
}

export function newAccountId(vendor: VendorId): string {
  return `${vendor}-${randomUUID()}`;
}

interface Snapshot {
  /** The stored array (entries as stored, readable or not). */
  raw: readonly unknown[];
  accounts: Account[];
  problems: string[];
}

export class AccountRepository implements AccountDirectory, CredentialSource {
  private readonly changed = new Emitter<void>();
  private readonly secretsSubscription: { dispose(): unknown };
  private cache: { key: string; snapshot: Snapshot } | undefined;
  private readonly reported = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  /** Fires after any change: metadata written here, or secrets stored/deleted by any window. */
  readonly onDidChange: vscode.Event<void> = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    readonly secrets: SecretStore,
    /** Told once about each stored entry that cannot be read (the composition root logs it). */
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    this.secretsSubscription = secrets.onDidChange(() => this.changed.fire());
  }

  /** Accounts in vendor order, then by label; only one vendor's when given. */
  list(vendor?: VendorId): Account[] {
    const { accounts } = this.snapshot();
    return vendor ? accounts.filter((a) => a.vendor === vendor) : [...accounts];
  }

  get(accountId: string): Account | undefined {
    return this.snapshot().accounts.find((a) => a.id === accountId);
  }

  /** Messages about stored entries that could not be read (and are ignored). */
  problems(): readonly string[] {
    return this.snapshot().problems;
  }

  isLabelTaken(vendor: VendorId, label: string, exceptId?: string): boolean {
    return labelTaken(this.list(vendor), vendor, label, exceptId);
  }

  /** Stores a new account with its secrets (validated; the label must be unique for the vendor). */
  add<A extends Account>(account: A, secrets: Secrets): Promise<A> {
    return this.exclusive(async () => {
      const valid = this.validated(account) as A;
      const { raw, accounts } = this.snapshot();
      if (accounts.some((a) => a.id === valid.id) || raw.some((entry) => rawId(entry) === valid.id)) {
        throw new AccountValidationError(`An account with the ID ${valid.id} exists already.`);
      }
      this.checkLabel(valid);
      this.checkSecretsFit(valid, secrets);
      // Secrets first: an account never shows up without its credentials.
      await this.secrets.set(valid.id, valid.vendor, secrets);
      try {
        await this.write([...raw, valid]);
      } catch (error) {
        await this.secrets.delete(valid.id).catch(() => undefined);
        throw error;
      }
      this.changed.fire();
      return valid;
    });
  }

  /** Replaces an account's metadata (same ID and vendor) and, when given, its secrets. */
  replace<A extends Account>(account: A, secrets?: Secrets): Promise<A> {
    return this.exclusive(async () => {
      const valid = this.validated(account) as A;
      const current = this.get(valid.id);
      if (!current) throw new AccountValidationError(`The ${vendorCatalog().displayName(valid.vendor)} account "${valid.label}" no longer exists.`);
      if (current.vendor !== valid.vendor) throw new AccountValidationError('The vendor of an account cannot change.');
      this.checkLabel(valid);
      if (secrets) {
        this.checkSecretsFit(valid, secrets);
      } else if (labelledKeyFields(valid).length > 0) {
        // New app labels need their keys: check against what is stored.
        const stored = await this.secrets.get(valid.id, valid.vendor);
        if (stored) this.checkSecretsFit(valid, stored);
      }
      const previous = secrets ? await this.secrets.get(valid.id, valid.vendor) : undefined;
      if (secrets) await this.secrets.set(valid.id, valid.vendor, secrets);
      try {
        await this.write(this.snapshot().raw.map((entry) => (rawId(entry) === valid.id ? valid : entry)));
      } catch (error) {
        if (secrets && previous) await this.secrets.set(valid.id, valid.vendor, previous).catch(() => undefined);
        throw error;
      }
      this.changed.fire();
      return valid;
    });
  }

  /**
   * Stores something a vendor client learned (e.g. Cooladata's accepted auth form). Metadata only:
   * the ID and vendor never change; an account removed meanwhile is ignored. Never rejects (clients
   * call it without waiting): a patch that does not fit is reported through `onProblem`.
   */
  update(accountId: string, patch: Partial<Account>): Promise<void> {
    return this.exclusive(async () => {
      const current = this.get(accountId);
      if (!current) return;
      try {
        const merged = this.validated({ ...current, ...patch, id: current.id, vendor: current.vendor } as Account);
        if (JSON.stringify(merged) === JSON.stringify(current)) return;
        if (merged.label !== current.label) this.checkLabel(merged);
        await this.write(this.snapshot().raw.map((entry) => (rawId(entry) === accountId ? merged : entry)));
      } catch (error) {
        this.onProblem(`Could not update the ${vendorCatalog().displayName(current.vendor)} account "${current.label}": ${errorMessage(error)}`);
        return;
      }
      this.changed.fire();
    });
  }

  /** Removes the account's metadata and its secrets; resolves to what was removed. */
  remove(accountId: string): Promise<Account | undefined> {
    return this.exclusive(async () => {
      const removed = this.get(accountId);
      const { raw } = this.snapshot();
      const kept = raw.filter((entry) => rawId(entry) !== accountId);
      if (kept.length !== raw.length) await this.write(kept);
      await this.secrets.delete(accountId);
      this.changed.fire();
      return removed;
    });
  }

  secretsFor(account: Account): Promise<Secrets> {
    return this.secrets.secretsFor(account);
  }

  dispose(): void {
    this.secretsSubscription.dispose();
    this.changed.dispose();
  }

  /** The stored accounts, parsed again whenever the stored value changed (another window included). */
  private snapshot(): Snapshot {
    const stored = this.state.get<unknown>(ACCOUNTS_STATE_KEY);
    const key = JSON.stringify(stored) ?? '';
    if (this.cache?.key === key) return this.cache.snapshot;
    const snapshot = parseStored(stored);
    for (const problem of snapshot.problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.onProblem(problem);
    }
    this.cache = { key, snapshot };
    return snapshot;
  }

  private async write(entries: readonly unknown[]): Promise<void> {
    const stored = this.state.get<unknown>(ACCOUNTS_STATE_KEY);
    if (stored !== undefined && !Array.isArray(stored) && this.state.get(UNREADABLE_ACCOUNTS_STATE_KEY) === undefined) {
      await this.state.update(UNREADABLE_ACCOUNTS_STATE_KEY, stored);
    }
    await this.state.update(ACCOUNTS_STATE_KEY, entries);
  }

  private validated(account: Account): Account {
    const parsed = vendorCatalog().parseAccount(account);
    if (!parsed.success) throw new AccountValidationError(`The account is not valid: ${issuesText(parsed.error)}.`);
    return parsed.data;
  }

  private checkLabel(account: Account): void {
    if (labelTaken(this.list(account.vendor), account.vendor, account.label, account.id)) {
      throw new AccountValidationError(`A ${vendorCatalog().displayName(account.vendor)} account named "${account.label.trim()}" exists already.`);
    }
  }

  private checkSecretsFit(account: Account, secrets: Secrets): void {
    const problem = appKeysProblem(account, secrets);
    if (problem) throw new AccountValidationError(`The ${vendorCatalog().displayName(account.vendor)} account "${account.label}": ${problem}.`);
  }

  /** Mutations run one at a time, so two quick changes never overwrite each other. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function rawId(entry: unknown): string | undefined {
  return entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : undefined;
}

export function parseStored(stored: unknown): Snapshot {
  if (stored === undefined) return { raw: [], accounts: [], problems: [] };
  if (!Array.isArray(stored)) {
    return {
      raw: [],
      accounts: [],
      problems: [`The stored account list (${ACCOUNTS_STATE_KEY}) is not a list and is ignored; it will be kept under ${UNREADABLE_ACCOUNTS_STATE_KEY}.`],
    };
  }
  const accounts: Account[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  stored.forEach((entry, index) => {
    const parsed = vendorCatalog().parseAccount(entry);
    const id = rawId(entry);
    const label = entry && typeof entry === 'object' && typeof (entry as { label?: unknown }).label === 'string' ? (entry as { label: string }).label : undefined;
    const name = `Stored account #${index + 1}${label ? ` "${label}"` : ''}${id ? ` (${id})` : ''}`;
    if (!parsed.success) {
      problems.push(`${name} cannot be read and is ignored: ${issuesText(parsed.error)}.`);
      return;
    }
    if (seen.has(parsed.data.id)) {
      problems.push(`${name} repeats an account ID and is ignored.`);
      return;
    }
    seen.add(parsed.data.id);
    accounts.push(parsed.data);
  });
  const catalog = vendorCatalog();
  accounts.sort((a, b) => catalog.order(a.vendor) - catalog.order(b.vendor) || a.label.localeCompare(b.label));
  return { raw: stored, accounts, problems };
}
