// Progress on standard error: a live bar on a terminal, otherwise a line every few seconds.
import type { JobState } from '../core/job';
import { escapeControls } from '../core/shownText';

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const LINE_INTERVAL_MS = 5000;
const BAR_INTERVAL_MS = 100;

export class ProgressReporter {
  private timer: NodeJS.Timeout | undefined;
  private lastLine = '';

  constructor(
    private readonly job: JobState,
    private readonly out: ProgressOutput,
    private readonly label: string,
  ) {
    this.label = escapeControls(label);
  }

  start(): void {
    const interval = this.out.isTTY ? BAR_INTERVAL_MS : LINE_INTERVAL_MS;
    this.timer = setInterval(() => this.render(), interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.render();
    if (this.out.isTTY) this.out.write('\n');
  }

  private render(): void {
    const counts = this.job.counts();
    const total = this.job.targets.reduce((n, t) => n + t.size, 0);
    const waiting = counts.planned + counts.sending;
    const finished = total - waiting;
    const text = `${this.label}: ${finished}/${total} answered (${counts.accepted + counts.done} accepted, ${counts.failed} failed, ${counts['not-found']} not found, ${counts.sending} in flight)`;
    if (this.out.isTTY) {
      const width = 24;
      const filled = total === 0 ? width : Math.round((finished / total) * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}`;
      this.out.write(`\r${line.slice(0, (this.out.columns ?? 120) - 1).padEnd(this.lastLine.length)}`);
      this.lastLine = line;
    } else if (text !== this.lastLine) {
      this.out.write(`${text}\n`);
      this.lastLine = text;
    }
  }
}
