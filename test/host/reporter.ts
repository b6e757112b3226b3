// A plain-text mocha reporter (spec-like, no colours) that hands each line to a writer, so the
// host runner can send it both to a log file and to the console. Its last line is the summary
// the harness reads: `host-summary {"passed":N,"failed":N,"pending":N}`.
import Mocha from 'mocha';

const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } =
  Mocha.Runner.constants;

// Read by scripts/vscode-host/run-suite.mjs; keep the two in sync.
export const SUMMARY_PREFIX = 'host-summary ';

export function hostReporter(write: (line: string) => void): typeof Mocha.reporters.Base {
  return class HostReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      const failures: { title: string; error: unknown }[] = [];
      const indent = (runnable: Mocha.Runnable | Mocha.Suite) => '  '.repeat(depth(runnable));

      runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
        if (!suite.root) write(`${indent(suite)}${suite.title}`);
      });
      runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
        write(`${indent(test)}✓ ${test.title} (${test.duration ?? 0} ms)`);
      });
      runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
        write(`${indent(test)}- ${test.title} (pending)`);
      });
      runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: unknown) => {
        failures.push({ title: test.fullTitle(), error });
        write(`${indent(test)}✗ ${failures.length}) ${test.title}`);
      });
      runner.once(EVENT_RUN_END, () => {
        const stats = this.stats;
        write('');
        const seconds = ((stats.duration ?? 0) / 1000).toFixed(1);
        write(`${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending (${seconds} s)`);
        failures.forEach(({ title, error }, index) => {
          write('');
          write(`${index + 1}) ${title}`);
          for (const line of describeError(error).split('\n')) write(`   ${line}`);
        });
        const summary = { passed: stats.passes, failed: stats.failures, pending: stats.pending };
        write(`${SUMMARY_PREFIX}${JSON.stringify(summary)}`);
      });
    }
  };
}

/** How many named suites enclose it (the root suite has no title and does not count). */
function depth(runnable: Mocha.Runnable | Mocha.Suite): number {
  let level = 0;
  for (let parent = runnable.parent; parent && !parent.root; parent = parent.parent) level++;
  return level;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
