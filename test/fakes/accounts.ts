/** Seed data and default credentials of the fakes. All secrets here are fake. */

export interface CooladataProject {
  projectId: string;
  /** ADMIN user API token. */
  token: string;
  /** Tokens of valid but non-admin users of this project (answered 403). */
  nonAdminTokens?: string[];
  /** customer_user_id values known to the project. */
  users: string[];
}

export interface EngageLabDevice {
  registrationId: string;
  alias?: string;
  /**
   * (hostile) Aliases whose lookup also lists this device, besides `alias`: an alias moved to
   * another device (or this device's alias changed) while the lookups ran.
   */
  listedUnder?: string[];
  tags?: string[];
  /** 'android' (default), 'ios', 'hmos' or 'web'; the alias lookup's optional platform filter reads it. */
  platform?: string;
}

export interface EngageLabApp {
  appKey: string;
  masterSecret: string;
  devices: EngageLabDevice[];
  /** The data centre the AppKey lives in (default 'sgp'); other data centres' hosts answer 401. */
  dataCenter?: string;
}

export interface CleverTapProfile {
  identity?: string;
  guid: string;
}

export interface CleverTapAccount {
  accountId: string;
  passcode: string;
  profiles: CleverTapProfile[];
  /** The region the account lives in (default 'eu'); other regions' hosts answer 401. */
  region?: string;
}

export interface BatchApp {
  apiKey: string;
  /** Label shown in the sandbox output (e.g. "android"). */
  label?: string;
  /** Custom IDs known to this app. */
  users: string[];
  /** false = the plan has no Custom Data API (answered 403 API_MISUSE). Default true. */
  customDataApi?: boolean;
}

export interface BatchAccount {
  restKey: string;
  apps: BatchApp[];
}

/** `n` user IDs: user-1 ... user-n (with a custom prefix if given). */
export function seedUsers(n: number, prefix = 'user-'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

/** Registration id used for a seeded user's device. */
export const registrationIdFor = (userId: string): string => `rid-${userId}`;
/** CleverTap ID (guid) used for a seeded user's profile. */
export const guidFor = (userId: string): string => `__g${userId}`;

export const DEFAULT_FAKE_ACCOUNTS = {
  cooladata: { projectId: '424242', token: 'cd-fake-admin-token', nonAdminToken: 'cd-fake-viewer-token' },
  engagelab: { appKey: 'el-fake-appkey', masterSecret: 'el-fake-master-secret' },
  clevertap: { accountId: 'TEST-FAKE-0001', passcode: 'FAKE-PASSCODE-0001' },
  batch: {
    restKey: 'batch-fake-rest-key',
    apps: [
      { label: 'android', apiKey: 'FAKEANDROIDAPIKEY' },
      { label: 'ios', apiKey: 'FAKEIOSAPIKEY' },
    ],
  },
} as const;

/** How many users each default account holds unless told otherwise. */
export const DEFAULT_SEED_COUNT = 20;

export function defaultCooladataProjects(users = seedUsers(DEFAULT_SEED_COUNT)): CooladataProject[] {
  const d = DEFAULT_FAKE_ACCOUNTS.cooladata;
  return [{ projectId: d.projectId, token: d.token, nonAdminTokens: [d.nonAdminToken], users: [...users] }];
}

/** Each user gets one Android device: registration id `rid-<user>`, alias `<user>`, tag "fake". */
export function defaultEngageLabApps(users = seedUsers(DEFAULT_SEED_COUNT)): EngageLabApp[] {
  const d = DEFAULT_FAKE_ACCOUNTS.engagelab;
  return [{
    appKey: d.appKey,
    masterSecret: d.masterSecret,
    devices: users.map((u) => ({ registrationId: registrationIdFor(u), alias: u, tags: ['fake'], platform: 'android' })),
  }];
}

/** Each user gets one profile: identity `<user>`, guid `__g<user>`. */
export function defaultCleverTapAccounts(users = seedUsers(DEFAULT_SEED_COUNT)): CleverTapAccount[] {
  const d = DEFAULT_FAKE_ACCOUNTS.clevertap;
  return [{ accountId: d.accountId, passcode: d.passcode, profiles: users.map((u) => ({ identity: u, guid: guidFor(u) })) }];
}

/** Every app key of the account knows every user. */
export function defaultBatchAccounts(users = seedUsers(DEFAULT_SEED_COUNT)): BatchAccount[] {
  const d = DEFAULT_FAKE_ACCOUNTS.batch;
  return [{ restKey: d.restKey, apps: d.apps.map((a) => ({ apiKey: a.apiKey, label: a.label, users: [...users] })) }];
}
