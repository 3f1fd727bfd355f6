import { App } from 'cdktf';
import { leanStackTraces } from './src/util/lean-stack-traces';
import { selectProfiles } from './src/config/profiles';
import { PlatformStack } from './src/stacks/platform-stack';
import { BootstrapStack } from './src/stacks/bootstrap-stack';
import { resolveBackend, STATE_BUCKET_DEFAULTS } from './src/config/backend';

// One stack per profile. Pick profiles with STORMPROOF_PROFILES=cafe,lab or `-c profiles=cafe`
// (cdktf context); all profiles are synthesized when neither is set.
leanStackTraces();
const app = new App();
const fromContext = app.node.tryGetContext('profiles') as string | undefined;
for (const profile of selectProfiles(process.env.STORMPROOF_PROFILES || fromContext)) {
  new PlatformStack(app, profile.name, { profile: { ...profile, backend: resolveBackend(profile.backend) } });
}
// The state bucket for S3 backends, applied once with local state: STORMPROOF_BOOTSTRAP=1 (or `-c bootstrap=true`)
// adds the `bootstrap` stack (bucket from STORMPROOF_STATE_BUCKET, default stormproof-terraform-state).
if (process.env.STORMPROOF_BOOTSTRAP === '1' || String(app.node.tryGetContext('bootstrap')) === 'true') {
  new BootstrapStack(app, 'bootstrap', {
    bucket: process.env.STORMPROOF_STATE_BUCKET || STATE_BUCKET_DEFAULTS.bucket,
    region: process.env.STORMPROOF_STATE_REGION || STATE_BUCKET_DEFAULTS.region,
    tags: { Project: 'stormproof', ManagedBy: 'stormproof-cdktf', Purpose: 'terraform-state' },
  });
}
app.synth();
