// The catalog: every vendor's definition, in the order the faces list them. Adding a vendor = one
// file in this folder exporting its definition (core/vendor.ts's VendorDefinition), its fake in
// test/fakes/, and one line here. The composition roots (extension.ts, cli/main.ts) hand it in.
import { VendorCatalog } from '../core/catalog';
import type { AnyVendorDefinition } from '../core/vendor';
import { batchVendor, type BatchAccount, type BatchSecrets } from './batch';
import { clevertapVendor, type ClevertapAccount, type ClevertapSecrets } from './clevertap';
import { cooladataVendor, type CooladataAccount, type CooladataSecrets } from './cooladata';
import { engagelabVendor, type EngagelabAccount, type EngagelabSecrets } from './engagelab';

export const VENDOR_DEFINITIONS: readonly AnyVendorDefinition[] = [cooladataVendor, engagelabVendor, clevertapVendor, batchVendor];

/** A catalog of the product's vendors, plus any given (tests add a fifth). */
export function productCatalog(...extra: readonly AnyVendorDefinition[]): VendorCatalog {
  return new VendorCatalog([...VENDOR_DEFINITIONS, ...extra]);
}

/** The product vendors' own types by id, for code (and tests) that name a vendor. */
export interface SecretsByVendor {
  cooladata: CooladataSecrets;
  engagelab: EngagelabSecrets;
  clevertap: ClevertapSecrets;
  batch: BatchSecrets;
}

export interface AccountsByVendor {
  cooladata: CooladataAccount;
  engagelab: EngagelabAccount;
  clevertap: ClevertapAccount;
  batch: BatchAccount;
}

export type AccountOf<V extends keyof AccountsByVendor> = Extract<AccountsByVendor[keyof AccountsByVendor], { vendor: V }>;

/** The id of one of the product's vendors (code that names vendors, e.g. tests and fakes). */
export type ProductVendorId = keyof SecretsByVendor;
