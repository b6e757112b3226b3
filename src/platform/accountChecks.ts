// Checks shared by the account repository, the secret store and the account forms. No vscode here.
import type * as z from 'zod/mini';
import type { Account, SecretsByVendor } from '../core/accounts';

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
export function issuesText(error: z.core.$ZodError): string {
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

/** App labels of a Batch account that have no stored key. */
export function missingAppKeys(appKeyLabels: readonly string[], secrets: SecretsByVendor['batch']): string[] {
  return appKeyLabels.filter((label) => !Object.hasOwn(secrets.appKeys, label));
}

/** A Batch account needs exactly one stored key per app label; undefined when they match. */
export function batchKeysProblem(appKeyLabels: readonly string[], secrets: SecretsByVendor['batch']): string | undefined {
  const missing = missingAppKeys(appKeyLabels, secrets);
  if (missing.length > 0) return `no app API key is given for ${quoted(missing)}`;
  const extra = Object.keys(secrets.appKeys).filter((label) => !appKeyLabels.includes(label));
  if (extra.length > 0) return `app API keys are given for apps the account does not list: ${quoted(extra)}`;
  return undefined;
}

function quoted(labels: readonly string[]): string {
  return labels.map((l) => `"${l}"`).join(', ');
}
