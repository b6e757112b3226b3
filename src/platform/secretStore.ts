// The secrets of every account, in VS Code's SecretStorage only: one key per account
// (`userErasure.account.<accountId>`) holding the vendor's secrets as JSON, validated with the zod
// schemas of core/accounts on the way in and on the way out. Secret values never reach a log line,
// an error message or an event: errors name the account and the field, nothing more.
// No runtime `vscode` import (the SecretStorage is handed in), so this runs in plain Node tests.
import { vendorCatalog } from '../core/catalog';
import type * as vscode from 'vscode';
import { MissingCredentialsError, type Account, type CredentialSource, type Secrets } from '../core/accounts';
import { type VendorId } from '../core/job';
import { issuesText, missingAppKeys } from './accountChecks';
import { Emitter } from './events';

export const SECRET_KEY_PREFIX = 'userErasure.account.';

export function secretKeyOf(accountId: string): string {
  return `${SECRET_KEY_PREFIX}${accountId}`;
}

/** The account whose secrets changed, when a key is ours; undefined for any other key. */
export function accountIdOfSecretKey(key: string): string | undefined {
  return key.startsWith(SECRET_KEY_PREFIX) && key.length > SECRET_KEY_PREFIX.length ? key.slice(SECRET_KEY_PREFIX.length) : undefined;
}

export type SecretRead<S extends Secrets = Secrets> =
  | { state: 'ok'; secrets: S }
  | { state: 'missing' }
  /** Stored but unreadable (not JSON, or not this vendor's shape); `problem` never holds a value. */
  | { state: 'invalid'; problem: string };

/** Secrets that do not fit the vendor's schema; the message names fields only. */
export class InvalidSecretsError extends Error {
  override name = 'InvalidSecretsError';
}

export interface SecretsChange {
  accountId: string;
}

export class SecretStore implements CredentialSource {
  private readonly changed = new Emitter<SecretsChange>();
  private readonly subscription: { dispose(): unknown };

  /** Fires when the secrets of an account were stored or deleted, by this window or another one. */
  readonly onDidChange: vscode.Event<SecretsChange> = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      const accountId = accountIdOfSecretKey(event.key);
      if (accountId !== undefined) this.changed.fire({ accountId });
    });
  }

  async read(accountId: string, vendor: VendorId): Promise<SecretRead> {
    const raw = await this.secrets.get(secretKeyOf(accountId));
    if (raw === undefined || raw === '') return { state: 'missing' };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return { state: 'invalid', problem: 'the stored value is not JSON' };
    }
    const parsed = vendorCatalog().parseSecrets(vendor, value);
    if (!parsed.success) return { state: 'invalid', problem: issuesText(parsed.error) };
    return { state: 'ok', secrets: parsed.data };
  }

  /** The stored secrets, or undefined when there are none or they are unreadable. */
  async get(accountId: string, vendor: VendorId): Promise<Secrets | undefined> {
    const read = await this.read(accountId, vendor);
    return read.state === 'ok' ? read.secrets : undefined;
  }

  /** Validates and stores; throws InvalidSecretsError (naming fields, never values) when they do not fit. */
  async set(accountId: string, vendor: VendorId, secrets: Secrets): Promise<void> {
    const parsed = vendorCatalog().parseSecrets(vendor, secrets);
    if (!parsed.success) {
      throw new InvalidSecretsError(`The ${vendorCatalog().displayName(vendor)} credentials are not valid: ${issuesText(parsed.error)}.`);
    }
    await this.secrets.store(secretKeyOf(accountId), JSON.stringify(parsed.data));
  }

  async delete(accountId: string): Promise<void> {
    await this.secrets.delete(secretKeyOf(accountId));
  }

  /** Account IDs that have secrets stored (orphans included). */
  async accountIds(): Promise<string[]> {
    const keys = await this.secrets.keys();
    return keys.flatMap((key) => accountIdOfSecretKey(key) ?? []);
  }

  async secretsFor(account: Account): Promise<Secrets> {
    const vendor = account.vendor;
    const name = `the ${vendorCatalog().displayName(vendor)} account "${account.label}"`;
    const read = await this.read(account.id, vendor);
    if (read.state === 'missing') {
      throw new MissingCredentialsError(`No credentials are stored for ${name}. Use Edit Account to enter them again.`);
    }
    if (read.state === 'invalid') {
      throw new MissingCredentialsError(`The stored credentials of ${name} cannot be used (${read.problem}). Use Edit Account to enter them again.`);
    }
    const missing = missingAppKeys(account, read.secrets);
    if (missing.length > 0) {
      const apps = missing.map((label) => `"${label}"`).join(', ');
      throw new MissingCredentialsError(`No app API key is stored for ${apps} of ${name}. Use Edit Account to enter it again.`);
    }
    return read.secrets;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
