// EngageLab: are the IDs registration_ids, or aliases to resolve with the lookup API first?
import type { Account } from '../../../core/accounts';
import type { EngagelabIdType, TargetOptions } from '../../../core/job';
import { UserCancelled } from '../../errors';
import type { OptionDeps } from './deps';

export async function engagelabOptions(deps: OptionDeps, account: Account): Promise<TargetOptions[]> {
  const idType = await deps.prompter.pickOne<EngagelabIdType>(
    [
      { label: 'registration_id', description: 'the IDs are device registration IDs', value: 'registration_id' },
      {
        label: 'alias',
        description: 'the IDs are aliases (your user IDs)',
        detail: 'Each alias is looked up first; aliases without a device are reported as not found.',
        value: 'alias',
      },
    ],
    { title: `EngageLab · ${account.label}: what are the selected IDs?` },
  );
  if (idType === undefined) throw new UserCancelled();
  return [{ vendor: 'engagelab', idType }];
}
