// Reads the extension's settings into the engine's settings, and the machine-scoped endpoint
// overrides (environment variables win; a workspace folder can never redirect requests). Settings
// that change the history or weaken a safeguard are application-scoped and read from the user's
// own settings only: a repository's .vscode/settings.json cannot purge the history or skip the
// typed count.
import * as vscode from 'vscode';
import { vendorCatalog } from '../core/catalog';
import { baseUrlOverride } from '../core/endpoints';
import type { VendorId } from '../core/job';
import { readSettings, type EngineSettings } from '../core/settings';

export const SECTION = 'userErasure';

export interface ExtensionSettings extends EngineSettings {
  automaticVerification: boolean;
  notifyWhenJobDone: boolean;
  retentionDays: number;
}

/** Application-scoped in package.json; read here from the user level (or the default) only. */
export const USER_ONLY_SETTINGS = ['confirmThreshold', 'verification.automatic', 'notifyWhenJobDone', 'history.retentionDays'] as const;

type UserOnlySetting = (typeof USER_ONLY_SETTINGS)[number];

function userLevel<T>(config: vscode.WorkspaceConfiguration, key: UserOnlySetting): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/**
 * `userErasure.verification.automatic` alone: the status bar reads it when the extension activates,
 * without validating every other setting (and building their schema) on the way.
 */
export function readAutomaticVerification(config = vscode.workspace.getConfiguration(SECTION)): boolean {
  return userLevel<boolean>(config, 'verification.automatic') ?? false;
}

export function readExtensionSettings(onProblem?: (message: string) => void): ExtensionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const timeoutSeconds = config.get<number>('requestTimeoutSeconds');
  const vendorValues = vendorCatalog()
    .all()
    .flatMap((vendor) => Object.entries(vendor.settings?.configKeys ?? {}).map(([name, key]) => [name, config.get(key)]));
  const { settings, problems } = readSettings({
    ...Object.fromEntries(vendorValues),
    statusConcurrency: config.get('statusConcurrency'),
    requestTimeoutMs: typeof timeoutSeconds === 'number' ? timeoutSeconds * 1000 : undefined,
    maxAttempts: config.get('maxAttempts'),
    confirmThreshold: userLevel(config, 'confirmThreshold'),
  });
  for (const problem of problems) onProblem?.(`Setting ${SECTION}.${problem}; using the default`);
  return {
    ...settings,
    automaticVerification: readAutomaticVerification(config),
    notifyWhenJobDone: userLevel<boolean>(config, 'notifyWhenJobDone') ?? true,
    retentionDays: Math.max(1, userLevel<number>(config, 'history.retentionDays') ?? 90),
  };
}

/** The override for a vendor: USER_ERASURE_<VENDOR>_BASE_URL, else the machine-scoped setting. */
export function endpointOverride(vendor: VendorId): string | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>(`endpoints.${vendor}`);
  // Only the user (machine) level counts: workspace and folder values are ignored on purpose.
  return baseUrlOverride(vendor, process.env, inspected?.globalValue);
}
