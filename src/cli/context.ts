// What every command gets: the environment, standard input, the redacting output, Ctrl-C.
import type { Logger } from '../core/logger';
import type { Redactor } from '../core/redact';
import type { InputStream } from './input';
import type { Interrupts } from './interrupts';
import type { CliOutput } from './output';

export type Env = Readonly<Record<string, string | undefined>>;

export interface CliContext {
  env: Env;
  stdin: InputStream;
  output: CliOutput;
  redactor: Redactor;
  interrupts: Interrupts;
  logger: Logger;
}
