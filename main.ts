import { App } from 'cdktf';
import { selectProfiles } from './src/config/profiles';
import { PlatformStack } from './src/stacks/platform-stack';

// One stack per profile. Pick profiles with STORMPROOF_PROFILES=cafe,lab or `-c profiles=cafe`
// (cdktf context); all profiles are synthesized when neither is set.
const app = new App();
const fromContext = app.node.tryGetContext('profiles') as string | undefined;
for (const profile of selectProfiles(process.env.STORMPROOF_PROFILES || fromContext)) {
  new PlatformStack(app, profile.name, { profile });
}
app.synth();
