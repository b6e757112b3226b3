// The CLI's confirmation: on a terminal the engineer reads what will be deleted and types the
// number of IDs back; without a terminal nothing is sent unless --yes was given.
import { vendorCatalog } from '../core/catalog';
import { createInterface } from 'node:readline/promises';
import type { JobPlan } from '../core/engine';
import { describeTarget, type JobState, type VendorId } from '../core/job';
import type { CliContext } from './context';
import { showId } from '../core/shownText';

export interface ConfirmIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export type ConfirmResult = 'confirmed' | 'declined' | 'no-terminal' | 'interrupted';

/** `signal`: an interrupt from outside (SIGTERM) ends the question like Ctrl-C at the prompt. */
export async function confirmDeletion(summary: string, count: number, yes: boolean, io: ConfirmIo, signal?: AbortSignal): Promise<ConfirmResult> {
  if (yes) return 'confirmed';
  if (!io.input.isTTY) return 'no-terminal';
  io.output.write(`${summary}\n`);
  const rl = createInterface({ input: io.input, output: io.output, terminal: true });
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  rl.on('SIGINT', onAbort);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const answer = await rl.question(`Type ${count} to delete ${count} ID(s), anything else to stop: `, { signal: stop.signal });
    return answer.trim() === String(count) ? 'confirmed' : 'declined';
  } catch {
    io.output.write('\n');
    return stop.signal.aborted ? 'interrupted' : 'declined';
  } finally {
    signal?.removeEventListener('abort', onAbort);
    rl.close();
  }
}

/** The confirmation with Ctrl-C / SIGTERM wired in (standard error carries the question). */
export async function confirmWithInterrupts(ctx: CliContext, summary: string, count: number, yes: boolean): Promise<ConfirmResult> {
  const stop = new AbortController();
  ctx.interrupts.handle(() => stop.abort());
  try {
    return await confirmDeletion(summary, count, yes, { input: ctx.stdin, output: ctx.output.errStream }, stop.signal);
  } finally {
    ctx.interrupts.handle(undefined);
  }
}

const FIRST_SHOWN = 5;

/**
 * Distinct users a plan sends (a looked-up alias counts once however many devices it has). One
 * target without origins is counted without a set: its IDs are distinct already (the plan is made
 * from de-duplicated IDs), and a set of 1,000,000 IDs costs seconds and tens of MB.
 */
export function usersToSend(targets: readonly { ids: readonly { id: string; origin?: string; preset?: unknown }[] }[]): number {
  if (targets.length === 1 && !targets[0].ids.some((planned) => planned.origin !== undefined)) {
    let count = 0;
    for (const planned of targets[0].ids) if (!planned.preset) count++;
    return count;
  }
  const users = new Set<string>();
  for (const target of targets) for (const planned of target.ids) if (!planned.preset) users.add(planned.origin ?? planned.id);
  return users.size;
}

/** What a new job will do: vendor, account, IDs per target, first IDs, skipped ones, the vendor's caveats. */
export function planSummary(plan: JobPlan, users: number = usersToSend(plan.spec.targets)): string {
  const lines = [`About to delete ${users} user ID(s). This cannot be undone.`];
  if (plan.spec.ticket !== undefined) lines.push(`  Ticket: ${showId(plan.spec.ticket)}`);
  for (const t of plan.targets) {
    const step = t.prepareDeferred ? vendorCatalog().prepareStep(t.spec.options) : undefined;
    const what = step ? step.typedUnit[1] : 'IDs';
    const more = t.toSend > t.firstIds.length ? ', …' : '';
    lines.push(`  ${describeTarget(t.spec)}: ${t.toSend} ${what}${t.firstIds.length > 0 ? ` (first: ${t.firstIds.map(showId).join(', ')}${more})` : ''}`);
    if (t.skipped.length > 0) lines.push(`    skipped (invalid): ${t.skipped.length}, e.g. ${showId(t.skipped[0].id)}: ${t.skipped[0].reason}`);
    if (t.notFound.length > 0) lines.push(`    not found: ${t.notFound.length}, e.g. ${showId(t.notFound[0].id)}: ${t.notFound[0].reason}`);
    const sentWith = vendorCatalog().describeOptions(t.spec.options).sentWith;
    if (sentWith) lines.push(`    ${sentWith.name.toLowerCase()}: ${sentWith.value}`);
  }
  const caveats = new Map<VendorId, readonly string[]>();
  for (const t of plan.targets) if (!caveats.has(t.spec.options.vendor)) caveats.set(t.spec.options.vendor, t.caveats);
  for (const [vendor, list] of caveats) {
    lines.push(`${vendorCatalog().displayName(vendor)}:`);
    for (const caveat of list) lines.push(`  • ${caveat}`);
  }
  return lines.join('\n');
}

/** What `resume` will send: the IDs never sent, per job and target. */
export function resumeSummary(jobs: readonly { job: JobState; indices: ReadonlyMap<string, readonly number[]> }[]): string {
  const lines: string[] = [];
  for (const { job, indices } of jobs) {
    lines.push(`Job ${job.id} (${job.spec.title}):`);
    for (const target of job.targets) {
      const at = indices.get(target.spec.key) ?? [];
      if (at.length === 0) continue;
      const first = at.slice(0, FIRST_SHOWN).map((i) => showId(target.ids[i]));
      lines.push(`  ${describeTarget(target.spec)}: ${at.length} ID(s) never sent (first: ${first.join(', ')}${at.length > FIRST_SHOWN ? ', …' : ''})`);
    }
  }
  lines.push('IDs already sent (accepted, failed, unknown) are not sent again. This cannot be undone.');
  return lines.join('\n');
}
