// The CLI's one account per vendor, read from environment variables only (never flags, never
// printed). A missing or malformed variable is named in the error; its value never is.
import {
  secretsSchemas,
  type Account,
  type AccountOf,
  type CredentialSource,
  type SecretsByVendor,
} from '../core/accounts';
import type { AccountDirectory } from '../core/engine';
import { credentialTextProblem } from '../core/credentialText';
import { CLEVERTAP_REGIONS, ENGAGELAB_DATA_CENTERS, baseUrlOverride } from '../core/endpoints';
import type { VendorId } from '../core/job';
import { ProxyConfigurationError, ProxyRouter, proxySecrets } from '../core/proxy';
import { batchAppKeyProblem } from '../vendors/batch';
import { cooladataProjectIdProblem } from '../vendors/cooladata';
import { errorMessage } from '../core/errorMessage';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** The label of the one Batch account the environment holds (BATCH_REST_API_KEY names no account). */
export const BATCH_ENVIRONMENT_LABEL = 'environment';

export function environmentAccountId(vendor: VendorId): string {
  return `env-${vendor}`;
}

export interface EnvironmentAccount<V extends VendorId = VendorId> {
  account: AccountOf<V>;
  secrets: SecretsByVendor[V];
}

export function accountFromEnvironment(vendor: VendorId, env: Env): EnvironmentAccount {
  const id = environmentAccountId(vendor);
  switch (vendor) {
    case 'cooladata': {
      const [projectId, apiToken] = required(env, 'COOLADATA_PROJECT_ID', 'COOLADATA_API_TOKEN');
      const projectIdProblem = cooladataProjectIdProblem(projectId);
      if (projectIdProblem) throw new ConfigurationError(`COOLADATA_PROJECT_ID ${projectIdProblem}`);
      const statusPath = optional(env, 'COOLADATA_STATUS_PATH');
      if (statusPath !== undefined && !statusPath.startsWith('/')) throw new ConfigurationError('COOLADATA_STATUS_PATH must start with /');
      return { account: { id, vendor, label: `project ${projectId}`, projectId, statusPath }, secrets: { apiToken } };
    }
    case 'engagelab': {
      const [appKey, masterSecret] = required(env, 'ENGAGELAB_APP_KEY', 'ENGAGELAB_MASTER_SECRET');
      const dataCenter = oneOf(env, 'ENGAGELAB_DATA_CENTER', Object.keys(ENGAGELAB_DATA_CENTERS), 'sgp') as keyof typeof ENGAGELAB_DATA_CENTERS;
      return { account: { id, vendor, label: `EngageLab ${dataCenter}`, dataCenter }, secrets: { appKey, masterSecret } };
    }
    case 'clevertap': {
      const [accountId, passcode] = required(env, 'CLEVERTAP_ACCOUNT_ID', 'CLEVERTAP_PASSCODE');
      const region = oneOf(env, 'CLEVERTAP_REGION', Object.keys(CLEVERTAP_REGIONS), 'eu') as keyof typeof CLEVERTAP_REGIONS;
      return { account: { id, vendor, label: `account ${accountId}`, accountId, region }, secrets: { passcode } };
    }
    case 'batch': {
      const [restKey, list] = required(env, 'BATCH_REST_API_KEY', 'BATCH_API_KEYS');
      const appKeys = parseBatchApiKeys(list);
      // Targets read "Batch · environment · android · GDPR remove"; results name the app label.
      return { account: { id, vendor, label: BATCH_ENVIRONMENT_LABEL, appKeyLabels: Object.keys(appKeys) }, secrets: { restKey, appKeys } };
    }
  }
}

/** Variables whose values are secrets: never printed, whatever the message. */
export const SECRET_VARIABLES = ['COOLADATA_API_TOKEN', 'ENGAGELAB_APP_KEY', 'ENGAGELAB_MASTER_SECRET', 'CLEVERTAP_PASSCODE', 'BATCH_REST_API_KEY'] as const;

/** Every secret value in the environment (Batch app keys one by one, EngageLab's Basic credential), for the redactor. */
export function environmentSecrets(env: Env): string[] {
  const values: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value) values.push(value, value.trim());
  }
  const list = env.BATCH_API_KEYS;
  if (list) {
    values.push(list);
    for (const entry of list.split(',')) {
      const equals = entry.indexOf('=');
      const key = (equals > 0 ? entry.slice(equals + 1) : entry).trim();
      // "KEY=" (the key typed where the label goes) must not be echoed as a label in an error.
      values.push(entry.trim(), key === '' && equals > 0 ? entry.slice(0, equals).trim() : key);
    }
  }
  const appKey = env.ENGAGELAB_APP_KEY?.trim();
  const masterSecret = env.ENGAGELAB_MASTER_SECRET?.trim();
  if (appKey && masterSecret) values.push(Buffer.from(`${appKey}:${masterSecret}`, 'utf8').toString('base64'));
  values.push(...proxySecrets(proxyVariables(env)));
  return values.filter((value) => value !== '');
}

/** The first non-empty of `name` in lower case, then upper case (as curl reads them), with its name. */
function proxyVariable(env: Env, name: string): { name: string; value: string } | undefined {
  for (const candidate of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[candidate]?.trim();
    if (value) return { name: candidate, value };
  }
  return undefined;
}

function proxyVariables(env: Env) {
  const https = proxyVariable(env, 'HTTPS_PROXY');
  const http = proxyVariable(env, 'HTTP_PROXY');
  return { httpsProxy: https?.value, httpProxy: http?.value, httpsSource: https?.name ?? 'HTTPS_PROXY', httpSource: http?.name ?? 'HTTP_PROXY' };
}

/**
 * The proxy route of every vendor request, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case);
 * undefined when no proxy is set. Loopback hosts go through the proxy too unless NO_PROXY names them.
 * A proxy URL that cannot be used is a ConfigurationError (exit 2, nothing sent).
 */
export function proxyFromEnvironment(env: Env): ProxyRouter | undefined {
  const variables = proxyVariables(env);
  if (!variables.httpsProxy && !variables.httpProxy) return undefined;
  try {
    return new ProxyRouter({ ...variables, noProxy: [proxyVariable(env, 'NO_PROXY')?.value ?? ''], strictSsl: true });
  } catch (error) {
    if (error instanceof ProxyConfigurationError) throw new ConfigurationError(error.message);
    throw error;
  }
}

/** "ios=KEY1,android=KEY2" or "KEY1,KEY2" (labelled app1, app2, …). */
export function parseBatchApiKeys(list: string): Record<string, string> {
  const appKeys: Record<string, string> = {};
  const entries = list.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) throw new ConfigurationError('BATCH_API_KEYS holds no app API key');
  entries.forEach((entry, n) => {
    const equals = entry.indexOf('=');
    const label = equals > 0 ? entry.slice(0, equals).trim() : `app${n + 1}`;
    const key = equals > 0 ? entry.slice(equals + 1).trim() : entry;
    if (key === '') throw new ConfigurationError(`BATCH_API_KEYS entry ${n + 1} (${label}) has no key`);
    const problem = credentialTextProblem(key) ?? batchAppKeyProblem(key);
    if (problem) throw new ConfigurationError(`BATCH_API_KEYS entry ${n + 1} (${label}): the key ${problem}; set it again`);
    if (appKeys[label] !== undefined) throw new ConfigurationError(`BATCH_API_KEYS uses the label "${label}" twice`);
    appKeys[label] = key;
  });
  return appKeys;
}

/** Accounts and credentials for the engine, resolved lazily so only the vendor in use is required. */
export class EnvironmentAccounts implements AccountDirectory, CredentialSource {
  private readonly cache = new Map<VendorId, EnvironmentAccount>();

  constructor(private readonly env: Env) {}

  /** Throws a ConfigurationError naming the missing variables. */
  load(vendor: VendorId): EnvironmentAccount {
    let found = this.cache.get(vendor);
    if (!found) {
      found = accountFromEnvironment(vendor, this.env);
      const parsed = secretsSchemas[vendor].safeParse(found.secrets);
      if (!parsed.success) throw new ConfigurationError(`the ${vendor} credentials in the environment are incomplete`);
      this.cache.set(vendor, found);
    }
    return found;
  }

  list(vendor?: VendorId): Account[] {
    return [...this.cache.values()].map((e) => e.account).filter((a) => !vendor || a.vendor === vendor);
  }

  get(accountId: string): Account | undefined {
    const vendor = accountId.startsWith('env-') ? (accountId.slice(4) as VendorId) : undefined;
    if (!vendor) return undefined;
    return this.load(vendor).account;
  }

  update(accountId: string, patch: Partial<Account>): void {
    const vendor = accountId.slice(4) as VendorId;
    const found = this.cache.get(vendor);
    if (found) found.account = { ...found.account, ...patch } as Account;
  }

  async secretsFor<V extends VendorId>(account: AccountOf<V>): Promise<SecretsByVendor[V]> {
    return this.load(account.vendor).secrets as SecretsByVendor[V];
  }

  baseUrlOverride(vendor: VendorId): string | undefined {
    try {
      return baseUrlOverride(vendor, this.env);
    } catch (error) {
      throw new ConfigurationError(errorMessage(error));
    }
  }
}

function required(env: Env, ...names: string[]): string[] {
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new ConfigurationError(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  for (const name of names) {
    const problem = credentialTextProblem(env[name]!.trim());
    if (problem) throw new ConfigurationError(`${name} ${problem}, which no request can carry: set it again (its value is not shown)`);
  }
  return names.map((name) => env[name]!.trim());
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function oneOf(env: Env, name: string, allowed: readonly string[], fallback: string): string {
  const value = optional(env, name) ?? fallback;
  if (!allowed.includes(value)) throw new ConfigurationError(`${name} must be one of ${allowed.join(', ')}`);
  return value;
}
