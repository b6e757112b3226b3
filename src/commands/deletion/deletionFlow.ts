// The whole "Delete Selected Users" flow, step by step: read the selection → parse → choose
// vendors, accounts and options → plan → ticket and confirmation (or only preview) → run with progress.
import { vendorCatalog } from '../../core/catalog';
import type * as vscode from 'vscode';
import type { JobPlan, RunHandle } from '../../core/engine';
import { type VendorId } from '../../core/job';
import type { ExtensionServices } from '../../services';
import { pickAccount } from '../accounts/pickAccount';
import { trackRun } from '../run/trackRun';
import { activeSelectionTexts } from './activeEditor';
import { chooseTargets } from './chooseTargets';
import { chooseVendors, invalidCountsByVendor, type Verb } from './chooseVendors';
import { confirmDeletion } from './confirmDeletion';
import { planDeletion } from './planDeletion';
import { previewText } from './previewText';
import { readSelectedIds, type SelectedIds } from './selectedIds';
import { selectionSummary } from './selectionSummary';
import { ticketInSelection, ticketMemory } from './ticket';

interface Prepared {
  selected: SelectedIds;
  plan: JobPlan;
  /** The ticket the engineer said the selection's first token is. */
  ticket?: string;
}

async function prepare(services: ExtensionServices, verb: Verb): Promise<Prepared> {
  const { prompter } = services;
  // Before any question: a read-only window can preview, not send.
  if (verb === 'Delete') services.engine.assertWritable();
  const source = activeSelectionTexts();
  const { selected, ticket } = await ticketInSelection(prompter, await readSelectedIds(source.texts, prompter));
  const accountCounts = Object.fromEntries(vendorCatalog().ids.map((v) => [v, services.accounts.list(v).length])) as Record<VendorId, number>;
  const summary = `${selectionSummary(selected)}${source.from === undefined ? '' : ` from ${source.from}`}`;
  const vendors = await chooseVendors(prompter, verb, summary, accountCounts, invalidCountsByVendor(selected.ids));
  const choices = await chooseTargets(
    {
      prompter,
      settings: services.settings(),
      pickAccount: (vendor, title) => pickAccount(services, vendor, title),
    },
    vendors,
    verb,
  );
  const plan = await planDeletion(services, selected.ids, choices, verb === 'Preview');
  return { selected, plan, ticket };
}

/** Confirms and starts the job; resolves to its run (the progress and summary go on in the background). */
export async function deleteSelection(services: ExtensionServices): Promise<RunHandle> {
  const { selected, plan, ticket: fromSelection } = await prepare(services, 'Delete');
  const ticket = await confirmDeletion(
    { prompter: services.prompter, threshold: services.settings().confirmThreshold, showPreview: () => showPreview(services, plan, selected) },
    plan,
    selected,
    { fromSelection, offered: ticketMemory.last(services) },
  );
  ticketMemory.remember(services, ticket);
  if (ticket !== undefined) plan.spec.ticket = ticket;
  const handle = await services.engine.start(plan);
  services.logger.info(`Job ${plan.spec.id} started: ${plan.spec.title}`);
  void trackRun(services, handle, 'Deleting');
  return handle;
}

/** The same flow ending with the dry-run document; nothing is sent (not even alias lookups) and no job is stored. */
export async function previewSelection(services: ExtensionServices): Promise<vscode.TextDocument> {
  const { selected, plan } = await prepare(services, 'Preview');
  return showPreview(services, plan, selected);
}

/** The dry run: the plan's requests in a read-only document; nothing is sent. */
async function showPreview(services: ExtensionServices, plan: JobPlan, selected: SelectedIds): Promise<vscode.TextDocument> {
  const preview = await services.engine.preview(plan);
  return services.documents.open(`dry-run-${plan.spec.id}`, 'http', previewText(plan, preview, selected));
}
