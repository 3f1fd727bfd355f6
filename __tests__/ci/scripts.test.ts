/** The workflow's plan summary and the demo app's release bundle, run as CI and people run them. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_APP_PY } from '../../src/assets/demo-app';
import { demoBundleFiles } from '../../src/constructs/compute/beanstalk/beanstalk-bundle';

const root = resolve(__dirname, '../..');
const tmp = join(root, '.scratch', 'tmp', 'ci-scripts-test');
beforeAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
});
const node = (...args: string[]) => spawnSync('node', args, { cwd: root, encoding: 'utf8' });

describe('scripts/ci/release-fleets.sh (terraform and aws stubbed: what it reads, decides and sends)', () => {
  const request = (version: string) => ({
    AutoScalingGroupName: 'shop-production-web',
    Strategy: 'Rolling',
    DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: version } },
    Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200, SkipMatching: true, AutoRollback: true, AlarmSpecification: { Alarms: ['a-5xx', 'a-unhealthy'] } },
  });
  /** Runs the script with `terraform output -json` answering `outputs` and the group on launch template version `current`. */
  const release = (outputs: object, current: string, ...args: string[]) => {
    const bin = join(tmp, 'release-bin');
    mkdirSync(bin, { recursive: true });
    const calls = join(tmp, 'aws-calls.log');
    rmSync(calls, { force: true });
    writeFileSync(join(tmp, 'outputs.json'), JSON.stringify(outputs));
    writeFileSync(join(bin, 'terraform'), `#!/bin/bash\ncat ${join(tmp, 'outputs.json')}\n`);
    writeFileSync(join(bin, 'aws'), [
      '#!/bin/bash',
      `printf '%s\\n' "$*" >> ${calls}`,
      'case "$2" in',
      `  describe-auto-scaling-groups) echo ${current} ;;`,
      '  describe-instance-refreshes) echo None ;;',
      '  start-instance-refresh) echo refresh-1 ;;',
      'esac',
    ].join('\n'));
    chmodSync(join(bin, 'terraform'), 0o755);
    chmodSync(join(bin, 'aws'), 0o755);
    const r = spawnSync('bash', ['scripts/ci/release-fleets.sh', 'shop', '--dir', tmp, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    return { ...r, calls: existsSync(calls) ? readFileSync(calls, 'utf8') : '' };
  };

  test('a stack without blue-green EC2 services has nothing to roll', () => {
    const r = release({ alerts_topic_arn: { value: 'arn' } }, '1');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('shop has no blue-green EC2 service; nothing to roll');
    expect(r.calls).toBe('');
  });

  test('a group already on the newest version is left alone (re-running is safe)', () => {
    const r = release({ fleet_releases: { value: { web: request('3') } } }, '3');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('web (shop-production-web) already runs launch template version 3');
    expect(r.calls).not.toContain('start-instance-refresh');
  });

  test('--dry-run prints the request and starts nothing', () => {
    const r = release({ fleet_releases: { value: { web: request('4') } } }, '3', '--dry-run');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('web (shop-production-web) would roll from launch template version 3 to 4:');
    expect(r.calls).not.toContain('start-instance-refresh');
  });

  test('a new version starts one refresh whose input is exactly the stack output (desired configuration, rollback alarms)', () => {
    const r = release({ fleet_releases: { value: { web: request('4') } } }, '3');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('instance refresh refresh-1 rolls launch template version 3 -> 4 (rolls back on a-5xx, a-unhealthy)');
    const start = r.calls.split('\n').find((l) => l.startsWith('autoscaling start-instance-refresh'))!;
    expect(JSON.parse(start.replace('autoscaling start-instance-refresh --cli-input-json ', '').replace(/ --query .*$/, ''))).toEqual(request('4'));
  });

  test('refuses an unknown argument', () => {
    expect(release({}, '1', '--force').status).toBe(2);
  });
});

describe('scripts/ci/plan-summary.mjs', () => {
  const summary = (changes: [string, string[], string[][]?][]) => {
    const file = join(tmp, 'plan.json');
    writeFileSync(file, JSON.stringify({
      resource_changes: changes.map(([address, actions, replacePaths]) => ({
        address, type: address.split('.')[0], change: { actions, replace_paths: replacePaths },
      })),
    }));
    const r = node('scripts/ci/plan-summary.mjs', 'shop', file);
    expect(r.status).toBe(0);
    return r.stdout;
  };

  test('totals as Terraform counts them, per-type table, replacements and destroys called out by address', () => {
    const out = summary([
      ['aws_vpc.a', ['create']],
      ['aws_lb.b', ['delete', 'create'], [['name']]],
      ['aws_sqs_queue.c', ['delete']],
      ['aws_sqs_queue.d', ['no-op']],
      ['aws_s3_bucket.e', ['update']],
    ]);
    expect(out).toMatch(/^### shop: 2 to add, 1 to change, 2 to destroy \(1 replacement\)$/m);
    expect(out).toContain('- `aws_lb.b` (forced by name)');
    expect(out).toMatch(/\[!CAUTION\]\n> 1 resource\(s\) will be destroyed:\n\n- `aws_sqs_queue.c`/);
    expect(out).toContain('| `aws_sqs_queue` |  |  | 1 |  |');
    expect(out).not.toContain('aws_sqs_queue.d');
  });

  test('never blocks a plan: releases need no state surgery, so there is nothing to refuse (no exit 3, no adopt-fleet)', () => {
    const file = join(tmp, 'created-group.json');
    writeFileSync(file, JSON.stringify({ resource_changes: [{ address: 'aws_autoscaling_group.g', type: 'aws_autoscaling_group', change: { actions: ['create'] } }] }));
    expect(node('scripts/ci/plan-summary.mjs', 'fastier', file).status).toBe(0);
    for (const script of ['scripts/ci/plan.sh', 'scripts/ci/plan-summary.mjs']) {
      const text = readFileSync(join(root, script), 'utf8');
      expect(text).not.toMatch(/adopt-fleet|exit 3|fleetBlockers/);
    }
    expect(existsSync(join(root, 'scripts/adopt-fleet.sh'))).toBe(false);
  });

  test('no changes says so', () => {
    expect(summary([['aws_vpc.a', ['no-op']]])).toContain('No changes: the infrastructure matches the configuration.');
  });
});

describe('the demo app release (app/ + scripts/package-app.mjs)', () => {
  const zip = join(tmp, 'app.zip');
  let entries: string[] = [];
  beforeAll(() => {
    const r = node('scripts/package-app.mjs', zip);
    expect(r.stderr).toBe('');
    const list = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], { encoding: 'utf8' });
    entries = list.stdout.trim().split('\n');
  });
  const bundle = join(tmp, 'bundle');

  test('bundles the Beanstalk buildspec, the tests, the platform files and the very app synth uploads; no CodeDeploy revision', () => {
    expect(entries.filter((e) => !e.endsWith('/')).sort()).toEqual(['.ebextensions/01-memory-metrics.config', 'Dockerfile', 'Procfile', 'app.py', 'buildspec-beanstalk.yml', 'tests/test_app.py']);
    expect(readFileSync(join(bundle, 'app.py'), 'utf8')).toBe(DEMO_APP_PY);
    const files = demoBundleFiles();
    for (const name of ['Procfile', 'Dockerfile', '.ebextensions/01-memory-metrics.config']) expect(readFileSync(join(bundle, name), 'utf8')).toBe(files[name]);
    // What the buildspec emits is in the bundle.
    const spec = readFileSync(join(root, 'app', 'buildspec-beanstalk.yml'), 'utf8');
    for (const name of ['app.py', 'Procfile', 'Dockerfile']) expect(spec).toContain(`- ${name}`);
    expect(existsSync(join(root, 'app', 'appspec.yml'))).toBe(false);
  });

  test('the app\'s own tests (what CodeBuild runs) pass on the bundle', () => {
    const r = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests'], { cwd: bundle, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(r.stderr).toMatch(/Ran 2 tests[\s\S]*OK/);
    expect(r.status).toBe(0);
  });
});

describe('scripts/ci/apply.sh and synth.sh refuse before touching AWS', () => {
  const bash = (script: string, args: string[], env: Record<string, string>) => {
    const clean = { ...process.env };
    delete clean.PLAN_DIGEST;
    delete clean.STORMPROOF_STATE_REGION;
    return spawnSync('bash', [script, ...args], { cwd: root, env: { ...clean, ...env }, encoding: 'utf8' });
  };

  test('apply.sh applies only an artifact whose digest is the plan job\'s output', () => {
    const stack = 'ci-digest-test';
    const dir = join(root, '.scratch', 'plans', stack);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of ['cdk.tf.json', '.terraform.lock.hcl', 'tfplan', 'summary.md']) writeFileSync(join(dir, f), `${f} as planned`);
    try {
      const planned = bash('scripts/ci/plan-digest.sh', [dir], {}).stdout.trim();
      expect(planned).toMatch(/^[0-9a-f]{64}$/);
      expect(bash('scripts/ci/apply.sh', [stack], {}).stderr).toMatch(/PLAN_DIGEST is not set: pass the plan job's digest output/);
      writeFileSync(join(dir, 'tfplan'), 'a plan swapped in after review');
      const swapped = bash('scripts/ci/apply.sh', [stack], { PLAN_DIGEST: planned });
      expect(swapped.status).toBe(1);
      expect(swapped.stderr).toMatch(/is not the plan the plan job made \(digest differs from its output\); refusing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('synth.sh on the S3 backend needs the state bucket\'s own region (never assumed to be AWS_REGION)', () => {
    const r = bash('scripts/ci/synth.sh', [], { STORMPROOF_BACKEND: 's3', STORMPROOF_STATE_BUCKET: 'b', AWS_REGION: 'eu-west-1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/STORMPROOF_STATE_REGION is not set: give the state bucket's region/);
  });
});
