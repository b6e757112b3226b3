// What the engineer is told once the history is open (pure): a journal that could not be opened,
// lines that could not be read, and IDs whose answer was lost when a window closed mid-request.
// A job with IDs never sent is not announced: its row says "use Resume" for as long as it matters.
import { lineList, type JournalDamage, type JournalLoadReport } from '../core/journal';
import type { Notice } from '../platform/prompter';
import { plural } from '../core/text/plural';

export const SHOW_LOG = 'Show Log';
export const SHOW_JOBS = 'Show Jobs';
export const TRY_AGAIN = 'Try Again';
export const REPAIR_HISTORY = 'Repair History…';

/** A history that does not load cleanly: what is wrong (line numbers), that it stays untouched, and the way out. */
export function damageNotice(damage: JournalDamage): Notice {
  const what =
    damage.kind === 'damaged'
      ? `The erasure history is damaged: ${lineList(damage.lines)} cannot be read. It is open read-only and is not changed`
      : `The erasure history file is not a User Erasure journal (${damage.lines.length === 0 ? 'it is empty' : 'no journal record in it'}). It is left untouched`;
  return {
    level: 'error',
    message: `${what}; nothing can be started, retried or resumed until it is repaired (the original is kept as a .damaged- copy).`,
    buttons: [REPAIR_HISTORY, SHOW_LOG],
  };
}

export function openFailureNotice(failure: string): Notice {
  return {
    level: 'error',
    message:
      `User Erasure could not open its erasure history (${failure}). Deletions still work, but jobs run in this window are ` +
      'kept in memory only and are lost when it closes: export them (Export Job… / Export History…) to keep the evidence.',
    buttons: [SHOW_LOG, TRY_AGAIN],
  };
}

/** Notices for a load report, in the window that writes the history (a reader only follows it). */
export function loadNotices(report: JournalLoadReport): Notice[] {
  const notices: Notice[] = [];
  if (report.damage) return [damageNotice(report.damage)];
  if (report.mode !== 'writer') return notices;
  const corrupt = report.problems.length;
  if (corrupt > 0) {
    notices.push({
      level: 'warning',
      message: `${plural(corrupt, 'line')} of the erasure history could not be read and ${corrupt === 1 ? 'was' : 'were'} skipped; the rest was loaded. Details are in the log.`,
      buttons: [SHOW_LOG],
    });
  }
  if (report.unknownAfterCrash > 0) {
    const n = report.unknownAfterCrash;
    notices.push({
      level: 'warning',
      message:
        `${plural(n, 'ID')} ${n === 1 ? 'was' : 'were'} sent before VS Code closed, but no answer was recorded: ` +
        `${n === 1 ? 'it shows' : 'they show'} as "Unknown (sent, no answer)". Retry Failed sends ${n === 1 ? 'it' : 'them'} again if you choose; Resume does not.`,
      buttons: [SHOW_JOBS],
    });
  }
  return notices;
}

/** One log line about the load: size, time and mode. */
export function loadLogLine(report: JournalLoadReport): string {
  const role = report.damage
    ? `read-only here until repaired (${report.damage.kind === 'damaged' ? `damaged: ${lineList(report.damage.lines)} cannot be read` : 'not a journal'})`
    : report.mode === 'writer'
      ? 'this window writes it'
      : 'read-only here (another window writes it)';
  return (
    `Erasure history ${report.file}: ${plural(report.jobs, 'job')}, ${plural(report.ids, 'ID record')}, ` +
    `${(report.bytes / 1024).toFixed(1)} KiB loaded in ${report.loadMs.toFixed(0)} ms; ${role}` +
    (report.droppedByRetention > 0 ? `; ${plural(report.droppedByRetention, 'job')} older than the retention dropped` : '')
  );
}
