import '../helpers/vscodeStub';
import assert from 'node:assert/strict';
import { runCommand, type CommandDefinition } from '../../../src/commands/command';
import { UserCancelled, UserFacingError } from '../../../src/commands/errors';
import { removeJob } from '../../../src/commands/removeJob';
import { HistoryReadOnlyError, JobRunningError } from '../../../src/core/engineErrors';
import { Redactor } from '../../../src/core/redact';
import type { ExtensionServices } from '../../../src/services';
import { ScriptedPrompter, type Notification } from '../helpers/scriptedPrompter';

const SECRET = 'sk-live-0123456789abcdef';

function harness() {
  const redactor = new Redactor();
  redactor.addSecret(SECRET);
  const logged: string[] = [];
  const log = (line: string) => void logged.push(line);
  const prompter = new ScriptedPrompter([], { notifications: () => undefined });
  const services = { redactor, prompter, history: { mode: 'writer', whenLoaded: async () => undefined }, logger: { info: log, warn: log, error: log, debug: log, trace: log, show: () => undefined } } as unknown as ExtensionServices;
  return { services, prompter, logged };
}

const failing = (error: unknown): CommandDefinition => ({
  id: 'userErasure.test',
  run: async () => {
    throw error;
  },
});

const shown = (n: Notification) => `${n.level}: ${n.message} [${n.buttons.join(', ')}]`;

describe('the command wrapper', () => {
  it('an engine state (typed error) is shown as it is, at its level, redacted', async () => {
    const { services, prompter, logged } = harness();
    await runCommand(services, failing(new HistoryReadOnlyError(`open read-only here: token ${SECRET}`)), []);
    await runCommand(services, failing(new JobRunningError()), []);
    assert.deepEqual(prompter.notifications.map(shown), ['warning: open read-only here: token *** []', 'info: This job is already running. []']);
    assert.ok(!logged.join('\n').includes(SECRET), logged.join('\n'));
    assert.ok(!logged.some((line) => line.includes('failed:')), 'an expected state is not logged as a failure');
  });

  it('a fault: "User Erasure: …" with Show Log, the stack in the log, the secret in neither', async () => {
    const { services, prompter, logged } = harness();
    await runCommand(services, failing(new Error(`HTTP 401 for key ${SECRET}`)), []);
    await runCommand(services, failing(`a string with ${SECRET}`), []);
    assert.deepEqual(prompter.notifications.map(shown), ['error: User Erasure: HTTP 401 for key *** [Show Log]', 'error: User Erasure: a string with *** [Show Log]']);
    assert.match(logged[0], /^userErasure\.test failed: Error: HTTP 401 for key \*\*\*\n\s+at /);
    assert.ok(!logged.join('\n').includes(SECRET));
  });

  it('cancellation is silent; a UserFacingError keeps its buttons', async () => {
    const { services, prompter } = harness();
    await runCommand(services, failing(new UserCancelled()), []);
    await runCommand(services, failing(new UserFacingError(`Nothing to verify ${SECRET}`, [{ title: 'Open', command: 'x' }], 'info')), []);
    assert.deepEqual(prompter.notifications.map(shown), ['info: Nothing to verify *** [Open]']);
  });

  it('a read-only window: Remove Job says why before any question (the engine’s reason, as a warning)', async () => {
    const { services, prompter } = harness();
    const reason = 'The erasure history is open read-only here: another window (process 42) writes it.';
    const engine = {
      assertWritable() {
        throw new HistoryReadOnlyError(reason);
      },
    };
    await runCommand({ ...services, engine } as unknown as ExtensionServices, removeJob, []);
    assert.deepEqual(prompter.asked, []);
    assert.deepEqual(prompter.notifications.map(shown), [`warning: ${reason} []`]);
  });
});
