// The text of a run's progress notification (pure).
import { formatCount } from '../deletion/selectionSummary';

export function progressMessage(done: number, total: number, cancelling: boolean): string {
  const counts = `${formatCount(done)} / ${formatCount(total)} IDs`;
  return cancelling ? `${counts} · cancelling (requests in flight finish)…` : counts;
}
