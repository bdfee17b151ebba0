// Mocha's spec output, closed by one "TIER: N passed, N failed" line the tier runner adds up.
// Skipped tests are counted and fail the tier: a skip must never pass for a success.
'use strict';
const Mocha = require('mocha');

class TierReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const tier = (options.reporterOption && options.reporterOption.tier) || process.env.HELM_HOOKS_TIER || 'tests';
    runner.once('end', () => {
      const s = this.stats;
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      process.stdout.write(`\n${tier}: ${s.passes} passed, ${s.failures} failed${skipped}\n`);
      if (s.pending) process.exitCode = 1;
    });
  }
}

module.exports = TierReporter;
