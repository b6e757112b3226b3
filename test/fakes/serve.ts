/**
 * Starts the four fake vendors with seeded demo accounts for the `npm start` sandbox and benchmarks.
 *
 *   npx tsx test/fakes/serve.ts [--port-base N] [--latency MS] [--seed-users N] [--completion-delay MS]
 *                               [--host H] [--options '<FakeVendorsOptions JSON>']
 *
 * When ready it prints exactly one JSON line to stdout: {"urls":{...},"accounts":{...},"env":{...}}
 * (accounts: the fake credentials, with user counts instead of user lists). Closes cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import {
  COOLADATA_EXAMPLE_STATUS_PATH, DEFAULT_SEED_COUNT, defaultBatchAccounts, defaultCleverTapAccounts,
  defaultCooladataProjects, defaultEngageLabApps, seedUsers, startFakeVendors,
  type FakeVendorAccounts, type FakeVendorsOptions,
} from './index';

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export function optionsFromArgs(argv: string[]): FakeVendorsOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'port-base': { type: 'string' },
      latency: { type: 'string' },
      'seed-users': { type: 'string' },
      'completion-delay': { type: 'string' },
      host: { type: 'string' },
      options: { type: 'string' },
    },
    strict: true,
  });
  const users = seedUsers(numberFlag('seed-users', values['seed-users']) ?? DEFAULT_SEED_COUNT);
  const extra = values.options ? (JSON.parse(values.options) as FakeVendorsOptions) : {};
  return {
    ...extra,
    host: values.host ?? extra.host,
    portBase: numberFlag('port-base', values['port-base']) ?? extra.portBase,
    latencyMs: numberFlag('latency', values.latency) ?? extra.latencyMs,
    completionDelayMs: numberFlag('completion-delay', values['completion-delay']) ?? extra.completionDelayMs,
    cooladata: { statusPath: COOLADATA_EXAMPLE_STATUS_PATH, projects: defaultCooladataProjects(users), ...extra.cooladata },
    engagelab: { apps: defaultEngageLabApps(users), ...extra.engagelab },
    clevertap: { accounts: defaultCleverTapAccounts(users), ...extra.clevertap },
    batch: { accounts: defaultBatchAccounts(users), ...extra.batch },
  };
}

/** Credentials of every seeded account, with counts in place of the (possibly huge) user lists. */
export function accountSummary(a: FakeVendorAccounts, statusPath: string | undefined) {
  return {
    cooladata: a.cooladata.map((p) => ({ projectId: p.projectId, token: p.token, statusPath, users: p.users.length })),
    engagelab: a.engagelab.map((x) => ({ appKey: x.appKey, masterSecret: x.masterSecret, devices: x.devices.length })),
    clevertap: a.clevertap.map((x) => ({ accountId: x.accountId, passcode: x.passcode, profiles: x.profiles.length })),
    batch: a.batch.map((x) => ({
      restKey: x.restKey,
      apps: x.apps.map((app) => ({ label: app.label, apiKey: app.apiKey, users: app.users.length })),
    })),
  };
}

async function main(): Promise<void> {
  const options = optionsFromArgs(process.argv.slice(2));
  const fakes = await startFakeVendors(options);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`fake vendors: ${signal}, closing\n`);
    // Exit on our own once nothing is left running; the timer is only a safety net.
    setTimeout(() => process.exit(0), 2000).unref();
    fakes.close().then(
      () => { process.exitCode = 0; },
      (e: unknown) => { process.stderr.write(`fake vendors: close failed: ${String(e)}\n`); process.exit(1); },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`${JSON.stringify({
    urls: fakes.urls,
    accounts: accountSummary(fakes.accounts, options.cooladata?.statusPath),
    env: fakes.env(),
  })}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`fake vendors: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
