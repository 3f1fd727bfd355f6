import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateStack, readStack, toJson, markdownReport, TfJson, TrafficScenario } from '../../../src/tools/cost';
import { run, parseArgs } from '../../../src/tools/cost/cli';

/** A small known stack in eu-west-1 (dev): one scheduled ASG behind an ALB, one NAT, a queue and a few extras. */
const mini: TfJson = {
  provider: { aws: [{ region: 'eu-west-1', default_tags: [{ tags: { Environment: 'dev' } }] }] },
  resource: {
    aws_vpc: { v: { cidr_block: '10.0.0.0/16' } },
    aws_launch_template: { lt: { instance_type: 't3.micro', block_device_mappings: [{ ebs: { volume_size: 10 } }], monitoring: { enabled: true } } },
    aws_autoscaling_group: {
      web: { min_size: 2, max_size: 4, launch_template: { id: '${aws_launch_template.lt.id}' }, target_group_arns: ['${aws_lb_target_group.tg.arn}'] },
    },
    aws_autoscaling_schedule: {
      up: { autoscaling_group_name: '${aws_autoscaling_group.web.name}', recurrence: '0 18 * * 5', min_size: 3 },
      down: { autoscaling_group_name: '${aws_autoscaling_group.web.name}', recurrence: '0 22 * * 5', min_size: 2 },
    },
    aws_nat_gateway: { nat: { allocation_id: '${aws_eip.nat.id}' } },
    aws_eip: { nat: { domain: 'vpc' } },
    aws_lb: { alb: { load_balancer_type: 'application', subnets: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'] } },
    aws_kms_key: { key: { enable_key_rotation: true } },
    aws_cloudwatch_metric_alarm: { cpu: { period: 60, metric_name: 'CPUUtilization' } },
    aws_cloudwatch_log_group: { app: { retention_in_days: 30 } },
    aws_sqs_queue: { jobs: { name: 'jobs' } },
    aws_budgets_budget: { b: { limit_amount: '100.00', limit_unit: 'USD', time_unit: 'MONTHLY' } },
  },
};

/** Round numbers: 1 request/s quiet, 10 at peak for 2 h a week, 100 KB responses. */
const traffic: TrafficScenario = {
  name: 'test', description: 'test traffic', peakHoursPerMonth: (2 * 730) / 168, eventsPerMonth: 730 / 168, quietRequestsPerSecond: 1, peakRequestsPerSecond: 10,
  kbPerResponse: 100, cdnCacheHitShare: 0.5, natGbPerInstanceHour: 0.01, logBytesPerRequest: 0, baseLogGbPerGroup: 1,
  queueMessagesPerRequest: 0.1, dbDailyChangeShare: 0.02, staticAssetsGb: 1, buildsPerMonth: 0, buildMinutes: 0, fisRunsPerMonth: 0,
};

// The shared reader (src/tools/tfjson) lists resources by address; a resource's own lines keep their order.
const byAddress = (rows: readonly (readonly unknown[])[]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
const rows = (lines: readonly { address: string; quantity: number; unit: string; unitPriceUsd: number; monthlyUsd: number }[]) =>
  byAddress(lines.map((l) => [l.address, l.quantity, l.unit, l.unitPriceUsd, l.monthlyUsd]));

describe('cost arithmetic of a small known stack', () => {
  const cost = estimateStack(readStack('mini', mini), traffic);

  it('prices the baseline month line by line: quantity × unit price = cost', () => {
    // 2,628,000 requests (1/s × 730 h), 250.6256 GB of 100 KB responses; ASG at min 2 = 1,460 instance-hours.
    expect(rows(cost.baseline.lines)).toEqual(byAddress([
      ['aws_autoscaling_group.web', 1460, 'instance-hour (t3.micro, on-demand Linux)', 0.0114, 16.64],
      ['aws_autoscaling_group.web', 20, 'GB-month gp3 root volumes', 0.088, 1.76],
      ['aws_autoscaling_group.web', 2, 'instance-month of detailed monitoring (7 metrics)', 2.1, 4.2],
      ['aws_nat_gateway.nat', 730, 'NAT gateway-hour', 0.048, 35.04],
      ['aws_nat_gateway.nat', 14.6, 'GB processed', 0.048, 0.7],
      ['aws_eip.nat', 730, 'public IPv4 address-hour', 0.005, 3.65],
      ['aws_lb.alb', 730, 'ALB-hour', 0.0252, 18.4],
      ['aws_lb.alb', 250.6256, 'LCU-hour', 0.008, 2.01],
      ['aws_lb.alb', 1460, 'public IPv4 address-hour (one per AZ)', 0.005, 7.3],
      ['aws_lb.alb', 250.6256, 'GB out to the internet', 0.09, 22.56],
      ['aws_kms_key.key', 1, 'key-month', 1, 1],
      ['aws_cloudwatch_metric_alarm.cpu', 1, 'alarm metric-month', 0.1, 0.1],
      ['aws_cloudwatch_log_group.app', 1, 'GB ingested', 0.57, 0.57],
      ['aws_cloudwatch_log_group.app', 0.15, 'GB-month stored (30 days, compressed)', 0.03, 0],
      ['aws_sqs_queue.jobs', 0.7884, 'million requests (send/receive/delete + idle long polls)', 0.4, 0.32],
    ]));
    expect(cost.baseline.totalUsd).toBe(114.25);
  });

  it('runs the scenario at the scheduled floor and the peak inside it, and the peak month at max', () => {
    const asg = (m: typeof cost.baseline) => m.lines.find((l) => l.unit.startsWith('instance-hour'));
    // A week: 2 h at max 4 and 2 h at the scheduled floor 3 (Fri 18:00-22:00), 164 h at min 2 = 342; × 730/168.
    expect(asg(cost.scenario)).toMatchObject({ quantity: 1486.0714, unitPriceUsd: 0.0114, monthlyUsd: 16.94 });
    expect(asg(cost.peak)).toMatchObject({ quantity: 2920, monthlyUsd: 33.29 });
    expect(cost.fleets).toEqual([{ address: 'aws_autoscaling_group.web', how: 't3.micro: 8.7 h/month at max 4, scheduled floor 3 for 4 h/week, min 2 otherwise' }]);
    expect(cost.baseline.totalUsd).toBeLessThan(cost.scenario.totalUsd);
    expect(cost.scenario.totalUsd).toBeLessThan(cost.peak.totalUsd);
  });

  it('says plainly when the budget is too small, and flags what costs money while idle', () => {
    expect(cost.budget.verdict).toBe('too-small');
    expect(cost.budget.message).toMatch(/^the budget is too small: even the baseline \(\$114\.25\) is over the \$100\.00 monthly budget/);
    expect(cost.idle.map((i) => i.address)).toEqual(['aws_nat_gateway.nat', 'aws_lb.alb', 'aws_autoscaling_group.web', 'aws_eip.nat', 'aws_kms_key.key']);
  });

  it('prices the savings the configuration offers', () => {
    const saving = (title: string) => cost.savings.find((s) => s.title.startsWith(title));
    // t3.micro → t4g.micro: 1486.0714 h × (0.0114 − 0.0092).
    expect(saving('Graviton')).toMatchObject({ monthlyUsd: 3.27, recommended: true });
    // Dev: the fleet's baseline compute ($16.64 + $1.76) runs 60 of 168 hours.
    expect(saving('scheduled scale-in')).toMatchObject({ monthlyUsd: 11.83, recommended: true });
    expect(saving('Compute Savings Plan')).toMatchObject({ monthlyUsd: 4.66 });
    expect(saving('single NAT')).toMatchObject({ monthlyUsd: 0, recommended: false });
  });

  it('emits Infracost\'s shape: a project per stack, resources with cost components (quantity × price = cost), our extras namespaced', () => {
    const json = toJson([cost]);
    expect(json.projects.map((p) => p.name)).toEqual(['mini']);
    const [project] = json.projects;
    const asg = project.stormproof.months.baseline.resources.find((r) => r.name === 'aws_autoscaling_group.web')!;
    expect(asg.resourceType).toBe('aws_autoscaling_group');
    expect(asg.costComponents[0]).toEqual({
      name: 'instance-hour (t3.micro, on-demand Linux)', unit: 'instance-hour', hourlyQuantity: '2', monthlyQuantity: '1460', price: '0.0114',
      hourlyCost: '0.0227945205', monthlyCost: '16.64', usageBased: false, priceNotFound: false,
    });
    expect(asg.metadata.stormproof.components[0]).toEqual({ tier: 'compute', estimate: true, idle: true, fromUsageFile: false });
    // The breakdown is the scenario month; the baseline and ceiling travel in the extras.
    expect(project.breakdown.totalMonthlyCost).toBe(String(cost.scenario.totalUsd));
    expect(project.stormproof.months.baseline.totalMonthlyCost).toBe('114.25');
    expect(json.totalMonthlyCost).toBe(String(cost.scenario.totalUsd));
  });

  it('writes a report that shows assumptions, savings, idle costs, what is not priced and the price sources', () => {
    const md = markdownReport(cost, 'cdktf.out/stacks/mini/cdk.tf.json');
    for (const heading of ['## Summary', '## Usage assumptions', '## What would make it cheaper', '## Costs money while idle', '## Not priced', '## Price sources']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('| `aws_vpc` | 1 | free (VPCs, subnets and route tables have no charge) |');
    expect(md).toContain('**Estimates:** unit prices marked * come from price-table sections not confirmed against their AWS pricing page');
  });
});

describe('npm run cost', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cost-'));
    mkdirSync(join(root, 'cdktf.out', 'stacks', 'mini'), { recursive: true });
    writeFileSync(join(root, 'cdktf.out', 'stacks', 'mini', 'cdk.tf.json'), JSON.stringify(mini));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('prices any named stack from its cdk.tf.json, prints only JSON with --json and writes cost.md', () => {
    let out = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    try {
      run(root, ['mini', '--json', '--traffic', 'steady']);
    } finally {
      write.mockRestore();
    }
    expect(process.exitCode).toBe(0);
    const json = JSON.parse(out);
    // Steady traffic has no peak, but the scheduled floor (3 instead of 2 for 4 h a week) still runs.
    const months = json.projects[0].stormproof.months;
    const hours = (mode: 'baseline' | 'scenario') =>
      months[mode].resources.flatMap((r: { costComponents: { name: string }[] }) => r.costComponents).find((x: { name: string }) => x.name.startsWith('instance-hour')).monthlyQuantity;
    expect([hours('baseline'), hours('scenario')]).toEqual(['1460', '1477.381']);
    expect(readFileSync(join(root, 'deliverables', 'mini', 'cost.md'), 'utf8')).toMatch(/^# Cost analysis: mini/);
  });

  it('refuses an unknown stack or scenario, saying what to do', () => {
    let err = '';
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      run(root, ['nope']);
      expect(process.exitCode).toBe(1);
    } finally {
      write.mockRestore();
      process.exitCode = 0;
    }
    expect(err).toContain('no synthesized stack "nope" in cdktf.out/stacks and synth did not produce it: check the name');
    expect(() => parseArgs(['--traffic', 'monsoon'])).toThrow('unknown traffic scenario "monsoon" (--traffic): use one of tv-evening, black-friday, load-test-day, launch-week, flash-sale, steady');
  });
});
