// What commands and views get from the composition root (src/extension.ts).
import type * as vscode from 'vscode';
import type { ErasureEngine } from './core/engine';
import type { JobStore } from './core/jobStore';
import type { StatusPoller } from './core/statusPoller';
import type { HistorySession } from './history/historySession';
import type { Redactor } from './core/redact';
import type { AccountRepository } from './platform/accountRepository';
import type { ShowableLogger } from './platform/logger';
import type { SwitchablePrompter } from './platform/prompter';
import type { ExtensionSettings } from './platform/settings';
import type { ReadOnlyDocuments } from './views/documents/readOnlyDocuments';
import type { JobsView } from './views/jobs/jobsView';
import type { PendingNotes } from './views/jobs/pendingNotes';
import type { PendingStatusBar } from './views/status/pendingStatusBar';

export interface ExtensionServices {
  context: vscode.ExtensionContext;
  engine: ErasureEngine;
  store: JobStore;
  /** Account metadata (globalState) with their secrets (SecretStorage). */
  accounts: AccountRepository;
  prompter: SwitchablePrompter;
  logger: ShowableLogger;
  redactor: Redactor;
  settings(): ExtensionSettings;
  /** Read-only documents: dry-run previews and Show Details. */
  documents: ReadOnlyDocuments;
  /** The Erasure Jobs tree (selection, reveal, the provider tests read). */
  jobsView: JobsView;
  /** The journal in global storage: writer, read-only follower, or in memory when it cannot be opened. */
  history: HistorySession;
  /** Background status checks (running only while this window may write the history) and Verify Now. */
  poller: StatusPoller;
  /** How pending IDs' statuses become known, shown in the tree. */
  pendingNotes: PendingNotes;
  /** "User Erasure: 42 deletions pending". */
  statusBar: PendingStatusBar;
}
