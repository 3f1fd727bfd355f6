import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { leanStackTraces } from './src/util/lean-stack-traces';
import { loadStacks } from './src/config/load';
import { refuse } from './src/config/refusal';
import { PlatformStack } from './src/stacks/platform-stack';
import { BootstrapStack } from './src/stacks/bootstrap-stack';
import { resolveBackend, STATE_BUCKET_DEFAULTS } from './src/config/backend';

// One stack per stack of stormproof.config.json (or STORMPROOF_CONFIG / `-c config=<path>`), else one per
// built-in profile. Pick some with STORMPROOF_PROFILES=cafe,lab or `-c profiles=cafe`; all by default.
leanStackTraces();
const app = new App();
const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
let current: string[] = [];
try {
  const profiles = loadStacks({
    configPath: process.env.STORMPROOF_CONFIG || context('config'),
    selection: process.env.STORMPROOF_PROFILES || context('profiles'),
  });
  const stacks: PlatformStack[] = [];
  for (const profile of profiles) {
    current = [profile.name];
    stacks.push(new PlatformStack(app, profile.name, { profile: { ...profile, backend: resolveBackend(profile.backend) } }));
  }
  current = [];
  // The state bucket for S3 backends, applied once with local state: STORMPROOF_BOOTSTRAP=1 (or `-c bootstrap=true`)
  // adds the `bootstrap` stack (bucket from STORMPROOF_STATE_BUCKET, default stormproof-terraform-state).
  if (process.env.STORMPROOF_BOOTSTRAP === '1' || String(context('bootstrap')) === 'true') {
    const githubRepository = process.env.STORMPROOF_GITHUB_REPOSITORY || context('githubRepository');
    new BootstrapStack(app, 'bootstrap', {
      bucket: process.env.STORMPROOF_STATE_BUCKET || STATE_BUCKET_DEFAULTS.bucket,
      region: process.env.STORMPROOF_STATE_REGION || STATE_BUCKET_DEFAULTS.region,
      tags: { Project: 'stormproof', ManagedBy: 'stormproof-cdktf', Purpose: 'terraform-state' },
      // GitHub Actions OIDC roles for the repository named by STORMPROOF_GITHUB_REPOSITORY (or `-c githubRepository=o/r`);
      // the apply role may manage the IAM names of the stacks synthesized with it (`<project>-*`).
      github: githubRepository
        ? {
            repository: githubRepository,
            stateKeyPrefix: process.env.STORMPROOF_STATE_PREFIX || STATE_BUCKET_DEFAULTS.keyPrefix,
            resourcePrefixes: [...new Set(profiles.map((p) => p.project))],
          }
        : undefined,
    });
  }
  app.synth();
  // Stacks with compute "eks" also get their Kubernetes manifests beside them: cdktf.out/k8s/<stack>/*.yaml.
  for (const stack of stacks) {
    current = [stack.node.id];
    const manifests = stack.manifests();
    if (Object.keys(manifests).length === 0) continue;
    const dir = join(app.outdir, 'k8s', stack.node.id);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, yaml] of Object.entries(manifests)) writeFileSync(join(dir, file), yaml);
  }
} catch (error) {
  // Only the problems, exit 1, and no output left for a refused stack (STORMPROOF_DEBUG=1 adds the trace).
  refuse(error, app.outdir, current);
}
