/** Unit tests (fast, no Terraform) and Terraform checks (real provider, moto) as two jest projects. */
// TypeScript reaches jest through esbuild (scripts/jest-esbuild.cjs): types are checked once by `tsc --noEmit`.
const esbuildTransform = '<rootDir>/scripts/jest-esbuild.cjs';
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': esbuildTransform },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
  // Where tests and the modules they import live: jest's file map crawls only these, not .scratch/ (Terraform work
  // dirs, ~33,000 files), .build/ or cdktf.out/ (about 1.3 s of each run's start).
  roots: ['<rootDir>/__tests__', '<rootDir>/src'],
};
// Workers, and the apps and tools the tests start, get a larger young generation: fewer scavenges of the short-lived
// objects synth makes (unit project 74 -> 70 s of CPU, 38 -> 36 s here). Synth alone gains nothing from it.
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? '')) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=64`.trim();

module.exports = {
  // jest's default on this 2-core machine is one worker (cores - 1): two halved the unit loop (61 s -> 40 s), and a
  // third keeps both cores busy while a file waits on the servers and apps it starts (the load test: 16 s): 40 -> 38 s.
  // The Terraform checks pass their own --maxWorkers (scripts/test.sh), since they mostly wait on providers.
  maxWorkers: 3,
  // jest's default of 5 s per test or hook would be a CPU budget for the tests that synthesize stacks (1-2 s alone): on a
  // CI machine with two other jobs on its two cores, each worker gets well under half a core. A real hang still fails.
  testTimeout: 30_000,
  // Longest file first, from jest's cache or, on a fresh clone, from measured durations (scripts/jest-sequencer.cjs).
  testSequencer: '<rootDir>/scripts/jest-sequencer.cjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/__tests__/terraform/'],
      // Every built-in profile synthesized once per source hash (__tests__/support/profiles.ts), for the files that read it.
      globalSetup: '<rootDir>/__tests__/support/profiles-setup.ts',
      // cdktf, constructs and the provider bindings loaded once per worker, not once per file (scripts/jest-runtime.cjs).
      runtime: '<rootDir>/scripts/jest-runtime.cjs',
    },
    { ...common, displayName: 'terraform', testMatch: ['<rootDir>/__tests__/terraform/**/*.test.ts'], globalSetup: '<rootDir>/__tests__/terraform/support/global-setup.ts' },
  ],
};
