// USER_ERASURE_DEBUG=1 writes the engine's log (every request and its answer, redacted) to
// standard error; otherwise the CLI logs nothing beyond its progress and report.
import { silentLogger, type Logger } from '../core/logger';
import type { CliOutput } from './output';

export function cliLogger(env: Readonly<Record<string, string | undefined>>, output: CliOutput): Logger {
  if (!env.USER_ERASURE_DEBUG || env.USER_ERASURE_DEBUG === '0') return silentLogger;
  const line = (level: string) => (message: string) => output.err(`[${level}] ${message}`);
  return { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
