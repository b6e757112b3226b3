// Announces jobs whose last pending ID a status check resolved (the poller's 'job-settled'), when
// `userErasure.notifyWhenJobDone` is on; "Show Job" reveals it in the Erasure Jobs view.
import type { StatusPoller } from '../../core/statusPoller';
import type { ExtensionServices } from '../../services';
import { jobDoneNotice } from './jobDoneNotice';
import { SHOW_JOB } from './runSummary';
import { errorMessage } from '../../core/errorMessage';

type Deps = Pick<ExtensionServices, 'store' | 'engine' | 'settings' | 'prompter' | 'logger' | 'redactor' | 'jobsView'>;

export function notifyWhenJobsDone(services: Deps, poller: Pick<StatusPoller, 'onDidChange'>): { dispose(): void } {
  return poller.onDidChange((event) => {
    if (event.kind !== 'job-settled') return;
    const job = services.store.get(event.jobId);
    if (!job) return;
    const notice = jobDoneNotice(job, { enabled: services.settings().notifyWhenJobDone, running: services.engine.isRunning(job.id) });
    if (!notice) return;
    const message = services.redactor.redactText(notice.message);
    services.logger.info(message);
    void (async () => {
      const chosen = await services.prompter.notify(notice.level, message, notice.buttons);
      if (chosen === SHOW_JOB) await services.jobsView.reveal(job.id);
    })().catch((error: unknown) => services.logger.warn(`job-done notification: ${errorMessage(error)}`));
  });
}
