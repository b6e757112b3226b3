// Step 2c: the per-vendor choices for one account, as the engine's TargetOptions (Batch may give
// several: one per app key and mode).
import type { Account } from '../../../core/accounts';
import type { TargetOptions, VendorId } from '../../../core/job';
import { batchOptions } from './batch';
import { clevertapOptions } from './clevertap';
import { cooladataOptions } from './cooladata';
import type { OptionDeps } from './deps';
import { engagelabOptions } from './engagelab';

export type { OptionDeps } from './deps';

const ASK: Record<VendorId, (deps: OptionDeps, account: Account) => Promise<TargetOptions[]>> = {
  cooladata: cooladataOptions,
  engagelab: engagelabOptions,
  clevertap: clevertapOptions,
  batch: batchOptions,
};

export function askTargetOptions(deps: OptionDeps, account: Account): Promise<TargetOptions[]> {
  return ASK[account.vendor](deps, account);
}
