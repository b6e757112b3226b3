// The shared flow of the two export commands: ask the format, whether to hash the IDs and where to
// save, write the audit file (every free-text field through the redactor, so no secret lands in
// it), then offer to open it.
import * as vscode from 'vscode';
import { exportAuditFile } from '../../core/export';
import type { JobState } from '../../core/job';
import type { ExtensionServices } from '../../services';
import { UserCancelled } from '../errors';
import { defaultExportName, exportDoneMessage, exportTitle, FILTERS, FORMAT_ITEMS, HASH_ITEMS, OPEN_FILE, type ExportDone, type ExportScope } from './exportChoices';
import { errorMessage } from '../../core/errorMessage';

export async function exportJobs(services: ExtensionServices, jobs: readonly JobState[], scope: ExportScope): Promise<ExportDone> {
  const { prompter, redactor, logger } = services;
  const title = exportTitle(scope);
  const format = await prompter.pickOne(FORMAT_ITEMS, { title, placeholder: 'File format' });
  if (format === undefined) throw new UserCancelled();
  const hashIds = await prompter.pickOne(HASH_ITEMS, { title, placeholder: 'How should user IDs appear in the file?' });
  if (hashIds === undefined) throw new UserCancelled();
  const file = await prompter.saveLocation({ title, defaultName: defaultExportName(scope, format, hashIds, Date.now()), filters: FILTERS[format], saveLabel: 'Export' });
  if (!file) throw new UserCancelled();

  const { rows } = await exportAuditFile(file, jobs, format, { hashIds, redact: (text) => redactor.redactText(text) });
  const done: ExportDone = { file, format, hashIds, rows, jobs: jobs.length };
  const message = exportDoneMessage(done);
  logger.info(message);
  void prompter.notify('info', message, [OPEN_FILE]).then(
    async (chosen) => {
      if (chosen === OPEN_FILE) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
    },
    (error: unknown) => logger.warn(`export: ${errorMessage(error)}`),
  );
  return done;
}
