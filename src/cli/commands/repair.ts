// user-erasure repair --journal FILE: a damaged journal (unreadable lines, a cut-off last line)
// becomes a journal of every line that can be read, copied byte for byte; the original is kept,
// unchanged, as FILE.damaged-<time>. IDs a left-out line may have recorded as sent become
// "unknown" (never re-sent by resume). A journal that loads cleanly is left alone (exit 0).
import { DamagedJournalError, lineList, repairJournal } from '../../core/journal';
import type { RepairInvocation } from '../args';
import type { CliContext } from '../context';
import { ConfigurationError } from '../environment';
import { journalFileOf } from '../journalFile';
import { errorMessage } from '../../core/errorMessage';

export async function repairCommand(inv: RepairInvocation, ctx: CliContext): Promise<number> {
  const file = await journalFileOf(inv.journal);
  let result;
  try {
    result = await repairJournal(file);
  } catch (error) {
    const text = errorMessage(error);
    throw new ConfigurationError(error instanceof DamagedJournalError ? `${text}; nothing was changed` : `cannot repair ${file}: ${text}; nothing was changed`);
  }
  if (!result.repaired) {
    await ctx.output.out(`The journal ${result.file} loads cleanly: nothing to repair (left untouched).`);
    return 0;
  }
  for (const problem of result.damage.problems) ctx.output.err(`journal ${result.file}: ${problem}`);
  await ctx.output.out(
    [
      `Repaired ${result.file}: ${result.keptLines} line(s) kept as they were (${result.jobs} job(s)); ${lineList(result.droppedLines)} left out.`,
      `The original is kept unchanged as ${result.damagedCopy}.`,
      ...(result.markedUnknown > 0
        ? [
            `${result.markedUnknown} ID(s) that looked never sent, in job(s) a left-out line may concern, are now "unknown" (they may have been sent): resume does not send them.`,
            `user-erasure status --journal ${result.file} lists them: check them at the vendor, and send the ones still there with a new delete (e.g. --ids-file with those IDs).`,
          ]
        : []),
    ].join('\n'),
  );
  return 0;
}
