// Step 3 text: the modal that names vendor(s), account(s), the number of IDs per target, the first
// IDs, skipped / not-found counts and the vendors' caveats. Pure, so it is tested as text.
import { vendorCatalog } from '../../core/catalog';
import type { JobPlan, TargetPlanSummary } from '../../core/engine';
import { describeTarget, type VendorId } from '../../core/job';
import { showId } from '../../core/shownText';
import { usersToDelete } from './planCheck';
import type { SelectedIds } from './selectedIds';
import { formatCount, plural } from '../../core/text/plural';
import { selectionSummary } from './selectionSummary';

export const PREVIEW_BUTTON = 'Preview requests';

export interface ConfirmationText {
  message: string;
  detail: string;
  deleteButton: string;
  previewButton: string;
  /** Distinct users that will be sent (what the engineer types back above the threshold). */
  count: number;
  /** "1,234 users at CleverTap (EU prod)" */
  what: string;
}

export function confirmationText(plan: JobPlan, selected: SelectedIds, ticket?: string): ConfirmationText {
  const count = usersToDelete(plan, selected.ids.length);
  const users = plural(count, 'user');
  const what = `${users} at ${joinAnd(accountsPhrase(plan))}`;
  const message = `Delete ${what}? This cannot be undone.`;
  const lines: string[] = [...(ticket !== undefined ? [`Ticket: ${ticket}`] : []), `Selection: ${selectionSummary(selected)}.`, ''];
  for (const target of plan.targets) lines.push(...targetLines(plan, target));
  lines.push('', 'Before you confirm:');
  for (const [vendor, caveats] of caveatsByVendor(plan)) {
    lines.push(`${vendorCatalog().displayName(vendor)}:`);
    for (const caveat of caveats) lines.push(`  • ${caveat}`);
  }
  return { message, detail: lines.join('\n'), deleteButton: `Delete ${users}`, previewButton: PREVIEW_BUTTON, count, what };
}

/** "CleverTap (EU prod)", "Batch (Prod: iOS, Android)" — each account once. */
function accountsPhrase(plan: JobPlan): string[] {
  const byAccount = new Map<string, { vendor: VendorId; label: string; parts: string[] }>();
  for (const { spec } of plan.targets) {
    const entry = byAccount.get(spec.accountId) ?? { vendor: spec.options.vendor, label: spec.accountLabel, parts: [] };
    const part = vendorCatalog().describeOptions(spec.options).part?.name;
    if (part !== undefined && !entry.parts.includes(part)) entry.parts.push(part);
    byAccount.set(spec.accountId, entry);
  }
  return [...byAccount.values()].map((a) => `${vendorCatalog().displayName(a.vendor)} (${a.label}${a.parts.length > 0 ? `: ${a.parts.join(', ')}` : ''})`);
}

function targetLines(plan: JobPlan, target: TargetPlanSummary): string[] {
  const o = target.spec.options;
  const planned = plan.spec.targets.find((t) => t.spec.key === target.spec.key)?.ids ?? [];
  let sending = plural(target.toSend, 'ID');
  const step = vendorCatalog().prepareStep(o);
  if (step) {
    const typed = new Set(planned.filter((p) => !p.preset).map((p) => p.origin ?? p.id)).size;
    sending = `${plural(target.toSend, step.sentUnit)} for ${plural(typed, ...step.typedUnit)}`;
  }
  const lines = [`${describeTarget(target.spec)}: ${sending}`];
  if (target.firstIds.length > 0) {
    const more = target.toSend > target.firstIds.length ? ', …' : '';
    lines.push(`  First: ${target.firstIds.map(showId).join(', ')}${more}`);
  }
  if (target.skipped.length > 0) lines.push(`  Skipped (invalid): ${formatCount(target.skipped.length)} — e.g. ${showId(target.skipped[0].id)}: ${target.skipped[0].reason}`);
  if (target.notFound.length > 0) lines.push(`  Not found: ${formatCount(target.notFound.length)} — e.g. ${showId(target.notFound[0].id)}: ${target.notFound[0].reason}`);
  const sentWith = vendorCatalog().describeOptions(o).sentWith;
  if (sentWith) lines.push(`  ${sentWith.name}: ${sentWith.value}`);
  return lines;
}

function caveatsByVendor(plan: JobPlan): Map<VendorId, readonly string[]> {
  const out = new Map<VendorId, readonly string[]>();
  for (const t of plan.targets) if (!out.has(t.spec.options.vendor)) out.set(t.spec.options.vendor, t.caveats);
  return out;
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
