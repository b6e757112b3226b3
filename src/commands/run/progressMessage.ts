// The text of a run's progress notification (pure): deletions answered of all to send, the rest
// "queued" (progress, not a problem), and the users behind them when those differ.
import { formatCount, plural } from '../../core/text/plural';

export interface RunScope {
  /** Distinct users of the job ("5 users"), when a deletion per target makes them differ from the deletions. */
  users: number;
  targets: number;
}

export function progressMessage(done: number, total: number, cancelling: boolean, scope?: RunScope): string {
  const queued = total - done;
  let text = `${formatCount(done)} / ${plural(total, 'deletion')} answered`;
  if (queued > 0 && !cancelling) text += ` · ${formatCount(queued)} queued`;
  if (scope && scope.users !== total) text += ` (${plural(scope.users, 'user')} at ${plural(scope.targets, 'target')})`;
  return cancelling ? `${text} · cancelling (requests in flight finish)…` : text;
}
