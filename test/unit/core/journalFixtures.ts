// Shared by the journal, status-check and export tests: temp dirs (and a folder per test), job specs, result helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IdResult, JobSpec, JobState, PlannedId, TargetOptions, TargetSpec } from '../../../src/core/job';

export async function tempDir(prefix = 'ue-journal-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Registers mocha hooks for the enclosing `describe`: each test gets a fresh temporary folder
 * (`folder.dir`), and every journal handed to `folder.keep` is closed after the test.
 */
export function journalFolderPerTest(): { readonly dir: string; keep<T extends Closable>(journal: T): T } {
  let current: { dir: string; cleanup: () => Promise<void> } | undefined;
  const open: Closable[] = [];
  beforeEach(async () => {
    current = await tempDir();
  });
  afterEach(async () => {
    for (const journal of open.splice(0)) await journal.close();
    await current?.cleanup();
    current = undefined;
  });
  return {
    get dir() {
      if (!current) throw new Error('journalFolderPerTest: the folder exists only while a test runs');
      return current.dir;
    },
    keep(journal) {
      open.push(journal);
      return journal;
    },
  };
}

interface Closable {
  close(): Promise<void>;
}

export function targetSpec(options: TargetOptions, accountId = 'acc-1', accountLabel = 'Prod'): TargetSpec {
  const key = options.vendor === 'batch' ? `batch:${accountId}:${options.appKeyLabel}:${options.mode}` : `${options.vendor}:${accountId}`;
  return { key, accountId, accountLabel, options };
}

export function idList(n: number, prefix = 'user-'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

let counter = 0;

export function jobSpec(targets: { spec: TargetSpec; ids: (string | PlannedId)[] }[], createdAt = Date.UTC(2026, 0, 10), id?: string): JobSpec {
  counter++;
  return {
    id: id ?? `job-test-${counter}`,
    createdAt,
    source: 'editor',
    title: `test job ${counter}`,
    targets: targets.map((t) => ({ spec: t.spec, ids: t.ids.map((p) => (typeof p === 'string' ? { id: p } : p)) })),
  };
}

/** Outcome counts without zeros, for compact assertions. */
export function counts(job: JobState): Record<string, number> {
  return Object.fromEntries(Object.entries(job.counts()).filter(([, n]) => n > 0));
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

export function result(outcome: IdResult['outcome'], extra: Partial<IdResult> = {}, at = Date.UTC(2026, 0, 10, 12)): IdResult {
  return { outcome, at, ...extra };
}
