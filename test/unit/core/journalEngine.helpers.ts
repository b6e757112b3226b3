// An ErasureEngine for journal tests: real store/journal, accounts and secrets from a map, HTTP to
// the loopback fakes (or a scripted DeleteClient in place of the vendor client).
import type { Account } from '../../../src/core/accounts';
import type { SecretsByVendor } from '../../../src/vendors';
import { ErasureEngine } from '../../../src/core/engine';
import { createHttpClient } from '../../../src/core/http';
import type { ProductVendorId as VendorId } from '../../../src/vendors';
import type { JobStore } from '../../../src/core/jobStore';
import { PacingRegistry } from '../../../src/core/limits';
import { silentLogger } from '../../../src/core/logger';
import { Redactor } from '../../../src/core/redact';
import type { RetryPolicy } from '../../../src/core/retry';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import type { DeleteClient } from '../../../src/vendors/vendor';

export const FAST_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 20 };

export interface TestEngineOptions {
  store: JobStore;
  accounts?: { account: Account; secrets: SecretsByVendor[VendorId] }[];
  baseUrls?: Partial<Record<VendorId, string>>;
  /** Replaces every vendor delete client (no HTTP). */
  deleteClient?: DeleteClient;
  redactor?: Redactor;
}

export function testEngine(options: TestEngineOptions): ErasureEngine {
  const accounts = new Map((options.accounts ?? []).map((a) => [a.account.id, a]));
  const redactor = options.redactor ?? new Redactor();
  const engine = new ErasureEngine({
    accounts: {
      list: (vendor) => [...accounts.values()].map((a) => a.account).filter((a) => !vendor || a.vendor === vendor),
      get: (id) => accounts.get(id)?.account,
      update: () => {},
    },
    credentials: {
      secretsFor: async <V extends VendorId>(account: { id: string }) => {
        const found = accounts.get(account.id);
        if (!found) throw new Error(`no secrets for ${account.id}`);
        return found.secrets as SecretsByVendor[V];
      },
    },
    settings: () => ({ ...DEFAULT_SETTINGS, requestTimeoutMs: 5_000 }),
    http: (settings) => createHttpClient({ timeoutMs: settings.requestTimeoutMs, redactor }),
    redactor,
    baseUrlOverride: (vendor) => options.baseUrls?.[vendor as VendorId],
    store: options.store,
    pacing: new PacingRegistry(),
    logger: silentLogger,
    retryPolicy: () => FAST_RETRY,
  });
  const scripted = options.deleteClient;
  if (scripted) engine.deleteClient = async () => scripted;
  return engine;
}
