// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...) to expect.
const { Testing } = require('cdktf');
Testing.setupJest();
