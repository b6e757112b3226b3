// The sandbox's README lists the demo credentials for trying Add Account / Test Connection by hand:
// they must be exactly the ones the fake vendors of `npm start` accept, and say that they are fake.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FAKE_ACCOUNTS } from '../fakes/accounts';
import { optionsFromArgs } from '../fakes/serve';

const README = fs.readFileSync(path.resolve(__dirname, '../../sandbox/README.md'), 'utf8');
const VENDOR_ROWS: Record<string, keyof typeof DEFAULT_FAKE_ACCOUNTS> = { Cooladata: 'cooladata', EngageLab: 'engagelab', CleverTap: 'clevertap', Batch: 'batch' };

/** vendor → the fake values of its rows, in the README's demo-credentials table. */
function documentedCredentials(): Record<string, string[]> {
  const table = /<!-- demo-credentials[^>]*-->\n([\s\S]*?)<!-- \/demo-credentials -->/.exec(README);
  assert.ok(table, 'sandbox/README.md has a demo-credentials table');
  const byVendor: Record<string, string[]> = {};
  for (const line of table[1].split('\n').slice(2).filter((l) => l.startsWith('|'))) {
    const [vendorName, , value] = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const vendor = VENDOR_ROWS[vendorName];
    assert.ok(vendor, `unknown vendor "${vendorName}" in: ${line}`);
    const code = /^`([^`]+)`$/.exec(value);
    assert.ok(code, `the value is in backticks: ${line}`);
    (byVendor[vendor] ??= []).push(code[1]);
  }
  return byVendor;
}

/** vendor → every credential value the fakes accept (for the Batch apps: each app's API key). */
function fakeCredentials(): Record<string, string[]> {
  const d = DEFAULT_FAKE_ACCOUNTS;
  return {
    cooladata: [d.cooladata.projectId, d.cooladata.token, d.cooladata.nonAdminToken],
    engagelab: [d.engagelab.appKey, d.engagelab.masterSecret],
    clevertap: [d.clevertap.accountId, d.clevertap.passcode],
    batch: [d.batch.restKey, ...d.batch.apps.map((app) => app.apiKey)],
  };
}

describe('sandbox README: demo credentials', () => {
  it('lists exactly the credentials of the fake vendors, per vendor', () => {
    const sorted = (m: Record<string, string[]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, [...v].sort()]));
    assert.deepEqual(sorted(documentedCredentials()), sorted(fakeCredentials()));
  });

  it('names each Batch app by the label its key has at the fake', () => {
    for (const app of DEFAULT_FAKE_ACCOUNTS.batch.apps) {
      assert.match(README, new RegExp(`\\| Batch \\| API key of the app \`${app.label}\` \\| \`${app.apiKey}\` \\|`));
    }
  });

  it('are the credentials that npm start seeds into the fakes (test/fakes/serve.ts)', () => {
    const seeded = optionsFromArgs([]);
    const [project] = seeded.cooladata!.projects!;
    const [app] = seeded.engagelab!.apps!;
    const [clevertap] = seeded.clevertap!.accounts!;
    const [batch] = seeded.batch!.accounts!;
    assert.deepEqual(
      {
        cooladata: [project.projectId, project.token, ...(project.nonAdminTokens ?? [])],
        engagelab: [app.appKey, app.masterSecret],
        clevertap: [clevertap.accountId, clevertap.passcode],
        batch: [batch.restKey, ...batch.apps.map((a) => a.apiKey)],
      },
      fakeCredentials(),
    );
  });

  it('says plainly that they are fake and reach only the fakes on this machine', () => {
    const section = README.slice(README.indexOf('## 4. Demo credentials'));
    assert.match(section, /^## 4\. Demo credentials \(FAKE\)/);
    assert.match(section, /\*\*These credentials are FAKE\.\*\*/);
    assert.match(section, /only the fake vendor servers on\s+this machine accept them/);
    assert.match(section, /\| FAKE value \|/);
  });
});
