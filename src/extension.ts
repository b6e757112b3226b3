// Composition root: builds the services, opens the erasure history (the journal in global
// storage), registers the commands and views, and returns an API object that the host tests use
// ({ services }: engine, store, history, poller, prompter, accounts, views, status bar).
import * as vscode from 'vscode';
import { useVendorCatalog } from './core/catalog';
import { ErasureEngine } from './core/engine';
import { JobStore } from './core/jobStore';
import { PacingRegistry } from './core/limits';
import { Redactor } from './core/redact';
import { registerCommands } from './commands';
import { reflectHistoryDamage } from './commands/repairHistory';
import { notifyWhenJobsDone } from './commands/run/notifyJobsDone';
import { HistorySession } from './history/historySession';
import { startStatusPolling, type StatusPolling } from './history/statusPolling';
import { AccountRepository } from './platform/accountRepository';
import { HttpClientFactory } from './platform/httpClient';
import { createOutputLogger } from './platform/logger';
import { SwitchablePrompter, VsCodePrompter } from './platform/prompter';
import { watchHistorySettings } from './platform/historySettings';
import { importSandboxSeed } from './platform/sandboxSeed';
import { openWalkthroughOnFirstUse } from './commands/openWalkthrough';
import { rememberTextEditors } from './commands/deletion/activeEditor';
import { SecretStore } from './platform/secretStore';
import { endpointOverride, readAutomaticVerification, readExtensionSettings } from './platform/settings';
import type { ExtensionServices } from './services';
import { registerAccountsView } from './views/accounts';
import { ReadOnlyDocuments } from './views/documents/readOnlyDocuments';
import { reflectHistoryState } from './views/jobs/historyState';
import { createJobsView } from './views/jobs/jobsView';
import { PendingNotes, pendingNoteOf } from './views/jobs/pendingNotes';
import { announceHistory, announceTakeovers } from './views/status/historyAnnouncements';
import { createPendingStatusBar } from './views/status/pendingStatusBar';
import { productCatalog } from './vendors';
import { errorMessage } from './core/errorMessage';

export interface UserErasureApi {
  services: ExtensionServices;
}

let active: { services: ExtensionServices; polling: StatusPolling } | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<UserErasureApi> {
  const vendors = useVendorCatalog(productCatalog());
  const redactor = new Redactor();
  const logger = createOutputLogger(redactor);
  const reportedSettings = new Set<string>();
  const settings = () =>
    readExtensionSettings((problem) => {
      if (reportedSettings.has(problem)) return;
      reportedSettings.add(problem);
      logger.warn(problem);
    });
  const http = new HttpClientFactory(redactor, logger);
  const secrets = new SecretStore(context.secrets);
  const accounts = new AccountRepository(context.globalState, secrets, (problem) => logger.warn(problem));
  void importSandboxSeed(accounts, logger);
  const store = new JobStore();
  const engine = new ErasureEngine({
    vendors,
    accounts,
    credentials: accounts,
    settings,
    http: (s) => http.create(s),
    redactor,
    baseUrlOverride: endpointOverride,
    store,
    pacing: new PacingRegistry(),
    logger,
  });
  // The history loads after the views appear ("Loading history…" in the jobs view). Until it is
  // loaded the store refuses changes (a job added before the journal is its persistence would not
  // be journaled, and the load would drop it) and every command waits for it.
  const history = new HistorySession({
    folder: context.globalStorageUri.fsPath,
    store,
    redact: (text) => redactor.redactText(text),
    retentionDays: () => settings().retentionDays,
    logger,
    stopRuns: () => engine.stopAll('suspend'),
  });
  const loading = history.open();
  const automaticVerification = () => readAutomaticVerification();
  const polling = startStatusPolling(history, engine, { automaticVerification, logger });
  const pendingNotes = new PendingNotes(async (spec) => pendingNoteOf(await engine.statusCheckerFor(spec), automaticVerification()));
  const documents = new ReadOnlyDocuments((text) => redactor.redactText(text));
  const jobsView = createJobsView({ store, engine, redactor, pendingNotes });
  const statusBar = createPendingStatusBar({ store, engine, session: history, pendingCount: () => polling.poller.pendingCount(), automaticVerification });
  const services: ExtensionServices = {
    context,
    engine,
    store,
    accounts,
    prompter: new SwitchablePrompter(new VsCodePrompter()),
    logger,
    redactor,
    settings,
    documents,
    jobsView,
    history,
    poller: polling.poller,
    pendingNotes,
    statusBar,
  };

  context.subscriptions.push(
    logger,
    http,
    documents,
    jobsView,
    statusBar,
    accounts,
    secrets,
    reflectHistoryState(history, jobsView.treeView),
    reflectHistoryDamage(history),
    polling.poller.onDidChange((event) => (event.kind === 'round' ? pendingNotes.learn(event.report) : undefined)),
    notifyWhenJobsDone(services, polling.poller),
    announceTakeovers(services),
    accounts.onDidChange(() => pendingNotes.invalidate()),
    watchHistorySettings({ settings, history, pendingNotes, logger }),
    registerAccountsView(services),
    rememberTextEditors(),
    ...registerCommands(services),
  );
  active = { services, polling };
  void loading.then((loaded) => announceHistory(services, loaded));
  void openWalkthroughOnFirstUse(services).catch((error: unknown) => logger.warn(`walkthrough: ${errorMessage(error)}`));
  return { services };
}

export async function deactivate(): Promise<void> {
  const current = active;
  active = undefined;
  if (!current) return;
  // Status checks stop first (nothing is recorded for an aborted one); then runs are suspended:
  // requests in flight finish and their answers are recorded, unsent IDs stay "not sent" for
  // Resume; then the journal writes what is queued and releases the lock for another window.
  await current.polling.stop();
  await current.services.engine.stopAll('suspend');
  await current.services.history.close();
}
