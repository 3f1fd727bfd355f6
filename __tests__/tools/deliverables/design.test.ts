/** design.md's tables say what the JSON says (ASGs, scaling, target groups, data tier) and the failure modes follow the configuration. */
import { designMarkdown } from '../../../src/tools/deliverables/design';
import { buildInventory, inventoryMarkdown } from '../../../src/tools/deliverables/inventory';
import { buildModel } from '../../../src/tools/deliverables/model';
import { summarizePlan } from '../../../src/tools/deliverables/plan';
import { synthProfiles, tableAfter } from './support';

let synth: ReturnType<typeof synthProfiles>;
beforeAll(() => {
  synth = synthProfiles('cafe,lab,fastier');
});
afterAll(() => synth.cleanup());

const values = (json: any, type: string) => Object.values<any>(json.resource[type] ?? {});

describe.each(['cafe', 'lab', 'fastier'])('%s design.md', (stack) => {
  let json: any;
  let md: string;
  beforeAll(() => {
    json = synth.read(stack);
    md = designMarkdown(buildModel(stack, json));
  });

  test('the Auto Scaling table matches every group in the JSON', () => {
    const rows = tableAfter(md, '## Auto Scaling');
    const asgs = values(json, 'aws_autoscaling_group');
    expect(rows).toHaveLength(asgs.length);
    for (const asg of asgs) {
      const row = rows.find((r) => r[0] === asg.name)!;
      const lt = Object.entries<any>(json.resource.aws_launch_template).find(([name]) => asg.launch_template.id.includes(`.${name}.`))![1];
      expect(row.slice(1, 5)).toEqual([lt.instance_type, String(asg.min_size), String(asg.desired_capacity), String(asg.max_size)]);
      expect(row[6]).toBe(`${asg.health_check_type}, grace ${asg.health_check_grace_period} s`);
    }
  });

  test('every scaling policy and schedule is listed with its target or thresholds', () => {
    const policies = tableAfter(md, '**Scaling policies**');
    expect(policies).toHaveLength(values(json, 'aws_autoscaling_policy').length);
    for (const p of values(json, 'aws_autoscaling_policy')) {
      const row = policies.find((r) => r[1] === p.name)!;
      if (p.target_tracking_configuration) expect(row[2]).toContain(`at ${p.target_tracking_configuration.target_value}`);
      else {
        const alarm = values(json, 'aws_cloudwatch_metric_alarm').find(
          (a) => JSON.stringify(a.alarm_actions).includes(p.autoscaling_group_name.split('.')[0]) && a.alarm_actions.some((x: string) => x.includes(p.name.split('-').slice(-2, -1)[0])),
        );
        expect(row[2]).toMatch(new RegExp(`${p.policy_type}: [+-]\\d`));
        if (alarm) expect(row[2]).toContain(String(alarm.threshold));
      }
    }
    const schedules = md.includes('**Schedules**') ? tableAfter(md, '**Schedules**') : [];
    expect(schedules.length).toBe(values(json, 'aws_autoscaling_schedule').length);
    for (const s of values(json, 'aws_autoscaling_schedule')) expect(schedules.find((r) => r[1] === s.scheduled_action_name)?.[2]).toBe(s.recurrence);
  });

  test('target groups show health check, deregistration delay and the groups they route to', () => {
    const rows = tableAfter(md, '**Target groups**');
    // The primary region's ALB (the standby DR ALB's target groups belong to the DR view).
    for (const tg of values(json, 'aws_lb_target_group').filter((t) => t.provider !== 'aws.dr')) {
      const row = rows.find((r) => r[0] === tg.name)!;
      expect(row[2]).toContain(`${tg.health_check.path} every ${tg.health_check.interval} s`);
      expect(row[4]).toBe(`${tg.deregistration_delay} s`);
      expect(row[6]).toMatch(/^ASG /);
    }
  });

  test('failure modes cover instance, AZ, region loss (and database and cache when present)', () => {
    const failures = tableAfter(md, '## Failure modes').map((r) => r[0]);
    expect(failures[0]).toBe('An instance fails');
    expect(failures.some((f) => f.startsWith('An Availability Zone fails'))).toBe(true);
    expect(failures.some((f) => f.startsWith('Region '))).toBe(true);
    expect(failures.filter((f) => f.startsWith('Database primary'))).toHaveLength(values(json, 'aws_db_instance').filter((d) => !d.replicate_source_db).length);
    expect(failures.filter((f) => f.startsWith('Cache primary'))).toHaveLength(values(json, 'aws_elasticache_replication_group').length);
  });

  test('the inventory lists every resource exactly once, unknown types included', () => {
    const inv = buildInventory(buildModel(stack, json));
    const count = Object.values<any>(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(inv.total).toBe(count);
    expect(inv.tiers.reduce((n, t) => n + t.count, 0)).toBe(count);
    expect(inventoryMarkdown(inv)).toContain(`${count} resources`);
  });
});

test('failure modes follow the configuration: Multi-AZ database fails over in minutes, the DR replica is promoted by hand', () => {
  const md = designMarkdown(buildModel('fastier', synth.read('fastier')));
  const rows = tableAfter(md, '## Failure modes');
  const db = rows.find((r) => r[0].startsWith('Database primary'))!;
  expect(db[1]).toContain('synchronous standby');
  expect(db[3]).toBe('none (synchronous replication)');
  const region = rows.find((r) => r[0].startsWith('Region '))!;
  // The region row quotes the DR objectives (src/tools/dr/objectives.ts): fastier's warm standby in eu-central-1.
  expect(region[1]).toMatch(/^warm-standby in eu-central-1: promote fastier-production-db-dr \(manual\), scale fastier-production-dr-web \(1 -> 2\)/);
  expect(region[2]).toMatch(/^about \d+ min \(warm-standby: /);
  // The lab shares one NAT gateway: the AZ row says egress is not covered.
  const lab = tableAfter(designMarkdown(buildModel('lab', synth.read('lab'))), '## Failure modes');
  expect(lab.find((r) => r[0].startsWith('An Availability Zone'))![4]).toContain('one NAT gateway');
});

test('with a plan: adds, changes and destroys by type and tier', () => {
  const plan = {
    resource_changes: [
      { mode: 'managed', type: 'aws_autoscaling_group', change: { actions: ['update'] } },
      { mode: 'managed', type: 'aws_launch_template', change: { actions: ['create'] } },
      { mode: 'managed', type: 'aws_db_instance', change: { actions: ['delete', 'create'] } },
      { mode: 'managed', type: 'aws_s3_bucket', change: { actions: ['no-op'] } },
      { mode: 'data', type: 'aws_region', change: { actions: ['read'] } },
    ],
  };
  const summary = summarizePlan(plan, 'plan.json');
  expect(summary.totals).toEqual({ create: 2, update: 1, delete: 1, replace: 1 });
  expect(summary.rows.map((r) => [r.tier, r.type])).toEqual([['compute', 'aws_autoscaling_group'], ['compute', 'aws_launch_template'], ['data', 'aws_db_instance']]);
  const md = designMarkdown(buildModel('lab', synth.read('lab')), { plan: summary });
  expect(md).toContain('**2 to add, 1 to change, 1 to destroy** (1 replaced)');
  expect(() => summarizePlan({}, 'x.json')).toThrow(/x.json has no resource_changes: pass the JSON of a saved plan/);
});
