// `npm run bench:table`: writes the table of every issue-14 figure into README.md (between its
// markers) from bench/results.json, so the published table is the last run's, never typed in.
//
//   npx tsx bench/readmeTable.ts [results.json] [--write]   (without --write: print it)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './lib/child';
import { issueTable, withTable } from './lib/issueTable';
import type { BenchResults } from './report';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? path.join(__dirname, 'results.json');
const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchResults) : undefined;
if (!results) process.stderr.write(`${path.relative(process.cwd(), file)} not found: every figure is "not measured"\n`);
const table = issueTable(results);
if (args.includes('--write')) {
  const readme = path.join(REPO_ROOT, 'README.md');
  writeFileSync(readme, withTable(readFileSync(readme, 'utf8'), table));
  process.stderr.write(`README.md: bench table written from ${results ? path.relative(process.cwd(), file) : 'no results'}\n`);
} else {
  process.stdout.write(`${table}\n`);
}
