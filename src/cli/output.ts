// Everything the CLI prints goes through here, and through the redactor first: no secret value
// reaches standard output or standard error, whatever the message (errors and crashes included).
import type { Redactor } from '../core/redact';
import { escapeControlsPerLine } from '../core/shownText';

export interface WritableLike {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
}

export class CliOutput {
  constructor(
    private readonly redactor: Redactor,
    readonly stdout: WritableLike,
    readonly stderr: WritableLike,
  ) {}

  redact(text: string): string {
    return this.redactor.redactText(text);
  }

  /** The report (human summary or the one JSON object), on standard output; resolves once written. */
  async out(text: string): Promise<void> {
    await writeFully(this.stdout, this.redact(text.endsWith('\n') ? text : `${text}\n`));
  }

  /**
   * A long text on standard output, given in pieces that each end with a line break, each redacted
   * and written once the one before is (so it is never held whole); resolves once all are written.
   * No secret holds a line break (credentials with one are refused), so none spans two pieces;
   * should one ever do, the text is joined and redacted whole instead.
   */
  async outLines(pieces: Iterable<string>): Promise<void> {
    if (this.redactor.hasSecretSpanningLines()) return this.out([...pieces].join(''));
    for (const piece of pieces) await writeFully(this.stdout, this.redact(piece));
  }

  /** A raw chunk on standard output (exports), redacted; resolves once written. */
  async outChunk(text: string): Promise<void> {
    await writeFully(this.stdout, this.redact(text));
  }

  /** A message line on standard error; a control character in it (from an ID, a file name, a vendor) is shown escaped. */
  err(text: string): void {
    this.stderr.write(escapeControlsPerLine(this.redact(text.endsWith('\n') ? text.slice(0, -1) : text)) + '\n');
  }

  /** Standard error as the progress reporter and the confirmation prompt see it (redacted too). */
  get errStream(): WritableLike & NodeJS.WritableStream {
    const redact = (chunk: unknown) => (typeof chunk === 'string' ? this.redact(chunk) : chunk);
    const target = this.stderr as unknown as NodeJS.WritableStream & WritableLike;
    return new Proxy(target, {
      get(object, property, receiver) {
        if (property === 'write') {
          return (chunk: unknown, ...rest: unknown[]) => (object.write as (...args: unknown[]) => boolean).call(object, redact(chunk), ...rest);
        }
        const value = Reflect.get(object, property, receiver);
        return typeof value === 'function' ? value.bind(object) : value;
      },
    });
  }
}

function writeFully(stream: WritableLike, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
