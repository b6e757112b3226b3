// When the journal is rewritten as one snapshot per job: once the file is at least `minBytes` and
// more than `ratio` times its live content. The one place these thresholds are read.

export const COMPACT_MIN_BYTES = 1024 * 1024;
export const COMPACT_RATIO = 2;

export interface CompactionThresholds {
  /** Compaction is considered once the file is at least this large (default 1 MiB)... */
  compactMinBytes?: number;
  /** ...and larger than this many times its live content (default 2). */
  compactRatio?: number;
}

export class CompactionPolicy {
  private readonly minBytes: number;
  private readonly ratio: number;

  constructor(thresholds: CompactionThresholds) {
    this.minBytes = thresholds.compactMinBytes ?? COMPACT_MIN_BYTES;
    this.ratio = thresholds.compactRatio ?? COMPACT_RATIO;
  }

  /** The file size at which to look again, for a file whose live content is `liveBytes`. */
  nextCheck(liveBytes: number): number {
    return Math.max(this.minBytes, this.ratio * liveBytes);
  }

  /** Whether a file of `fileBytes` holding `liveBytes` of live content is worth rewriting. */
  worthCompacting(fileBytes: number, liveBytes: number): boolean {
    return fileBytes > this.ratio * liveBytes;
  }

  /** The size at which to look again after a check found the file not worth rewriting. */
  nextCheckAfterDeclined(fileBytes: number, liveBytes: number): number {
    return fileBytes + Math.max(this.minBytes, liveBytes);
  }
}
