// The questions of Add Account and Edit Account, asked through the Prompter (so tests script
// them). The vendor's definition lists its fields (core/vendor: text, choice, secret, app keys);
// every answer is checked inline with the field's zod schema; Escape at any step throws
// UserCancelled and nothing is returned (the caller saves only a finished form).
// Current secrets are never shown: an edit offers "keep" or "replace" for each of them.
// No runtime `vscode` import: this runs in plain Node tests.
import type * as z from 'zod/mini';
import { accountLabelSchema, type Account, type Secrets } from '../../core/accounts';
import { vendorCatalog } from '../../core/catalog';
import { credentialTextProblem } from '../../core/credentialText';
import type { VendorId } from '../../core/job';
import type { AccountField, ChoiceField, LabelledKeysField, SecretField as SecretFieldSpec, TextField } from '../../core/vendor';
import { labelTaken, sameLabel } from '../../platform/accountChecks';
import type { InputOptions, PickItem, Prompter } from '../../platform/prompter';
import type { SecretRead } from '../../platform/secretStore';
import { UserCancelled } from '../errors';

export interface AccountDraft<A extends Account = Account> {
  account: A;
  secrets: Secrets;
}

export interface AccountEdit<A extends Account = Account> {
  account: A;
  /** The complete new secrets when any of them was replaced (or app keys were renamed/removed); else undefined. */
  secrets?: Secrets;
  changed: boolean;
}

/** What an account of the vendor needs, as the vendor pick says it: "region + Account ID + Passcode". */
export function vendorFields(vendor: VendorId): string {
  return vendorCatalog().get(vendor).fieldsSummary;
}

export async function askVendor(prompter: Prompter, title = 'Add Account'): Promise<VendorId> {
  const items: PickItem<VendorId>[] = vendorCatalog()
    .all()
    .map((definition) => ({ label: definition.displayName, description: definition.fieldsSummary, value: definition.id }));
  return answered(await prompter.pickOne(items, { title, placeholder: 'Which vendor is the account at?' }));
}

/** Asks every field of a new account; `newId` gives the ID the account will be stored under. */
export async function askNewAccount(
  prompter: Prompter,
  vendor: VendorId,
  existing: readonly Account[],
  newId: (vendor: VendorId) => string,
): Promise<AccountDraft> {
  const definition = vendorCatalog().get(vendor);
  const form = new Form(prompter, `Add ${definition.displayName} Account`, 1 + definition.fields.length);
  const label = await form.label(vendor, existing);
  const account: Account = { id: newId(vendor), vendor, label };
  const secrets: Record<string, unknown> = {};
  for (const field of definition.fields) {
    switch (field.kind) {
      case 'text': {
        const value = await form.field(field);
        if (value !== undefined) account[field.key] = value;
        break;
      }
      case 'choice':
        account[field.key] = await form.choice(field);
        break;
      case 'secret':
        secrets[field.key] = await form.secret(field.schema, secretField(field));
        break;
      case 'labelled-keys': {
        const keys = await form.newAppKeys(field);
        account[field.labelsKey] = Object.keys(keys);
        secrets[field.key] = keys;
        break;
      }
    }
  }
  return { account, secrets };
}

/**
 * Asks the changes to an account: label and non-secret fields prefilled, each secret "keep" or
 * "replace" (entered directly when the stored one is unusable).
 */
export async function askAccountEdit<A extends Account>(prompter: Prompter, account: A, stored: SecretRead, existing: readonly Account[]): Promise<AccountEdit<A>> {
  const definition = vendorCatalog().get(account.vendor);
  const form = new Form(prompter, `Edit ${definition.displayName} Account "${account.label}"`, 1 + definition.fields.length);
  const label = await form.label(account.vendor, existing, account);
  const current = stored.state === 'ok' ? stored.secrets : undefined;
  const next: Account = { ...account, label };
  const replaced: Record<string, unknown> = {};
  let secretsChanged = false;
  for (const field of definition.fields) {
    switch (field.kind) {
      case 'text': {
        const value = await form.field(field, stringAt(account, field.key));
        if (value === undefined) delete next[field.key];
        else next[field.key] = value;
        break;
      }
      case 'choice':
        next[field.key] = await form.choice(field, stringAt(account, field.key));
        break;
      case 'secret': {
        const value = await form.keepOrReplace(field.schema, secretField(field), current === undefined ? undefined : stringAt(current, field.key));
        if (value !== undefined) {
          replaced[field.key] = value;
          secretsChanged = true;
        }
        break;
      }
      case 'labelled-keys': {
        const labels = Array.isArray(account[field.labelsKey]) ? (account[field.labelsKey] as string[]) : [];
        const storedKeys = (current?.[field.key] ?? {}) as Readonly<Record<string, string>>;
        const apps = await form.appKeyList(field, labels, storedKeys);
        next[field.labelsKey] = apps.map((a) => a.label);
        if (apps.some((a) => a.key !== undefined || a.label !== a.original) || apps.length !== labels.length) {
          const keys: Record<string, string> = {};
          for (const app of apps) keys[app.label] = app.key ?? storedKeys[app.original!];
          replaced[field.key] = keys;
          secretsChanged = true;
        }
        break;
      }
    }
  }
  // Something the client learned with the old secrets (an accepted auth form) is found out again.
  if (secretsChanged) for (const learned of definition.learnedFields ?? []) delete next[learned];
  const secrets = secretsChanged ? { ...current, ...replaced } : undefined;
  const changed = secretsChanged || JSON.stringify(sortKeys(account)) !== JSON.stringify(sortKeys(next));
  return { account: next as A, secrets, changed };
}

// --- the questions -------------------------------------------------------------------------------

interface SecretField {
  /** As used in sentences: "the API token". */
  name: string;
  prompt: string;
  /** false for values that are secret in storage but usually typed visibly (EngageLab's AppKey). */
  password: boolean;
  placeholder?: string;
}

function secretField(field: SecretFieldSpec): SecretField {
  return { name: field.name, prompt: field.prompt, password: field.password };
}

function stringAt(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

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
      prompt: `A name for this ${vendorCatalog().displayName(vendor)} account, e.g. "EU prod" or "staging"`,
      value: current?.label,
      validate: (text) => {
        const problem = schemaProblem(accountLabelSchema, text);
        if (problem) return problem;
        if (labelTaken(existing, vendor, text, current?.id)) return `A ${vendorCatalog().displayName(vendor)} account named "${text.trim()}" exists already.`;
        return undefined;
      },
    });
    this.next();
    return value.trim();
  }

  /** A non-secret text field, checked with its schema; the answer comes back parsed (trimmed); undefined when an optional one is left empty. */
  async field(field: TextField, current?: string): Promise<string | undefined> {
    const validate = (text: string) => {
      const trimmed = text.trim();
      if (field.optional && trimmed === '') return undefined;
      return (
        field.check?.(trimmed) ??
        schemaProblem(field.schema, text) ??
        (field.headerName === undefined ? undefined : headerSafe(field.headerName)(trimmed))
      );
    };
    const value = await this.input({ prompt: field.prompt, placeholder: field.placeholder, value: current, validate });
    this.next();
    if (field.optional && value.trim() === '') return undefined;
    return field.schema.parse(value);
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

  /** A pick among a vendor's fixed values (data centres, regions): each with its label and host, the current one first. */
  async choice(field: ChoiceField, current?: string): Promise<string> {
    const value = await this.pick(
      ordered(field.choices, field.choices.find((c) => c.value === current)).map((choice) => ({
        label: choice.label,
        description: `${choice.description}${choice.value === current ? ' (current)' : ''}`,
        picked: choice.value === current,
        value: choice.value,
      })),
      field.question,
    );
    this.next();
    return value;
  }

  /** App keys of a new account: label and key, then another one, until "Save the account". */
  async newAppKeys(field: LabelledKeysField): Promise<Record<string, string>> {
    const appKeys: Record<string, string> = {};
    for (;;) {
      const appLabel = await this.appKeyLabel(field, Object.keys(appKeys));
      appKeys[appLabel] = await this.appKey(field, appLabel);
      const more = await this.pick<boolean>(
        [
          { label: 'Save the account', description: `app keys: ${Object.keys(appKeys).join(', ')}`, value: false },
          { label: 'Add another app key', description: 'e.g. one key per platform: iOS, Android, Web', value: true },
        ],
        'Add another app key?',
      );
      if (!more) return appKeys;
    }
  }

  async appKeyLabel(field: LabelledKeysField, taken: readonly string[], current?: string): Promise<string> {
    const n = taken.length + 1;
    const value = await this.input({
      prompt: current ? `A new label for the app "${current}"` : `Label of app key ${n} (the app and platform: iOS, Android, Web…)`,
      placeholder: n === 1 ? 'e.g. iOS' : 'e.g. Android',
      value: current,
      validate: (text) =>
        schemaProblem(field.labelSchema, text) ??
        (taken.some((t) => t !== current && sameLabel(t, text)) ? `This account already has an app key labelled "${text.trim()}".` : undefined),
    });
    return value.trim();
  }

  async appKey(field: LabelledKeysField, appLabel: string): Promise<string> {
    const value = await this.input({
      prompt: `The API key of the "${appLabel}" app (its Live or Dev key; kept in VS Code's secret storage)`,
      password: true,
      validate: (text) => secretProblem(field.keySchema, { name: 'app API key', prompt: '', password: true }, text) ?? field.keyProblem?.(text.trim()),
    });
    return value.trim();
  }

  /** Batch app keys of an account being edited: rename, replace a key, remove, add; "Done" when each has a key. */
  async appKeyList(field: LabelledKeysField, labels: readonly string[], storedKeys: Readonly<Record<string, string>>): Promise<AppEntry[]> {
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
        const label = await this.appKeyLabel(field, apps.map((a) => a.label));
        apps.push({ label, key: await this.appKey(field, label) });
        continue;
      }
      const app = apps[choice.index];
      if (!hasKey(app)) {
        app.key = await this.appKey(field, app.label);
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
        app.label = await this.appKeyLabel(field, apps.map((a) => a.label), app.label);
      } else if (action === 'replace') {
        app.key = await this.appKey(field, app.label);
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

function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?:]$/.test(capital) ? capital : `${capital}.`;
}
