// The Erasure Jobs view's message and description for the state of the history (pure): "Loading
// history…" until it is loaded (never the empty view's welcome), nothing when this window writes it, the reason when it only reads it, a plain warning when nothing is
// being saved.
import type { HistoryMode } from '../../history/historySession';

export const HISTORY_LOADING_MESSAGE = 'Loading history…';

export interface HistoryViewText {
  /** Shown above the tree (TreeView.message). */
  message?: string;
  /** Shown next to the view's title (TreeView.description). */
  description?: string;
}

export function historyViewText(mode: HistoryMode, readOnlyReason: string | undefined, failure: string | undefined): HistoryViewText {
  switch (mode) {
    case 'loading':
      return { message: HISTORY_LOADING_MESSAGE, description: 'loading history…' };
    case 'writer':
      return {};
    case 'reader':
      return { message: readOnlyReason, description: 'read-only' };
    case 'memory':
      return {
        message:
          `The erasure history could not be opened${failure ? ` (${failure})` : ''}: jobs of this window are kept in memory only ` +
          'and are lost when it closes. Export them to keep the evidence; Show Log has the details.',
        description: 'not saved',
      };
    case 'closed':
      return { message: readOnlyReason ?? 'The erasure history is closed.', description: 'closed' };
  }
}
