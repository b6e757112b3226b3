// Engine settings with their defaults; the extension reads them from VS Code's configuration,
// the CLI uses the defaults. Validated with zod so a bad value falls back instead of misbehaving.
import { z } from 'zod';

export const engineSettingsSchema = z.object({
  /** Reason sent with Cooladata deletions (editable in the confirmation). */
  cooladataReason: z.string().min(1).default('GDPR erasure request'),
  cooladataChunkSize: z.number().int().min(1).max(10_000).default(100),
  cooladataConcurrency: z.number().int().min(1).max(32).default(2),
  engagelabRequestsPerSecond: z.number().min(1).max(100_000).default(500),
  engagelabConcurrency: z.number().int().min(1).max(512).default(64),
  /** CleverTap allows 3 delete calls in flight per account; a lower value is allowed, never higher. */
  clevertapConcurrency: z.number().int().min(1).max(3).default(3),
  clevertapChunkSize: z.number().int().min(1).max(100).default(100),
  batchCustomDataChunkSize: z.number().int().min(1).max(10_000).default(10_000),
  batchGdprConcurrency: z.number().int().min(1).max(64).default(4),
  /** Concurrency of best-effort verification lookups (CleverTap / EngageLab / Batch status). */
  statusConcurrency: z.number().int().min(1).max(64).default(4),
  requestTimeoutMs: z.number().int().min(1_000).max(600_000).default(30_000),
  maxAttempts: z.number().int().min(1).max(10).default(5),
  /** First backoff delay; later ones double up to 30 s (a Retry-After from the vendor wins). */
  retryBaseDelayMs: z.number().int().min(1).max(60_000).default(500),
  confirmThreshold: z.number().int().min(0).default(10),
});

export type EngineSettings = z.infer<typeof engineSettingsSchema>;

export const DEFAULT_SETTINGS: EngineSettings = engineSettingsSchema.parse({});

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
