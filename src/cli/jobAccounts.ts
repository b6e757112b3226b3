// A job in a journal names the account it was made for. Resume and status act only when the
// environment holds that same account (a different CLEVERTAP_ACCOUNT_ID would send, or verify,
// at the wrong place); jobs made in VS Code are resumed and checked there.
import { vendorCatalog } from '../core/catalog';
import { type JobState, type TargetSpec } from '../core/job';
import { ConfigurationError, environmentAccountId, environmentVariables, type EnvironmentAccounts } from './environment';
import { errorMessage } from '../core/errorMessage';

export function isCliJob(job: JobState): boolean {
  return job.targets.every((t) => t.spec.accountId === environmentAccountId(t.spec.options.vendor));
}

/** Throws a ConfigurationError (naming the variables) unless the environment holds the target's account. */
export function requireSameAccount(spec: TargetSpec, accounts: EnvironmentAccounts, jobId: string): void {
  const vendor = spec.options.vendor;
  const name = vendorCatalog().displayName(vendor);
  if (spec.accountId !== environmentAccountId(vendor)) {
    throw new ConfigurationError(`job ${jobId} was made in VS Code with the ${name} account "${spec.accountLabel}": resume or check it there`);
  }
  let account;
  try {
    account = accounts.load(vendor).account;
  } catch (error) {
    const why = errorMessage(error);
    throw new ConfigurationError(`job ${jobId} needs the ${name} credentials it was made with (${environmentVariables(vendor)}): ${why}`);
  }
  const definition = vendorCatalog().get(vendor);
  // A vendor whose environment account has a fixed label tells its jobs apart by its options (checked below).
  if (definition.environmentLabelIdentifies !== false && account.label !== spec.accountLabel) {
    throw new ConfigurationError(
      `job ${jobId} was made for ${name} ${spec.accountLabel}, but the environment names ${account.label} (${environmentVariables(vendor)}); nothing was sent`,
    );
  }
  const problem = definition.environmentTargetProblem?.(spec.options, account);
  if (problem) throw new ConfigurationError(`job ${jobId} was ${problem}`);
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
