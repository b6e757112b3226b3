// The CLI as a function: arguments, environment and streams in, exit status out. Every line it
// prints goes through the redactor, which knows the environment's secrets before anything runs.
import { Redactor } from '../core/redact';
import { usageText, UsageError, parseInvocation } from './args';
import { deleteCommand } from './commands/delete';
import { exportCommand } from './commands/export';
import { repairCommand } from './commands/repair';
import { resumeCommand } from './commands/resume';
import { statusCommand } from './commands/status';
import type { Env } from './context';
import { environmentSecrets } from './environment';
import { exitStatusOf } from './errors';
import type { InputStream } from './input';
import { Interrupts, type SignalSource } from './interrupts';
import { cliLogger } from './logger';
import { CliOutput, type WritableLike } from './output';
import { errorMessage } from '../core/errorMessage';

export interface CliIo {
  env: Env;
  stdin: InputStream;
  stdout: WritableLike;
  stderr: WritableLike;
  signals: SignalSource;
  /** A third Ctrl-C: leave at once. */
  forceExit: (status: number) => void;
}

/** A redactor that already knows every secret the environment holds. */
export function environmentRedactor(env: Env): Redactor {
  const redactor = new Redactor();
  redactor.addSecret(...environmentSecrets(env));
  return redactor;
}

export async function runCli(argv: readonly string[], io: CliIo, redactor: Redactor = environmentRedactor(io.env)): Promise<number> {
  const output = new CliOutput(redactor, io.stdout, io.stderr);
  let interrupts: Interrupts | undefined;
  try {
    const invocation = parseInvocation(argv);
    if (invocation.command === 'help') {
      await output.out(usageText());
      return 0;
    }
    interrupts = new Interrupts(io.signals, () => {
      output.err('\nStopped at once (third Ctrl-C). IDs whose requests were in flight are "unknown"; with --journal, resume sends only IDs never sent.');
      io.forceExit(1);
    });
    const ctx = { env: io.env, stdin: io.stdin, output, redactor, interrupts, logger: cliLogger(io.env, output) };
    switch (invocation.command) {
      case 'delete':
        return await deleteCommand(invocation, ctx);
      case 'status':
        return await statusCommand(invocation, ctx);
      case 'resume':
        return await resumeCommand(invocation, ctx);
      case 'export':
        return await exportCommand(invocation, ctx);
      case 'repair':
        return await repairCommand(invocation, ctx);
      default:
        throw new UsageError('unknown command');
    }
  } catch (error) {
    output.err(`user-erasure: ${errorMessage(error)}`);
    if (error instanceof UsageError) output.err('Run "user-erasure --help" for usage.');
    return exitStatusOf(error);
  } finally {
    interrupts?.dispose();
  }
}
