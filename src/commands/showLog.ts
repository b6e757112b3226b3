// "Show Log": the User Erasure output channel (every request, redacted).
import type { CommandDefinition } from './command';
import { SHOW_LOG_COMMAND } from '../commandIds';

export const showLog: CommandDefinition = {
  id: SHOW_LOG_COMMAND,
  async run(services) {
    services.logger.show();
  },
};
