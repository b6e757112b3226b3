// Step 2b: for each picked vendor, the account (one per vendor) and its options → the engine's
// target choices.
import { vendorCatalog } from '../../core/catalog';
import type { Account } from '../../core/accounts';
import type { TargetChoice } from '../../core/engine';
import { type VendorId } from '../../core/job';
import { UserCancelled } from '../errors';
import { askTargetOptions, type OptionDeps } from './options';
import type { Verb } from './chooseVendors';

export interface TargetChoiceDeps extends OptionDeps {
  /** Picks one account of the vendor (asks only when there are several); throws when there is none. */
  pickAccount(vendor: VendorId, title: string): Promise<Account | undefined>;
}

export async function chooseTargets(deps: TargetChoiceDeps, vendors: readonly VendorId[], verb: Verb): Promise<TargetChoice[]> {
  const choices: TargetChoice[] = [];
  for (const vendor of vendors) {
    const account = await deps.pickAccount(vendor, `${verb === 'Delete' ? 'Delete' : 'Preview'} at ${vendorCatalog().displayName(vendor)}: which account?`);
    if (!account) throw new UserCancelled();
    for (const options of await askTargetOptions(deps, account)) choices.push({ account, options });
  }
  return choices;
}
