/** migration.md: five steps whose resource lists are exact (every resource once, dependencies first), with rollbacks. */
import { Testing } from 'cdktf';
import { PROFILES } from '../../../src/config/profiles';
import { PlatformStack } from '../../../src/stacks/platform-stack';
import { migrationMarkdown, migrationSteps } from '../../../src/tools/deliverables/migration';
import { referencesIn, resources } from '../../../src/tools/deliverables/tfjson';
import { profileJson } from '../../support/profiles';

// Each profile as Testing.synth gives it, from the run's one synth of every profile.
const stacks = Object.fromEntries(Object.keys(PROFILES).map((n) => [n, profileJson(n)]));

describe.each(Object.keys(PROFILES))('%s migration steps', (name) => {
  const json = stacks[name];
  const steps = migrationSteps(json);

  test('five steps create every resource of the stack exactly once', () => {
    expect(steps.map((s) => s.title)).toEqual(['Package the app', 'Create the environment', 'Move the database', 'Set up the delivery pipeline', 'Cut over gradually']);
    const listed = steps.flatMap((s) => s.creates);
    const all = resources(json).map((r) => r.address);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...all].sort());
  });

  test('each step only references resources created by itself or an earlier step (a -target apply never reaches ahead)', () => {
    const known = new Set(resources(json).map((r) => r.address));
    const byAddress = new Map(resources(json).map((r) => [r.address, r]));
    const createdBy = new Map(steps.flatMap((s, i) => s.creates.map((a) => [a, i] as const)));
    const ahead: string[] = [];
    for (const [addr, i] of createdBy) {
      for (const dep of referencesIn(byAddress.get(addr)!.config, known, addr)) if (createdBy.get(dep)! > i) ahead.push(`${addr} -> ${dep}`);
    }
    expect(ahead).toEqual([]);
  });

  test('security-group rules and routes come with the step that creates their group or table', () => {
    const createdBy = new Map(steps.flatMap((s, i) => s.creates.map((a) => [a, i] as const)));
    const rules = resources(json).filter((r) => /^aws_(vpc_security_group_(in|e)gress_rule|route)$/.test(r.type));
    // Everything a rule or route refers to exists before the cutover, so none may wait for it.
    expect(rules.filter((r) => createdBy.get(r.address) === 4).map((r) => r.address)).toEqual([]);
  });
});

describe('fastier-beanstalk migration.md', () => {
  const md = migrationMarkdown('fastier-beanstalk', stacks['fastier-beanstalk']);
  const steps = migrationSteps(stacks['fastier-beanstalk']);

  test('step 1 packages the bundle; step 2 creates both environments and the (empty) database they point at', () => {
    expect(steps[0].creates).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_elastic_beanstalk_application_version\./), expect.stringMatching(/^aws_s3_object\./)]));
    expect(steps[0].creates.some((a) => a.startsWith('aws_launch_template.'))).toBe(false);
    expect(steps[1].creates.filter((a) => a.startsWith('aws_elastic_beanstalk_environment.'))).toHaveLength(2);
    expect(steps[1].creates).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_db_instance\.data_database_primary_/), expect.stringMatching(/^aws_nat_gateway\./)]));
    expect(steps[2].creates).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_db_instance\.data_database_dr_replica_/), expect.stringMatching(/^aws_backup_plan\./)]));
  });

  test('five sections, each with its targets file and a rollback', () => {
    expect(md.match(/^## \d\. /gm)).toHaveLength(5);
    expect(md.match(/\*\*Rollback:\*\*/g)).toHaveLength(5);
    for (const n of [1, 2, 3, 5]) expect(md).toContain(`terraform apply $(sed 's/^/-target=/' step-${n}.targets)`);
    expect(md).toContain('terraform apply $(sed \'s/^/-target=/\' step-4.targets)');
    expect(md).toContain('Elastic Beanstalk deploys to the idle environment (found at run time), smoke-tested and swapped live after a manual approval');
    expect(md).toContain('npm run bluegreen -- fastier-beanstalk swap');
    expect(steps[3].creates).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_codepipeline\./), expect.stringMatching(/^aws_codebuild_project\./)]));
  });

  test('database move: dump/restore vs DMS with the cutover window, commands with the stack outputs', () => {
    expect(md).toMatch(/\| downtime \(cutover window\) \| writes stop for the whole dump \+ restore/);
    expect(md).toContain('pg_restore -h "$(terraform output -raw db_endpoint | cut -d: -f1)" -U app_admin -d app');
    expect(md).toContain('terraform output -raw db_credentials_arn');
  });

  test('gradual cutover: weighted records to the live environment CNAME, stages and TTL', () => {
    const batch = JSON.parse(md.split('```json\n')[1].split('\n```')[0]);
    const sets = batch.Changes.map((c: any) => c.ResourceRecordSet);
    expect(sets.map((s: any) => [s.SetIdentifier, s.Weight, s.TTL])).toEqual([['old-server', 90, 60], ['new-platform', 10, 60]]);
    expect(sets[1].ResourceRecords[0].Value).toBe('fastier-eb-production-web.eu-west-1.elasticbeanstalk.com');
    expect(md).toMatch(/\| 3 \| 0 \| 100 \|/);
  });

  test('the health probe verifies the certificate: the live CNAME under the domain, or -k (said why) without one', () => {
    expect(md).toContain('curl -fsS --connect-to eb.fastier.example.com:443:fastier-eb-production-web.eu-west-1.elasticbeanstalk.com:443 https://eb.fastier.example.com/health');
    expect(md).toContain('the name you cut over must be on it');
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f6c1b2a-3d4e-4f50-8a9b-0c1d2e3f4a5b';
    const profile = { ...PROFILES['fastier-beanstalk'], dns: undefined, loadBalancer: { ...PROFILES['fastier-beanstalk'].loadBalancer, certificateArn } };
    const noDomain = migrationMarkdown('eb', JSON.parse(Testing.synth(new PlatformStack(Testing.app(), 'eb', { profile }))));
    expect(noDomain).toMatch(/curl -fsSk https:\/\/fastier-eb-production-web\.eu-west-1\.elasticbeanstalk\.com\/health +# -k: the listener's certificate names your domain/);
  });
});

describe.each(Object.keys(PROFILES))('%s migration text fits the stack', (name) => {
  test('no RDS writer without a database, no issue numbers or "issue adds" promises', () => {
    const json = stacks[name];
    const md = migrationMarkdown(name, json);
    const hasDb = Object.values<any>(json.resource.aws_db_instance ?? {}).some((d) => d.replicate_source_db === undefined);
    if (!hasDb) expect(md).not.toMatch(/RDS writer/);
    else expect(md).toMatch(/RDS writer/);
    expect(md).not.toMatch(/\bissue\s*#?\d+|#\d{2,}\b|the [a-z-]+ issue adds/i);
  });
});
