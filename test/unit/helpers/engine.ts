// A real ErasureEngine over in-memory accounts with fake secrets, for plan/preview tests (no
// request is ever sent: the HTTP client throws if used); and engineOverAccounts, the in-memory
// account directory and credentials the fault tests' and the bench's engine use too.
import type { Account } from '../../../src/core/accounts';
import type { AccountOf, SecretsByVendor } from '../../../src/vendors';
import { ErasureEngine, type EngineServices } from '../../../src/core/engine';
import type { ProductVendorId as VendorId } from '../../../src/vendors';
import { JobStore } from '../../../src/core/jobStore';
import { PacingRegistry } from '../../../src/core/limits';
import { silentLogger } from '../../../src/core/logger';
import { Redactor } from '../../../src/core/redact';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';

export const ACCOUNTS = {
  clevertap: { id: 'ct-1', label: 'EU prod', vendor: 'clevertap', region: 'eu1', accountId: 'W8W-CT-ACCOUNT' },
  cooladata: { id: 'cd-1', label: 'Analytics', vendor: 'cooladata', projectId: '4242' },
  batch: { id: 'b-1', label: 'Prod', vendor: 'batch', appKeyLabels: ['iOS', 'Android'] },
  engagelab: { id: 'el-1', label: 'SG', vendor: 'engagelab', dataCenter: 'sgp' },
} as const satisfies Record<VendorId, Account>;

export const SECRETS: SecretsByVendor = {
  clevertap: { passcode: 'CT-PASSCODE-SECRET' },
  cooladata: { apiToken: 'CD-TOKEN-SECRET' },
  batch: { restKey: 'BATCH-REST-SECRET', appKeys: { iOS: 'BATCHIOSAPPKEY', Android: 'BATCHANDROIDKEY' } },
  engagelab: { appKey: 'EL-APPKEY-SECRET', masterSecret: 'EL-MASTER-SECRET' },
};

/** A real ErasureEngine whose accounts and secrets are these (account updates are dropped). */
export function engineOverAccounts(
  accounts: readonly Account[],
  secrets: SecretsByVendor,
  services: Omit<EngineServices, 'accounts' | 'credentials'>,
): ErasureEngine {
  return new ErasureEngine({
    accounts: {
      list: (vendor) => accounts.filter((a) => !vendor || a.vendor === vendor),
      get: (id) => accounts.find((a) => a.id === id),
      update: () => undefined,
    },
    credentials: { secretsFor: async <V extends VendorId>(account: AccountOf<V>) => secrets[account.vendor] as SecretsByVendor[V] },
    ...services,
  });
}

export function testEngine() {
  const store = new JobStore();
  const redactor = new Redactor();
  const engine = engineOverAccounts(Object.values(ACCOUNTS), SECRETS, {
    settings: () => DEFAULT_SETTINGS,
    http: () => ({
      send: () => {
        throw new Error('no request may be sent in this test');
      },
    }),
    redactor,
    baseUrlOverride: () => undefined,
    store,
    pacing: new PacingRegistry(),
    logger: silentLogger,
  });
  return { engine, store, redactor };
}
