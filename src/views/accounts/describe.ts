// What the Accounts tree shows for an account, as plain text (no vscode here, so it is unit-tested
// in plain Node). Only metadata ever appears: labels, regions, data centres, project and account
// IDs, app labels — never a secret.
import { vendorCatalog } from '../../core/catalog';
import type { Account } from '../../core/accounts';
import type { AccountDescription } from '../../core/vendor';
import { type VendorId } from '../../core/job';

export type CredentialsState = 'ok' | 'missing' | 'invalid';

export const ACCOUNT_CONTEXT_PREFIX = 'erasure:account';
export const VENDOR_GROUP_CONTEXT_PREFIX = 'erasure:vendor';

/** `erasure:account:testable:<vendor>` when the vendor has a harmless test call, else `erasure:account:<vendor>`. */
export function accountContextValue(vendor: VendorId, testable: boolean): string {
  return testable ? `${ACCOUNT_CONTEXT_PREFIX}:testable:${vendor}` : `${ACCOUNT_CONTEXT_PREFIX}:${vendor}`;
}

export function vendorGroupContextValue(vendor: VendorId): string {
  return `${VENDOR_GROUP_CONTEXT_PREFIX}:${vendor}`;
}

/** The short facts that tell two accounts of a vendor apart. */
export function accountFacts(account: Account): string[] {
  return [...describe(account).facts];
}

export function accountDescription(account: Account, credentials: CredentialsState = 'ok'): string {
  const facts = accountFacts(account);
  if (credentials !== 'ok') facts.unshift(credentials === 'missing' ? 'credentials missing' : 'credentials unreadable');
  return facts.join(' · ');
}

/** Lines of the tooltip (the view renders them as Markdown). */
export function accountTooltipLines(account: Account, credentials: CredentialsState, testable: boolean): string[] {
  const lines = [`**${escapeMarkdown(account.label)}** — ${vendorCatalog().displayName(account.vendor)}`, ''];
  for (const [name, value] of detailRows(account)) lines.push(`- ${name}: ${escapeMarkdown(value)}`);
  lines.push('');
  if (credentials === 'ok') lines.push("Credentials are kept in VS Code's secret storage.");
  else if (credentials === 'missing') lines.push('$(warning) No credentials are stored for this account: use Edit Account to enter them.');
  else lines.push('$(warning) The stored credentials cannot be read: use Edit Account to enter them again.');
  if (!testable) lines.push(`${vendorCatalog().displayName(account.vendor)} offers no harmless call to test the credentials with; the first deletion checks them.`);
  return lines;
}

function detailRows(account: Account): [string, string][] {
  return describe(account).details;
}

/** The vendor's description of the account; an account of a vendor this build does not know has none. */
function describe(account: Account): AccountDescription {
  return vendorCatalog().find(account.vendor)?.describeAccount(account) ?? { facts: [], details: [] };
}

export function vendorGroupDescription(count: number): string {
  return `${count} account${count === 1 ? '' : 's'}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
