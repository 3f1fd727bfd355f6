// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...) to expect.
const { Testing } = require('cdktf');
Testing.setupJest();

// The suites check the built-in profiles: a stormproof.config.json the user keeps at the project root must not
// change what they synthesize. Tests that exercise a config file name it (STORMPROOF_CONFIG=<path>); the app's
// children inherit this.
if (process.env.STORMPROOF_CONFIG === undefined || process.env.STORMPROOF_CONFIG === '') process.env.STORMPROOF_CONFIG = 'none';
