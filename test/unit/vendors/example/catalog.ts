// The catalog of a test build: the product's vendors plus the test-only Example vendor. The CLI's
// test bundle (exampleVendor.test.ts) takes this module in place of src/vendors/index.ts; nothing
// else differs from the shipped build.
import { productCatalog as productVendors } from '../../../../src/vendors';
import type { VendorCatalog } from '../../../../src/core/catalog';
import type { AnyVendorDefinition } from '../../../../src/core/vendor';
import { exampleVendor } from './exampleVendor';

export * from '../../../../src/vendors';

export function productCatalog(...extra: readonly AnyVendorDefinition[]): VendorCatalog {
  return productVendors(exampleVendor, ...extra);
}
