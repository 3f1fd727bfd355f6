// The order jest starts test files in: longest first, so the longest file never starts last and holds the run up
// alone at the end. jest's own sequencer knows the durations only from its cache, and a fresh clone (CI) has none: it
// then orders by file size, which started the 9-line lifecycle-ecommerce.test.ts (the longest file, 400 s) last, after
// 450 s of the others, for 851 s in all instead of about the sum over the workers. Here a file's duration comes from
// jest's cache when it has one, else from EXPECTED below (seconds measured on the 2-core CI machine kind, four
// terraform workers side by side), else from its size as jest does.
const { relative, sep } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** Seconds each slow test file took in a loaded run (`npm test`'s slowest-steps report lists them); the rest are a few seconds. */
const EXPECTED = {
  '__tests__/terraform/lifecycle-ecommerce.test.ts': 500,
  '__tests__/terraform/lifecycle-dr.test.ts': 290,
  '__tests__/terraform/lifecycle-app-source.test.ts': 260,
  '__tests__/terraform/cdktn.test.ts': 180,
  '__tests__/terraform/cdktf-deploy.test.ts': 180,
  '__tests__/terraform/checkov.test.ts': 140,
  '__tests__/terraform/lifecycle-flaky-moto.test.ts': 135,
  '__tests__/terraform/validate-plan.test.ts': 130,
  '__tests__/terraform/lifecycle-ecommerce-eks.test.ts': 110,
  '__tests__/terraform/checkov-user-config.test.ts': 62,
  '__tests__/terraform/user-config-unit.test.ts': 60,
  '__tests__/main.test.ts': 12,
  '__tests__/tools/load-test/load-test.test.ts': 12,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const seconds = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached / 1000;
      const known = EXPECTED[relative(test.context.config.rootDir, test.path).split(sep).join('/')];
      // Unknown files: jest's own fallback, the bigger file first (a 10 kB file ranks as 1 s).
      return known ?? (test.context.hasteFS.getSize(test.path) ?? 0) / 10_000;
    };
    const keyed = tests.map((test) => ({ test, s: seconds(test) }));
    keyed.sort((a, b) => b.s - a.s);
    for (const { test, s } of keyed) test.duration = s * 1000;
    return keyed.map(({ test }) => test);
  }
}

module.exports = LongestFirst;
