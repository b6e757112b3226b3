// Vendor accounts: non-secret metadata (kept in globalState / the CLI environment) and the
// secrets that go with them (kept only in SecretStorage / the environment), validated with zod.
import * as z from 'zod/mini';
import { CLEVERTAP_REGIONS, ENGAGELAB_DATA_CENTERS, type ClevertapRegion, type EngagelabDataCenter } from './endpoints';
import type { VendorId } from './job';
import { PATH_CHANGED_REASON, pathSegmentProblem } from './urlPath';
import './zodMessages';
import { builtOnFirstUse } from './builtOnFirstUse';

const label = builtOnFirstUse(() => z.string().check(z.trim(), z.minLength(1, 'a label is required'), z.maxLength(80)));
const base = () => ({ id: z.string().check(z.minLength(1)), label });

export const cooladataAccountSchema = builtOnFirstUse(() => z.object({
  ...base(),
  vendor: z.literal('cooladata'),
  projectId: z.string().check(
    z.trim(),
    z.minLength(1, 'the project ID is required'),
    z.refine((id) => pathSegmentProblem(id) === undefined, `the project ID ${PATH_CHANGED_REASON}`),
  ),
  /** Path of the Delete Status API, when Cooladata support gave one (e.g. /api/v2/projects/{projectId}/users/delete/status). */
  statusPath: z.optional(z.string().check(z.trim(), z.startsWith('/', 'the status path must start with /'))),
  /** Which Authorization form the account accepted last: "Token <token>" or the bare token. */
  authForm: z.optional(z.enum(['token', 'bare'])),
}));

export const engagelabAccountSchema = builtOnFirstUse(() => z.object({
  ...base(),
  vendor: z.literal('engagelab'),
  dataCenter: z.enum(Object.keys(ENGAGELAB_DATA_CENTERS) as [EngagelabDataCenter, ...EngagelabDataCenter[]]),
}));

export const clevertapAccountSchema = builtOnFirstUse(() => z.object({
  ...base(),
  vendor: z.literal('clevertap'),
  region: z.enum(Object.keys(CLEVERTAP_REGIONS) as [ClevertapRegion, ...ClevertapRegion[]]),
  accountId: z.string().check(z.trim(), z.minLength(1, 'the CleverTap Account ID is required')),
}));

export const batchAccountSchema = builtOnFirstUse(() => z.object({
  ...base(),
  vendor: z.literal('batch'),
  /** Labels of the app API keys (e.g. "iOS", "Android", "Web"); the keys themselves are secrets. */
  appKeyLabels: z.array(label).check(z.minLength(1, 'at least one app API key is required')),
}));

export const accountSchema = builtOnFirstUse(() => z.discriminatedUnion('vendor', [
  cooladataAccountSchema,
  engagelabAccountSchema,
  clevertapAccountSchema,
  batchAccountSchema,
]));

export type CooladataAccount = z.infer<typeof cooladataAccountSchema>;
export type EngagelabAccount = z.infer<typeof engagelabAccountSchema>;
export type ClevertapAccount = z.infer<typeof clevertapAccountSchema>;
export type BatchAccount = z.infer<typeof batchAccountSchema>;
export type Account = z.infer<typeof accountSchema>;

const secret = (what: string) => z.string().check(z.minLength(1, `${what} is required`));

export const cooladataSecretsSchema = builtOnFirstUse(() => z.object({ apiToken: secret('the API token') }));
export const engagelabSecretsSchema = builtOnFirstUse(() => z.object({ appKey: secret('the AppKey'), masterSecret: secret('the Master Secret') }));
export const clevertapSecretsSchema = builtOnFirstUse(() => z.object({ passcode: secret('the passcode') }));
export const batchSecretsSchema = builtOnFirstUse(() => z.object({
  restKey: secret('the REST API key'),
  /** App API key by label. */
  appKeys: z.record(
    z.string(),
    secret('an app API key').check(z.refine((key) => pathSegmentProblem(key) === undefined, `an app API key ${PATH_CHANGED_REASON}`)),
  ),
}));

export type CooladataSecrets = z.infer<typeof cooladataSecretsSchema>;
export type EngagelabSecrets = z.infer<typeof engagelabSecretsSchema>;
export type ClevertapSecrets = z.infer<typeof clevertapSecretsSchema>;
export type BatchSecrets = z.infer<typeof batchSecretsSchema>;

export interface SecretsByVendor {
  cooladata: CooladataSecrets;
  engagelab: EngagelabSecrets;
  clevertap: ClevertapSecrets;
  batch: BatchSecrets;
}

export const secretsSchemas = {
  cooladata: cooladataSecretsSchema,
  engagelab: engagelabSecretsSchema,
  clevertap: clevertapSecretsSchema,
  batch: batchSecretsSchema,
} as const;

export type AccountOf<V extends VendorId> = Extract<Account, { vendor: V }>;

/** Every secret string of an account, for the redactor. */
export function secretValues(secrets: SecretsByVendor[VendorId]): string[] {
  const values: string[] = [];
  for (const value of Object.values(secrets)) {
    if (typeof value === 'string') values.push(value);
    else if (value && typeof value === 'object') values.push(...Object.values(value as Record<string, string>));
  }
  return values;
}

/** Where credentials come from: SecretStorage in the extension, the environment in the CLI. */
export interface CredentialSource {
  secretsFor<V extends VendorId>(account: AccountOf<V>): Promise<SecretsByVendor[V]>;
}

export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
}
