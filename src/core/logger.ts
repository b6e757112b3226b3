// The logging surface the engine writes to. The extension backs it with a LogOutputChannel, the
// CLI with standard error; callers pass only redacted text.
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};
