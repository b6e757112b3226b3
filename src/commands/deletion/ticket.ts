// The ticket an erasure comes from (Zendesk, Jira, a DSR platform): offered when the selection
// starts with one ("ZD-4711" on the first line) — the engineer says whether it is the ticket or an
// ID, so no token leaves the IDs silently — and asked for (optional) at the confirmation, with the
// last one of this window offered again.
import { ticketProblem } from '../../core/job';
import type { Prompter } from '../../platform/prompter';
import { UserCancelled } from '../errors';
import type { SelectedIds } from './selectedIds';

/** "ZD-4711", "JIRA-123": a project key, a dash, a number. */
export const TICKET_PATTERN = /^[A-Z][A-Z0-9]+-\d+$/;

export interface TicketedSelection {
  selected: SelectedIds;
  /** The ticket taken from the selection, when the engineer said its first token is one. */
  ticket?: string;
}

/** When the first ID looks like a ticket, asks whether it is one; a ticket leaves the IDs (and only then). */
export async function ticketInSelection(prompter: Prompter, selected: SelectedIds): Promise<TicketedSelection> {
  const [first, second] = selected.ids;
  if (selected.ids.length < 2 || !TICKET_PATTERN.test(first)) return { selected };
  // "USR-1, USR-2, …": IDs of that shape, not a ticket above them (kept as IDs without a question).
  if (TICKET_PATTERN.test(second) && prefixOf(second) === prefixOf(first)) return { selected };
  const answer = await prompter.pickOne(
    [
      { label: `${first} is the ticket`, description: 'kept with the job as its ticket reference; not sent as an ID', value: 'ticket' as const },
      { label: `${first} is a user ID`, description: 'deleted with the other IDs', value: 'id' as const },
    ],
    { title: `The selection starts with “${first}”: a ticket reference or a user ID?`, placeholder: 'It looks like a ticket reference (e.g. ZD-4711, JIRA-123)' },
  );
  if (answer === undefined) throw new UserCancelled();
  if (answer === 'id') return { selected };
  return { selected: { ...selected, ids: selected.ids.slice(1), tokens: selected.tokens - 1 }, ticket: first };
}

function prefixOf(token: string): string {
  return token.slice(0, token.indexOf('-'));
}

/** The optional ticket reference: '' (or blanks) for none; Escape cancels the deletion. */
export async function askTicket(prompter: Prompter, offered: string | undefined): Promise<string | undefined> {
  const typed = await prompter.input({
    title: 'Ticket reference (optional)',
    prompt: 'The ticket this erasure comes from (e.g. ZD-4711, JIRA-123): kept with the job, shown in the Erasure Jobs view and in every export row. Leave empty for none.',
    placeholder: 'e.g. ZD-4711 — or leave empty',
    value: offered,
    validate: (value) => ticketProblem(value),
  });
  if (typed === undefined || ticketProblem(typed) !== undefined) throw new UserCancelled();
  const ticket = typed.trim();
  return ticket === '' ? undefined : ticket;
}

/** The last ticket entered in this window (per extension instance), offered again at the next deletion. */
const lastTickets = new WeakMap<object, string>();

export const ticketMemory = {
  last(window: object): string | undefined {
    return lastTickets.get(window);
  },
  remember(window: object, ticket: string | undefined): void {
    if (ticket === undefined) lastTickets.delete(window);
    else lastTickets.set(window, ticket);
  },
};
