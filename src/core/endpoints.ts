// Where vendors live. Each vendor's definition holds its real HTTPS hosts; a test or sandbox may replace the
// scheme+host+port through USER_ERASURE_<VENDOR>_BASE_URL (or a machine-scoped setting), and plain
// http:// is accepted only for loopback hosts.
import type { VendorId } from './job';

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
