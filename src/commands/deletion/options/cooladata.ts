// Cooladata: the deletion reason sent with every call (prefilled from userErasure.cooladata.reason).
import type { Account } from '../../../core/accounts';
import type { TargetOptions } from '../../../core/job';
import { UserCancelled } from '../../errors';
import type { OptionDeps } from './deps';

export const MAX_REASON_LENGTH = 500;

export async function cooladataOptions(deps: OptionDeps, account: Account): Promise<TargetOptions[]> {
  const reason = await deps.prompter.input({
    title: `Cooladata · ${account.label}: reason for the deletion`,
    prompt: 'Sent to Cooladata with every deletion call',
    value: deps.defaultReason,
    validate: (value) =>
      value.trim() === '' ? 'A reason is required.' : value.length > MAX_REASON_LENGTH ? `At most ${MAX_REASON_LENGTH} characters.` : undefined,
  });
  if (reason === undefined) throw new UserCancelled();
  return [{ vendor: 'cooladata', reason: reason.trim() }];
}
