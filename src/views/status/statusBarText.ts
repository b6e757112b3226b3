// What the status bar item says (pure): "User Erasure: 42 deletions pending", a spinner while jobs run,
// hidden when nothing is pending or running; the tooltip says who checks the statuses.
import type { HistoryMode } from '../../history/historySession';
import { plural } from '../../core/text/plural';

export interface StatusBarInput {
  /** IDs accepted by a vendor, not yet known to be done. */
  pending: number;
  /** Jobs of this window being sent right now. */
  running: number;
  mode: HistoryMode;
  automaticVerification: boolean;
}

export interface StatusBarView {
  visible: boolean;
  text: string;
  tooltip: string;
}

export const SPINNER_ICON = '$(sync~spin)';

export function statusBarView(input: StatusBarInput): StatusBarView {
  const { pending, running } = input;
  if (pending <= 0 && running <= 0) return { visible: false, text: '', tooltip: '' };
  const spinner = running > 0 ? `${SPINNER_ICON} ` : '';
  // Deletions, not users: 5 users at 3 targets are 15 deletions pending.
  const what = pending > 0 ? `${plural(pending, 'deletion')} pending` : `${plural(running, 'job')} running`;
  const lines: string[] = [];
  if (pending > 0) lines.push(`${plural(pending, 'deletion')} accepted, pending at the vendor.`);
  if (running > 0) lines.push(`${plural(running, 'job')} sending now.`);
  const checks = checksLine(input);
  if (pending > 0 && checks) lines.push(checks);
  lines.push('Click to show the Erasure Jobs view.');
  return { visible: true, text: `${spinner}User Erasure: ${what}`, tooltip: lines.join('\n') };
}

function checksLine(input: StatusBarInput): string | undefined {
  switch (input.mode) {
    case 'reader':
      return 'Another window writes the history and checks these statuses.';
    case 'loading':
    case 'closed':
      return undefined;
    default:
      return input.automaticVerification
        ? 'Checked on a schedule: Batch GDPR, Cooladata (with a status API), CleverTap and EngageLab lookups.'
        : 'Batch GDPR and Cooladata (with a status API) are checked on a schedule; CleverTap and EngageLab when you run Verify Now.';
  }
}
