// Checks shared by the account repository, the secret store and the account forms. No vscode here.
import type { Account, Secrets } from '../core/accounts';
import { vendorCatalog } from '../core/catalog';
import type { LabelledKeysField } from '../core/vendor';

/** Field names as the engineer knows them, for messages built from zod issues. */
const FIELD_NAMES: Record<string, string> = {
  label: 'label',
  projectId: 'project ID',
  statusPath: 'status endpoint path',
  authForm: 'authorization form',
  dataCenter: 'data centre',
  region: 'region',
  accountId: 'Account ID',
  appKeyLabels: 'app key labels',
  apiToken: 'API token',
  appKey: 'AppKey',
  masterSecret: 'Master Secret',
  passcode: 'passcode',
  restKey: 'REST API key',
  appKeys: 'app API keys',
};

/**
 * The problems of a failed parse, as text: field names and zod's messages only, never the input
 * (a secret may be the input).
 */
export function issuesText(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? (FIELD_NAMES[String(issue.path[0])] ?? String(issue.path[0])) : '';
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Labels are compared trimmed and case-insensitively: "EU prod" and "eu prod " are the same account. */
export function sameLabel(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

export function labelTaken(accounts: readonly Account[], vendor: Account['vendor'], label: string, exceptId?: string): boolean {
  return accounts.some((a) => a.vendor === vendor && a.id !== exceptId && sameLabel(a.label, label));
}

/** The account's fields of labelled keys (app API keys: labels in the account, keys in the secrets). */
export function labelledKeyFields(account: Account): LabelledKeysField[] {
  return (vendorCatalog().find(account.vendor)?.fields ?? []).filter((f): f is LabelledKeysField => f.kind === 'labelled-keys');
}

function labelsAndKeys(account: Account, secrets: Secrets, field: LabelledKeysField): { labels: readonly string[]; keys: Readonly<Record<string, unknown>> } {
  const labels = account[field.labelsKey];
  const keys = secrets[field.key];
  return { labels: Array.isArray(labels) ? labels : [], keys: keys && typeof keys === 'object' ? (keys as Record<string, unknown>) : {} };
}

/** App labels of an account that have no stored key. */
export function missingAppKeys(account: Account, secrets: Secrets): string[] {
  return labelledKeyFields(account).flatMap((field) => {
    const { labels, keys } = labelsAndKeys(account, secrets, field);
    return labels.filter((label) => !Object.hasOwn(keys, label));
  });
}

/** An account with app keys needs exactly one stored key per app label; undefined when they match. */
export function appKeysProblem(account: Account, secrets: Secrets): string | undefined {
  const missing = missingAppKeys(account, secrets);
  if (missing.length > 0) return `no app API key is given for ${quoted(missing)}`;
  for (const field of labelledKeyFields(account)) {
    const { labels, keys } = labelsAndKeys(account, secrets, field);
    const extra = Object.keys(keys).filter((label) => !labels.includes(label));
    if (extra.length > 0) return `app API keys are given for apps the account does not list: ${quoted(extra)}`;
  }
  return undefined;
}

function quoted(labels: readonly string[]): string {
  return labels.map((l) => `"${l}"`).join(', ');
}
