// The questions of "Export Job…" / "Export History…" and the message after it (pure): CSV or
// JSON, IDs in clear or as SHA-256, the proposed file name, and what was written.
import { CSV_FORMULA_NOTE, type AuditFormat } from '../../core/export';
import type { PickItem } from '../../platform/prompter';
import { plural } from '../../core/text/plural';

export const OPEN_FILE = 'Open File';

export const FORMAT_ITEMS: readonly PickItem<AuditFormat>[] = [
  { label: 'CSV', description: 'one row per ID per target; opens in a spreadsheet', value: 'csv' },
  { label: 'JSON', description: 'the same rows with the job summaries; exact values', value: 'json' },
];

export const HASH_ITEMS: readonly PickItem<boolean>[] = [
  { label: 'IDs as they are', description: 'the user IDs in clear', value: false },
  { label: 'SHA-256 of each ID', description: 'hex digest of the UTF-8 ID; the IDs themselves are not written', value: true },
];

export const FILTERS: Record<AuditFormat, Record<string, string[]>> = {
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
};

export type ExportScope = { kind: 'job'; jobId: string } | { kind: 'jobs'; count: number } | { kind: 'history' };

export function exportTitle(scope: ExportScope): string {
  return scope.kind === 'history' ? 'Export History' : scope.kind === 'jobs' ? `Export ${plural(scope.count, 'Job')}` : 'Export Job';
}

/** "erasure-job-<id>.csv", "erasure-jobs-2026-11-25.json", "erasure-history-2026-11-25.csv". */
export function defaultExportName(scope: ExportScope, format: AuditFormat, hashIds: boolean, now: number): string {
  const day = new Date(now).toISOString().slice(0, 10);
  const base = scope.kind === 'job' ? `erasure-${safeName(scope.jobId)}` : scope.kind === 'jobs' ? `erasure-jobs-${day}` : `erasure-history-${day}`;
  return `${base}${hashIds ? '-sha256' : ''}.${format}`;
}

export interface ExportDone {
  file: string;
  format: AuditFormat;
  hashIds: boolean;
  rows: number;
  jobs: number;
}

export function exportDoneMessage(done: ExportDone): string {
  const what = `${plural(done.rows, 'row')} (${plural(done.jobs, 'job')}${done.hashIds ? ', IDs as SHA-256' : ''})`;
  const sentences = [`Exported ${what} to ${done.file}.`];
  if (done.format === 'csv') sentences.push(CSV_FORMULA_NOTE);
  return sentences.join(' ');
}

function safeName(text: string): string {
  return text.replace(/[^\w.-]+/g, '_');
}
