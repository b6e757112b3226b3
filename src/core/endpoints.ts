// Where each vendor lives. Real HTTPS hosts by default; a test or sandbox may replace the
// scheme+host+port through USER_ERASURE_<VENDOR>_BASE_URL (or a machine-scoped setting), and plain
// http:// is accepted only for loopback hosts.
import type { VendorId } from './job';

export const ENGAGELAB_DATA_CENTERS = {
  sgp: 'https://pushapi-sgp.engagelab.com',
  usva: 'https://pushapi-usva.engagelab.com',
  defra: 'https://pushapi-defra.engagelab.com',
  hk: 'https://pushapi-hk.engagelab.com',
  jpn: 'https://pushapi-jpn.engagelab.com',
  bra: 'https://pushapi-bra.engagelab.com',
  'web-sgp': 'https://webpushapi-sgp.engagelab.com',
  'web-hk': 'https://webpushapi-hk.engagelab.com',
} as const;
export type EngagelabDataCenter = keyof typeof ENGAGELAB_DATA_CENTERS;

export const ENGAGELAB_DATA_CENTER_LABELS: Record<EngagelabDataCenter, string> = {
  sgp: 'Singapore (default)',
  usva: 'Virginia',
  defra: 'Frankfurt',
  hk: 'Hong Kong',
  jpn: 'Japan',
  bra: 'Brazil',
  'web-sgp': 'Web Push, Singapore',
  'web-hk': 'Web Push, Hong Kong',
};

export const CLEVERTAP_REGIONS = {
  eu: 'https://api.clevertap.com',
  eu1: 'https://eu1.api.clevertap.com',
  in1: 'https://in1.api.clevertap.com',
  sg1: 'https://sg1.api.clevertap.com',
  us1: 'https://us1.api.clevertap.com',
  aps3: 'https://aps3.api.clevertap.com',
  mec1: 'https://mec1.api.clevertap.com',
  sk1: 'https://sk1.api.clevertap.com',
} as const;
export type ClevertapRegion = keyof typeof CLEVERTAP_REGIONS;

export const CLEVERTAP_REGION_LABELS: Record<ClevertapRegion, string> = {
  eu: 'Europe (default)',
  eu1: 'Europe (eu1)',
  in1: 'India',
  sg1: 'Singapore',
  us1: 'United States',
  aps3: 'Indonesia',
  mec1: 'Middle East',
  sk1: 'South Korea',
};

export const COOLADATA_BASE_URL = 'https://app.cooladata.com';
export const BATCH_BASE_URL = 'https://api.batch.com';

export function baseUrlOverrideVariable(vendor: VendorId): string {
  return `USER_ERASURE_${vendor.toUpperCase()}_BASE_URL`;
}

export class EndpointError extends Error {
  override name = 'EndpointError';
}

/** Resolves the base URL override for a vendor from the environment, then machine settings. */
export function baseUrlOverride(
  vendor: VendorId,
  env: Readonly<Record<string, string | undefined>>,
  machineSetting?: string,
): string | undefined {
  const variable = baseUrlOverrideVariable(vendor);
  const raw = env[variable]?.trim() || machineSetting?.trim();
  if (!raw) return undefined;
  return checkedOrigin(raw, env[variable]?.trim() ? variable : `the ${vendor} base URL setting`);
}

/** Validates an override and reduces it to scheme://host:port. */
export function checkedOrigin(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointError(`${source} is not a URL: "${raw}"`);
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new EndpointError(`${source} uses plain http:// for ${url.hostname}; only loopback hosts may use http://`);
    }
  } else if (url.protocol !== 'https:') {
    throw new EndpointError(`${source} must start with https:// (or http:// for a loopback host)`);
  }
  return url.origin;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function engagelabBaseUrl(dataCenter: EngagelabDataCenter, override?: string): string {
  return override ?? ENGAGELAB_DATA_CENTERS[dataCenter];
}

export function clevertapBaseUrl(region: ClevertapRegion, override?: string): string {
  return override ?? CLEVERTAP_REGIONS[region];
}
