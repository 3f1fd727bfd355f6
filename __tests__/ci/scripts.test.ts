/** The workflow's plan summary and the demo app's release bundle, run as CI and people run them. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Service } from '../../src/constructs/compute/ec2/service';
import { DEMO_APP_PY } from '../../src/assets/demo-app';
import { synthConstruct } from '../support/synth';

const root = resolve(__dirname, '../..');
const tmp = join(root, '.scratch', 'tmp', 'ci-scripts-test');
beforeAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
});
const node = (...args: string[]) => spawnSync('node', args, { cwd: root, encoding: 'utf8' });

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

  test('refuses (exit 3) a plan that would re-create a group CodeDeploy blue/green replaced, naming the fix', () => {
    // The shape `terraform show -json` gives for the synthesized JSON (checked against a real fastier plan).
    const asg = 'aws_autoscaling_group.service-web_asg_01DB7D4E';
    const plan = (groupActions: string[]) => ({
      resource_changes: [
        { address: asg, type: 'aws_autoscaling_group', change: { actions: ['create'], after: { tag: [{ key: 'Service', value: 'web' }] } } },
        { address: 'aws_codedeploy_deployment_group.g', type: 'aws_codedeploy_deployment_group', change: { actions: groupActions } },
      ],
      configuration: { root_module: { resources: [{
        address: 'aws_codedeploy_deployment_group.g', type: 'aws_codedeploy_deployment_group',
        expressions: {
          deployment_group_name: { constant_value: 'fastier-production-web' },
          autoscaling_groups: { constant_value: [`\${${asg}.name}`], references: [`${asg}.name`, asg] },
        },
      }] } },
    });
    const run = (p: object) => {
      const file = join(tmp, 'fleet.json');
      writeFileSync(file, JSON.stringify(p));
      return node('scripts/ci/plan-summary.mjs', 'fastier', file);
    };
    const blocked = run(plan(['no-op']));
    expect(blocked.status).toBe(3);
    expect(blocked.stderr).toContain(
      `${asg} would be created again, but deployment group fastier-production-web already released onto CodeDeploy's copy of it: run \`bash scripts/adopt-fleet.sh fastier web\``,
    );
    expect(blocked.stdout).toContain('Not applicable as planned');
    // The first apply creates both: nothing to refuse.
    expect(run(plan(['create'])).status).toBe(0);
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

  test('bundles appspec, buildspec, hooks, tests and the very app user data installs', () => {
    expect(entries).toEqual(expect.arrayContaining([
      'appspec.yml', 'buildspec.yml', 'app.py', 'hooks/stop.sh', 'hooks/after-install.sh', 'hooks/start.sh', 'hooks/validate.sh', 'tests/test_app.py',
    ]));
    // The same bundle releases to Beanstalk (buildspec-beanstalk.yml emits these with app.py).
    expect(entries).toEqual(expect.arrayContaining(['buildspec-beanstalk.yml', 'Procfile', 'Dockerfile', '.ebextensions/01-memory-metrics.config']));
    expect(readFileSync(join(bundle, 'app.py'), 'utf8')).toBe(DEMO_APP_PY);
  });

  test('every hook the appspec names exists and is executable; files land where user data installed the app', () => {
    const appspec = readFileSync(join(root, 'app', 'appspec.yml'), 'utf8');
    const hooks = [...appspec.matchAll(/location: (\S+)/g)].map((m) => m[1]);
    expect(hooks).toEqual(['hooks/stop.sh', 'hooks/after-install.sh', 'hooks/start.sh', 'hooks/validate.sh']);
    for (const h of hooks) expect(statSync(join(root, 'app', h)).mode & 0o111).toBeTruthy();
    const { built: service } = synthConstruct((stack) =>
      new Service(stack, 'web', { name: 'x-web', vpcId: 'v', subnetIds: ['s'], instanceType: 't3.small', appPort: 8080, capacity: { min: 1, max: 2, desired: 1 } }),
    );
    const userData = service.renderUserData();
    // The demo bundle unpacks into /opt/stormproof/app and run-app.sh runs `python3 app.py` there.
    expect(appspec).toMatch(/source: app.py\n\s+destination: \/opt\/stormproof\/app\n/);
    expect(userData).toContain('ExecStart=/opt/stormproof/run-app.sh');
    expect(userData).toContain("exec /bin/sh -c 'exec python3 app.py'");
    expect(userData).toContain('ln -sf /opt/stormproof/app.env /etc/stormproof/app.env');
    const hookText = hooks.map((h) => readFileSync(join(root, 'app', h), 'utf8')).join('\n');
    expect(hookText).toContain('systemctl restart stormproof-app.service');
    expect(userData).toContain('/etc/systemd/system/stormproof-app.service');
    expect(hookText).toContain('/opt/stormproof/fetch-env.sh');
    expect(userData).toContain('/opt/stormproof/fetch-env.sh');
    expect(readFileSync(join(root, 'app', 'hooks', 'validate.sh'), 'utf8')).toMatch(/source \/etc\/stormproof\/app.env[\s\S]*\$\{HEALTH_PATH\}/);
  });

  test('the app\'s own tests (what CodeBuild runs) pass on the bundle', () => {
    const r = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests'], { cwd: bundle, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(r.stderr).toMatch(/Ran 2 tests[\s\S]*OK/);
    expect(r.status).toBe(0);
  });
});
