// The questions of Add Account and Edit Account, per vendor, asked through the Prompter (so tests
// script them). Every answer is checked inline with the zod schemas of core/accounts; Escape at
// any step throws UserCancelled and nothing is returned (the caller saves only a finished form).
// Current secrets are never shown: an edit offers "keep" or "replace" for each of them.
// No runtime `vscode` import: this runs in plain Node tests.
import type * as z from 'zod/mini';
import {
  batchAccountSchema,
  batchSecretsSchema,
  clevertapAccountSchema,
  clevertapSecretsSchema,
  cooladataAccountSchema,
  cooladataSecretsSchema,
  engagelabAccountSchema,
  engagelabSecretsSchema,
  type Account,
  type AccountOf,
  type BatchAccount,
  type BatchSecrets,
  type ClevertapAccount,
  type ClevertapSecrets,
  type CooladataAccount,
  type CooladataSecrets,
  type EngagelabAccount,
  type EngagelabSecrets,
  type SecretsByVendor,
} from '../../core/accounts';
import {
  CLEVERTAP_REGION_LABELS,
  CLEVERTAP_REGIONS,
  ENGAGELAB_DATA_CENTER_LABELS,
  ENGAGELAB_DATA_CENTERS,
  type ClevertapRegion,
  type EngagelabDataCenter,
} from '../../core/endpoints';
import { credentialTextProblem } from '../../core/credentialText';
import { VENDOR_IDS, VENDOR_NAMES, type VendorId } from '../../core/job';
import { labelTaken, sameLabel } from '../../platform/accountChecks';
import type { InputOptions, PickItem, Prompter } from '../../platform/prompter';
import type { SecretRead } from '../../platform/secretStore';
import { UserCancelled } from '../errors';

export interface AccountDraft<V extends VendorId = VendorId> {
  account: AccountOf<V>;
  secrets: SecretsByVendor[V];
}

export interface AccountEdit<V extends VendorId = VendorId> {
  account: AccountOf<V>;
  /** The complete new secrets when any of them was replaced (or app keys were renamed/removed); else undefined. */
  secrets?: SecretsByVendor[V];
  changed: boolean;
}

export const VENDOR_FIELDS: Record<VendorId, string> = {
  cooladata: 'project ID + API token of an ADMIN user',
  engagelab: 'data centre + AppKey + Master Secret',
  clevertap: 'region + Account ID + Passcode',
  batch: 'REST API key + one or more app API keys',
};

export async function askVendor(prompter: Prompter, title = 'Add Account'): Promise<VendorId> {
  const items: PickItem<VendorId>[] = VENDOR_IDS.map((vendor) => ({ label: VENDOR_NAMES[vendor], description: VENDOR_FIELDS[vendor], value: vendor }));
  return answered(await prompter.pickOne(items, { title, placeholder: 'Which vendor is the account at?' }));
}

/** Asks every field of a new account; `newId` gives the ID the account will be stored under. */
export async function askNewAccount<V extends VendorId>(
  prompter: Prompter,
  vendor: V,
  existing: readonly Account[],
  newId: (vendor: V) => string,
): Promise<AccountDraft<V>> {
  const form = new Form(prompter, `Add ${VENDOR_NAMES[vendor]} Account`, STEPS[vendor]);
  const label = await form.label(vendor, existing);
  const id = newId(vendor);
  switch (vendor as VendorId) {
    case 'cooladata': {
      const projectId = await form.field(cooladataAccountSchema.shape.projectId, {
        prompt: 'The Cooladata project ID',
        placeholder: 'e.g. 123456',
      });
      const apiToken = await form.secret(cooladataSecretsSchema.shape.apiToken, COOLADATA_TOKEN);
      const statusPath = await form.statusPath();
      const account: CooladataAccount = { id, vendor: 'cooladata', label, projectId, ...(statusPath ? { statusPath } : {}) };
      const secrets: CooladataSecrets = { apiToken };
      return draft(account, secrets);
    }
    case 'engagelab': {
      const dataCenter = await form.dataCenter();
      const appKey = await form.secret(engagelabSecretsSchema.shape.appKey, ENGAGELAB_APP_KEY);
      const masterSecret = await form.secret(engagelabSecretsSchema.shape.masterSecret, ENGAGELAB_MASTER_SECRET);
      const account: EngagelabAccount = { id, vendor: 'engagelab', label, dataCenter };
      const secrets: EngagelabSecrets = { appKey, masterSecret };
      return draft(account, secrets);
    }
    case 'clevertap': {
      const region = await form.region();
      const accountId = await form.field(clevertapAccountSchema.shape.accountId, {
        prompt: 'The CleverTap Account ID (sent as X-CleverTap-Account-Id)',
        placeholder: 'e.g. W9R-486-4W5Z',
        extraCheck: headerSafe('Account ID'),
      });
      const passcode = await form.secret(clevertapSecretsSchema.shape.passcode, CLEVERTAP_PASSCODE);
      const account: ClevertapAccount = { id, vendor: 'clevertap', label, region, accountId };
      const secrets: ClevertapSecrets = { passcode };
      return draft(account, secrets);
    }
    case 'batch': {
      const restKey = await form.secret(batchSecretsSchema.shape.restKey, BATCH_REST_KEY);
      const appKeys: Record<string, string> = {};
      for (;;) {
        const appLabel = await form.appKeyLabel(Object.keys(appKeys));
        appKeys[appLabel] = await form.appKey(appLabel);
        const more = await form.pick<boolean>(
          [
            { label: 'Save the account', description: `app keys: ${Object.keys(appKeys).join(', ')}`, value: false },
            { label: 'Add another app key', description: 'e.g. one key per platform: iOS, Android, Web', value: true },
          ],
          'Add another app key?',
        );
        if (!more) break;
      }
      const account: BatchAccount = { id, vendor: 'batch', label, appKeyLabels: Object.keys(appKeys) };
      const secrets: BatchSecrets = { restKey, appKeys };
      return draft(account, secrets);
    }
  }
}

/**
 * Asks the changes to an account: label and non-secret fields prefilled, each secret "keep" or
 * "replace" (entered directly when the stored one is unusable).
 */
export async function askAccountEdit<V extends VendorId>(
  prompter: Prompter,
  account: AccountOf<V>,
  stored: SecretRead<V>,
  existing: readonly Account[],
): Promise<AccountEdit<V>> {
  const plain = account as Account;
  const form = new Form(prompter, `Edit ${VENDOR_NAMES[plain.vendor]} Account "${plain.label}"`, STEPS[plain.vendor]);
  const label = await form.label(plain.vendor, existing, plain);
  switch (plain.vendor) {
    case 'cooladata': {
      const current = ok(stored as SecretRead<'cooladata'>);
      const projectId = await form.field(cooladataAccountSchema.shape.projectId, { prompt: 'The Cooladata project ID', value: plain.projectId });
      const apiToken = await form.keepOrReplace(cooladataSecretsSchema.shape.apiToken, COOLADATA_TOKEN, current?.apiToken);
      const statusPath = await form.statusPath(plain.statusPath);
      // A new token may need the other Authorization form: let the client find out again.
      const { authForm, statusPath: _old, ...rest } = plain;
      const next: CooladataAccount = {
        ...rest,
        label,
        projectId,
        ...(statusPath ? { statusPath } : {}),
        ...(authForm && apiToken === undefined ? { authForm } : {}),
      };
      return edit(account, next, apiToken === undefined ? undefined : { apiToken });
    }
    case 'engagelab': {
      const current = ok(stored as SecretRead<'engagelab'>);
      const dataCenter = await form.dataCenter(plain.dataCenter);
      const appKey = await form.keepOrReplace(engagelabSecretsSchema.shape.appKey, ENGAGELAB_APP_KEY, current?.appKey);
      const masterSecret = await form.keepOrReplace(engagelabSecretsSchema.shape.masterSecret, ENGAGELAB_MASTER_SECRET, current?.masterSecret);
      const next: EngagelabAccount = { ...plain, label, dataCenter };
      const replaced = appKey !== undefined || masterSecret !== undefined;
      return edit(account, next, replaced ? { appKey: appKey ?? current!.appKey, masterSecret: masterSecret ?? current!.masterSecret } : undefined);
    }
    case 'clevertap': {
      const current = ok(stored as SecretRead<'clevertap'>);
      const region = await form.region(plain.region);
      const accountId = await form.field(clevertapAccountSchema.shape.accountId, {
        prompt: 'The CleverTap Account ID (sent as X-CleverTap-Account-Id)',
        value: plain.accountId,
        extraCheck: headerSafe('Account ID'),
      });
      const passcode = await form.keepOrReplace(clevertapSecretsSchema.shape.passcode, CLEVERTAP_PASSCODE, current?.passcode);
      const next: ClevertapAccount = { ...plain, label, region, accountId };
      return edit(account, next, passcode === undefined ? undefined : { passcode });
    }
    case 'batch': {
      const current = ok(stored as SecretRead<'batch'>);
      const restKey = await form.keepOrReplace(batchSecretsSchema.shape.restKey, BATCH_REST_KEY, current?.restKey);
      const apps = await form.appKeyList(plain.appKeyLabels, current?.appKeys ?? {});
      const next: BatchAccount = { ...plain, label, appKeyLabels: apps.map((a) => a.label) };
      const appsChanged = apps.some((a) => a.key !== undefined || a.label !== a.original) || apps.length !== plain.appKeyLabels.length;
      if (restKey === undefined && !appsChanged) return edit(account, next, undefined);
      const appKeys: Record<string, string> = {};
      for (const app of apps) appKeys[app.label] = app.key ?? current!.appKeys[app.original!];
      return edit(account, next, { restKey: restKey ?? current!.restKey, appKeys });
    }
  }
}

// --- the questions -------------------------------------------------------------------------------

const STEPS: Record<VendorId, number> = { cooladata: 4, engagelab: 4, clevertap: 4, batch: 3 };

interface SecretField {
  /** As used in sentences: "the API token". */
  name: string;
  prompt: string;
  /** false for values that are secret in storage but usually typed visibly (EngageLab's AppKey). */
  password: boolean;
  placeholder?: string;
}

const COOLADATA_TOKEN: SecretField = {
  name: 'API token',
  prompt: "The user API token of an ADMIN user of the project (kept in VS Code's secret storage)",
  password: true,
};
const ENGAGELAB_APP_KEY: SecretField = { name: 'AppKey', prompt: 'The AppKey of the EngageLab app', password: false };
const ENGAGELAB_MASTER_SECRET: SecretField = {
  name: 'Master Secret',
  prompt: "The Master Secret of the EngageLab app (kept in VS Code's secret storage)",
  password: true,
};
const CLEVERTAP_PASSCODE: SecretField = {
  name: 'Passcode',
  prompt: "The CleverTap Passcode (sent as X-CleverTap-Passcode; kept in VS Code's secret storage)",
  password: true,
};
const BATCH_REST_KEY: SecretField = {
  name: 'REST API key',
  prompt: "The REST API key of your Batch company (sent as X-Authorization; kept in VS Code's secret storage)",
  password: true,
};

interface AppEntry {
  label: string;
  /** The label this app had when the edit started; undefined for an app added now. */
  original?: string;
  /** A key entered now; undefined keeps the stored one. */
  key?: string;
}

class Form {
  private step = 1;

  constructor(
    private readonly prompter: Prompter,
    private readonly baseTitle: string,
    private readonly steps: number,
  ) {}

  private get title(): string {
    return `${this.baseTitle} (${Math.min(this.step, this.steps)}/${this.steps})`;
  }

  next(): void {
    this.step++;
  }

  async label(vendor: VendorId, existing: readonly Account[], current?: Account): Promise<string> {
    const value = await this.input({
      prompt: `A name for this ${VENDOR_NAMES[vendor]} account, e.g. "EU prod" or "staging"`,
      value: current?.label,
      validate: (text) => {
        const problem = schemaProblem(cooladataAccountSchema.shape.label, text);
        if (problem) return problem;
        if (labelTaken(existing, vendor, text, current?.id)) return `A ${VENDOR_NAMES[vendor]} account named "${text.trim()}" exists already.`;
        return undefined;
      },
    });
    this.next();
    return value.trim();
  }

  /** A non-secret text field, checked with its schema; the answer comes back parsed (trimmed). */
  async field(
    schema: z.ZodMiniType<string>,
    options: { prompt: string; placeholder?: string; value?: string; extraCheck?: (text: string) => string | undefined },
  ): Promise<string> {
    const validate = (text: string) => schemaProblem(schema, text) ?? options.extraCheck?.(text.trim());
    const value = await this.input({ prompt: options.prompt, placeholder: options.placeholder, value: options.value, validate });
    this.next();
    return schema.parse(value);
  }

  /** Asks a secret; the value is trimmed (pasted keys often carry a trailing newline or space). */
  async secret(schema: z.ZodMiniType<string>, field: SecretField): Promise<string> {
    const value = await this.input({
      prompt: field.prompt,
      placeholder: field.placeholder,
      password: field.password,
      validate: (text) => secretProblem(schema, field, text),
    });
    this.next();
    return value.trim();
  }

  /** undefined = keep the stored value; a string = the replacement. Asked directly when nothing usable is stored. */
  async keepOrReplace(schema: z.ZodMiniType<string>, field: SecretField, stored: string | undefined): Promise<string | undefined> {
    // A value stored before it was checked may hold a character no request can carry: never offer to keep it.
    const unsendable = stored === undefined ? undefined : credentialTextProblem(stored);
    if (stored === undefined || unsendable) {
      const why = unsendable ? `The stored ${field.name} cannot be sent (it ${unsendable})` : `No usable ${field.name} is stored`;
      const value = await this.input({
        prompt: `${why}: enter it. ${field.prompt}`,
        password: field.password,
        validate: (text) => secretProblem(schema, field, text),
      });
      this.next();
      return value.trim();
    }
    const replace = await this.pick<boolean>(
      [
        { label: `Keep the current ${field.name}`, description: 'stored in secret storage (not shown)', value: false },
        { label: `Replace the ${field.name}…`, value: true },
      ],
      `The ${field.name}`,
    );
    if (!replace) {
      this.next();
      return undefined;
    }
    return this.secret(schema, field);
  }

  async statusPath(current?: string): Promise<string | undefined> {
    const value = await this.input({
      prompt:
        'Optional: the path of the Cooladata Delete Status API, if Cooladata support gave you one. Leave empty when you have none (accepted deletions then stay "queued at Cooladata").',
      placeholder: '/api/v2/projects/{projectId}/users/delete/status',
      value: current,
      validate: (text) => {
        const trimmed = text.trim();
        if (trimmed === '') return undefined;
        if (/^[a-z]+:\/\//i.test(trimmed)) return 'Enter only the path (starting with /), not a full URL: the host is always Cooladata\'s.';
        return schemaProblem(cooladataAccountSchema.shape.statusPath, trimmed) ?? (/\s/.test(trimmed) ? 'The path cannot contain spaces.' : undefined);
      },
    });
    this.next();
    return value.trim() === '' ? undefined : value.trim();
  }

  dataCenter(current?: EngagelabDataCenter): Promise<EngagelabDataCenter> {
    return this.pickHost(
      ENGAGELAB_DATA_CENTERS,
      ENGAGELAB_DATA_CENTER_LABELS,
      current,
      'EngageLab data centre of the app (a registration only exists in its own data centre)',
    );
  }

  region(current?: ClevertapRegion): Promise<ClevertapRegion> {
    return this.pickHost(CLEVERTAP_REGIONS, CLEVERTAP_REGION_LABELS, current, 'CleverTap region of the account (the wrong region answers 401)');
  }

  /** A pick among a vendor's hosts (data centres, regions): each with its label and host, the current one first. */
  private async pickHost<K extends string>(
    hosts: Readonly<Record<K, string>>,
    labels: Readonly<Record<K, string>>,
    current: K | undefined,
    placeholder: string,
  ): Promise<K> {
    const keys = Object.keys(hosts) as K[];
    const value = await this.pick(
      ordered(keys, current).map((key) => ({
        label: labels[key],
        description: `${new URL(hosts[key]).host}${key === current ? ' (current)' : ''}`,
        picked: key === current,
        value: key,
      })),
      placeholder,
    );
    this.next();
    return value;
  }

  async appKeyLabel(taken: readonly string[], current?: string): Promise<string> {
    const n = taken.length + 1;
    const value = await this.input({
      prompt: current ? `A new label for the app "${current}"` : `Label of app key ${n} (the app and platform: iOS, Android, Web…)`,
      placeholder: n === 1 ? 'e.g. iOS' : 'e.g. Android',
      value: current,
      validate: (text) =>
        schemaProblem(batchAccountSchema.shape.appKeyLabels.def.element, text) ??
        (taken.some((t) => t !== current && sameLabel(t, text)) ? `This account already has an app key labelled "${text.trim()}".` : undefined),
    });
    return value.trim();
  }

  async appKey(appLabel: string): Promise<string> {
    const value = await this.input({
      prompt: `The API key of the "${appLabel}" app (its Live or Dev key; kept in VS Code's secret storage)`,
      password: true,
      validate: (text) => secretProblem(batchSecretsSchema.shape.appKeys.def.valueType, { name: 'app API key', prompt: '', password: true }, text) ?? pathSafe(text.trim()),
    });
    return value.trim();
  }

  /** Batch app keys of an account being edited: rename, replace a key, remove, add; "Done" when each has a key. */
  async appKeyList(labels: readonly string[], storedKeys: Readonly<Record<string, string>>): Promise<AppEntry[]> {
    const apps: AppEntry[] = labels.map((label) => ({ label, original: label }));
    const hasKey = (app: AppEntry) => app.key !== undefined || (app.original !== undefined && Object.hasOwn(storedKeys, app.original));
    const summary = () => apps.map((a) => a.label).join(', ');
    if (apps.every(hasKey)) {
      const change = await this.pick<boolean>(
        [
          { label: `Keep the app keys as they are`, description: summary(), value: false },
          { label: 'Change the app keys…', description: 'rename, replace a key, remove, add', value: true },
        ],
        'App API keys',
      );
      if (!change) return apps;
    }
    type Choice = { kind: 'app'; index: number } | { kind: 'add' } | { kind: 'done' };
    for (;;) {
      const missing = apps.filter((a) => !hasKey(a));
      const choice = await this.pick<Choice>(
        [
          ...apps.map((app, index) => ({
            label: app.label,
            description: !hasKey(app) ? 'no key stored: choose to enter it' : app.key !== undefined ? (app.original ? 'key replaced' : 'new') : 'key stored',
            detail: app.original && app.original !== app.label ? `renamed from "${app.original}"` : undefined,
            value: { kind: 'app', index } as Choice,
          })),
          { label: '$(add) Add an app key', value: { kind: 'add' } },
          {
            label: '$(check) Done',
            description: apps.length === 0 ? 'add at least one app key first' : missing.length > 0 ? `enter the key of ${missing.map((a) => `"${a.label}"`).join(', ')} first` : summary(),
            value: { kind: 'done' },
          },
        ],
        'App API keys: choose one to change it',
      );
      if (choice.kind === 'done') {
        if (apps.length > 0 && missing.length === 0) return apps;
        continue;
      }
      if (choice.kind === 'add') {
        const label = await this.appKeyLabel(apps.map((a) => a.label));
        apps.push({ label, key: await this.appKey(label) });
        continue;
      }
      const app = apps[choice.index];
      if (!hasKey(app)) {
        app.key = await this.appKey(app.label);
        continue;
      }
      const action = await this.pick<'rename' | 'replace' | 'remove'>(
        [
          { label: 'Rename', description: `change the label "${app.label}"`, value: 'rename' },
          { label: 'Replace the key', description: 'enter a new API key for this app', value: 'replace' },
          ...(apps.length > 1 ? [{ label: 'Remove', description: 'this account stops deleting from this app', value: 'remove' as const }] : []),
        ],
        `App "${app.label}"`,
      );
      if (action === 'rename') {
        app.label = await this.appKeyLabel(apps.map((a) => a.label), app.label);
      } else if (action === 'replace') {
        app.key = await this.appKey(app.label);
      } else {
        apps.splice(choice.index, 1);
      }
    }
  }

  async pick<T>(items: readonly PickItem<T>[], placeholder: string): Promise<T> {
    return answered(await this.prompter.pickOne(items, { title: this.title, placeholder }));
  }

  private async input(options: Omit<InputOptions, 'title'>): Promise<string> {
    return answered(await this.prompter.input({ ...options, title: this.title }));
  }
}

function answered<T>(value: T | undefined): T {
  if (value === undefined) throw new UserCancelled();
  return value;
}

function ok<V extends VendorId>(read: SecretRead<V>): SecretsByVendor[V] | undefined {
  return read.state === 'ok' ? read.secrets : undefined;
}

function draft<V extends VendorId>(account: Account, secrets: SecretsByVendor[VendorId]): AccountDraft<V> {
  return { account: account as AccountOf<V>, secrets: secrets as SecretsByVendor[V] };
}

function edit<V extends VendorId>(before: AccountOf<V>, after: Account, secrets: SecretsByVendor[VendorId] | undefined): AccountEdit<V> {
  const changed = secrets !== undefined || JSON.stringify(sortKeys(before)) !== JSON.stringify(sortKeys(after));
  return { account: after as AccountOf<V>, secrets: secrets as SecretsByVendor[V] | undefined, changed };
}

function sortKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

function ordered<T>(values: readonly T[], current: T | undefined): T[] {
  return current === undefined ? [...values] : [current, ...values.filter((v) => v !== current)];
}

/** The first problem zod finds, as a sentence; undefined when the value is acceptable. */
export function schemaProblem(schema: z.ZodMiniType, value: string): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  return sentence(parsed.error.issues[0]?.message ?? 'not valid');
}

/** Problems of a secret as typed: schema first, then what would break a request header. Never echoes the value. */
export function secretProblem(schema: z.ZodMiniType, field: SecretField, text: string): string | undefined {
  const trimmed = text.trim();
  return schemaProblem(schema, trimmed) ?? headerSafe(`The ${field.name}`)(trimmed);
}

function headerSafe(what: string): (text: string) => string | undefined {
  return (text) => {
    const problem = credentialTextProblem(text);
    return problem ? `${what} ${problem}: paste it again.` : undefined;
  };
}

/** Batch puts the app key in the URL path. */
function pathSafe(text: string): string | undefined {
  return /[/?#%\\]/.test(text) ? 'An app API key cannot contain /, ?, #, % or \\: paste it again.' : undefined;
}

function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?:]$/.test(capital) ? capital : `${capital}.`;
}
