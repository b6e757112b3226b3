// "Repair History…": for a history that does not load cleanly (it is read-only and never written
// until then). After a modal confirmation, every readable record goes to a new journal and the
// original stays unchanged as journal.jsonl.damaged-<time>; this window then writes the history.
// The `userErasure.historyDamaged` context key shows the command where it applies.
import path from 'node:path';
import * as vscode from 'vscode';
import { NothingToRepairError } from '../core/engineErrors';
import { lineList } from '../core/journal';
import type { HistorySession } from '../history/historySession';
import type { CommandDefinition } from './command';
import { REPAIR_HISTORY_COMMAND } from '../commandIds';
import { UserCancelled } from './errors';

export const HISTORY_DAMAGED_CONTEXT_KEY = 'userErasure.historyDamaged';

export const repairHistory: CommandDefinition = {
  id: REPAIR_HISTORY_COMMAND,
  async run(services) {
    const { history, prompter } = services;
    const damage = history.damage;
    const file = history.journal?.file;
    if (!damage || !file) throw new NothingToRepairError();
    const copy = `${path.basename(file)}.damaged-<time>`;
    const detail = [
      damage.kind === 'damaged' ? `${lineList(damage.lines)} cannot be read and will be left out; every other record is kept.` : 'A new, empty history replaces a file that is not one.',
      `The original is kept unchanged as ${copy} in ${path.dirname(file)}.`,
      'IDs not sent yet in a job a left-out line concerns become "Unknown" (they may have been sent): Resume leaves them.',
    ].join('\n');
    const button = 'Repair History';
    if ((await prompter.confirm('Repair the erasure history?', detail, [button])) !== button) throw new UserCancelled();
    const result = await history.repair();
    if (!result.repaired) return result;
    const mode = history.canWrite ? '' : ' It stays read-only here while another window writes it.';
    void prompter.notify(
      'info',
      `Erasure history repaired: ${result.keptLines} line(s) kept${result.droppedLines.length > 0 ? `, ${lineList(result.droppedLines)} left out` : ''}` +
        `${result.markedUnknown > 0 ? `, ${result.markedUnknown} ID(s) that may have been sent marked Unknown` : ''}. The original is kept as ${path.basename(result.damagedCopy)}.${mode}`,
    );
    return result;
  },
};

/** Keeps the `userErasure.historyDamaged` context key in step with the history. */
export function reflectHistoryDamage(history: Pick<HistorySession, 'damage' | 'onDidChangeMode'>): vscode.Disposable {
  const apply = () => void vscode.commands.executeCommand('setContext', HISTORY_DAMAGED_CONTEXT_KEY, history.damage !== undefined);
  apply();
  const subscription = history.onDidChangeMode(apply);
  return new vscode.Disposable(() => subscription.dispose());
}
