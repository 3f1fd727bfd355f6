// The unit project's jest runtime: jest-runtime, except that cdktf, constructs and the AWS provider bindings are loaded
// once per worker by Node itself, and shared by the test files the worker runs, instead of once per test file inside
// each file's sandbox.
//
// Why: jest gives every test file its own module registry, so each of the ~100 files that builds or reads a stack
// resolved, read, compiled and ran all of cdktf (its index loads every module, archiver and its streams among them)
// plus the provider classes it imports: about 8 s of the unit project's CPU, the largest cost after the tests' own work.
// Our own code (src/, .gen/, the tests) still loads per file in the sandbox, as before.
//
// What sharing means, and why it is safe here:
// - These packages keep little module state: cdktf's token map (global.__cdktfTokenMap, now the worker's global) and
//   its token counters. Tokens resolve within their own stack, so a stack's JSON does not depend on what other files
//   of the worker built; the tests compare JSON, never raw token strings. The map keeps the tokens of every file the
//   worker ran: a worker ends a run at about 280 MB of heap, below the 410 MB the per-file copies of the packages cost
//   (one process running all 114 files, `-w 1`: about 600 MB).
// - Objects from these packages come from the worker's realm, not the file's sandbox. jest's matchers compare such
//   values structurally (toEqual, toThrow, toMatch); src and the tests import the same shared classes, so instanceof
//   between them holds.
// - cdktf's jest adapter (Testing.setupJest, required by setup.js) extends the sandbox's `expect`, so it stays in the
//   sandbox; the matchers it calls are shared.
// - No test mocks these packages (no jest.mock anywhere), which sharing would defeat.
// - The sandbox's process.env is a copy: cdktf reads CDKTF_OUTDIR/CDKTF_CONTEXT_JSON from the worker's. The tests set
//   those only for the apps they spawn, never in-process.
// - setup.js trims stack capture of tokens and constructs in the sandbox (src/util/lean-stack-traces.ts); the same
//   trim applies here to the worker's realm, where the shared cdktf now creates them, unless STORMPROOF_DEBUG=1.
const { default: Runtime } = require('jest-runtime');
const { dirname, resolve, sep } = require('node:path');

const SHARED = /^(cdktf|constructs|@cdktf\/provider-aws)(\/|$)/;
const SANDBOXED = new Set(['cdktf/lib/testing/adapters/jest']);
const NODE_MODULES = `${sep}node_modules${sep}`;
const ADAPTER = `${sep}node_modules${sep}cdktf${sep}lib${sep}testing${sep}adapters${sep}`;

if (process.env.STORMPROOF_DEBUG !== '1') {
  // As src/util/lean-stack-traces.ts, for this realm: real Errors keep their stacks, nothing else captures one.
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = function captureErrorsOnly(target, below) {
    if (target instanceof Error) capture.call(Error, target, below);
  };
}

class SharedPackagesRuntime extends Runtime {
  requireModuleOrMock(from, moduleName) {
    // Our own modules asking for a shared package by its name.
    if (SHARED.test(moduleName) && !SANDBOXED.has(moduleName) && !from.includes(NODE_MODULES)) {
      return require(require.resolve(moduleName, { paths: [dirname(from)] }));
    }
    // The sandboxed jest adapter asking for cdktf's matchers and errors by a relative path.
    if (from.includes(ADAPTER) && moduleName.startsWith('.')) return require(resolve(dirname(from), moduleName));
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedPackagesRuntime;
