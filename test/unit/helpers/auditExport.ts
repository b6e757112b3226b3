// The whole audit export as one string, for assertions (the product writes files: exportAuditFile).
import { writeAuditExport, type AuditExportOptions, type AuditFormat } from '../../../src/core/export';
import type { JobState } from '../../../src/core/job';

export async function auditExportText(jobs: readonly JobState[], format: AuditFormat, options: AuditExportOptions = {}): Promise<string> {
  const chunks: string[] = [];
  await writeAuditExport(jobs, format, (chunk) => void chunks.push(chunk), options);
  return chunks.join('');
}
