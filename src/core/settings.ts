// Engine settings with their defaults; the extension reads them from VS Code's configuration,
// the CLI from USER_ERASURE_SETTINGS. The common ones are here; each vendor's own (chunk sizes,
// concurrency, a default reason) are in its definition (`settings`), found through the catalog.
// Validated with zod so a bad value falls back instead of misbehaving.
import * as z from 'zod/mini';
import { installedVendorCatalog } from './catalog';
import './zodMessages';
import { builtOnFirstUse } from './builtOnFirstUse';

export const commonSettingsSchema = builtOnFirstUse(() => z.object({
  /** Concurrency of best-effort verification lookups (status APIs and lookups of every vendor). */
  statusConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(64)), 4),
  requestTimeoutMs: z._default(z.number().check(z.int(), z.minimum(1_000), z.maximum(600_000)), 30_000),
  maxAttempts: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10)), 5),
  /** First backoff delay; later ones double up to 30 s (a Retry-After from the vendor wins). */
  retryBaseDelayMs: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(60_000)), 500),
  confirmThreshold: z._default(z.number().check(z.int(), z.minimum(0)), 10),
}));

/**
 * The common settings, and the vendors' own by name: each vendor reads its own typed with
 * `vendorSettings`; elsewhere one is read by name only where its vendor is named (a test).
 */
 
export type EngineSettings = z.infer<typeof commonSettingsSchema> & { readonly [vendorSetting: string]: any };

/** The common defaults; a vendor's own settings take their defaults when they are read. */
export const DEFAULT_SETTINGS: EngineSettings = builtOnFirstUse(() => commonSettingsSchema.parse({}));

/** Every setting's schema by name: the common ones and those of the vendors in the catalog. */
function settingSchemas(): Record<string, z.ZodMiniType> {
  const vendors = installedVendorCatalog()?.all() ?? [];
  return Object.assign({}, commonSettingsSchema.shape, ...vendors.map((v) => v.settings?.schema.shape ?? {}));
}

/** The names USER_ERASURE_SETTINGS may hold. */
export function settingNames(): string[] {
  return Object.keys(settingSchemas());
}

/** A vendor's own settings out of the engine's: the values set (readSettings checked them), defaults for the others. */
export function vendorSettings<T extends Record<string, unknown>>(settings: EngineSettings, schema: z.ZodMiniObject<{ [K in keyof T]: z.ZodMiniType<T[K]> }>): T {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape) as [string, z.ZodMiniType][]) {
    out[name] = settings[name] !== undefined ? settings[name] : field.parse(undefined);
  }
  return out as T;
}

/** Parses raw values, dropping (and reporting) the invalid ones so defaults apply instead (the caller says what it does with them). */
export function readSettings(raw: Record<string, unknown>): { settings: EngineSettings; problems: string[] } {
  const problems: string[] = [];
  const accepted: Record<string, unknown> = {};
  const shape = settingSchemas();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || !(name in shape)) continue;
    const parsed = shape[name].safeParse(value);
    if (parsed.success) accepted[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const vendors = installedVendorCatalog()?.all() ?? [];
  const settings: Record<string, unknown> = { ...commonSettingsSchema.parse(accepted) };
  for (const vendor of vendors) if (vendor.settings) Object.assign(settings, vendor.settings.schema.parse(accepted));
  return { settings: settings as EngineSettings, problems };
}
