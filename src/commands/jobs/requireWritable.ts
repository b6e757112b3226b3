// Another window may own the history (it writes the journal): this one can look, not send. Say so
// before any question is asked, instead of failing after the confirmation.
import type { ExtensionServices } from '../../services';
import { UserFacingError } from '../errors';

export function requireWritable(services: Pick<ExtensionServices, 'engine'>): void {
  const reason = services.engine.readOnlyReason();
  if (reason) throw new UserFacingError(reason, [], 'warning');
}
