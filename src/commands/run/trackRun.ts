// Follows a started run: progress notification, then the summary with its buttons. Runs in the
// background (several jobs may run at once); the command that started the run returns at once.
import * as vscode from 'vscode';
import type { RunHandle } from '../../core/engine';
import type { ExtensionServices } from '../../services';
import { RETRY_FAILED_COMMAND } from '../../commandIds';
import { showRunProgress } from './runProgress';
import { RETRY_FAILED, runSummary, SHOW_JOB } from './runSummary';
import { errorMessage } from '../../core/errorMessage';

export async function trackRun(services: ExtensionServices, handle: RunHandle, verb: string): Promise<void> {
  const { job } = handle;
  let cancelled: boolean;
  try {
    cancelled = await showRunProgress(handle, `${verb} “${services.redactor.redactText(job.spec.title)}”`);
  } catch (error) {
    const message = services.redactor.redactText(errorMessage(error));
    services.logger.error(`Job ${job.id} stopped: ${message}`);
    const title = services.redactor.redactText(job.spec.title);
    const chosen = await services.prompter.notify('error', `Erasure job “${title}” stopped: ${message}`, ['Show Log', SHOW_JOB]);
    if (chosen === 'Show Log') services.logger.show();
    if (chosen === SHOW_JOB) await services.jobsView.reveal(job.id);
    return;
  }
  services.jobsView.flush();
  const redact = (text: string) => services.redactor.redactText(text);
  const summary = runSummary(job, cancelled, redact);
  services.logger.info(summary.message);
  const chosen = await services.prompter.notify(summary.level, redact(summary.message), summary.buttons);
  if (chosen === SHOW_JOB) await services.jobsView.reveal(job.id);
  if (chosen === RETRY_FAILED) await vscode.commands.executeCommand(RETRY_FAILED_COMMAND, job.id);
}
