// Demo accounts for the `npm start` sandbox and the browser UI tests. When the environment variable
// USER_ERASURE_SANDBOX_SEED names a JSON file, its accounts are added on activation (metadata and
// secrets, through the AccountRepository) unless an account with that ID exists already. Only
// accounts whose vendor is pointed at a loopback server (USER_ERASURE_<VENDOR>_BASE_URL) are
// imported, so seeded credentials can only ever reach the local fake vendors. Never throws: a bad
// seed is logged (field names only, no values) and activation goes on.
//
// File shape: { "accounts": [ { "account": { id, label, vendor, ... }, "secrets": { ... } } ] }
import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';
import type { Account } from '../core/accounts';
import { vendorCatalog } from '../core/catalog';
import { baseUrlOverride, baseUrlOverrideVariable, isLoopbackHost } from '../core/endpoints';
import type { Logger } from '../core/logger';
import { issuesText } from './accountChecks';
import type { AccountRepository } from './accountRepository';
import { builtOnFirstUse } from '../core/builtOnFirstUse';
import { errorMessage } from '../core/errorMessage';

export const SANDBOX_SEED_VARIABLE = 'USER_ERASURE_SANDBOX_SEED';

const seedSchema = builtOnFirstUse(() => z.object({ accounts: z.array(z.object({ account: z.unknown(), secrets: z.unknown() })) }));

/** Imports the seed named by the environment, if any; resolves to the number of accounts added. */
export async function importSandboxSeed(
  accounts: Pick<AccountRepository, 'get' | 'add'>,
  logger: Pick<Logger, 'info' | 'warn'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const file = env[SANDBOX_SEED_VARIABLE]?.trim();
  if (!file) return 0;
  let parsed: { accounts: { account: Account; secrets: unknown }[] };
  try {
    const result = seedSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!result.success) {
      logger.warn(`Sandbox seed ${file} ignored: ${issuesText(result.error)}.`);
      return 0;
    }
    const entries: { account: Account; secrets: unknown }[] = [];
    for (const entry of result.data.accounts) {
      const account = vendorCatalog().parseAccount(entry.account);
      if (!account.success) {
        logger.warn(`Sandbox seed ${file} ignored: ${issuesText(account.error)}.`);
        return 0;
      }
      entries.push({ account: account.data, secrets: entry.secrets });
    }
    parsed = { accounts: entries };
  } catch (error) {
    logger.warn(`Sandbox seed ${file} ignored: ${error instanceof SyntaxError ? 'not JSON' : errorMessage(error)}.`);
    return 0;
  }

  let added = 0;
  for (const { account, secrets } of parsed.accounts) {
    const name = `sandbox account "${account.label}" (${account.vendor})`;
    if (accounts.get(account.id)) continue;
    if (!pointsAtLoopback(account.vendor, env)) {
      logger.warn(`Skipped the ${name}: ${baseUrlOverrideVariable(account.vendor)} does not point at a loopback server.`);
      continue;
    }
    const valid = vendorCatalog().parseSecrets(account.vendor, secrets);
    if (!valid.success) {
      logger.warn(`Skipped the ${name}: ${issuesText(valid.error)}.`);
      continue;
    }
    try {
      await accounts.add(account, valid.data);
      added++;
    } catch (error) {
      logger.warn(`Skipped the ${name}: ${errorMessage(error)}`);
    }
  }
  if (added > 0) logger.info(`Added ${added} sandbox account(s) from ${file}.`);
  return added;
}

function pointsAtLoopback(vendor: Parameters<typeof baseUrlOverrideVariable>[0], env: Readonly<Record<string, string | undefined>>): boolean {
  if (!env[baseUrlOverrideVariable(vendor)]?.trim()) return false;
  try {
    const origin = baseUrlOverride(vendor, env);
    return origin !== undefined && isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false;
  }
}
