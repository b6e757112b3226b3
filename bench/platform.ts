// What this machine charges every call of a journal-on row, whatever the client: a durable append
// (`O_DSYNC`, the way the journal writes an intent) and a loopback round trip to another process
// that has been idle for as long as a vendor call lasts. Not part of `npm run bench`: a quick
// check of the machine, to read beside the floor (`cliFloor[]`).
//
//   npx tsx bench/platform.ts [--idle 50] [--rounds 200]
import { fork } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { idle: { type: 'string', default: '50' }, rounds: { type: 'string', default: '200' }, serve: { type: 'boolean', default: false } } });
const IDLE_MS = Number(values.idle);
const ROUNDS = Number(values.rounds);

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Echo server in a child process: answers each byte at once. */
function serve(): void {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (data) => socket.write(data));
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as net.AddressInfo).port));
}

/** Round trips to the echo process, each after `idleMs` of silence; the medians of the trip. */
async function roundTrips(port: number, idleMs: number): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once('connect', resolve));
  const trips: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await sleep(idleMs);
    const started = performance.now();
    socket.write('x');
    await new Promise((resolve) => socket.once('data', resolve));
    trips.push(performance.now() - started);
  }
  socket.destroy();
  return median(trips);
}

/** `O_DSYNC` appends of a journal-sized line (221 bytes), each after `idleMs`; the median. */
async function durableAppends(idleMs: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-platform-'));
  const fd = openSync(path.join(dir, 'journal.jsonl'), constants.O_CREAT | constants.O_APPEND | constants.O_WRONLY | constants.O_DSYNC, 0o600);
  const line = `${'x'.repeat(220)}\n`;
  const writes: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      await sleep(idleMs);
      const started = performance.now();
      writeSync(fd, line);
      writes.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return median(writes);
}

async function main(): Promise<void> {
  const child = fork(__filename, ['--serve'], { execArgv: process.execArgv });
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(Number(p))));
    const awake = await roundTrips(port, 1);
    const idle = await roundTrips(port, IDLE_MS);
    const append = await durableAppends(5);
    console.log(`loopback round trip to another process, median of ${ROUNDS}: ${awake.toFixed(3)} ms after 1 ms idle, ${idle.toFixed(3)} ms after ${IDLE_MS} ms idle`);
    console.log(`O_DSYNC append of a 221-byte line in ${os.tmpdir()}, median of ${ROUNDS}: ${append.toFixed(3)} ms`);
  } finally {
    child.kill();
  }
}

if (values.serve) serve();
else void main();
