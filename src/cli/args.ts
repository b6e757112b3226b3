// Command line → a typed invocation. Anything wrong here is a usage error (exit status 2, nothing sent).
import { vendorCatalog } from '../core/catalog';
import { parseArgs } from 'node:util';
import { normalizeTicket, ticketProblem, type VendorId } from '../core/job';
import type { OptionFlag } from '../core/vendor';
import { environmentUsage } from './environment';
import { errorMessage } from '../core/errorMessage';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The usage text, with the vendors of the catalog, their option flags and their variables. */
export function usageText(): string {
  const catalog = vendorCatalog();
  const optionLines = catalog
    .all()
    .flatMap((v) => v.optionFlags.map((o) => `      [--${o.flag} ${o.values ? o.values.join('|') : 'TEXT'}]`.padEnd(48) + `# ${v.id}${o.help ? ` (${o.help})` : ''}`));
  return `Usage:
  user-erasure delete --vendor <${catalog.ids.join('|')}>
      [--ids-file FILE | --ids "a,b,c"]        # neither: read standard input
${optionLines.join('\n')}
      [--csv-column NAME]                       # CSV input without a recognised ID column
      [--ticket REF]                            # the ticket the erasure comes from (e.g. ZD-4711)
      [--allow-suspicious]                      # send tokens that do not look like IDs, too
      [--yes] [--dry-run] [--json] [--journal FILE] [--wait] [--wait-timeout SECONDS]
  user-erasure status --journal FILE [--json]   # re-check pending entries once
  user-erasure resume --journal FILE [--yes] [--json]
  user-erasure export --journal FILE --format csv|json [--hash-ids]
  user-erasure repair --journal FILE            # damaged journal: keep FILE.damaged-<time>, rewrite the rest

${wrap(`Credentials come from the environment only (see docs/cli.md): ${environmentUsage()}. USER_ERASURE_<VENDOR>_BASE_URL replaces a vendor's host.`)}

Exit status: 0 every ID accepted, done or not found (or planned, in a dry run); 1 any other
outcome, or interrupted; 2 usage or configuration error, or not confirmed (nothing sent).`;
}

function wrap(text: string, width = 92): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

export interface DeleteInvocation {
  command: 'delete';
  vendor: VendorId;
  idsFile?: string;
  ids?: string;
  /** The vendor's option flags as given (--id-type, --mode, --reason…), by flag name; checked against the vendor's values. */
  options: Readonly<Record<string, string>>;
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
        ...Object.fromEntries(optionFlagNames().map((flag) => [flag, { type: 'string' as const }])),
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
    delete: ['vendor', 'ids-file', 'ids', ...optionFlagNames(), 'csv-column', 'allow-suspicious', 'ticket', 'yes', 'dry-run', 'json', 'journal', 'wait', 'wait-timeout'],
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
  if (!vendorCatalog().has(vendor)) throw new UsageError(`--vendor must be one of ${vendorCatalog().ids.join(', ')}`);
  const v: VendorId = vendor;
  if (text('ids-file') !== undefined && text('ids') !== undefined) throw new UsageError('use either --ids-file or --ids, not both');
  const options = vendorOptionFlags(v, text);

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
    options,
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

/** Every option flag some vendor reads (--id-type, --mode, --reason…). */
function optionFlagNames(): string[] {
  return [...new Set(vendorCatalog().all().flatMap((v) => v.optionFlags.map((o) => o.flag)))];
}

/** The option flags given for `vendor`, each checked: one the vendor does not read, a value it does not take, an empty text. */
function vendorOptionFlags(vendor: VendorId, text: (name: string) => string | undefined): Record<string, string> {
  const catalog = vendorCatalog();
  const own = new Map<string, OptionFlag>(catalog.get(vendor).optionFlags.map((o) => [o.flag, o]));
  const options: Record<string, string> = {};
  for (const flag of optionFlagNames()) {
    const value = text(flag);
    if (value === undefined) continue;
    const spec = own.get(flag);
    const readers = catalog.all().filter((v) => v.optionFlags.some((o) => o.flag === flag));
    if (!spec) throw new UsageError(readers.length === 1 ? `--${flag} applies to ${readers[0].id} only` : `--${flag} does not apply to ${vendor}`);
    const shared = readers.length > 1;
    if (spec.values && !spec.values.includes(value)) throw new UsageError(`--${flag}${shared ? ` for ${vendor}` : ''} must be ${orList(spec.values)}`);
    if (!spec.values && value.trim() === '') throw new UsageError(`--${flag} must not be empty`);
    options[flag] = value;
  }
  return options;
}

/** "a or b", "a, b or c". */
function orList(values: readonly string[]): string {
  return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function requireJournal(journal: string | undefined): string {
  if (!journal) throw new UsageError('--journal FILE is required');
  return journal;
}
