// The CLI's confirmation: on a terminal the engineer types the number of IDs; without a terminal
// nothing is sent unless --yes was given.
import { createInterface } from 'node:readline/promises';

export interface ConfirmIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export type ConfirmResult = 'confirmed' | 'declined' | 'no-terminal';

export async function confirmDeletion(summary: string, count: number, yes: boolean, io: ConfirmIo): Promise<ConfirmResult> {
  if (yes) return 'confirmed';
  if (!io.input.isTTY) return 'no-terminal';
  io.output.write(`${summary}\n`);
  const rl = createInterface({ input: io.input, output: io.output, terminal: true });
  try {
    const answer = await rl.question(`Type ${count} to delete ${count} ID(s), anything else to stop: `);
    return answer.trim() === String(count) ? 'confirmed' : 'declined';
  } finally {
    rl.close();
  }
}
