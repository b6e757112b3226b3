// The fake vendors as the bench drives them, either in this process or in a child process (so
// the fakes do not share the client's event loop). Both expose the same small control surface.
import { fork, type ChildProcess } from 'node:child_process';
import {
  defaultBatchAccounts, defaultCleverTapAccounts, defaultCooladataProjects, defaultEngageLabApps, seedUsers, startFakeVendors,
  type FakeVendors, type FakeVendorsOptions, type FakeVendorUrls, type RandomFaults, type VendorName,
} from '../../test/fakes';
import { bundleEntry, stopChild } from '../lib/child';
import { filterLog, summarizeLog, type LogFilter, type LogSummary } from './summary';

export type FakesMode = 'separate' | 'in-process';

export interface FakesSetup {
  latencyMs: number;
  /** Users seeded per vendor (EngageLab needs its devices to answer 200; others accept unknown IDs). */
  seed?: Partial<Record<VendorName, number>>;
  /** Per-vendor option overrides (JSON-serialisable). */
  options?: Omit<FakeVendorsOptions, 'latencyMs'>;
}

export interface FakesControl {
  readonly mode: FakesMode;
  readonly urls: FakeVendorUrls;
  reset(): Promise<void>;
  randomFaults(vendor: VendorName, faults: RandomFaults): Promise<void>;
  summary(filter?: LogFilter): Promise<LogSummary>;
  close(): Promise<void>;
}

export function fakesOptions(setup: FakesSetup): FakeVendorsOptions {
  const users = (vendor: VendorName) => seedUsers(setup.seed?.[vendor] ?? 0);
  const o = setup.options ?? {};
  return {
    keepBodies: false, // see CommonFakeOptions.keepBodies
    ...o,
    latencyMs: setup.latencyMs,
    cooladata: { projects: defaultCooladataProjects(users('cooladata')), ...o.cooladata },
    engagelab: { apps: defaultEngageLabApps(users('engagelab')), ...o.engagelab },
    clevertap: { accounts: defaultCleverTapAccounts(users('clevertap')), ...o.clevertap },
    batch: { accounts: defaultBatchAccounts(users('batch')), ...o.batch },
  };
}

export type HostRequest =
  | { id: number; cmd: 'start'; setup: FakesSetup }
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'faults'; vendor: VendorName; faults: RandomFaults }
  | { id: number; cmd: 'summary'; filter?: LogFilter }
  | { id: number; cmd: 'close' };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export type HostReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: string };

/** Executes one control command against fakes started in this process. */
export async function execute(fakes: FakeVendors, request: Exclude<HostRequest, { cmd: 'start' }>): Promise<unknown> {
  switch (request.cmd) {
    case 'reset':
      fakes.reset();
      return undefined;
    case 'faults':
      fakes[request.vendor].faults.random(request.faults);
      return undefined;
    case 'summary':
      return summarizeLog(filterLog(fakes.requests(), request.filter));
    case 'close':
      await fakes.close();
      return undefined;
  }
}

export async function startFakes(mode: FakesMode, setup: FakesSetup): Promise<FakesControl> {
  return mode === 'in-process' ? startInProcess(setup) : startSeparate(setup);
}

async function startInProcess(setup: FakesSetup): Promise<FakesControl> {
  const fakes = await startFakeVendors(fakesOptions(setup));
  return {
    mode: 'in-process',
    urls: fakes.urls,
    reset: async () => void (await execute(fakes, { id: 0, cmd: 'reset' })),
    randomFaults: async (vendor, faults) => void (await execute(fakes, { id: 0, cmd: 'faults', vendor, faults })),
    summary: async (filter) => (await execute(fakes, { id: 0, cmd: 'summary', filter })) as LogSummary,
    close: () => fakes.close(),
  };
}

async function startSeparate(setup: FakesSetup): Promise<FakesControl> {
  const child: ChildProcess = fork(bundleEntry('bench/fakes/host.ts'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (message: HostReply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`fake host: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    for (const w of pending.values()) w.reject(new Error(`fake host exited (${signal ?? code})`));
    pending.clear();
  });
  const call = <T>(request: WithoutId<HostRequest>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...request, id });
    });
  const urls = await call<FakeVendorUrls>({ cmd: 'start', setup });
  return {
    mode: 'separate',
    urls,
    reset: () => call({ cmd: 'reset' }),
    randomFaults: (vendor, faults) => call({ cmd: 'faults', vendor, faults }),
    summary: (filter) => call<LogSummary>({ cmd: 'summary', filter }),
    close: async () => {
      await call({ cmd: 'close' }).catch(() => undefined);
      child.disconnect?.();
      await stopChild(child);
    },
  };
}
