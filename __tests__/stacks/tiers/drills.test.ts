import { cafe, exercise, lab } from '../../../src/config/profiles';
import { planDrill, drillsOf } from '../../../src/tools/drill/cli';
import { synthProfile } from '../../tools/simulate/support';

describe('failure drills in the stacks', () => {
  const exerciseJson = synthProfile(exercise);

  test('on by default outside production: lab (dev) and exercise (staging) get them, cafe (production) does not', () => {
    expect(Object.keys(drillsOf(synthProfile(lab))).sort()).toEqual(['az-outage', 'terminate-instances']);
    expect(Object.keys(drillsOf(exerciseJson)).sort()).toEqual(['az-outage', 'cache-failover', 'db-failover', 'terminate-instances']);
    expect(drillsOf(synthProfile(cafe))).toEqual({});
  });

  test('the config switch overrides the default either way; a non-boolean names the field', () => {
    expect(Object.keys(drillsOf(synthProfile({ ...cafe, failureDrills: true })))).toContain('terminate-instances');
    expect(drillsOf(synthProfile({ ...lab, failureDrills: false }))).toEqual({});
    expect(() => synthProfile({ ...lab, failureDrills: 'yes' as never })).toThrow(/failureDrills \("yes"\) must be true or false/);
  });

  test('wired to the stack: its groups, AZ 0\'s subnets of every tier, the RDS primary, the cache, the user-facing alarms', () => {
    const r = exerciseJson.resource;
    const byDrill = Object.fromEntries(Object.values<any>(r.aws_fis_experiment_template).map((t) => [t.tags.Drill, t]));
    expect(byDrill['terminate-instances'].target[0].resource_tag[0].value).toBe('${aws_autoscaling_group.service-web_asg_01DB7D4E.name}');
    expect(byDrill['az-outage'].target[0].resource_arns).toEqual(
      ['public', 'app', 'data'].map((tier) => expect.stringMatching(new RegExp(`^\\$\\{aws_subnet\\.network_${tier}-0_[0-9A-F]+\\.arn\\}$`))),
    );
    expect(byDrill['db-failover'].target[0].resource_arns[0]).toMatch(/^\$\{aws_db_instance\.data_database_primary_[0-9A-F]+\.arn\}$/);
    const stop = byDrill['db-failover'].stop_condition.map((c: any) => c.value);
    expect(stop).toEqual([
      expect.stringMatching(/alerts_alarm-alb-5xx/),
      expect.stringMatching(/alerts_alarm-alb-latency-p95/),
      expect.stringMatching(/alerts_alarm-web-target-5xx/),
    ]);
    expect(exerciseJson.output.fis_experiment_templates.value).toEqual({
      'az-outage': expect.stringMatching(/aws_fis_experiment_template\.failure-drills_az-outage/),
      'cache-failover': expect.any(String),
      'db-failover': expect.any(String),
      'terminate-instances': expect.any(String),
    });
  });

  test('npm run drill prints the start command, what to watch, and the simulator\'s expected dip and recovery', () => {
    const plan = planDrill('exercise', 'az-outage', exerciseJson, '/nonexistent');
    expect(plan.command).toMatch(/^aws fis start-experiment --region eu-west-1 --experiment-template-id "\$\(terraform -chdir=cdktf\.out\/stacks\/exercise output -json fis_experiment_templates/);
    expect(plan.watch.join('\n')).toMatch(/exercise-staging-overview/);
    expect(plan.watch.join('\n')).toMatch(/exercise-staging-alb-5xx/);
    expect(plan.expected.join('\n')).toMatch(/web: \d+ in service -> \d+ at minute 10, back to \d+ after \d+ min/);
    expect(planDrill('exercise', 'db-failover', exerciseJson, '/nonexistent').expected[0]).toMatch(/standby/);
    expect(() => planDrill('exercise', 'meteor', exerciseJson, '/nonexistent')).toThrow(/no drill "meteor": use one of az-outage, cache-failover, db-failover, terminate-instances/);
  });

  test('with local state, the command carries the real template id', () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = require('node:fs');
    const { join } = require('node:path');
    const dir = mkdtempSync(join(require('node:os').tmpdir(), 'drill-'));
    mkdirSync(join(dir, 'cdktf.out', 'stacks', 'exercise'), { recursive: true });
    writeFileSync(
      join(dir, 'cdktf.out', 'stacks', 'exercise', 'terraform.exercise.tfstate'),
      JSON.stringify({ outputs: { fis_experiment_templates: { value: { 'terminate-instances': 'EXT12345abc' } } } }),
    );
    try {
      expect(planDrill('exercise', 'terminate-instances', exerciseJson, dir).command).toBe(
        'aws fis start-experiment --region eu-west-1 --experiment-template-id EXT12345abc --tags Name=exercise-terminate-instances',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
