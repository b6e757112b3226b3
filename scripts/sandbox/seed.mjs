// The demo accounts of the sandbox, made from the fake vendors' ready line, in the file format that
// src/platform/sandboxSeed.ts imports on activation (USER_ERASURE_SANDBOX_SEED). Every credential
// here is one of the fakes' made-up values.
import fs from 'node:fs';

/** Labels the UI tests and the "try this" note refer to. */
export const SANDBOX_ACCOUNTS = {
  cooladata: 'Demo project',
  engagelab: 'Demo app',
  clevertapEu: 'Demo EU',
  clevertapUs: 'Demo US',
  batch: 'Demo company',
};

/** @param {{ cooladata: any[], engagelab: any[], clevertap: any[], batch: any[] }} accounts from serve.ts's ready line */
export function sandboxSeed(accounts) {
  const [cooladata] = accounts.cooladata;
  const [engagelab] = accounts.engagelab;
  const [clevertap] = accounts.clevertap;
  const [batch] = accounts.batch;
  const appLabels = batch.apps.map((app) => app.label);
  return {
    accounts: [
      {
        account: {
          id: 'sandbox-cooladata',
          label: SANDBOX_ACCOUNTS.cooladata,
          vendor: 'cooladata',
          projectId: cooladata.projectId,
          ...(cooladata.statusPath ? { statusPath: cooladata.statusPath } : {}),
        },
        secrets: { apiToken: cooladata.token },
      },
      {
        account: { id: 'sandbox-engagelab', label: SANDBOX_ACCOUNTS.engagelab, vendor: 'engagelab', dataCenter: 'sgp' },
        secrets: { appKey: engagelab.appKey, masterSecret: engagelab.masterSecret },
      },
      // Two CleverTap accounts (same fake project) so the account picker shows up.
      {
        account: { id: 'sandbox-clevertap-eu', label: SANDBOX_ACCOUNTS.clevertapEu, vendor: 'clevertap', region: 'eu1', accountId: clevertap.accountId },
        secrets: { passcode: clevertap.passcode },
      },
      {
        account: { id: 'sandbox-clevertap-us', label: SANDBOX_ACCOUNTS.clevertapUs, vendor: 'clevertap', region: 'us1', accountId: clevertap.accountId },
        secrets: { passcode: clevertap.passcode },
      },
      {
        account: { id: 'sandbox-batch', label: SANDBOX_ACCOUNTS.batch, vendor: 'batch', appKeyLabels: appLabels },
        secrets: { restKey: batch.restKey, appKeys: Object.fromEntries(batch.apps.map((app) => [app.label, app.apiKey])) },
      },
    ],
  };
}

export function writeSeedFile(file, accounts) {
  fs.writeFileSync(file, `${JSON.stringify(sandboxSeed(accounts), null, 2)}\n`, { mode: 0o600 });
}
