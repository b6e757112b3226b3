// The "Show Details" document of a row, as Markdown: what was asked, what each vendor answered
// (grouped by answer, with HTTP status, message, reference and the redacted request), per job,
// target, group or ID. Redacted again as a whole before it is shown.
import { vendorCatalog } from '../../core/catalog';
import { describeTarget, OUTCOME_LABELS, resultForId, type IdResult, type Outcome, type TargetState } from '../../core/job';
import type { IdHistoryEntry } from './idHistory';
import { GroupNode } from './nodes/groupNode';
import { IdNode } from './nodes/idNode';
import { JobNode } from './nodes/jobNode';
import type { JobsNode } from './nodes/node';
import { TargetNode } from './nodes/targetNode';
import { formatCount } from '../../core/text/plural';
import { GROUP_ORDER } from './outcomeStyle';
import { formatTime, groupAnswers, resultLines, type Redact } from './resultText';

/** IDs listed in full in a group's details; beyond that, Copy ID(s) has them all. */
export const DETAILS_ID_LIMIT = 10_000;

export interface Details {
  /** A short file name for the document tab. */
  name: string;
  markdown: string;
}

/** `history`: what the journal holds for an ID row (its story); undefined when it could not be read. */
export function detailsOf(node: JobsNode, redact: Redact, history?: readonly IdHistoryEntry[]): Details {
  let details: Details;
  if (node instanceof JobNode) details = jobDetails(node);
  else if (node instanceof TargetNode) details = { name: `${node.target.spec.options.vendor}-details`, markdown: targetSection(node.target, '#').join('\n') };
  else if (node instanceof GroupNode) details = groupDetails(node);
  else if (node instanceof IdNode) details = idDetails(node, history);
  else details = { name: 'details', markdown: 'Nothing to show for this row.' };
  return { name: details.name, markdown: redact(details.markdown) };
}

function jobDetails(node: JobNode): Details {
  const { spec } = node.job;
  const lines = [
    `# ${spec.title}`,
    '',
    `- Job: \`${spec.id}\``,
    `- Created: ${formatTime(spec.createdAt, true)} (from the ${spec.source})`,
    `- Running: ${node.running ? 'yes' : 'no'}`,
    '',
  ];
  for (const target of node.job.targets) lines.push(...targetSection(target, '##'), '');
  return { name: spec.id, markdown: lines.join('\n') };
}

function targetSection(target: TargetState, heading: string): string[] {
  const { spec } = target;
  const lines = [`${heading} ${describeTarget(spec)}`, '', `- Account: ${spec.accountLabel}`];
  for (const [name, value] of vendorCatalog().describeOptions(spec.options).details) lines.push(`- ${name}: ${value}`);
  lines.push(`- IDs: ${formatCount(target.size)}`, '', '| State | IDs |', '| --- | ---: |');
  for (const outcome of GROUP_ORDER) {
    const n = target.countOf(outcome);
    if (n > 0) lines.push(`| ${OUTCOME_LABELS[outcome]} | ${formatCount(n)} |`);
  }
  lines.push('', `${heading}# Answers`, '');
  lines.push(...answersOf(target, allIndices(target.size)));
  return lines;
}

function groupDetails(node: GroupNode): Details {
  const indices = node.indices();
  const lines = [
    `# ${OUTCOME_LABELS[node.outcome]}: ${formatCount(indices.length)} ID(s)`,
    '',
    `${describeTarget(node.target.spec)} — job “${node.job.spec.title}”`,
    '',
    '## Answers',
    '',
    ...answersOf(node.target, indices),
    '## IDs',
    '',
    '```text',
    ...indices.slice(0, DETAILS_ID_LIMIT).map((i) => idWithOrigin(node.target, i)),
    '```',
  ];
  if (indices.length > DETAILS_ID_LIMIT) {
    lines.push('', `… and ${formatCount(indices.length - DETAILS_ID_LIMIT)} more (Copy ID(s) copies them all).`);
  }
  return { name: `${node.target.spec.options.vendor}-${node.outcome}`, markdown: lines.join('\n') };
}

function idDetails(node: IdNode, history: readonly IdHistoryEntry[] | undefined): Details {
  const { target, index } = node;
  const { spec } = node.job;
  const lines = [
    `# ${node.id}`,
    '',
    `${describeTarget(target.spec)} — job “${spec.title}”${spec.ticket !== undefined ? ` — ticket ${spec.ticket}` : ''}`,
    '',
    '## Now',
    '',
    ...(node.origin !== undefined && node.origin !== node.id ? [`- Resolved from alias: ${node.origin}`] : []),
    ...resultLines(target.outcomeAt(index), resultForId(target.resultAt(index), node.id), (t) => t).map((line) => `- ${line}`),
    '',
    '## Story (as the journal holds it)',
    '',
    ...storyLines(node.id, history),
  ];
  return { name: node.id, markdown: lines.join('\n') };
}

/** Request → answer → status checks, one numbered step per recorded result. */
function storyLines(id: string, history: readonly IdHistoryEntry[] | undefined): string[] {
  if (history === undefined) return ['The journal could not be read (the history is kept in memory only in this window): only the current state is known.'];
  if (history.length === 0) return ['No request was recorded for this ID: it has not been sent.'];
  const lines: string[] = [];
  let answered = false;
  history.forEach(({ result, fromSnapshot }, n) => {
    let step: string;
    if (fromSnapshot) step = 'Recorded state (the journal was compacted: earlier steps are folded into this one)';
    else if (result.outcome === 'sending') step = 'Request sent';
    else if (!answered) step = 'Answer';
    else step = 'Status check';
    answered = result.outcome !== 'sending';
    const at = result.at > 0 ? formatTime(result.at, true) : 'before sending';
    lines.push(`${n + 1}. **${step}** — ${at}`);
    for (const line of resultLines(result.outcome, resultForId(result, id), (t) => t)) if (!line.startsWith('At: ')) lines.push(`   - ${line}`);
    if (result.requestedAt !== undefined && result.requestedAt !== result.at) lines.push(`   - Deletion answered: ${formatTime(result.requestedAt, true)}`);
  });
  return lines;
}

function answersOf(target: TargetState, indices: Iterable<number>): string[] {
  const entries = (function* () {
    for (const i of indices) yield { id: target.ids[i], outcome: target.outcomeAt(i) as Outcome, result: target.resultAt(i) };
  })();
  const lines: string[] = [];
  for (const answer of groupAnswers(entries)) {
    lines.push(`### ${OUTCOME_LABELS[answer.outcome]} — ${formatCount(answer.count)} ID(s)`, '');
    for (const line of resultLines(answer.outcome, answer.result, (t) => t).slice(1)) lines.push(`- ${line}`);
    lines.push(`- First IDs: ${answer.firstIds.map((id) => `\`${id}\``).join(', ')}`, '');
  }
  return lines;
}

function idWithOrigin(target: TargetState, index: number): string {
  const origin = target.origins[index];
  return origin !== undefined && origin !== target.ids[index] ? `${target.ids[index]}\t(alias ${origin})` : target.ids[index];
}

function* allIndices(size: number): Generator<number> {
  for (let i = 0; i < size; i++) yield i;
}
