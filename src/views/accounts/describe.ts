// What the Accounts tree shows for an account, as plain text (no vscode here, so it is unit-tested
// in plain Node). Only metadata ever appears: labels, regions, data centres, project and account
// IDs, app labels — never a secret.
import type { Account } from '../../core/accounts';
import { CLEVERTAP_REGION_LABELS, ENGAGELAB_DATA_CENTER_LABELS } from '../../core/endpoints';
import { VENDOR_NAMES, type VendorId } from '../../core/job';

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
  switch (account.vendor) {
    case 'cooladata':
      return [`project ${account.projectId}`, ...(account.statusPath ? ['status API configured'] : [])];
    case 'engagelab':
      return [ENGAGELAB_DATA_CENTER_LABELS[account.dataCenter]];
    case 'clevertap':
      return [CLEVERTAP_REGION_LABELS[account.region], account.accountId];
    case 'batch':
      return [`${account.appKeyLabels.length === 1 ? 'app' : 'apps'}: ${account.appKeyLabels.join(', ')}`];
  }
}

export function accountDescription(account: Account, credentials: CredentialsState = 'ok'): string {
  const facts = accountFacts(account);
  if (credentials !== 'ok') facts.unshift(credentials === 'missing' ? 'credentials missing' : 'credentials unreadable');
  return facts.join(' · ');
}

/** Lines of the tooltip (the view renders them as Markdown). */
export function accountTooltipLines(account: Account, credentials: CredentialsState, testable: boolean): string[] {
  const lines = [`**${escapeMarkdown(account.label)}** — ${VENDOR_NAMES[account.vendor]}`, ''];
  for (const [name, value] of detailRows(account)) lines.push(`- ${name}: ${escapeMarkdown(value)}`);
  lines.push('');
  if (credentials === 'ok') lines.push("Credentials are kept in VS Code's secret storage.");
  else if (credentials === 'missing') lines.push('$(warning) No credentials are stored for this account: use Edit Account to enter them.');
  else lines.push('$(warning) The stored credentials cannot be read: use Edit Account to enter them again.');
  if (!testable) lines.push(`${VENDOR_NAMES[account.vendor]} offers no harmless call to test the credentials with; the first deletion checks them.`);
  return lines;
}

function detailRows(account: Account): [string, string][] {
  switch (account.vendor) {
    case 'cooladata':
      return [
        ['Project ID', account.projectId],
        ['Delete Status API path', account.statusPath ?? 'not configured'],
        ...(account.authForm ? ([['Authorization form', account.authForm === 'token' ? 'Token <token>' : 'bare token']] as [string, string][]) : []),
      ];
    case 'engagelab':
      return [['Data centre', ENGAGELAB_DATA_CENTER_LABELS[account.dataCenter]]];
    case 'clevertap':
      return [
        ['Region', CLEVERTAP_REGION_LABELS[account.region]],
        ['Account ID', account.accountId],
      ];
    case 'batch':
      return [['App API keys', account.appKeyLabels.join(', ')]];
  }
}

export function vendorGroupDescription(count: number): string {
  return `${count} account${count === 1 ? '' : 's'}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
