/**
 * The fleets of a stack (Auto Scaling groups, EKS node groups, Beanstalk environments) and their
 * instance-hours in a month: at min (baseline), at max (peak), or for a traffic
 * scenario, where the group sits at max during the peak hours and otherwise at the floor its scheduled
 * actions set (weekly crons such as the café's `30 19 * * 5` before the show and `30 0 * * 6` after it).
 */
import { HOURS_PER_MONTH } from './prices';
import { AUTO_MODE_POOL_TYPE, autoScalingGroups, drAutoScalingGroups } from '../tfjson';
import { Block, Stack, asList } from './stack';
import { TrafficScenario } from './traffic';

const WEEK_MINUTES = 7 * 24 * 60;

export interface ScheduledFloor {
  /** Minute of the week (Sunday 00:00 = 0) the action runs. */
  readonly at: number;
  /** min_size the action sets. */
  readonly min: number;
}

export interface FleetHours {
  readonly baseline: number;
  readonly scenario: number;
  readonly peak: number;
  /** How the scenario's hours were derived, one line. */
  readonly how: string;
}

/**
 * Weekly times of a cron `M H * * D` (D a day 0-7 or `*`); undefined for anything else (monthly or
 * multi-value crons are not modelled: the group then stays at min outside the peak).
 */
export function weeklyMinutes(recurrence: string): number[] | undefined {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\*|[0-7])$/.exec(recurrence.trim());
  if (!m) return undefined;
  const minute = Number(m[1]) + 60 * Number(m[2]);
  if (m[3] === '*') return [0, 1, 2, 3, 4, 5, 6].map((d) => d * 1440 + minute);
  return [(Number(m[3]) % 7) * 1440 + minute];
}

/** Hours a week at each floor, from the group's min and its scheduled actions. */
export function weeklyFloors(min: number, max: number, actions: readonly ScheduledFloor[]): { floor: number; hours: number }[] {
  const sorted = [...actions].sort((a, b) => a.at - b.at);
  if (sorted.length === 0) return [{ floor: min, hours: 168 }];
  const clamp = (n: number) => Math.min(max, Math.max(min, n));
  const out: { floor: number; hours: number }[] = [];
  // Before the week's first action, the floor is what the week's last action set.
  for (let i = 0; i < sorted.length; i++) {
    const end = i + 1 < sorted.length ? sorted[i + 1].at : sorted[0].at + WEEK_MINUTES;
    out.push({ floor: clamp(sorted[i].min), hours: (end - sorted[i].at) / 60 });
  }
  return out;
}

/**
 * Instance-hours a month for a group with `min`/`max` and scheduled floors, with `peakHoursPerMonth`
 * at max: the peak is placed in the highest scheduled window (the schedule exists for it).
 */
export function fleetHours(min: number, max: number, actions: readonly ScheduledFloor[], peakHoursPerMonth: number): FleetHours {
  const toMonth = HOURS_PER_MONTH / 168;
  const floors = weeklyFloors(min, max, actions);
  const peakWeekly = Math.min(168, peakHoursPerMonth / toMonth);
  const ordered = [...floors].sort((a, b) => b.floor - a.floor);
  let left = peakWeekly;
  let weekly = 0;
  for (const f of ordered) {
    const atPeak = Math.min(left, f.hours);
    left -= atPeak;
    weekly += atPeak * max + (f.hours - atPeak) * f.floor;
  }
  const scheduled = floors.filter((f) => f.floor > min);
  const how = scheduled.length
    ? `${peakHoursPerMonth.toFixed(1)} h/month at max ${max}, scheduled floor ${scheduled.map((f) => `${f.floor} for ${f.hours} h/week`).join(', ')}, min ${min} otherwise`
    : `${peakHoursPerMonth.toFixed(1)} h/month at max ${max}, min ${min} otherwise`;
  return { baseline: min * HOURS_PER_MONTH, scenario: weekly * toMonth, peak: max * HOURS_PER_MONTH, how };
}

/** An Auto Scaling group (or node group, or Beanstalk environment) as a fleet of instances. */
export interface Fleet {
  readonly address: string;
  readonly type: string;
  readonly region: string;
  readonly instanceType: string;
  readonly hours: FleetHours;
  readonly min: number;
  readonly max: number;
  /** Root volume GB per instance. */
  readonly volumeGb: number;
  readonly detailedMonitoring: boolean;
  /** Serves no target group: a queue worker. */
  readonly worker: boolean;
  /** EKS Spot capacity: priced at on-demand as an upper bound (no Spot prices in the table), outside Savings Plans. */
  readonly spot?: boolean;
}

/** Reads every Auto Scaling group, EKS node group and Beanstalk environment of the stack as a fleet. */
export function readFleets(stack: Stack, traffic: TrafficScenario): Map<string, Fleet> {
  const fleets = new Map<string, Fleet>();
  // A DR region's standby groups (pilot-light at 0, warm-standby at standby.min) do not follow the primary's traffic:
  // they are priced at their min all month (what standing in the DR region costs).
  const views = [...autoScalingGroups(stack.index).map((v) => ({ view: v, standby: false })), ...drAutoScalingGroups(stack.index).map((v) => ({ view: v, standby: true }))];
  for (const { view, standby } of views) {
    const asg = view.resource;
    const lt = view.launchTemplate?.config;
    const instanceType = String(view.instanceType ?? '');
    if (!instanceType) throw new Error(`${asg.address}: no instance type (cost reads it from the launch template's instance_type)`);
    const actions: ScheduledFloor[] = [];
    for (const s of view.schedules) {
      if (s.config.min_size === undefined) continue;
      for (const at of weeklyMinutes(String(s.config.recurrence ?? '')) ?? []) actions.push({ at, min: Number(s.config.min_size) });
    }
    const min = view.min;
    const max = standby ? view.min : view.max;
    const volumes = asList(lt?.block_device_mappings).map((m: Block) => Number(m.ebs?.volume_size ?? 8));
    fleets.set(asg.address, {
      address: asg.address, type: asg.type, region: asg.region, instanceType,
      hours: fleetHours(min, max, actions, traffic.peakHoursPerMonth), min, max,
      volumeGb: volumes.length ? volumes.reduce((a, v) => a + v, 0) : 8,
      detailedMonitoring: lt?.monitoring?.enabled === true,
      worker: asList(asg.config.target_group_arns).length === 0,
    });
  }
  for (const ng of [...stack.ofType('aws_eks_node_group'), ...stack.ofType(AUTO_MODE_POOL_TYPE)]) {
    const sc = asList(ng.body.scaling_config)[0] ?? ng.body; // a node group's scaling_config, or a NodePool's own bounds
    const min = Number(sc.min_size ?? 1);
    const max = Number(sc.max_size ?? min);
    fleets.set(ng.address, {
      address: ng.address, type: ng.type, region: ng.region, instanceType: String(asList(ng.body.instance_types)[0] ?? 't3.medium'),
      hours: fleetHours(min, max, [], traffic.peakHoursPerMonth), min, max, volumeGb: Number(ng.body.disk_size ?? 20), detailedMonitoring: false, worker: false,
      spot: ng.body.capacity_type === 'SPOT',
    });
  }
  for (const env of stack.ofType('aws_elastic_beanstalk_environment')) {
    const setting = (ns: string, name: string) => asList(env.body.setting).find((s: Block) => s.namespace === ns && s.name === name)?.value;
    if (setting('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance') continue;
    const min = Number(setting('aws:autoscaling:asg', 'MinSize') ?? 1);
    const max = Number(setting('aws:autoscaling:asg', 'MaxSize') ?? 4);
    const types = String(setting('aws:ec2:instances', 'InstanceTypes') ?? setting('aws:autoscaling:launchconfiguration', 'InstanceType') ?? 't3.micro');
    fleets.set(env.address, {
      address: env.address,
      type: env.type,
      region: env.region,
      instanceType: types.split(',')[0].trim(),
      hours: fleetHours(min, max, [], traffic.peakHoursPerMonth),
      min,
      max,
      volumeGb: Number(setting('aws:autoscaling:launchconfiguration', 'RootVolumeSize') ?? 8),
      detailedMonitoring: false,
      worker: false,
    });
  }
  return fleets;
}
