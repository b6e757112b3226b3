// Batch: GDPR remove (the real erasure, default), Custom Data delete, or both; and which app keys
// (one per app and platform), all of them unless the engineer unticks some.
import type { Account } from '../../../core/accounts';
import type { BatchMode, TargetOptions } from '../../../core/job';
import { UserCancelled, UserFacingError } from '../../errors';
import type { OptionDeps } from './deps';

export async function batchOptions(deps: OptionDeps, account: Account): Promise<TargetOptions[]> {
  if (account.vendor !== 'batch') throw new Error(`not a Batch account: ${account.vendor}`);
  const modes = await deps.prompter.pickOne<BatchMode[]>(
    [
      { label: 'GDPR remove', description: 'recommended', detail: 'One GDPR removal request per user and app; status checked later.', value: ['gdpr'] },
      { label: 'Custom Data delete', detail: 'Deletes the custom data of the users (bulk calls; Premier/Enterprise plans).', value: ['custom-data'] },
      { label: 'Both', detail: 'A GDPR removal and a Custom Data delete for every user.', value: ['gdpr', 'custom-data'] },
    ],
    { title: `Batch · ${account.label}: how to delete?` },
  );
  if (modes === undefined) throw new UserCancelled();

  let appKeys = account.appKeyLabels;
  if (appKeys.length > 1) {
    const picked = await deps.prompter.pickMany(
      appKeys.map((label) => ({ label, picked: true, value: label })),
      { title: `Batch · ${account.label}: which apps (app API keys)?`, placeholder: 'Every app is ticked; untick the ones to leave alone' },
    );
    if (picked === undefined) throw new UserCancelled();
    if (picked.length === 0) throw new UserFacingError('No Batch app was picked; nothing was deleted.', [], 'info');
    appKeys = picked;
  }
  return appKeys.flatMap((appKeyLabel) => modes.map((mode): TargetOptions => ({ vendor: 'batch', mode, appKeyLabel })));
}
