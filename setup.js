// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...) to expect: what
// Testing.setupJest() runs, required from its own module so that test files that build no stack never load all of
// cdktf (~0.1 s of CPU for each of them).
require('cdktf/lib/testing/adapters/jest').setupJest();

// The suites check the built-in profiles: a stormproof.config.json the user keeps at the project root must not
// change what they synthesize. Tests that exercise a config file name it (STORMPROOF_CONFIG=<path>); the app's
// children inherit this.
if (process.env.STORMPROOF_CONFIG === undefined || process.env.STORMPROOF_CONFIG === '') process.env.STORMPROOF_CONFIG = 'none';

// cdktf captures a full stack trace for every token and construct it creates, to print if the token later fails to
// resolve; under jest each one is also source-mapped, which made building a stack several times slower here than in
// `npm run synth`. The tests skip that capture as main.ts does (errors keep their stacks; STORMPROOF_DEBUG=1 keeps all).
require('./src/util/lean-stack-traces').leanStackTraces();
