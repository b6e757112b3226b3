// Bench processes run the product's vendors, as the composition roots (extension.ts, cli.ts) do.
import { useVendorCatalog } from '../../src/core/catalog';
import { productCatalog } from '../../src/vendors';

useVendorCatalog(productCatalog());
