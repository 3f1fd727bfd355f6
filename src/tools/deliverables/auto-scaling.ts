/** Auto Scaling groups as the documents show them: one row per group (sizes, AZs, health, warm pool, refresh) and
 * each scaling policy in words. */
import { secs, yes } from './markdown';
import { StackIndex, azsOf } from './stack-index';
import { Resource, asArray, displayName } from './tfjson';

export interface AsgRow {
  readonly name: string;
  readonly instanceType: string;
  readonly min: number;
  readonly desired: number;
  readonly max: number;
  readonly azs: string;
  readonly healthCheck: string;
  readonly warmup: string;
  readonly warmPool: string;
  readonly instanceRefresh: string;
  readonly targetGroups: string;
}

export function asgRows(ix: StackIndex): { asg: Resource; row: AsgRow }[] {
  return ix.of('aws_autoscaling_group').map((asg) => {
    const c = asg.config;
    const lt = ix.ref(c.launch_template, 'aws_launch_template') ?? ix.ref(c.mixed_instances_policy, 'aws_launch_template');
    const pool = asArray<any>(c.warm_pool)[0] ?? ix.referrers('aws_autoscaling_warm_pool', asg.address)[0]?.config;
    const ir = asArray<any>(c.instance_refresh)[0];
    const p = ir?.preferences ?? {};
    return {
      asg,
      row: {
        name: displayName(asg),
        instanceType: lt?.config.instance_type ?? c.launch_configuration ?? '–',
        min: c.min_size,
        desired: c.desired_capacity ?? c.min_size,
        max: c.max_size,
        azs: azsOf(ix, asg),
        healthCheck: `${c.health_check_type ?? 'EC2'}, grace ${c.health_check_grace_period ?? 300} s`,
        warmup: secs(c.default_instance_warmup),
        warmPool: pool
          ? `min ${pool.min_size ?? 0}, ${pool.pool_state ?? 'Stopped'}${pool.max_group_prepared_capacity !== undefined ? `, max prepared ${pool.max_group_prepared_capacity}` : ''}`
          : 'none',
        instanceRefresh: ir
          ? `${ir.strategy}: min healthy ${p.min_healthy_percentage ?? 90} %, max healthy ${p.max_healthy_percentage ?? 100} %, warm-up ${p.instance_warmup ?? '–'} s, skip matching ${yes(p.skip_matching)}${p.auto_rollback !== undefined ? `, auto rollback ${yes(p.auto_rollback)}` : ''}`
          : 'none',
        targetGroups:
          ix
            .refs(c.target_group_arns)
            .map((a) => ix.name(a))
            .join(', ') || 'none (not behind the load balancer)',
      },
    };
  });
}

export function policyDescription(ix: StackIndex, p: Resource): string {
  const c = p.config;
  const tt = c.target_tracking_configuration;
  if (tt) {
    const metric = tt.predefined_metric_specification?.predefined_metric_type
      ?? (asArray<any>(tt.customized_metric_specification?.metrics).filter((m) => m.return_data).map((m) => m.label ?? m.expression).join(', ')
        || tt.customized_metric_specification?.metric_name);
    return `target tracking: ${metric} at ${tt.target_value}${tt.disable_scale_in ? ' (no scale-in)' : ''}`;
  }
  if ((c.policy_type ?? 'SimpleScaling') === 'StepScaling' || (c.policy_type ?? 'SimpleScaling') === 'SimpleScaling') {
    const alarms = ix.of('aws_cloudwatch_metric_alarm').filter((a) => ix.refs(a.config.alarm_actions).includes(p.address));
    const when = alarms
      .map(
        (a) =>
          `${a.config.metric_name} ${op(a.config.comparison_operator)} ${a.config.threshold} (${a.config.statistic ?? a.config.extended_statistic}, ${a.config.evaluation_periods} × ${a.config.period} s)`,
      )
      .join('; ');
    const steps =
      asArray<any>(c.step_adjustment)
        .map((s) => `${s.scaling_adjustment > 0 ? '+' : ''}${s.scaling_adjustment}`)
        .join(', ') || (c.scaling_adjustment !== undefined ? String(c.scaling_adjustment) : '');
    return `${c.policy_type ?? 'SimpleScaling'}: ${steps} ${c.adjustment_type === 'ChangeInCapacity' ? 'instance(s)' : (c.adjustment_type ?? '')} when ${when || 'an alarm (none in this stack) fires'}${c.cooldown ? `, cooldown ${c.cooldown} s` : ''}`;
  }
  return `${c.policy_type}`;
}

const op = (o: string) => ({ GreaterThanOrEqualToThreshold: '≥', GreaterThanThreshold: '>', LessThanThreshold: '<', LessThanOrEqualToThreshold: '≤' } as Record<string, string>)[o] ?? o;
