// user-erasure export --journal FILE --format csv|json [--hash-ids]: the audit file of every job
// in the journal, on standard output — the same export the extension writes (src/core/export). A
// damaged journal is exported as far as it can be read (never written), with exit status 1.
import { CSV_FORMULA_NOTE, writeAuditExport } from '../../core/export';
import type { ExportInvocation } from '../args';
import type { CliContext } from '../context';
import { JobStore } from '../../core/jobStore';
import { lineList } from '../../core/journal';
import { openCliJournal } from '../journalFile';

export async function exportCommand(inv: ExportInvocation, ctx: CliContext): Promise<number> {
  const store = new JobStore();
  const journal = await openCliJournal(inv.journal, store, ctx.redactor, ctx.output, { mustExist: true, mustWrite: false });
  try {
    const jobs = store.list();
    const redact = (text: string) => ctx.redactor.redactText(text);
    const rows = await writeAuditExport(jobs, inv.format, (chunk) => ctx.output.outChunk(chunk), { hashIds: inv.hashIds, redact });
    ctx.output.err(`Exported ${rows} row(s) of ${jobs.length} job(s)${inv.hashIds ? ' (IDs as SHA-256)' : ''}.${inv.format === 'csv' ? ` ${CSV_FORMULA_NOTE}` : ''}`);
    if (!journal.damage) return 0;
    ctx.output.err(`user-erasure: the export holds only what could be read: ${lineList(journal.damage.lines)} of the journal could not be read (exit status 1).`);
    return 1;
  } finally {
    await journal.close();
  }
}
