// Child-process entry of bench/cli-throughput.ts --bare: a client that does nothing per call but
// what a journal needs, against the same fakes as the CLI. Every request is built before the
// clock starts; then `inFlight` loops each write the call's intent line (O_DSYNC append, lines of
// calls that meet share one write, as the CLI's group commit does), send the request with undici
// and read the answer's status. The answer's line goes with the next write. Nothing is parsed,
// checked, split, retried, paced or reported. The ratio it reaches is this machine's floor for a
// journal-on row: what the CLI adds is the gap between the two.
//
//   node --import tsx bench/bareClient.ts PLAN.json   (PLAN: BarePlan; prints { answeredIds, statuses })
import { constants, promises as fs, readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

export interface BareCall {
  method: 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body: string;
  /** IDs the call carries. */
  ids: number;
}

export interface BarePlan {
  inFlight: number;
  journal: string;
  calls: BareCall[];
}

/** Appends lines durably; lines queued while a write runs go together in the next one. */
class GroupAppend {
  private queued: string[] = [];
  private waiting: Array<() => void> = [];
  private running = false;

  constructor(private readonly handle: fs.FileHandle) {}

  /** Resolves once `line` is on disk; `later` lines are written along but not waited for. */
  append(line: string, later = false): Promise<void> {
    this.queued.push(line);
    const done = later ? Promise.resolve() : new Promise<void>((resolve) => this.waiting.push(resolve));
    if (!later && !this.running) void this.run();
    return done;
  }

  async run(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      const lines = this.queued;
      const waiting = this.waiting;
      this.queued = [];
      this.waiting = [];
      await this.handle.write(lines.join(''));
      for (const resolve of waiting) resolve();
    }
    this.running = false;
  }
}

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as BarePlan;
  const handle = await fs.open(plan.journal, constants.O_CREAT | constants.O_APPEND | constants.O_WRONLY | constants.O_DSYNC, 0o600);
  const journal = new GroupAppend(handle);
  const dispatcher = new Agent({ connections: plan.inFlight, pipelining: 1 });
  const statuses: Record<number, number> = {};
  let next = 0;
  let answeredIds = 0;
  const loop = async (): Promise<void> => {
    for (let k = next++; k < plan.calls.length; k = next++) {
      const call = plan.calls[k];
      await journal.append(`{"t":"s","call":${k},"r":"sending","at":${Date.now()}}\n`);
      const answer = await request(call.url, { method: call.method, headers: call.headers, body: call.body, dispatcher });
      await answer.body.text();
      statuses[answer.statusCode] = (statuses[answer.statusCode] ?? 0) + 1;
      if (answer.statusCode === 200) answeredIds += call.ids;
      void journal.append(`{"t":"s","call":${k},"r":"answered","status":${answer.statusCode},"at":${Date.now()}}\n`, true);
    }
  };
  await Promise.all(Array.from({ length: plan.inFlight }, loop));
  await journal.append('', false);
  await handle.close();
  await dispatcher.close();
  process.stdout.write(`${JSON.stringify({ answeredIds, statuses })}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
