// Plain-text descriptions of recorded answers, shared by tooltips and the Show Details document.
// Everything passes the redactor: answers are stored redacted, this is the second layer.
import { OUTCOME_LABELS, type IdResult, type Outcome } from '../../core/job';

export type Redact = (text: string) => string;

/** "HTTP 400 · invalid identity · ref 1f2e…" (the parts that are known). */
export function resultLine(result: IdResult | undefined, redact: Redact): string {
  if (!result) return '';
  const parts: string[] = [];
  if (result.httpStatus !== undefined) parts.push(`HTTP ${result.httpStatus}`);
  if (result.message) parts.push(result.message);
  if (result.reference) parts.push(`ref ${result.reference}`);
  return redact(parts.join(' · '));
}

/** Every known field of an answer, one per line. */
export function resultLines(outcome: Outcome, result: IdResult | undefined, redact: Redact): string[] {
  const lines = [`State: ${OUTCOME_LABELS[outcome]}`];
  if (!result) return lines;
  if (result.httpStatus !== undefined) lines.push(`HTTP status: ${result.httpStatus}`);
  if (result.message) lines.push(`Vendor message: ${result.message}`);
  if (result.reference) lines.push(`Vendor reference: ${result.reference}`);
  if (result.request) lines.push(`Request: ${result.request}`);
  if (result.at > 0) lines.push(`At: ${formatTime(result.at, true)}`);
  return lines.map(redact);
}

/** Local time as "2025-11-25 21:40" (with seconds when asked). */
export function formatTime(at: number, seconds = false): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}${seconds ? `:${two(d.getSeconds())}` : ''}`;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`;
}

/** Shortens text for a one-line label or description. */
export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** Distinct answers among results: outcome, HTTP status and message, with how many IDs got each. */
export interface AnswerGroup {
  outcome: Outcome;
  result: IdResult | undefined;
  count: number;
  firstIds: string[];
}

export function groupAnswers(
  entries: Iterable<{ id: string; outcome: Outcome; result: IdResult | undefined }>,
  firstIdsPerAnswer = 5,
): AnswerGroup[] {
  const groups = new Map<string, AnswerGroup>();
  for (const { id, outcome, result } of entries) {
    const key = `${outcome}|${result?.httpStatus ?? ''}|${result?.message ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { outcome, result, count: 0, firstIds: [] };
      groups.set(key, group);
    }
    group.count++;
    if (group.firstIds.length < firstIdsPerAnswer) group.firstIds.push(id);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
