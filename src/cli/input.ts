// Where the IDs come from: --ids, --ids-file, or standard input (piped, or typed on a terminal and
// ended with Ctrl-D). They are read with the very rules of editor selections (parseIds). Bytes must
// be valid UTF-8; a FIFO is read without blocking a thread, so Ctrl-C ends the wait for a writer.
import { constants, openSync, promises as fs } from 'node:fs';
import { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { parseIds, withSuspicious, type ParseResult } from '../core/ids';
import { InvalidUtf8Error, Utf8Decoder } from '../core/ids/utf8';
import { UsageError } from './args';
import { InterruptedError } from './errors';

export type ParsedIds = Extract<ParseResult, { kind: 'ids' }> & {
  /** Suspicious tokens sent as IDs because of --allow-suspicious. */
  allowedSuspicious: number;
};

export interface IdSource {
  ids?: string;
  idsFile?: string;
  csvColumn?: string;
}

export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

const INTERRUPTED = 'interrupted while reading the IDs; nothing was sent';

/** The IDs' text; `stop` (Ctrl-C) ends the reading with an InterruptedError. */
export async function readIdText(source: IdSource, stdin: InputStream, stderr: NodeJS.WritableStream, stop?: AbortSignal): Promise<string> {
  if (source.ids !== undefined) return source.ids;
  if (source.idsFile !== undefined) return readIdsFile(source.idsFile, stderr, stop);
  if (stdin.isTTY) return readFromTerminal(stdin, stderr);
  return decodeStream(stdin, 'standard input', stop);
}

async function readIdsFile(file: string, stderr: NodeJS.WritableStream, stop: AbortSignal | undefined): Promise<string> {
  const cannotRead = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    return new UsageError(`cannot read --ids-file ${file}${code ? ` (${code})` : ''}`);
  };
  let stream: NodeJS.ReadableStream;
  try {
    const stat = await fs.stat(file);
    if (stat.isFIFO()) {
      // A blocking open would hold a thread of the pool until a writer comes, and keep the process
      // alive even after process.exit; non-blocking, the wait is an ordinary socket read.
      stream = new Socket({ fd: openSync(file, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
      stderr.write(`Waiting for the IDs on the FIFO ${file} (Ctrl-C to stop)…\n`);
    } else {
      if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      const handle = await fs.open(file, 'r');
      stream = handle.createReadStream({ highWaterMark: 1 << 20 });
    }
  } catch (error) {
    throw cannotRead(error);
  }
  return decodeStream(stream, `--ids-file ${file}`, stop, cannotRead);
}

/** All bytes of `stream` as UTF-8 text: invalid UTF-8 is a usage error naming the line. */
function decodeStream(
  stream: NodeJS.ReadableStream,
  what: string,
  stop: AbortSignal | undefined,
  readError: (error: unknown) => Error = (error) => new UsageError(`cannot read ${what}: ${(error as Error).message}`),
): Promise<string> {
  return new Promise((resolve, reject) => {
    const decoder = new Utf8Decoder();
    const destroy = () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    const fail = (error: Error) => {
      stop?.removeEventListener('abort', onAbort);
      stream.removeListener('data', onData);
      destroy();
      reject(error);
    };
    const onAbort = () => fail(new InterruptedError(INTERRUPTED));
    const onData = (chunk: Buffer | string) => {
      try {
        decoder.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      } catch (error) {
        fail(error instanceof InvalidUtf8Error ? new UsageError(`${what} is ${error.message}; nothing was sent`) : (error as Error));
      }
    };
    if (stop?.aborted) return onAbort();
    stop?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.once('error', (error) => fail(readError(error)));
    stream.once('end', () => {
      stop?.removeEventListener('abort', onAbort);
      try {
        resolve(decoder.end());
      } catch (error) {
        reject(error instanceof InvalidUtf8Error ? new UsageError(`${what} is ${error.message}; nothing was sent`) : error);
      }
    });
  });
}

export interface ReadRules {
  csvColumn?: string;
  /** --allow-suspicious: tokens that do not look like IDs are sent as IDs. */
  allowSuspicious?: boolean;
  /** --yes: nothing guessed (a title line above a CSV header is refused). */
  yes?: boolean;
}

/** Shown per suspicious token in the refusal. */
const SUSPICIOUS_SHOWN = 20;

export function parseIdText(text: string, rules: ReadRules = {}): ParsedIds {
  const { csvColumn } = rules;
  const result = parseIds([text], csvColumn === undefined ? {} : { csvColumn });
  if (result.kind === 'needs-csv-column') {
    const headers = result.headers.map((h) => JSON.stringify(h)).join(', ');
    const hint = result.candidates.length > 0 ? ` (likely: ${result.candidates.map((h) => JSON.stringify(h)).join(', ')})` : '';
    const what = result.source === 'csv' ? 'a CSV table with the columns' : 'JSON lines of objects with the fields';
    throw new UsageError(
      csvColumn === undefined
        ? `the IDs are ${what} ${headers}${hint}: say which one holds the user IDs with --csv-column NAME`
        : `--csv-column ${JSON.stringify(csvColumn)} is not one of the ${result.source === 'csv' ? 'CSV columns' : 'fields'} ${headers}`,
    );
  }
  if (result.kind === 'refused') throw new UsageError(`cannot read the IDs safely: ${result.reason}. Nothing was sent`);
  if (rules.yes && result.guesses.length > 0) {
    throw new UsageError(
      `reading the IDs needs a guess (${result.guesses.join('; ')}); with --yes nothing is guessed: ` +
        'remove the title line(s), or name the ID column with --csv-column. Nothing was sent',
    );
  }
  let read = result;
  if (result.suspicious.length > 0) {
    if (!rules.allowSuspicious) throw new UsageError(suspiciousRefusal(result));
    read = withSuspicious(result, result.suspicious.map((s) => s.value));
  }
  if (read.ids.length === 0) {
    const why = read.rejected.length > 0 ? `: ${read.rejected.length} value(s) cannot be user IDs (e.g. ${read.rejected[0].reason})` : '';
    throw new UsageError(`no user IDs found in the input${why}`);
  }
  return { ...read, allowedSuspicious: result.suspicious.length };
}

function suspiciousRefusal(result: Extract<ParseResult, { kind: 'ids' }>): string {
  const shown = result.suspicious.slice(0, SUSPICIOUS_SHOWN).map((s) => `${JSON.stringify(s.value)} (${s.reason})`);
  const more = result.suspicious.length > SUSPICIOUS_SHOWN ? `, and ${result.suspicious.length - SUSPICIOUS_SHOWN} more` : '';
  return (
    `${result.suspicious.length} token(s) do not look like user IDs: ${shown.join(', ')}${more}. ` +
    'Nothing was sent. Give only the IDs (one per line, a CSV column or a JSON array), or add --allow-suspicious to send these as IDs too'
  );
}

/** Lines typed or pasted on a terminal until Ctrl-D; the terminal stays usable for the confirmation. */
function readFromTerminal(stdin: InputStream, stderr: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    // The interface first (raw mode), then the instructions: nothing typed meanwhile is lost.
    const rl = createInterface({ input: stdin, output: stderr, terminal: true, prompt: '' });
    let interrupted = false;
    rl.on('line', (line) => lines.push(line));
    // Readline ends on Ctrl-D on an empty line by itself, except on a "dumb" terminal (TERM=dumb):
    // seen before readline's own handler adds the character to the line.
    const onKey = (_text: string | undefined, key: { ctrl?: boolean; name?: string } | undefined) => {
      if (key?.ctrl && key.name === 'd' && rl.line === '') rl.close();
    };
    stdin.prependListener('keypress', onKey);
    rl.on('SIGINT', () => {
      interrupted = true;
      rl.close();
    });
    rl.on('close', () => {
      stdin.off('keypress', onKey);
      if (interrupted) reject(new InterruptedError(INTERRUPTED));
      else resolve(lines.join('\n'));
    });
    stderr.write('Type or paste the user IDs (one per line, CSV or a JSON array), then press Ctrl-D on an empty line:\n');
  });
}
