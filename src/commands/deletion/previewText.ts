// The dry-run document: the exact requests the plan would send (method, URL, headers, body),
// secrets already redacted by the engine, in the .http layout (### separates requests).
import { vendorCatalog } from '../../core/catalog';
import type { JobPlan, RequestPreview } from '../../core/engine';
import { describeTarget } from '../../core/job';
import type { SelectedIds } from './selectedIds';
import { formatCount, plural } from '../../core/text/plural';
import { selectionSummary } from './selectionSummary';
import { usersToDelete } from './planCheck';

/** Longest body shown per request; the rest is summarised (a Batch bulk body can hold 10,000 IDs). */
export const BODY_SHOWN_MAX = 20_000;

export function previewText(plan: JobPlan, preview: RequestPreview, selected: SelectedIds): string {
  const lines = [
    '# DRY RUN: nothing has been sent. Secrets are shown as ***.',
    `# Selection: ${selectionSummary(selected)}`,
    `# ${plural(preview.total, 'request')} would be sent for ${plural(usersToDelete(plan, selected.ids.length), 'user')}:`,
  ];
  for (const t of plan.targets) {
    const extra = [t.skipped.length > 0 ? `${formatCount(t.skipped.length)} skipped (invalid)` : '', t.notFound.length > 0 ? `${formatCount(t.notFound.length)} not found` : '']
      .filter(Boolean)
      .join(', ');
    const step = t.prepareDeferred ? vendorCatalog().prepareStep(t.spec.options) : undefined;
    const sending = step
      ? `${plural(t.toSend, ...step.typedUnit)} to look up first (deletions follow for the ${step.sentUnit}s found)`
      : `${plural(t.toSend, 'ID')} to send`;
    lines.push(`#   ${describeTarget(t.spec)}: ${sending}${extra ? `; ${extra}` : ''}`);
  }
  lines.push('');
  preview.requests.forEach((request, i) => {
    const what = request.kind === 'lookup' ? 'lookup' : plural(request.idCount, 'ID');
    lines.push(`### ${i + 1}/${formatCount(preview.total)} · ${request.target} · ${what}`);
    if (request.note) lines.push(`# ${request.note}`);
    lines.push(`${request.method} ${request.url}`);
    for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
    if (request.body !== undefined) {
      lines.push('');
      if (request.body.length > BODY_SHOWN_MAX) {
        lines.push(request.body.slice(0, BODY_SHOWN_MAX), `# … body shortened here: ${formatCount(request.body.length - BODY_SHOWN_MAX)} more characters`);
      } else {
        lines.push(request.body);
      }
    }
    lines.push('');
  });
  if (preview.omitted > 0) lines.push(`### … and ${plural(preview.omitted, 'more request')} of the same form (not listed)`);
  return lines.join('\n');
}
