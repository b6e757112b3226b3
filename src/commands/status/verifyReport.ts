// The message after "Verify Now" (pure): how many pending IDs the vendors were asked about and
// what became of them, and — said plainly — which targets have no status API or could not be
// checked, with how many IDs each.
import type { StatusCheckReport, TargetCheckKind } from '../../core/statusChecks';
import type { MessageLevel } from '../../platform/prompter';
import { plural } from '../../core/text/plural';

export const SHOW_LOG = 'Show Log';

export interface VerifyReportText {
  level: MessageLevel;
  message: string;
  buttons: string[];
}

const NOT_CHECKED_WORDS: Record<Exclude<TargetCheckKind, 'checked'>, string> = {
  'no-status-api': 'No status API',
  'on-demand-only': 'Not verified',
  unavailable: 'Could not check',
};

/** `describe` names a target ("Cooladata · main"); `cancelled` when the engineer stopped it. */
export function verifyReportText(report: StatusCheckReport, describe: (jobId: string, targetKey: string) => string, cancelled = false): VerifyReportText {
  const checked = report.targets.filter((t) => t.kind === 'checked');
  const asked = checked.reduce((n, t) => n + t.pending, 0);
  const resolved = checked.reduce((n, t) => n + (t.pending - t.stillPending), 0);
  const stillPending = checked.reduce((n, t) => n + t.stillPending, 0);
  const sentences: string[] = [];
  if (cancelled) sentences.push(`Verification cancelled after ${plural(report.checked, 'answer')}: ${resolved} resolved.`);
  else if (asked > 0) sentences.push(`Verified ${plural(asked, 'pending ID')} at the vendors: ${resolved} resolved, ${stillPending} still pending.`);
  else sentences.push('No pending ID could be verified.');

  const notChecked = new Map<string, { words: string; target: string; ids: number; note?: string }>();
  for (const t of report.targets) {
    if (t.kind === 'checked') continue;
    const target = describe(t.jobId, t.targetKey);
    const key = `${t.kind}\u0000${target}\u0000${t.note ?? ''}`;
    const entry = notChecked.get(key) ?? { words: NOT_CHECKED_WORDS[t.kind], target, ids: 0, note: t.note };
    entry.ids += t.pending;
    notChecked.set(key, entry);
  }
  for (const entry of notChecked.values()) {
    const stay = entry.ids === 1 ? 'stays' : 'stay';
    sentences.push(`${entry.words} — ${entry.target}: ${plural(entry.ids, 'ID')} ${stay} pending${entry.note ? ` (${entry.note})` : ''}.`);
  }
  const problems = report.targets.reduce((n, t) => n + t.problems.length, 0);
  if (problems > 0) sentences.push(`${plural(problems, 'check')} gave up after retries; those IDs stay as they were (details in the log).`);
  const unavailable = report.targets.some((t) => t.kind === 'unavailable');
  return {
    level: problems > 0 || unavailable ? 'warning' : 'info',
    message: sentences.join(' '),
    buttons: problems > 0 || unavailable ? [SHOW_LOG] : [],
  };
}
