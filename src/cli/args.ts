// Command line → a typed invocation. Anything wrong here is a usage error (exit status 2, nothing sent).
import { parseArgs } from 'node:util';
import { normalizeTicket, ticketProblem, VENDOR_IDS, type BatchMode, type VendorId } from '../core/job';
import { errorMessage } from '../core/errorMessage';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage:
  user-erasure delete --vendor <cooladata|engagelab|clevertap|batch>
      [--ids-file FILE | --ids "a,b,c"]        # neither: read standard input
      [--id-type identity|guid]                 # clevertap (default identity)
      [--id-type registration_id|alias]         # engagelab (default registration_id)
      [--mode gdpr|custom-data|both]            # batch (default gdpr)
      [--reason TEXT]                           # cooladata
      [--csv-column NAME]                       # CSV input without a recognised ID column
      [--ticket REF]                            # the ticket the erasure comes from (e.g. ZD-4711)
      [--allow-suspicious]                      # send tokens that do not look like IDs, too
      [--yes] [--dry-run] [--json] [--journal FILE] [--wait] [--wait-timeout SECONDS]
  user-erasure status --journal FILE [--json]   # re-check pending entries once
  user-erasure resume --journal FILE [--yes] [--json]
  user-erasure export --journal FILE --format csv|json [--hash-ids]
  user-erasure repair --journal FILE            # damaged journal: keep FILE.damaged-<time>, rewrite the rest

Credentials come from the environment only (see docs/cli.md): COOLADATA_PROJECT_ID,
COOLADATA_API_TOKEN [COOLADATA_STATUS_PATH]; ENGAGELAB_APP_KEY, ENGAGELAB_MASTER_SECRET
[ENGAGELAB_DATA_CENTER]; CLEVERTAP_ACCOUNT_ID, CLEVERTAP_PASSCODE [CLEVERTAP_REGION];
BATCH_REST_API_KEY, BATCH_API_KEYS. USER_ERASURE_<VENDOR>_BASE_URL replaces a vendor's host.

Exit status: 0 every ID accepted, done or not found (or planned, in a dry run); 1 any other
outcome, or interrupted; 2 usage or configuration error, or not confirmed (nothing sent).`;

export interface DeleteInvocation {
  command: 'delete';
  vendor: VendorId;
  idsFile?: string;
  ids?: string;
  idType?: string;
  batchModes: BatchMode[];
  reason?: string;
  csvColumn?: string;
  /** The ticket reference kept with the job (trimmed; absent when not given). */
  ticket?: string;
  allowSuspicious: boolean;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  journal?: string;
  wait: boolean;
  waitTimeoutSeconds: number;
}

export interface StatusInvocation {
  command: 'status';
  journal: string;
  json: boolean;
}

export interface ResumeInvocation {
  command: 'resume';
  journal: string;
  yes: boolean;
  json: boolean;
}

export interface ExportInvocation {
  command: 'export';
  journal: string;
  format: 'csv' | 'json';
  hashIds: boolean;
}

export interface RepairInvocation {
  command: 'repair';
  journal: string;
}

export type Invocation = DeleteInvocation | StatusInvocation | ResumeInvocation | ExportInvocation | RepairInvocation | { command: 'help' };

const ID_TYPES: Partial<Record<VendorId, readonly string[]>> = {
  clevertap: ['identity', 'guid'],
  engagelab: ['registration_id', 'alias'],
};

const DEFAULT_WAIT_TIMEOUT_SECONDS = 3600;

export function parseInvocation(argv: readonly string[]): Invocation {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('a command is required: delete, status, resume, export or repair');
  if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help') || rest.includes('-h')) return { command: 'help' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        vendor: { type: 'string' },
        'ids-file': { type: 'string' },
        ids: { type: 'string' },
        'id-type': { type: 'string' },
        mode: { type: 'string' },
        reason: { type: 'string' },
        'csv-column': { type: 'string' },
        ticket: { type: 'string' },
        'allow-suspicious': { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        journal: { type: 'string' },
        wait: { type: 'boolean', default: false },
        'wait-timeout': { type: 'string' },
        format: { type: 'string' },
        'hash-ids': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
  const allowed: Record<string, readonly string[]> = {
    delete: ['vendor', 'ids-file', 'ids', 'id-type', 'mode', 'reason', 'csv-column', 'allow-suspicious', 'ticket', 'yes', 'dry-run', 'json', 'journal', 'wait', 'wait-timeout'],
    status: ['journal', 'json'],
    resume: ['journal', 'yes', 'json'],
    export: ['journal', 'format', 'hash-ids'],
    repair: ['journal'],
  };
  const accepted = allowed[command];
  if (!accepted) throw new UsageError(`unknown command "${command}" (expected delete, status, resume, export or repair)`);
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== false && !accepted.includes(name)) throw new UsageError(`--${name} does not apply to "${command}"`);
  }
  const text = (name: string) => values[name] as string | undefined;
  const flag = (name: string) => values[name] === true;

  switch (command) {
    case 'delete':
      return parseDelete(text, flag);
    case 'status':
      return { command, journal: requireJournal(text('journal')), json: flag('json') };
    case 'resume':
      return { command, journal: requireJournal(text('journal')), yes: flag('yes'), json: flag('json') };
    case 'repair':
      return { command, journal: requireJournal(text('journal')) };
    default: {
      const format = text('format');
      if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
      return { command: 'export', journal: requireJournal(text('journal')), format, hashIds: flag('hash-ids') };
    }
  }
}

function parseDelete(text: (name: string) => string | undefined, flag: (name: string) => boolean): DeleteInvocation {
  const vendor = text('vendor');
  if (!vendor) throw new UsageError('--vendor is required');
  if (!(VENDOR_IDS as readonly string[]).includes(vendor)) throw new UsageError(`--vendor must be one of ${VENDOR_IDS.join(', ')}`);
  const v = vendor as VendorId;
  if (text('ids-file') !== undefined && text('ids') !== undefined) throw new UsageError('use either --ids-file or --ids, not both');

  const idType = text('id-type');
  const idTypes = ID_TYPES[v];
  if (idType !== undefined && !idTypes) throw new UsageError(`--id-type does not apply to ${v}`);
  if (idType !== undefined && idTypes && !idTypes.includes(idType)) throw new UsageError(`--id-type for ${v} must be ${idTypes.join(' or ')}`);

  const mode = text('mode');
  if (mode !== undefined && v !== 'batch') throw new UsageError('--mode applies to batch only');
  if (mode !== undefined && !['gdpr', 'custom-data', 'both'].includes(mode)) throw new UsageError('--mode must be gdpr, custom-data or both');
  const batchModes: BatchMode[] = mode === 'both' ? ['gdpr', 'custom-data'] : [(mode as BatchMode | undefined) ?? 'gdpr'];

  const reason = text('reason');
  if (reason !== undefined && v !== 'cooladata') throw new UsageError('--reason applies to cooladata only');
  if (reason !== undefined && reason.trim() === '') throw new UsageError('--reason must not be empty');

  const ticketText = text('ticket');
  const ticketIssue = ticketText === undefined ? undefined : ticketText.trim() === '' ? 'must not be empty' : ticketProblem(ticketText);
  if (ticketIssue) throw new UsageError(`--ticket ${ticketIssue.replace(/^A ticket reference /, '')}`);

  const waitTimeout = text('wait-timeout');
  let waitTimeoutSeconds = DEFAULT_WAIT_TIMEOUT_SECONDS;
  if (waitTimeout !== undefined) {
    waitTimeoutSeconds = Number(waitTimeout);
    if (!Number.isFinite(waitTimeoutSeconds) || waitTimeoutSeconds <= 0) throw new UsageError('--wait-timeout must be a positive number of seconds');
  }
  if (flag('dry-run') && flag('wait')) throw new UsageError('--wait has nothing to wait for with --dry-run');

  return {
    command: 'delete',
    vendor: v,
    idsFile: text('ids-file'),
    ids: text('ids'),
    idType: idType ?? idTypes?.[0],
    batchModes,
    reason,
    csvColumn: text('csv-column'),
    ticket: normalizeTicket(ticketText),
    allowSuspicious: flag('allow-suspicious'),
    yes: flag('yes'),
    dryRun: flag('dry-run'),
    json: flag('json'),
    journal: text('journal'),
    wait: flag('wait'),
    waitTimeoutSeconds,
  };
}

function requireJournal(journal: string | undefined): string {
  if (!journal) throw new UsageError('--journal FILE is required');
  return journal;
}
