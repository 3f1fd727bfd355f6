/**
 * Every command line README.md and `help` show, and how each is proven: RUN lines run as written in
 * __tests__/terraform/documented-commands.test.ts (a sandbox of the project, ~35 s, so outside the unit loop);
 * the others name the test that runs them, or why they need AWS. __tests__/config/commands.test.ts fails when a
 * documented line is not listed here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const help = readFileSync(join(root, 'help'), 'utf8');

/** Command lines as the docs show them: README ```sh blocks and inline `...` commands, help's command column. */
export function documented(): string[] {
  const lines = new Set<string>();
  for (const [, block] of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const l of block.split('\n')) {
      const c = l.split(/\s+#\s/)[0].trim();
      if (c) lines.add(c);
    }
  }
  // Inline commands in prose: those that set a variable or go through the cdktf CLI.
  for (const [, c] of readme.matchAll(/`((?:STORMPROOF_[A-Z_]+=[^\s`]+ )+[^`]+|npx cdktf [^`]*)`/g)) lines.add(c.trim());
  for (const l of help.split('\n')) {
    const m = /^ {4}(\S.*?)(?:\s{2,}|$)/.exec(l);
    if (m && /^(npm|npx|bash|cat|cd|STORMPROOF_PROFILES=)/.test(m[1])) lines.add(m[1]);
  }
  return [...lines];
}

/** How each line is proven: run here as written, or by the named test (which must exist), or why not. */

export const RUN = 'runs as written in __tests__/terraform/documented-commands.test.ts';
export const PROVEN: Record<string, string> = {
  'cat help': RUN,
  'npm run synth': RUN,
  'STORMPROOF_PROFILES=cafe npx cdktf synth': RUN,
  'STORMPROOF_BACKEND=s3 STORMPROOF_STATE_BUCKET=my-state npm run synth': RUN,
  'npm run config:init -- --extends cafe': RUN,
  'npm run config:show -- my-cafe': RUN,
  'npm run config:show -- <stack>': '__tests__/config/show.test.ts (and the RUN line npm run config:show -- my-cafe)',
  'npm run simulate -- cafe': RUN,
  'npm run simulate -- cafe --traffic tv-evening --json': RUN,
  'npm run drill -- exercise az-outage': RUN,
  'STORMPROOF_CONFIG=my.json STORMPROOF_PROFILES=my-cafe npx cdktf synth': RUN,
  'bash scripts/setup.sh': '.ci/run (a fresh clone runs exactly this)',
  'npm test': '.ci/run',
  'STORMPROOF_SKIP_TERRAFORM=1 npm test': 'the unit project of npm test (.ci/run runs all of it)',
  'npm run test:unit': '.ci/run (npm test runs the unit project)',
  'npm run typecheck': '.ci/run (npm test type-checks first)',
  'npx cdktf diff cafe': 'needs terraform plan: __tests__/terraform/cdktf-deploy.test.ts runs the cdktf CLI on cafe',
  'STORMPROOF_PROFILES=cafe npx cdktf diff cafe': 'needs terraform plan: __tests__/terraform/cdktf-deploy.test.ts',
  'npx cdktf deploy cafe --skip-provider-lock': '__tests__/terraform/cdktf-deploy.test.ts',
  'npx cdktf diff <profile>': '__tests__/terraform/cdktf-deploy.test.ts',
  'npx cdktf deploy <profile> --skip-provider-lock': '__tests__/terraform/cdktf-deploy.test.ts',
  'npx cdktf destroy <profile>': '__tests__/terraform/cdktf-deploy.test.ts',
  'cd cdktf.out/stacks/<profile> && terraform init && terraform plan': '__tests__/terraform/validate-plan.test.ts',
  'STORMPROOF_BOOTSTRAP=1 STORMPROOF_GITHUB_REPOSITORY=acme/stormproof npx cdktf deploy bootstrap --skip-provider-lock': 'needs AWS; the synth with these variables is planned by the terraform project (global-setup.ts)',
  'npm run deliverables': '__tests__/tools/deliverables',
  'npm run deliverables -- cafe --state terraform.tfstate --plan plan.json --compare cafe': '__tests__/tools/deliverables',
  'npm run deliverables -- --readme': '__tests__/tools/deliverables',
  'npm run bluegreen -- fastier-beanstalk swap': '__tests__/tools/bluegreen',
  'npm run bluegreen -- <stack> status|deploy|swap [--version <label>] [--run]': '__tests__/tools/bluegreen',
  'npm run cost': '__tests__/tools/cost',
  'npm run cost -- cafe --free-tier': '__tests__/tools/cost/free-tier.test.ts',
  'npm run --silent cost -- cafe --write-usage > usage.yml': '__tests__/tools/cost/usage-file.test.ts (the defaults round-trip)',
  'npm run cost -- cafe --usage usage.yml': '__tests__/tools/cost/usage-file.test.ts',
  'npm run --silent cost -- --json > old.json': '__tests__/tools/cost/infracost-json.test.ts',
  'npm run cost -- --diff old.json': '__tests__/tools/cost/diff.test.ts',
  'npm run cost -- <stack> [--usage usage.yml] [--write-usage] [--free-tier] [--diff old.json]': '__tests__/tools/cost',
  'npm run bench': 'a benchmark (minutes), run by hand',
  'npm run bench:config': 'a benchmark, run by hand',
  'npm run bench:terraform': 'a benchmark (minutes), run by hand',
  'bash scripts/bench-loaded-ci.sh [runs] [hogs]': 'a benchmark (an hour: three fresh-clone CI runs under load), run by hand',
  'npm run simulate -- cafe --fail az:1@150 --svg': '__tests__/tools/simulate',
  'npm run simulate -- ecommerce --traffic black-friday --capacity 40 --share web=0.6,api=0.4': '__tests__/tools/simulate',
  'npm run simulate -- lab --traffic my-logs.csv': 'needs the user\'s CSV: __tests__/tools/simulate',
  'npm run simulate -- <stack> [--traffic tv-evening|black-friday|flash-sale|file.csv] [--json] [--svg]': '__tests__/tools/simulate',
  'npm run load-test -- --url "$(terraform -chdir=cdktf.out/stacks/cafe output -raw site_url)" --stack cafe --svg': 'needs a deployed stack: __tests__/tools/load-test',
  'npm run load-test -- --local 3 --seconds 20': '__tests__/tools/load-test',
  'npm run load-test -- --url <site> | --local <n> [--profile spike|steady] [--json] [--svg]': '__tests__/tools/load-test',
  'npm run drill -- <stack> <terminate-instances|az-outage|db-failover|cache-failover>': '__tests__/stacks/tiers/drills.test.ts',
  'npm run drill -- <stack> region-failover': '__tests__/tools/drill/region-failover.test.ts',
  'npm run drill -- ecommerce region-failover': '__tests__/tools/drill/region-failover.test.ts (planRegionFailover on the synthesized ecommerce, as the command prints it)',
  'npm run config:schema': '__tests__/config/schema.test.ts (config:schema --check)',
  'bash scripts/ci/plan.sh <stack>': '__tests__/ci',
  'bash scripts/ci/release-fleets.sh <stack> [--wait] [--dry-run]': 'needs AWS (instance refresh): __tests__/ci/scripts.test.ts with a stubbed aws, __tests__/terraform/lifecycle-ecommerce.test.ts (the release on the applied shop)',
  'bash scripts/release-app.sh <profile> <service>': 'needs AWS (CodePipeline)',
  'npx cdktf destroy cafe': '__tests__/terraform/cdktf-deploy.test.ts',
  'STORMPROOF_BOOTSTRAP=1 ... npx cdktf deploy bootstrap --skip-provider-lock': 'the bootstrap line above, abbreviated (needs AWS)',
  'STORMPROOF_BOOTSTRAP=1 ... npx cdktn deploy bootstrap --skip-provider-lock': '__tests__/terraform/cdktn.test.ts (synth of bootstrap on cdktn; the deploy needs AWS)',
  'STORMPROOF_PROFILES=cafe npx cdktn synth': '__tests__/terraform/cdktn.test.ts (cdktn synth of every stack)',
  'npm run check:cdktn': '__tests__/terraform/cdktn.test.ts',
  'npx cdktn synth|diff|deploy|destroy ...': '__tests__/terraform/cdktn.test.ts',
  'npm run get': 'cdktf get: nothing to generate (no providers listed in cdktf.json)',
};

