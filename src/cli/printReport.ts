// The report on standard output: exactly one JSON object with --json, else the human summary.
import type { JobState } from '../core/job';
import type { CliOutput } from './output';
import { formatHuman, jsonReportChunks, type CliReport } from './report';

export async function printReport(report: CliReport, jobs: readonly JobState[], json: boolean, output: CliOutput, notes: readonly string[] = []): Promise<void> {
  if (json) await output.outLines(jsonReportChunks(report));
  else await output.out(formatHuman(report, jobs, notes));
}
