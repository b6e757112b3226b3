// Where the IDs come from: --ids, --ids-file, or standard input (piped, or typed on a terminal and
// ended with Ctrl-D). They are read with the very rules of editor selections (parseIds).
import { promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseIds, type ParseResult } from '../core/ids';
import { UsageError } from './args';
import { InterruptedError } from './errors';

export type ParsedIds = Extract<ParseResult, { kind: 'ids' }>;

export interface IdSource {
  ids?: string;
  idsFile?: string;
  csvColumn?: string;
}

export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export async function readIdText(source: IdSource, stdin: InputStream, stderr: NodeJS.WritableStream): Promise<string> {
  if (source.ids !== undefined) return source.ids;
  if (source.idsFile !== undefined) {
    try {
      return await fs.readFile(source.idsFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read --ids-file ${source.idsFile}${code ? ` (${code})` : ''}`);
    }
  }
  return stdin.isTTY ? readFromTerminal(stdin, stderr) : readAll(stdin);
}

export function parseIdText(text: string, csvColumn: string | undefined): ParsedIds {
  const result = parseIds([text], csvColumn === undefined ? {} : { csvColumn });
  if (result.kind === 'needs-csv-column') {
    const headers = result.headers.map((h) => JSON.stringify(h)).join(', ');
    const hint = result.candidates.length > 0 ? ` (likely: ${result.candidates.map((h) => JSON.stringify(h)).join(', ')})` : '';
    throw new UsageError(
      csvColumn === undefined
        ? `the IDs are a CSV table with the columns ${headers}${hint}: say which one holds the user IDs with --csv-column NAME`
        : `--csv-column ${JSON.stringify(csvColumn)} is not one of the CSV columns ${headers}`,
    );
  }
  if (result.ids.length === 0) {
    const why = result.rejected.length > 0 ? `: ${result.rejected.length} value(s) cannot be user IDs (e.g. ${result.rejected[0].reason})` : '';
    throw new UsageError(`no user IDs found in the input${why}`);
  }
  return result;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks).toString('utf8');
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
      if (interrupted) reject(new InterruptedError('interrupted while reading the IDs; nothing was sent'));
      else resolve(lines.join('\n'));
    });
    stderr.write('Type or paste the user IDs (one per line, CSV or a JSON array), then press Ctrl-D on an empty line:\n');
  });
}
