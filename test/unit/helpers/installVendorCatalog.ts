// Unit tests run the product's vendors, as the composition roots (extension.ts, cli.ts) do.
// Required by .mocharc.json before any test file; a test that adds a vendor installs its own
// catalog and puts this one back.
import { useVendorCatalog } from '../../../src/core/catalog';
import { productCatalog } from '../../../src/vendors';

useVendorCatalog(productCatalog());
