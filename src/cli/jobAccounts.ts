// A job in a journal names the account it was made for. Resume and status act only when the
// environment holds that same account (a different CLEVERTAP_ACCOUNT_ID would send, or verify,
// at the wrong place); jobs made in VS Code are resumed and checked there.
import { VENDOR_NAMES, type JobState, type TargetSpec } from '../core/job';
import { ConfigurationError, environmentAccountId, type EnvironmentAccounts } from './environment';
import { errorMessage } from '../core/errorMessage';

const VARIABLES = {
  cooladata: 'COOLADATA_PROJECT_ID, COOLADATA_API_TOKEN (and COOLADATA_STATUS_PATH for status checks)',
  engagelab: 'ENGAGELAB_APP_KEY, ENGAGELAB_MASTER_SECRET, ENGAGELAB_DATA_CENTER',
  clevertap: 'CLEVERTAP_ACCOUNT_ID, CLEVERTAP_PASSCODE, CLEVERTAP_REGION',
  batch: 'BATCH_REST_API_KEY, BATCH_API_KEYS',
} as const;

export function isCliJob(job: JobState): boolean {
  return job.targets.every((t) => t.spec.accountId === environmentAccountId(t.spec.options.vendor));
}

/** Throws a ConfigurationError (naming the variables) unless the environment holds the target's account. */
export function requireSameAccount(spec: TargetSpec, accounts: EnvironmentAccounts, jobId: string): void {
  const vendor = spec.options.vendor;
  const name = VENDOR_NAMES[vendor];
  if (spec.accountId !== environmentAccountId(vendor)) {
    throw new ConfigurationError(`job ${jobId} was made in VS Code with the ${name} account "${spec.accountLabel}": resume or check it there`);
  }
  let account;
  try {
    account = accounts.load(vendor).account;
  } catch (error) {
    const why = errorMessage(error);
    throw new ConfigurationError(`job ${jobId} needs the ${name} credentials it was made with (${VARIABLES[vendor]}): ${why}`);
  }
  // Batch's environment account has one fixed label, which journals written before it was
  // "environment" hold as "Batch": the app labels, checked below, are what tell Batch jobs apart.
  if (vendor !== 'batch' && account.label !== spec.accountLabel) {
    throw new ConfigurationError(
      `job ${jobId} was made for ${name} ${spec.accountLabel}, but the environment names ${account.label} (${VARIABLES[vendor]}); nothing was sent`,
    );
  }
  if (spec.options.vendor === 'batch' && account.vendor === 'batch' && !account.appKeyLabels.includes(spec.options.appKeyLabel)) {
    throw new ConfigurationError(
      `job ${jobId} was made for the Batch app "${spec.options.appKeyLabel}", which BATCH_API_KEYS does not name (it has ${account.appKeyLabels.join(', ')})`,
    );
  }
}

/** The reason a target cannot be acted on with this environment, or undefined when it can. */
export function accountProblem(spec: TargetSpec, accounts: EnvironmentAccounts, jobId: string): string | undefined {
  try {
    requireSameAccount(spec, accounts, jobId);
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}
