// mocha's spec reporter plus one plain closing line "<label>: N passed, N failed", which
// scripts/run-all-tests.mjs (and CI) read. The label comes from TEST_SUMMARY_LABEL (default "unit").
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const label = process.env.TEST_SUMMARY_LABEL || 'unit';
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures } = runner.stats;
      process.stdout.write(`${label}: ${passes} passed, ${failures} failed\n`);
    });
  }
}

module.exports = SummaryReporter;
