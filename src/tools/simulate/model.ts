/**
 * What the simulator knows about a stack: read from its synthesized `cdk.tf.json` only (never from config), so
 * it answers for exactly what Terraform would deploy, whichever profile or config file produced it.
 */
import { AutoScalingGroupView, DR_PROVIDER, ScalingPolicyView, StackIndex, autoScalingGroups, drAutoScalingGroups } from '../tfjson';

/** One target-tracking policy as Auto Scaling evaluates it. */
export interface TargetTrackingModel {
  readonly name: string;
  /** cpu: ASGAverageCPUUtilization; requests: ALBRequestCountPerTarget (per minute); backlog: SQS messages / in-service instances. */
  readonly metric: 'cpu' | 'requests' | 'backlog' | 'unsupported';
  readonly targetValue: number;
  readonly disableScaleIn: boolean;
  /** The policy's estimated_instance_warmup (s), overriding the group's default_instance_warmup for its launches. */
  readonly estimatedWarmupSeconds?: number;
}

/** A step-scaling policy with the CloudWatch alarm that invokes it. */
export interface StepPolicyModel {
  readonly name: string;
  readonly adjustmentType: 'ChangeInCapacity' | 'ExactCapacity' | 'PercentChangeInCapacity';
  readonly steps: readonly { lower?: number; upper?: number; adjustment: number }[];
  /** metric_aggregation_type: how Auto Scaling aggregates the metric to pick a step. @default Average */
  readonly metricAggregationType?: 'Average' | 'Minimum' | 'Maximum';
  /** min_adjustment_magnitude: the least instances a PercentChangeInCapacity step changes. */
  readonly minAdjustmentMagnitude?: number;
  /** The policy's estimated_instance_warmup (s). */
  readonly estimatedWarmupSeconds?: number;
  readonly alarm: {
    readonly name: string;
    /** Only CPUUtilization of the group is simulated; other metrics are reported as unsupported. */
    readonly metric: 'cpu' | 'unsupported';
    readonly threshold: number;
    readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
    readonly periodSeconds: number;
    readonly evaluationPeriods: number;
    /** M of N alarms ("datapoints to alarm"); defaults to evaluationPeriods. */
    readonly datapointsToAlarm: number;
    /** The alarm's statistic: Average, Minimum, Maximum, Sum or SampleCount. @default Average */
    readonly statistic?: string;
    /** treat_missing_data: missing (keep the state), ignore, breaching, notBreaching. @default missing */
    readonly treatMissingData?: 'missing' | 'ignore' | 'breaching' | 'notBreaching';
  };
}

export interface ScheduleModel {
  readonly name: string;
  /** 5-field cron in `timeZone`. */
  readonly recurrence: string;
  readonly timeZone: string;
  readonly min?: number;
  readonly max?: number;
  readonly desired?: number;
}

export interface GroupModel {
  /** Terraform resource id (`service-web_asg_01DB7D4E`). */
  readonly id: string;
  /** Auto Scaling group name. */
  readonly name: string;
  /** The `Service` tag (`web`, `api`, `orders`), else the group name. */
  readonly service: string;
  /** web: behind the ALB (target groups); worker: consumes a queue. */
  readonly kind: 'web' | 'worker';
  readonly instanceType?: string;
  readonly min: number;
  readonly max: number;
  readonly desired: number;
  /** Subnets (one per AZ) the group spreads over. */
  readonly azCount: number;
  readonly healthCheckType: 'ELB' | 'EC2';
  readonly healthCheckGraceSeconds: number;
  /** default_instance_warmup (0 when unset: AWS then uses no warm-up for the default). */
  readonly defaultWarmupSeconds: number;
  /** True when default_instance_warmup is set (else a policy without its own warm-up uses default_cooldown). */
  readonly defaultWarmupSet?: boolean;
  /** default_cooldown (s). @default 300 */
  readonly defaultCooldownSeconds?: number;
  /** The launch template's `monitoring.enabled`: true = 1-minute EC2 metrics (detailed), false = 5-minute (basic). @default true */
  readonly detailedMonitoring?: boolean;
  /** The launch template's `stormproof:image-source` tag (baked, ami, from-instance, bundle, demo); undefined = demo. */
  readonly imageSource?: string;
  /** The ALB's idle_timeout (s) for web groups: a request waiting longer gets a 504. @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** ALB target-group health check: seconds from "app up" to "healthy" (healthy_threshold x interval). */
  readonly healthyAfterSeconds: number;
  /** Seconds from failure to "unhealthy" (unhealthy_threshold x interval for ELB; EC2 status checks otherwise). */
  readonly unhealthyAfterSeconds: number;
  readonly warmPool?: { readonly minSize: number; readonly state: string; readonly maxPreparedCapacity?: number };
  readonly instanceRefresh?: { readonly minHealthyPercentage: number; readonly maxHealthyPercentage: number; readonly warmupSeconds: number };
  readonly targetTracking: readonly TargetTrackingModel[];
  readonly stepPolicies: readonly StepPolicyModel[];
  readonly schedules: readonly ScheduleModel[];
}

export interface StackModel {
  readonly stack: string;
  readonly region?: string;
  readonly groups: readonly GroupModel[];
  /** Things in the JSON the simulator does not model, each said once (e.g. a policy on another metric). */
  readonly warnings: readonly string[];
}

type Json = Record<string, any>;

const num = (v: unknown, fallback: number): number => (v === undefined || v === null || v === '' ? fallback : Number(v));

/**
 * Builds the model of the Auto Scaling groups in a synthesized stack (through the tools' shared reader,
 * src/tools/tfjson): the primary region's (what serves the traffic), or with `fleet: 'dr'` the disaster-recovery
 * region's standby groups (pilot-light at 0, warm-standby at their standby min), which serve nothing until a failover.
 */
export function readStack(stack: string, json: Json, fleet: 'primary' | 'dr' = 'primary'): StackModel {
  const ix = StackIndex.fromJson(stack, json);
  const warnings: string[] = [];
  const providers: Json[] = Array.isArray(json.provider?.aws) ? json.provider.aws : json.provider?.aws ? [json.provider.aws] : [];
  const mainProvider = fleet === 'dr' ? providers.find((p) => `aws.${p.alias}` === DR_PROVIDER) : providers.find((p) => !p.alias);

  const groups = (fleet === 'dr' ? drAutoScalingGroups(ix) : autoScalingGroups(ix)).map((view): GroupModel => {
    const g = view.resource.config;
    const id = view.resource.name;
    const tags: Json[] = Array.isArray(g.tag) ? g.tag : [];
    const service = tags.find((t) => t.key === 'Service')?.value ?? g.name ?? id;
    const template = view.launchTemplate?.config;
    const hc = view.targetGroups.length > 0 ? view.targetGroups[0].healthCheck ?? {} : undefined;
    // ALB defaults when unset: healthy 5, unhealthy 2, interval 30 s.
    const interval = num(hc?.interval, 30);
    const elb = g.health_check_type === 'ELB' && hc !== undefined;
    const idleTimeout = idleTimeoutOf(view, ix);

    const { targetTracking, stepPolicies } = readPolicies(view.policies, warnings);

    const wp = g.warm_pool;
    const ir = g.instance_refresh?.preferences;
    return {
      id,
      name: g.name ?? id,
      service,
      kind: view.targetGroups.length > 0 ? 'web' : 'worker',
      instanceType: view.instanceType,
      min: view.min,
      max: view.max,
      desired: view.desired,
      azCount: Math.max(1, (g.vpc_zone_identifier ?? g.availability_zones ?? []).length),
      healthCheckType: g.health_check_type === 'ELB' ? 'ELB' : 'EC2',
      healthCheckGraceSeconds: num(g.health_check_grace_period, 300),
      defaultWarmupSeconds: num(g.default_instance_warmup, 0),
      defaultWarmupSet: g.default_instance_warmup !== undefined && g.default_instance_warmup !== null,
      defaultCooldownSeconds: num(g.default_cooldown, 300),
      detailedMonitoring: template?.monitoring?.enabled === undefined ? true : template.monitoring.enabled === true || template.monitoring.enabled === 'true',
      imageSource: imageSourceOf(template),
      idleTimeoutSeconds: view.targetGroups.length > 0 ? idleTimeout : undefined,
      healthyAfterSeconds: hc ? num(hc.healthy_threshold, 5) * interval : 0,
      // EC2 status checks run every minute and fail after about two missed checks.
      unhealthyAfterSeconds: elb ? num(hc?.unhealthy_threshold, 2) * interval : 120,
      warmPool: wp ? { minSize: num(wp.min_size, 0), state: wp.pool_state ?? 'Stopped', maxPreparedCapacity: wp.max_group_prepared_capacity === undefined ? undefined : Number(wp.max_group_prepared_capacity) } : undefined,
      instanceRefresh: ir
        ? {
            minHealthyPercentage: num(ir.min_healthy_percentage, 90),
            maxHealthyPercentage: num(ir.max_healthy_percentage, 100),
            warmupSeconds: num(ir.instance_warmup, num(g.default_instance_warmup, 0)),
          }
        : undefined,
      targetTracking,
      stepPolicies,
      schedules: readSchedules(view.schedules.map((r) => r.config), warnings),
    };
  });
  groups.sort((a, b) => (a.kind === b.kind ? a.service.localeCompare(b.service) : a.kind === 'web' ? -1 : 1));
  return { stack, region: mainProvider?.region, groups, warnings: [...new Set(warnings)] };
}

/** A group's target-tracking and step-scaling policies (a step policy with the alarm that invokes it). */
function readPolicies(policies: readonly ScalingPolicyView[], warnings: string[]): { targetTracking: TargetTrackingModel[]; stepPolicies: StepPolicyModel[] } {
  const targetTracking: TargetTrackingModel[] = [];
  const stepPolicies: StepPolicyModel[] = [];
  for (const view of policies) {
    const pid = view.resource.name;
    const p = view.resource.config;
    if ((p.policy_type ?? 'SimpleScaling') === 'TargetTrackingScaling') {
      const tt = p.target_tracking_configuration ?? {};
      const predefined = tt.predefined_metric_specification?.predefined_metric_type;
      let metric: TargetTrackingModel['metric'] = 'unsupported';
      if (predefined === 'ASGAverageCPUUtilization') metric = 'cpu';
      else if (predefined === 'ALBRequestCountPerTarget') metric = 'requests';
      else if (isBacklogPerInstance(tt.customized_metric_specification)) metric = 'backlog';
      if (metric === 'unsupported') warnings.push(`${p.name ?? pid}: target tracking on a metric the simulator does not model; ignored`);
      const warmup = p.estimated_instance_warmup === undefined || p.estimated_instance_warmup === null ? undefined : Number(p.estimated_instance_warmup);
      targetTracking.push({ name: p.name ?? pid, metric, targetValue: Number(tt.target_value), disableScaleIn: tt.disable_scale_in === true, ...(warmup === undefined ? {} : { estimatedWarmupSeconds: warmup }) });
    } else if (p.policy_type === 'StepScaling') {
      const alarmEntry = view.alarm ? [view.alarm.name, view.alarm.config] as const : undefined;
      if (!alarmEntry) {
        warnings.push(`${p.name ?? pid}: step scaling without an alarm that invokes it; never runs`);
        continue;
      }
      const a = alarmEntry[1];
      const cpu = a.namespace === 'AWS/EC2' && a.metric_name === 'CPUUtilization';
      if (!cpu) warnings.push(`${a.alarm_name}: step-scaling alarm on ${a.namespace}/${a.metric_name} is not simulated`);
      const aggregation = p.metric_aggregation_type ?? 'Average';
      if (['Average', 'Minimum', 'Maximum'].includes(a.statistic ?? 'Average') && aggregation !== (a.statistic ?? 'Average')) {
        warnings.push(`${p.name ?? pid}: metric_aggregation_type ${aggregation} differs from its alarm's statistic ${a.statistic ?? 'Average'}: the step is chosen on a different figure than the alarm's`);
      }
      stepPolicies.push({
        name: p.name ?? pid,
        adjustmentType: p.adjustment_type ?? 'ChangeInCapacity',
        steps: (p.step_adjustment ?? []).map((s: Json) => ({
          lower: s.metric_interval_lower_bound === undefined ? undefined : Number(s.metric_interval_lower_bound),
          upper: s.metric_interval_upper_bound === undefined ? undefined : Number(s.metric_interval_upper_bound),
          adjustment: Number(s.scaling_adjustment),
        })),
        metricAggregationType: ['Minimum', 'Maximum'].includes(p.metric_aggregation_type) ? p.metric_aggregation_type : 'Average',
        minAdjustmentMagnitude: p.min_adjustment_magnitude === undefined || p.min_adjustment_magnitude === null ? undefined : Number(p.min_adjustment_magnitude),
        estimatedWarmupSeconds: p.estimated_instance_warmup === undefined || p.estimated_instance_warmup === null ? undefined : Number(p.estimated_instance_warmup),
        alarm: {
          name: a.alarm_name ?? alarmEntry[0],
          metric: cpu ? 'cpu' : 'unsupported',
          threshold: Number(a.threshold),
          comparison: a.comparison_operator,
          periodSeconds: num(a.period, 60),
          evaluationPeriods: num(a.evaluation_periods, 1),
          datapointsToAlarm: num(a.datapoints_to_alarm, num(a.evaluation_periods, 1)),
          statistic: a.statistic ?? (a.extended_statistic ? String(a.extended_statistic) : 'Average'),
          treatMissingData: ['ignore', 'breaching', 'notBreaching'].includes(a.treat_missing_data) ? a.treat_missing_data : 'missing',
        },
      });
    } else {
      warnings.push(`${p.name ?? pid}: ${p.policy_type ?? 'SimpleScaling'} policies are not simulated`);
    }
  }
  return { targetTracking, stepPolicies };
}

/** A group's recurring scheduled actions (one-off ones are not simulated, and said so). */
function readSchedules(schedules: Json[], warnings: string[]): GroupModel['schedules'] {
  return schedules
    .map((s: Json) => ({
      name: s.scheduled_action_name,
      recurrence: s.recurrence,
      timeZone: s.time_zone ?? 'UTC',
      min: s.min_size === undefined ? undefined : Number(s.min_size),
      max: s.max_size === undefined ? undefined : Number(s.max_size),
      desired: s.desired_capacity === undefined ? undefined : Number(s.desired_capacity),
    }))
    .filter((s) => {
      if (s.recurrence) return true;
      warnings.push(`${s.name}: one-off scheduled actions (start_time without recurrence) are not simulated`);
      return false;
    });
}

/** SQS backlog per instance as AWS documents it: messages visible / in-service instances (metric math). */
function isBacklogPerInstance(spec: Json | undefined): boolean {
  const metrics: Json[] = spec?.metrics ?? [];
  const names = metrics.map((m) => m.metric_stat?.metric?.metric_name);
  return names.includes('ApproximateNumberOfMessagesVisible') && names.includes('GroupInServiceInstances');
}

/** The launch template's `stormproof:image-source` tag (template tags or its instance tag specifications). */
function imageSourceOf(template: Json | undefined): string | undefined {
  if (!template) return undefined;
  const key = 'stormproof:image-source';
  const specs: Json[] = Array.isArray(template.tag_specifications) ? template.tag_specifications : [];
  return template.tags?.[key] ?? template.tags_all?.[key] ?? specs.map((s) => s.tags?.[key]).find((v) => v !== undefined);
}

/** idle_timeout of the ALB whose listener forwards to the group's target group (the only ALB when there is one). */
function idleTimeoutOf(view: AutoScalingGroupView, ix: StackIndex): number {
  const forwarding = [...new Set(view.targetGroups.flatMap((tg) => tg.loadBalancers))];
  const candidates = forwarding.length > 0 ? forwarding : ix.of('aws_lb');
  const alb = candidates.find((lb) => (lb.config.load_balancer_type ?? 'application') === 'application');
  return num(alb?.config.idle_timeout, 60);
}
