// Composition root: builds the services, registers the commands and views, and returns an API
// object that the host tests use ({ services }: engine, store, prompter, accounts, views).
import * as vscode from 'vscode';
import { ErasureEngine } from './core/engine';
import { JobStore } from './core/jobStore';
import { PacingRegistry } from './core/limits';
import { Redactor } from './core/redact';
import { registerCommands } from './commands';
import { AccountRepository } from './platform/accountRepository';
import { HttpClientFactory } from './platform/httpClient';
import { createOutputLogger } from './platform/logger';
import { SwitchablePrompter, VsCodePrompter } from './platform/prompter';
import { importSandboxSeed } from './platform/sandboxSeed';
import { SecretStore } from './platform/secretStore';
import { endpointOverride, readExtensionSettings } from './platform/settings';
import type { ExtensionServices } from './services';
import { registerAccountsView } from './views/accounts';
import { ReadOnlyDocuments } from './views/documents/readOnlyDocuments';
import { createJobsView } from './views/jobs/jobsView';

export interface UserErasureApi {
  services: ExtensionServices;
}

let active: ExtensionServices | undefined;

export function activate(context: vscode.ExtensionContext): UserErasureApi {
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
  // The journal (issue #5) plugs in here: `store.setPersistence(journal)` and restoring saved jobs.
  const store = new JobStore();
  const engine = new ErasureEngine({
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
  const documents = new ReadOnlyDocuments((text) => redactor.redactText(text));
  const jobsView = createJobsView({ store, engine, redactor });
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
  };

  context.subscriptions.push(logger, http, documents, jobsView, accounts, secrets, registerAccountsView(services), ...registerCommands(services));
  active = services;
  return { services };
}

export async function deactivate(): Promise<void> {
  // Requests in flight finish (their answers are recorded); nothing new starts.
  await active?.engine.stopAll('suspend');
  active = undefined;
}
