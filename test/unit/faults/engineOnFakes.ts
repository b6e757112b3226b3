// A real ErasureEngine (the one the extension and the CLI use) pointed at the fake vendors: one
// account per vendor with the fakes' credentials (or canary ones), settings and HTTP timeout as
// the caller wants. Shared by the fault tests and by `npm run bench`.
import type { Account } from '../../../src/core/accounts';
import type { SecretsByVendor } from '../../../src/vendors';
import type { TargetChoice } from '../../../src/core/engine';
import { createHttpClient } from '../../../src/core/http';
import type { TargetOptions } from '../../../src/core/job';
import type { ProductVendorId as VendorId } from '../../../src/vendors';
import { JobStore } from '../../../src/core/jobStore';
import { PacingRegistry, type Sleep } from '../../../src/core/limits';
import { silentLogger, type Logger } from '../../../src/core/logger';
import { Redactor } from '../../../src/core/redact';
import type { RetryPolicy } from '../../../src/core/retry';
import type { Dispatcher } from '../../../src/core/undici';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../../src/core/settings';
import { DEFAULT_FAKE_ACCOUNTS, type FakeVendorUrls } from '../../fakes';
import { engineOverAccounts } from '../helpers/engine';

/** The credentials the fakes accept (and the engine sends). */
export interface FakeCredentials {
  cooladata: { projectId: string; token: string };
  engagelab: { appKey: string; masterSecret: string };
  clevertap: { accountId: string; passcode: string };
  batch: { restKey: string; apps: { label: string; apiKey: string }[] };
}

export const DEFAULT_CREDENTIALS: FakeCredentials = {
  cooladata: { projectId: DEFAULT_FAKE_ACCOUNTS.cooladata.projectId, token: DEFAULT_FAKE_ACCOUNTS.cooladata.token },
  engagelab: { ...DEFAULT_FAKE_ACCOUNTS.engagelab },
  clevertap: { ...DEFAULT_FAKE_ACCOUNTS.clevertap },
  batch: { restKey: DEFAULT_FAKE_ACCOUNTS.batch.restKey, apps: DEFAULT_FAKE_ACCOUNTS.batch.apps.map((a) => ({ ...a })) },
};

/** Every secret value in a credentials set (what must never show up anywhere). */
export function secretsOf(c: FakeCredentials): string[] {
  return [
    c.cooladata.token,
    c.engagelab.appKey,
    c.engagelab.masterSecret,
    Buffer.from(`${c.engagelab.appKey}:${c.engagelab.masterSecret}`).toString('base64'),
    c.clevertap.passcode,
    c.batch.restKey,
    ...c.batch.apps.map((a) => a.apiKey),
  ];
}

export function accountsFor(c: FakeCredentials): Record<VendorId, Account> {
  return {
    cooladata: { id: 'bench-cd', label: 'Fake Cooladata', vendor: 'cooladata', projectId: c.cooladata.projectId },
    engagelab: { id: 'bench-el', label: 'Fake EngageLab', vendor: 'engagelab', dataCenter: 'sgp' },
    clevertap: { id: 'bench-ct', label: 'Fake CleverTap', vendor: 'clevertap', region: 'eu1', accountId: c.clevertap.accountId },
    batch: { id: 'bench-b', label: 'Fake Batch', vendor: 'batch', appKeyLabels: c.batch.apps.map((a) => a.label) },
  };
}

function secretsFor(c: FakeCredentials): SecretsByVendor {
  return {
    cooladata: { apiToken: c.cooladata.token },
    engagelab: { appKey: c.engagelab.appKey, masterSecret: c.engagelab.masterSecret },
    clevertap: { passcode: c.clevertap.passcode },
    batch: { restKey: c.batch.restKey, appKeys: Object.fromEntries(c.batch.apps.map((a) => [a.label, a.apiKey])) },
  };
}

export interface EngineOnFakesOptions {
  urls: FakeVendorUrls;
  credentials?: FakeCredentials;
  settings?: Partial<EngineSettings>;
  /** HTTP timeout in ms; default settings.requestTimeoutMs (fault runs go below its 1 s minimum). */
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  logger?: Logger;
  store?: JobStore;
  /** Share a redactor with e.g. the journal (the engine registers the secrets with it). */
  redactor?: Redactor;
  /** The engine's undici dispatcher (e.g. one that records what the client itself got back). */
  dispatcher?: Dispatcher;
  /** The engine's backoff sleep (default: real timers). */
  sleep?: Sleep;
}

export function engineOnFakes(options: EngineOnFakesOptions) {
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const accounts = accountsFor(credentials);
  const settings: EngineSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const redactor = options.redactor ?? new Redactor();
  const logger = options.logger ?? silentLogger;
  const store = options.store ?? new JobStore();
  const engine = engineOverAccounts(Object.values(accounts), secretsFor(credentials), {
    settings: () => settings,
    http: (current) => createHttpClient({ timeoutMs: options.timeoutMs ?? current.requestTimeoutMs, redactor, logger, dispatcher: options.dispatcher }),
    redactor,
    baseUrlOverride: (vendor) => options.urls[vendor as VendorId],
    store,
    pacing: new PacingRegistry(),
    logger,
    ...(options.retryPolicy ? { retryPolicy: () => options.retryPolicy! } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const choice = (options: TargetOptions): TargetChoice => ({ account: accounts[options.vendor as VendorId], options });
  return { engine, store, redactor, accounts, settings, choice };
}

/** The five targets the bench and the fault runs exercise. */
export const SCENARIO_TARGETS = {
  engagelab: { vendor: 'engagelab', idType: 'registration_id' },
  clevertap: { vendor: 'clevertap', idType: 'identity' },
  'batch-custom-data': { vendor: 'batch', mode: 'custom-data', appKeyLabel: 'android' },
  'batch-gdpr': { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'android' },
  cooladata: { vendor: 'cooladata', reason: 'GDPR erasure request (bench)' },
} as const satisfies Record<string, TargetOptions>;

export type ScenarioName = keyof typeof SCENARIO_TARGETS;
