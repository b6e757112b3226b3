// Audit evidence: one row per ID per target with the time of the request and of the last status,
// vendor, account, mode, outcome, HTTP status, vendor message and vendor reference — as CSV or
// JSON, the ID in clear or as its SHA-256. Every free-text field goes through the redactor, so no
// secret ever lands in an export, and when IDs are hashed, through an IdScrubber, so no raw ID does. Rows are streamed: a 1,000,000-ID history is never one string.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { vendorCatalog } from './catalog';
import { OUTCOME_LABELS, type JobState, type Outcome, type TargetSpec } from './job';
import { IdScrubber } from './idScrubber';
import type { JournalResult } from './journal/format';
import { writeExclusiveTemp } from './exclusiveFile';

export type AuditFormat = 'csv' | 'json';

export interface AuditExportOptions {
  /** Export the SHA-256 (hex, of the UTF-8 ID) instead of the ID itself. */
  hashIds?: boolean;
  /** Applied to every free-text field (messages, references, titles, labels). */
  redact?: (text: string) => string;
  /** Time written as exportedAt (JSON). */
  now?: () => number;
}

export interface AuditRow {
  jobId: string;
  /** ISO time the deletion was answered (sent, for IDs still sending); '' if never sent. */
  requestedAt: string;
  /** ISO time of the last recorded status; '' if none. */
  lastStatusAt: string;
  vendor: string;
  account: string;
  /** Mode or ID type: "identity", "GDPR remove · iOS", ... */
  mode: string;
  /** The ID, or its SHA-256 hex when hashed. */
  id: string;
  /** Where the ID came from when it differs (EngageLab alias), hashed likewise; '' if none. */
  origin: string;
  outcome: Outcome;
  outcomeLabel: string;
  httpStatus: number | '';
  message: string;
  reference: string;
  /** The job's ticket reference; '' when it has none. */
  ticket: string;
}

export const AUDIT_COLUMNS: readonly { key: keyof AuditRow; header: string; hashedHeader?: string }[] = [
  { key: 'jobId', header: 'job_id' },
  { key: 'requestedAt', header: 'requested_at' },
  { key: 'lastStatusAt', header: 'last_status_at' },
  { key: 'vendor', header: 'vendor' },
  { key: 'account', header: 'account' },
  { key: 'mode', header: 'mode' },
  { key: 'id', header: 'id', hashedHeader: 'id_sha256' },
  { key: 'origin', header: 'origin', hashedHeader: 'origin_sha256' },
  { key: 'outcome', header: 'outcome' },
  { key: 'outcomeLabel', header: 'outcome_label' },
  { key: 'httpStatus', header: 'http_status' },
  { key: 'message', header: 'vendor_message' },
  { key: 'reference', header: 'vendor_reference' },
  { key: 'ticket', header: 'ticket' },
];

/** Said in the JSON export and in the export command's message. */
export const CSV_FORMULA_NOTE =
  'In the CSV, a cell that begins with =, +, -, @, a tab or a carriage return starts with an added single quote (\') so ' +
  'spreadsheets do not run it as a formula; the JSON export holds the exact values.';

const SENT_OUTCOMES = new Set<Outcome>(['sending', 'accepted', 'done', 'failed', 'not-found', 'unknown']);

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The export's mode column: the vendor's words for the target's options ("identity", "GDPR remove · iOS"). */
export function modeOf(spec: TargetSpec): string {
  return vendorCatalog().describeOptions(spec.options).mode;
}

/** Every ID of every target of the jobs, as audit rows (jobs in the order given). */
export function* auditRows(jobs: Iterable<JobState>, options: AuditExportOptions = {}): Generator<AuditRow> {
  const conceal = options.hashIds ? sha256Hex : (text: string) => text;
  const iso = (ms: number | undefined) => (ms && ms > 0 ? new Date(ms).toISOString() : '');
  for (const job of jobs) {
    const redact = freeTextCleaner(job, options);
    const ticket = job.spec.ticket === undefined ? '' : redact(job.spec.ticket);
    for (const target of job.targets) {
      const vendor = vendorCatalog().displayName(target.spec.options.vendor);
      const account = redact(target.spec.accountLabel);
      const mode = redact(modeOf(target.spec));
      for (let i = 0; i < target.size; i++) {
        const outcome = target.outcomeAt(i);
        const result = target.resultAt(i) as JournalResult | undefined;
        const sent = SENT_OUTCOMES.has(outcome) || result?.requestedAt !== undefined;
        const origin = target.origins[i];
        yield {
          jobId: job.id,
          requestedAt: sent ? iso(result?.requestedAt ?? result?.at) : '',
          lastStatusAt: iso(result?.at),
          vendor,
          account,
          mode,
          id: conceal(target.ids[i]),
          origin: origin === undefined || origin === target.ids[i] ? '' : conceal(origin),
          outcome,
          outcomeLabel: OUTCOME_LABELS[outcome],
          httpStatus: result?.httpStatus ?? '',
          message: result?.message === undefined ? '' : redact(result.message),
          reference: result?.reference === undefined ? '' : redact(result.reference),
          ticket,
        };
      }
    }
  }
}

/** A job's title and ticket as exported: free text, cleaned like every row's. */
function jobTexts(job: JobState, options: AuditExportOptions): { title: string; ticket: string | null } {
  const clean = freeTextCleaner(job, options);
  return { title: clean(job.spec.title), ticket: job.spec.ticket === undefined ? null : clean(job.spec.ticket) };
}

/**
 * What every free text of a job's rows goes through: the redactor, then, when IDs are hashed, every
 * ID of the job (and its origin) in the text replaced by its hash — vendor messages echo IDs.
 */
function freeTextCleaner(job: JobState, options: AuditExportOptions): (text: string) => string {
  const redact = options.redact ?? ((text: string) => text);
  if (!options.hashIds) return redact;
  const scrubber = new IdScrubber(idsOf(job), sha256Hex);
  return (text) => scrubber.scrub(redact(text));
}

function* idsOf(job: JobState): Generator<string> {
  for (const target of job.targets) {
    yield* target.ids;
    for (const origin of target.origins) if (origin !== undefined) yield origin;
  }
}

/** One CSV field: formula guard, then RFC 4180 quoting. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(hashIds: boolean): string {
  return AUDIT_COLUMNS.map((c) => (hashIds && c.hashedHeader ? c.hashedHeader : c.header)).join(',') + '\r\n';
}

export function csvLine(row: AuditRow): string {
  return AUDIT_COLUMNS.map((c) => csvCell(row[c.key])).join(',') + '\r\n';
}

export type ChunkSink = (chunk: string) => void | Promise<void>;

/** Streams the export to `sink` in chunks; returns the number of rows. */
export async function writeAuditExport(jobs: readonly JobState[], format: AuditFormat, sink: ChunkSink, options: AuditExportOptions = {}): Promise<number> {
  const hashIds = options.hashIds ?? false;
  let buffer = '';
  let rows = 0;
  const push = async (text: string) => {
    buffer += text;
    if (buffer.length >= 64 * 1024) {
      await sink(buffer);
      buffer = '';
    }
  };
  if (format === 'csv') {
    await push(csvHeader(hashIds));
    for (const row of auditRows(jobs, options)) {
      await push(csvLine(row));
      rows++;
    }
  } else {
    const head = {
      format: 'user-erasure-audit',
      version: 1,
      exportedAt: new Date((options.now ?? Date.now)()).toISOString(),
      idsHashed: hashIds ? 'sha256-hex' : false,
      note: 'One row per ID per target. requestedAt: when the deletion was answered; lastStatusAt: the last recorded status.',
      jobs: jobs.map((job) => ({
        jobId: job.id,
        ...jobTexts(job, options),
        createdAt: new Date(job.spec.createdAt).toISOString(),
        source: job.spec.source,
        counts: Object.fromEntries(Object.entries(job.counts()).filter(([, n]) => n > 0)),
      })),
    };
    const opening = JSON.stringify(head, null, 2);
    await push(`${opening.slice(0, -2)},\n  "rows": [`);
    for (const row of auditRows(jobs, options)) {
      const { httpStatus, origin, ticket, ...rest } = row;
      const value = { ...rest, httpStatus: httpStatus === '' ? null : httpStatus, origin: origin === '' ? null : origin, ticket: ticket === '' ? null : ticket };
      await push(`${rows === 0 ? '\n' : ',\n'}    ${JSON.stringify(value)}`);
      rows++;
    }
    await push(`${rows === 0 ? '' : '\n  '}]\n}\n`);
  }
  if (buffer) await sink(buffer);
  return rows;
}

/** Writes the export to a file (temp file, then rename; readable by the user only). */
export async function exportAuditFile(file: string, jobs: readonly JobState[], format: AuditFormat, options: AuditExportOptions = {}): Promise<{ rows: number; bytes: number }> {
  let bytes = 0;
  let rows = 0;
  const temp = await writeExclusiveTemp(file, async (handle) => {
    rows = await writeAuditExport(jobs, format, async (chunk) => {
      const data = Buffer.from(chunk, 'utf8');
      await handle.writeFile(data);
      bytes += data.length;
    }, options);
  });
  await fs.rename(temp, file);
  return { rows, bytes };
}
