// The CLI's one account per vendor, read from environment variables only (never flags, never
// printed). Which variables a vendor has comes from its definition's fields (the same list the
// account form asks). A missing or malformed variable is named in the error; its value never is.
import type { Account, CredentialSource, Secrets } from '../core/accounts';
import { vendorCatalog } from '../core/catalog';
import type { AccountDirectory } from '../core/engine';
import { credentialTextProblem } from '../core/credentialText';
import { baseUrlOverride } from '../core/endpoints';
import type { VendorId } from '../core/job';
import { ProxyConfigurationError, ProxyRouter, proxySecrets } from '../core/proxy';
import type { AccountField, AnyVendorDefinition } from '../core/vendor';
import { errorMessage } from '../core/errorMessage';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

type Env = Readonly<Record<string, string | undefined>>;

export function environmentAccountId(vendor: VendorId): string {
  return `env-${vendor}`;
}

export interface EnvironmentAccount {
  account: Account;
  secrets: Secrets;
}

/** Variables that must be set (texts, secrets, app key lists that are not optional), in field order. */
function requiredFields(definition: AnyVendorDefinition): AccountField[] {
  return definition.fields.filter((f) => f.kind !== 'choice' && !(f.kind === 'text' && f.optional));
}

/** "COOLADATA_PROJECT_ID, COOLADATA_API_TOKEN (and COOLADATA_STATUS_PATH for status checks)". */
export function environmentVariables(vendor: VendorId): string {
  const { fields } = vendorCatalog().get(vendor);
  const named = [...requiredFields(vendorCatalog().get(vendor)), ...fields.filter((f) => f.kind === 'choice')].map((f) => f.env);
  const optional = fields.flatMap((f) => (f.kind === 'text' && f.optional ? [` (and ${f.env}${f.envPurpose ? ` ${f.envPurpose}` : ''})`] : []));
  return named.join(', ') + optional.join('');
}

/** "COOLADATA_PROJECT_ID, COOLADATA_API_TOKEN [COOLADATA_STATUS_PATH]; …", for the usage text: [..] may be left unset. */
export function environmentUsage(): string {
  return vendorCatalog()
    .all()
    .map((definition) => {
      const needed = requiredFields(definition);
      const optional = definition.fields.filter((f) => !needed.includes(f)).map((f) => `[${f.env}]`);
      return [needed.map((f) => f.env).join(', '), ...optional].join(' ');
    })
    .join('; ');
}

export function accountFromEnvironment(vendor: VendorId, env: Env): EnvironmentAccount {
  const definition = vendorCatalog().get(vendor);
  required(env, ...requiredFields(definition).map((f) => f.env));
  const fields: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const field of definition.fields) {
    const value = optional(env, field.env);
    switch (field.kind) {
      case 'text': {
        if (value === undefined) break;
        const problem = field.envCheck ? field.envCheck(value) : schemaProblem(field.schema, value);
        if (problem) throw new ConfigurationError(`${field.env} ${problem}`);
        fields[field.key] = value;
        break;
      }
      case 'choice':
        fields[field.key] = oneOf(env, field.env, field.choices.map((c) => c.value), field.default);
        break;
      case 'secret':
        secrets[field.key] = value;
        break;
      case 'labelled-keys': {
        let keys: Record<string, string>;
        try {
          keys = field.parseEnvironment(value ?? '');
        } catch (error) {
          throw new ConfigurationError(errorMessage(error));
        }
        fields[field.labelsKey] = Object.keys(keys);
        secrets[field.key] = keys;
        break;
      }
    }
  }
  const draft = { id: environmentAccountId(vendor), vendor, label: '', ...fields } as Account;
  return { account: { ...draft, label: definition.environmentLabel(draft) }, secrets };
}

function schemaProblem(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: readonly { message: string }[] } } }, value: string): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : (parsed.error?.issues[0]?.message ?? 'is not valid');
}

/** Every secret value in the environment, for the redactor, read before anything is parsed (app keys one by one, derived forms such as a Basic credential too). */
export function environmentSecrets(env: Env): string[] {
  const values: string[] = [];
  for (const definition of vendorCatalog().all()) {
    const trimmed: Record<string, string> = {};
    for (const field of definition.fields) {
      const value = env[field.env];
      if (!value) continue;
      if (field.kind === 'secret') {
        values.push(value, value.trim());
        trimmed[field.key] = value.trim();
      } else if (field.kind === 'labelled-keys') {
        values.push(...field.environmentSecrets(value));
      }
    }
    if (Object.keys(trimmed).length > 0) values.push(...vendorCatalog().secretValues(definition.id, trimmed));
  }
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

/** Accounts and credentials for the engine, resolved lazily so only the vendor in use is required. */
export class EnvironmentAccounts implements AccountDirectory, CredentialSource {
  private readonly cache = new Map<VendorId, EnvironmentAccount>();

  constructor(private readonly env: Env) {}

  /** Throws a ConfigurationError naming the missing variables. */
  load(vendor: VendorId): EnvironmentAccount {
    let found = this.cache.get(vendor);
    if (!found) {
      found = accountFromEnvironment(vendor, this.env);
      const parsed = vendorCatalog().parseSecrets(vendor, found.secrets);
      if (!parsed.success) throw new ConfigurationError(`the ${vendor} credentials in the environment are incomplete`);
      this.cache.set(vendor, found);
    }
    return found;
  }

  list(vendor?: VendorId): Account[] {
    return [...this.cache.values()].map((e) => e.account).filter((a) => !vendor || a.vendor === vendor);
  }

  get(accountId: string): Account | undefined {
    const vendor = accountId.startsWith('env-') ? accountId.slice(4) : undefined;
    if (!vendor || !vendorCatalog().has(vendor)) return undefined;
    return this.load(vendor).account;
  }

  update(accountId: string, patch: Partial<Account>): void {
    const vendor = accountId.slice(4);
    const found = this.cache.get(vendor);
    if (found) found.account = { ...found.account, ...patch } as Account;
  }

  async secretsFor(account: Account): Promise<Secrets> {
    return this.load(account.vendor).secrets;
  }

  baseUrlOverride(vendor: VendorId): string | undefined {
    try {
      return baseUrlOverride(vendor, this.env);
    } catch (error) {
      throw new ConfigurationError(errorMessage(error));
    }
  }
}

function required(env: Env, ...names: string[]): void {
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new ConfigurationError(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  for (const name of names) {
    const problem = credentialTextProblem(env[name]!.trim());
    if (problem) throw new ConfigurationError(`${name} ${problem}, which no request can carry: set it again (its value is not shown)`);
  }
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
