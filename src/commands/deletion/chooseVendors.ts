// Step 2a: which vendors to delete at (several may be picked: one job fans out to each), with how
// many accounts each has and how many of the IDs it would skip as invalid.
import { vendorCatalog } from '../../core/catalog';
import { idProblems } from '../../core/ids';
import { type VendorId } from '../../core/job';
import type { Prompter } from '../../platform/prompter';
import { UserCancelled, UserFacingError } from '../errors';
import { plural } from '../../core/text/plural';

export type Verb = 'Delete' | 'Preview';

/** IDs each vendor would skip as invalid (with its default ID type). */
export function invalidCountsByVendor(ids: readonly string[]): Record<VendorId, number> {
  const counts: Record<VendorId, number> = {};
  for (const vendor of vendorCatalog().ids) counts[vendor] = ids.reduce((n, id) => (idProblems(id, vendor).length > 0 ? n + 1 : n), 0);
  return counts;
}

export async function chooseVendors(
  prompter: Prompter,
  verb: Verb,
  summary: string,
  accountCounts: Record<VendorId, number>,
  invalidCounts: Record<VendorId, number>,
): Promise<VendorId[]> {
  const items = vendorCatalog().ids.map((vendor) => ({
    label: vendorCatalog().displayName(vendor),
    description: accountCounts[vendor] > 0 ? plural(accountCounts[vendor], 'account') : 'no account yet',
    detail: invalidCounts[vendor] > 0 ? `${plural(invalidCounts[vendor], 'ID')} invalid for ${vendorCatalog().displayName(vendor)} (skipped)` : undefined,
    value: vendor,
  }));
  const vendors = await prompter.pickMany(items, {
    title: `${verb === 'Delete' ? 'Delete' : 'Preview deleting'} ${summary}`,
    placeholder: 'Pick the vendor(s) to delete these users at (several: one job for all)',
  });
  if (vendors === undefined) throw new UserCancelled();
  if (vendors.length === 0) throw new UserFacingError('No vendor was picked; nothing was deleted.', [], 'info');
  return vendors;
}
