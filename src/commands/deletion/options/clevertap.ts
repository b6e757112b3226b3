// CleverTap: the IDs are custom identities or CleverTap IDs (guid).
import type { Account } from '../../../core/accounts';
import type { ClevertapIdType, TargetOptions } from '../../../core/job';
import { UserCancelled } from '../../errors';
import type { OptionDeps } from './deps';

export async function clevertapOptions(deps: OptionDeps, account: Account): Promise<TargetOptions[]> {
  const idType = await deps.prompter.pickOne<ClevertapIdType>(
    [
      { label: 'identity', description: 'your custom identity (user ID)', value: 'identity' },
      { label: 'guid', description: 'the CleverTap ID', value: 'guid' },
    ],
    { title: `CleverTap · ${account.label}: what are the selected IDs?` },
  );
  if (idType === undefined) throw new UserCancelled();
  return [{ vendor: 'clevertap', idType }];
}
