// Engine settings with their defaults; the extension reads them from VS Code's configuration,
// the CLI uses the defaults. Validated with zod so a bad value falls back instead of misbehaving.
import * as z from 'zod/mini';
import './zodMessages';
import { builtOnFirstUse } from './builtOnFirstUse';

export const engineSettingsSchema = builtOnFirstUse(() => z.object({
  /** Reason sent with Cooladata deletions (editable in the confirmation). */
  cooladataReason: z._default(z.string().check(z.minLength(1)), 'GDPR erasure request'),
  cooladataChunkSize: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 100),
  cooladataConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(32)), 2),
  engagelabRequestsPerSecond: z._default(z.number().check(z.minimum(1), z.maximum(100_000)), 500),
  engagelabConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(512)), 128),
  /** CleverTap allows 3 delete calls in flight per account; a lower value is allowed, never higher. */
  clevertapConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(3)), 3),
  clevertapChunkSize: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100)), 100),
  batchCustomDataChunkSize: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 10_000),
  batchGdprConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(64)), 4),
  /** Concurrency of best-effort verification lookups (CleverTap / EngageLab / Batch status). */
  statusConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(64)), 4),
  requestTimeoutMs: z._default(z.number().check(z.int(), z.minimum(1_000), z.maximum(600_000)), 30_000),
  maxAttempts: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10)), 5),
  /** First backoff delay; later ones double up to 30 s (a Retry-After from the vendor wins). */
  retryBaseDelayMs: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(60_000)), 500),
  confirmThreshold: z._default(z.number().check(z.int(), z.minimum(0)), 10),
}));

export type EngineSettings = z.infer<typeof engineSettingsSchema>;

export const DEFAULT_SETTINGS: EngineSettings = builtOnFirstUse(() => engineSettingsSchema.parse({}));

/** Parses raw values, dropping (and reporting) the invalid ones so defaults apply instead. */
export function readSettings(raw: Record<string, unknown>): { settings: EngineSettings; problems: string[] } {
  const problems: string[] = [];
  const accepted: Record<string, unknown> = {};
  const shape = engineSettingsSchema.shape;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || !(name in shape)) continue;
    const field = shape[name as keyof typeof shape];
    const parsed = field.safeParse(value);
    if (parsed.success) accepted[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}; using the default`);
  }
  return { settings: engineSettingsSchema.parse(accepted), problems };
}
