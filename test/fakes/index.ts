/**
 * Faithful fake vendor servers (shared/vendor-contracts.md §5) for unit, CLI, benchmark and
 * VS Code host tests and for the `npm start` sandbox. See test/fakes/README.md.
 */
import {
  defaultBatchAccounts, defaultCleverTapAccounts, defaultCooladataProjects, defaultEngageLabApps,
  type BatchAccount, type CleverTapAccount, type CooladataProject, type EngageLabApp,
} from './accounts';
import { FakeBatch, type BatchOptions } from './batch';
import { FakeCleverTap, type CleverTapOptions } from './clevertap';
import { FakeCooladata, type CooladataOptions } from './cooladata';
import { FakeEngageLab, type EngageLabOptions } from './engagelab';
import { RequestLog } from './log';
import type { CommonFakeOptions, RecordedRequest, VendorName } from './types';

export * from './accounts';
export * from './batch';
export * from './clevertap';
export * from './clock';
export * from './cooladata';
export * from './engagelab';
export * from './faults';
export * from './figures';
export { RequestLog } from './log';
export { FakeVendorServer, type Prepared, type RequestContext, type RuntimeSettings } from './server';
export * from './types';
export * from './vendorHosts';

export const VENDORS: readonly VendorName[] = ['cooladata', 'engagelab', 'clevertap', 'batch'];

export interface FakeVendorsOptions extends Omit<CommonFakeOptions, 'port'> {
  /** Ports portBase..portBase+3 (cooladata, engagelab, clevertap, batch); default: any free port. */
  portBase?: number;
  /** Per-vendor options; they win over the common ones above. */
  cooladata?: CooladataOptions;
  engagelab?: EngageLabOptions;
  clevertap?: CleverTapOptions;
  batch?: BatchOptions;
}

export interface FakeVendorUrls {
  cooladata: string;
  engagelab: string;
  clevertap: string;
  batch: string;
}

export interface FakeVendorAccounts {
  cooladata: CooladataProject[];
  engagelab: EngageLabApp[];
  clevertap: CleverTapAccount[];
  batch: BatchAccount[];
}

export interface FakeVendors {
  urls: FakeVendorUrls;
  /** The seeded accounts in use (credentials and users). */
  accounts: FakeVendorAccounts;
  cooladata: FakeCooladata;
  engagelab: FakeEngageLab;
  clevertap: FakeCleverTap;
  batch: FakeBatch;
  /** All vendors' requests, in arrival order (copies). */
  requests(): RecordedRequest[];
  /** IDs of every applied deletion, all vendors, one entry per application. */
  appliedIds(): string[];
  /** Resolves once `count` requests (any vendor) match `filter`. */
  waitForRequests(count: number, filter?: (r: RecordedRequest) => boolean): Promise<void>;
  /** USER_ERASURE_<VENDOR>_BASE_URL variables pointing at these fakes. */
  env(): Record<string, string>;
  /** Clear the log (seq restarts at 1), all faults, and every vendor's state back to its seed. */
  reset(): void;
  /** Close all servers, destroy open sockets, cancel timers. */
  close(): Promise<void>;
}

/** USER_ERASURE_<VENDOR>_BASE_URL for each vendor URL. */
export function fakeVendorEnv(urls: FakeVendorUrls): Record<string, string> {
  return Object.fromEntries(VENDORS.map((v) => [`USER_ERASURE_${v.toUpperCase()}_BASE_URL`, urls[v]]));
}

/** Start one fake per vendor on loopback, sharing one request log. */
export async function startFakeVendors(options: FakeVendorsOptions = {}): Promise<FakeVendors> {
  const { portBase, cooladata, engagelab, clevertap, batch, ...common } = options;
  const log = new RequestLog();
  const port = (i: number) => (portBase === undefined ? 0 : portBase + i);
  const accounts: FakeVendorAccounts = {
    cooladata: cooladata?.projects ?? defaultCooladataProjects(),
    engagelab: engagelab?.apps ?? defaultEngageLabApps(),
    clevertap: clevertap?.accounts ?? defaultCleverTapAccounts(),
    batch: batch?.accounts ?? defaultBatchAccounts(),
  };
  const fakes = {
    cooladata: new FakeCooladata({ ...common, port: port(0), ...cooladata, projects: accounts.cooladata, log }),
    engagelab: new FakeEngageLab({ ...common, port: port(1), ...engagelab, apps: accounts.engagelab, log }),
    clevertap: new FakeCleverTap({ ...common, port: port(2), ...clevertap, accounts: accounts.clevertap, log }),
    batch: new FakeBatch({ ...common, port: port(3), ...batch, accounts: accounts.batch, log }),
  };
  const all = Object.values(fakes);
  const closeAll = async () => {
    log.rejectWaiters('fake vendors closed');
    await Promise.all(all.map((f) => f.close()));
  };
  try {
    await Promise.all(all.map((f) => f.listen()));
  } catch (e) {
    await closeAll();
    throw e;
  }
  const urls: FakeVendorUrls = {
    cooladata: fakes.cooladata.url,
    engagelab: fakes.engagelab.url,
    clevertap: fakes.clevertap.url,
    batch: fakes.batch.url,
  };
  return {
    urls,
    accounts,
    ...fakes,
    requests: () => log.all(),
    appliedIds: () => log.all().filter((r) => r.applied).flatMap((r) => r.ids),
    waitForRequests: (count, filter) => log.waitFor(count, filter),
    env: () => fakeVendorEnv(urls),
    reset: () => {
      for (const f of all) f.reset();
      log.clear();
    },
    close: closeAll,
  };
}
