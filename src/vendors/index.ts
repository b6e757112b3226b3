// Every vendor the engine knows, by id. Adding a vendor = one file in this folder, its fake in
// test/fakes/, and one line here.
import type { VendorId } from '../core/job';
import type { VendorModule } from './vendor';
import { batchVendor } from './batch';
import { clevertapVendor } from './clevertap';
import { cooladataVendor } from './cooladata';
import { engagelabVendor } from './engagelab';

export const VENDORS: { [V in VendorId]: VendorModule<V> } = {
  cooladata: cooladataVendor,
  engagelab: engagelabVendor,
  clevertap: clevertapVendor,
  batch: batchVendor,
};

export function vendorModule<V extends VendorId>(vendor: V): VendorModule<V> {
  return VENDORS[vendor];
}
