// Child-process entry (run in a fresh process per measurement, with --expose-gc): reads a
// selection file, then either parses it with parseIds or splits it on '\n', and prints time and
// memory: peak RSS of the whole process, RSS and heap before, heap still held by the result.
// Reading the file (bytes and string at once) can peak higher than the operation itself, so the
// peak is reset before the operation where Linux allows it (/proc/self/clear_refs), and the
// operation's peak is its own.
import '../lib/installVendors';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseIds } from '../../src/core/ids';

const [file, mode] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => bytes / (1024 * 1024);

/** Resets the process's peak RSS to its current RSS; false where the system does not allow it. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * The process's peak RSS in KB. After a reset, VmHWM (the memory map's own high-water mark, which
 * the reset clears) and not getrusage's maxRSS: that one also keeps the peak any exited thread saw,
 * so a thread ending after the file was read brought the file read's peak back (seen in a full run:
 * parse and split both "peaked" at the same 214 MB).
 */
function peakRssKb(reset: boolean): number {
  if (reset) {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  }
  return process.resourceUsage().maxRSS;
}

const text = readFileSync(file, 'utf8');
gc();
const peakReset = resetPeakRss();
const before = process.memoryUsage();
const peakBeforeKb = peakRssKb(peakReset);
const started = performance.now();
let count: number;
let kept: unknown;
if (mode === 'parse') {
  const result = parseIds([text]);
  if (result.kind !== 'ids') throw new Error(`expected IDs, got ${result.kind}`);
  count = result.ids.length;
  kept = result;
} else if (mode === 'split') {
  const lines = text.split('\n');
  count = lines.length;
  kept = lines;
} else {
  count = 0;
}
const ms = performance.now() - started;
const peakAfterKb = peakRssKb(peakReset);
gc();
const after = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    mode,
    count,
    ms,
    textMB: mb(Buffer.byteLength(text)),
    textBytes: Buffer.byteLength(text),
    /** false: the peak could not be reset after reading the file, so peakRssDeltaMB is an upper bound. */
    peakReset,
    rssBeforeMB: mb(before.rss),
    peakRssBeforeMB: peakBeforeKb / 1024,
    peakRssMB: peakAfterKb / 1024,
    /** Peak RSS during the operation above the RSS right before it. */
    peakRssDeltaMB: peakAfterKb / 1024 - mb(before.rss),
    heapBeforeMB: mb(before.heapUsed),
    /** Heap still used after a GC with the result alive: what the result holds. */
    heapHeldMB: mb(after.heapUsed - before.heapUsed),
    keptType: typeof kept,
  })}\n`,
);
