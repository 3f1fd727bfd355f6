import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App } from 'cdktf';
import { leanStackTraces } from './src/util/lean-stack-traces';
import { loadStacks } from './src/config/load';
import { refuse } from './src/config/refusal';
import { PlatformStack } from './src/stacks/platform-stack';
import { BootstrapStack } from './src/stacks/bootstrap-stack';
import { resolveBackend, STATE_BUCKET_DEFAULTS } from './src/config/backend';
import { stackNeeds } from './src/constructs/delivery/stack-services';
import { stackTypes } from './src/stacks/stack-types';
import { RenderError, startRendering, workerBeside } from './src/k8s/parallel-render';

// One stack per stack of stormproof.config.json (or the file STORMPROOF_CONFIG names; `none` ignores any file),
// else one per built-in profile. Pick some with STORMPROOF_PROFILES=cafe,lab (a built-in profile name works with
// a config file too); all by default. The cdktf CLI 0.21 has no `-c` flag: its context reaches the app only
// through the CDKTF_CONTEXT_JSON environment variable (keys config, profiles, bootstrap, githubRepository).
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
  // The state bucket for S3 backends, applied once with local state: STORMPROOF_BOOTSTRAP=1 (or "bootstrap": "true" in cdktf.json's context)
  // adds the `bootstrap` stack (bucket from STORMPROOF_STATE_BUCKET, default stormproof-terraform-state).
  if (process.env.STORMPROOF_BOOTSTRAP === '1' || String(context('bootstrap')) === 'true') {
    const githubRepository = process.env.STORMPROOF_GITHUB_REPOSITORY || context('githubRepository');
    if (!githubRepository) {
      process.stderr.write('bootstrap: no GitHub OIDC roles (set STORMPROOF_GITHUB_REPOSITORY=owner/repo to create the plan and apply roles the workflow needs)\n');
    }
    new BootstrapStack(app, 'bootstrap', {
      bucket: process.env.STORMPROOF_STATE_BUCKET || STATE_BUCKET_DEFAULTS.bucket,
      region: process.env.STORMPROOF_STATE_REGION || STATE_BUCKET_DEFAULTS.region,
      tags: { Project: 'stormproof', ManagedBy: 'stormproof-cdktf', Purpose: 'terraform-state' },
      // GitHub Actions OIDC roles for the repository named by STORMPROOF_GITHUB_REPOSITORY (or "githubRepository" in cdktf.json's context);
      // the apply role may manage the IAM names of the stacks synthesized with it (`<project>-*`).
      github: githubRepository
        ? {
            repository: githubRepository,
            // Production stacks apply in `production` (required reviewers); the others in `staging`, without waiting.
            environments: ['production', 'staging'],
            stateKeyPrefix: process.env.STORMPROOF_STATE_PREFIX || STATE_BUCKET_DEFAULTS.keyPrefix,
            resourcePrefixes: [...new Set(profiles.map((p) => p.project))],
            // The boundary allows the services these stacks' resource and data source types use, and no others.
            needs: stackNeeds(stacks.map(stackTypes)),
          }
        : undefined,
    });
  }
  // Stacks with compute "eks" also get their Kubernetes manifests (cdktf.out/k8s/<stack>/*.yaml): rendered on a second
  // thread while the stacks synthesize, with the bundle (src/k8s/parallel-render.ts); here, one by one, without it.
  const collectManifests = startRendering(
    stacks.filter((s) => s.eks).map((s) => ({ stack: s.node.id, values: s.eks!.manifestValues() })),
    workerBeside(__dirname),
    (job) => {
      current = [job.stack];
      return stacks.find((s) => s.node.id === job.stack)!.manifests();
    },
  );
  app.synth();
  // One line per stack written: where, and how many resources (nothing else on success).
  for (const stack of [...stacks.map((s) => s.node.id), ...(app.node.tryFindChild('bootstrap') ? ['bootstrap'] : [])]) {
    const file = join(app.outdir, 'stacks', stack, 'cdk.tf.json');
    const resources = Object.values((JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, object> }).resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const shown = relative(process.cwd(), file);
    process.stdout.write(`${shown.startsWith('..') ? file : shown}: ${resources} resources\n`);
  }
  for (const { stack, files } of collectManifests()) {
    current = [stack];
    if (Object.keys(files).length === 0) continue;
    const dir = join(app.outdir, 'k8s', stack);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, yaml] of Object.entries(files)) writeFileSync(join(dir, file), yaml);
  }
} catch (error) {
  if (error instanceof RenderError && error.stackName) current = [error.stackName];
  // Only the problems, exit 1, and no output left for a refused stack (STORMPROOF_DEBUG=1 adds the trace).
  refuse(error, app.outdir, current);
}
