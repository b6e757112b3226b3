// Builds the same engine the extension uses, with the environment as the account source.
import { vendorCatalog } from '../core/catalog';
import { ErasureEngine } from '../core/engine';
import { createHttpClient } from '../core/http';
import { JobStore } from '../core/jobStore';
import { PacingRegistry } from '../core/limits';
import { silentLogger, type Logger } from '../core/logger';
import { Redactor } from '../core/redact';
import { readSettings, settingNames, type EngineSettings } from '../core/settings';
import { ConfigurationError, EnvironmentAccounts, environmentSecrets, proxyFromEnvironment } from './environment';

type Env = Readonly<Record<string, string | undefined>>;

export interface CliEngine {
  engine: ErasureEngine;
  store: JobStore;
  accounts: EnvironmentAccounts;
  redactor: Redactor;
  settings: EngineSettings;
}

/** USER_ERASURE_SETTINGS may hold engine settings as JSON, e.g. {"engagelabRequestsPerSecond":200}. */
export function settingsFromEnvironment(env: Env): EngineSettings {
  const raw = env.USER_ERASURE_SETTINGS?.trim();
  if (!raw) return readSettings({}).settings;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigurationError('USER_ERASURE_SETTINGS is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigurationError('USER_ERASURE_SETTINGS must be a JSON object');
  const known = settingNames();
  const unknown = Object.keys(parsed).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new ConfigurationError(`USER_ERASURE_SETTINGS: unknown setting ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const { settings, problems } = readSettings(parsed as Record<string, unknown>);
  if (problems.length > 0) throw new ConfigurationError(`USER_ERASURE_SETTINGS: ${problems.join('; ')}`);
  return settings;
}

export interface CliEngineOptions {
  logger?: Logger;
  /** The redactor the CLI's output already uses (the environment's secrets registered). */
  redactor?: Redactor;
}

export function createCliEngine(env: Env, options: CliEngineOptions = {}): CliEngine {
  const logger = options.logger ?? silentLogger;
  const settings = settingsFromEnvironment(env);
  const accounts = new EnvironmentAccounts(env);
  const redactor = options.redactor ?? new Redactor();
  redactor.addSecret(...environmentSecrets(env));
  const store = new JobStore();
  const routes = proxyFromEnvironment(env);
  const engine = new ErasureEngine({
    vendors: vendorCatalog(),
    accounts,
    credentials: accounts,
    settings: () => settings,
    http: (current) => createHttpClient({ routes, timeoutMs: current.requestTimeoutMs, redactor, logger }),
    redactor,
    baseUrlOverride: (vendor) => accounts.baseUrlOverride(vendor),
    store,
    pacing: new PacingRegistry(),
    logger,
  });
  return { engine, store, accounts, redactor, settings };
}
