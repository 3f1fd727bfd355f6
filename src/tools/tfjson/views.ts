/**
 * Typed views over a stack's resources for the tools that reason about capacity (simulate, cost, deliverables):
 * an Auto Scaling group with its launch template, target groups, scaling policies (and the alarms that invoke
 * them) and scheduled actions; a target group with its listeners and load balancers; the stack's main region.
 */
import { StackIndex } from './stack-index';
import { Resource, asArray } from './tfjson';

export interface TargetGroupView {
  readonly resource: Resource;
  /** The target group's health_check block, if it sets one. */
  readonly healthCheck: Record<string, any> | undefined;
  /** Listeners whose default action forwards to it, and their load balancers. */
  readonly listeners: readonly Resource[];
  readonly loadBalancers: readonly Resource[];
}

export interface ScalingPolicyView {
  readonly resource: Resource;
  /** The policy's `name`, else its Terraform resource name. */
  readonly name: string;
  /** TargetTrackingScaling, StepScaling, SimpleScaling (AWS's default) or PredictiveScaling. */
  readonly policyType: string;
  /** The CloudWatch alarm whose alarm_actions invoke the policy (step and simple scaling). */
  readonly alarm: Resource | undefined;
}

export interface AutoScalingGroupView {
  readonly resource: Resource;
  /** The group's `name`, else its Terraform resource name. */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** desired_capacity, else min. */
  readonly desired: number;
  readonly launchTemplate: Resource | undefined;
  /** The launch template's instance_type. */
  readonly instanceType: string | undefined;
  readonly targetGroups: readonly TargetGroupView[];
  readonly policies: readonly ScalingPolicyView[];
  /** aws_autoscaling_schedule resources acting on this group. */
  readonly schedules: readonly Resource[];
}

const num = (v: unknown, fallback: number): number => (v === undefined || v === null || v === '' ? fallback : Number(v));

/** Whether `r` names `group` in its autoscaling_group_name (by reference or by literal name). */
function actsOn(ix: StackIndex, r: Resource, group: Resource): boolean {
  const v = r.config.autoscaling_group_name;
  return ix.refs(v).includes(group.address) || (v !== undefined && v === group.config.name);
}

export function targetGroupView(ix: StackIndex, tg: Resource): TargetGroupView {
  const listeners = ix.of('aws_lb_listener').filter((l) => ix.refs(l.config.default_action).includes(tg.address));
  const loadBalancers = [...new Set(listeners.map((l) => ix.ref(l.config.load_balancer_arn, 'aws_lb')).filter(Boolean) as Resource[])];
  return { resource: tg, healthCheck: asArray(tg.config.health_check)[0], listeners, loadBalancers };
}

export function scalingPolicyView(ix: StackIndex, p: Resource): ScalingPolicyView {
  const alarm = ix.of('aws_cloudwatch_metric_alarm').find((a) => ix.refs(a.config.alarm_actions).includes(p.address));
  return { resource: p, name: String(p.config.name ?? p.name), policyType: String(p.config.policy_type ?? 'SimpleScaling'), alarm };
}

/** Tag a DR region's standby group carries (`stormproof:dr` = the strategy), beside its primary's `Service` tag. */
export const DR_GROUP_TAG = 'stormproof:dr';

/** Whether `g` is a standby copy in the DR region (pilot-light, warm-standby) rather than a serving group. */
export function isDrGroup(g: Resource): boolean {
  return asArray<{ key?: string }>(g.config.tag).some((t) => t.key === DR_GROUP_TAG);
}

/** The stack's serving Auto Scaling groups (the primary region's), in address order; `drAutoScalingGroups` has the standby copies. */
export function autoScalingGroups(ix: StackIndex): AutoScalingGroupView[] {
  return allAutoScalingGroups(ix).filter((v) => !isDrGroup(v.resource));
}

/** The DR region's standby groups (tagged `stormproof:dr`), in address order. */
export function drAutoScalingGroups(ix: StackIndex): AutoScalingGroupView[] {
  return allAutoScalingGroups(ix).filter((v) => isDrGroup(v.resource));
}

function allAutoScalingGroups(ix: StackIndex): AutoScalingGroupView[] {
  return ix.of('aws_autoscaling_group').map((g) => {
    const c = g.config;
    const launchTemplate = ix.ref(c.launch_template ?? c.mixed_instances_policy, 'aws_launch_template');
    const targetGroups = ix.refs(c.target_group_arns).map((a) => ix.get(a) as Resource).filter((r) => r.type === 'aws_lb_target_group');
    return {
      resource: g,
      name: String(c.name ?? g.name),
      min: num(c.min_size, 0),
      max: num(c.max_size, 0),
      desired: num(c.desired_capacity, num(c.min_size, 0)),
      launchTemplate,
      instanceType: launchTemplate?.config.instance_type,
      targetGroups: targetGroups.map((tg) => targetGroupView(ix, tg)),
      policies: ix.of('aws_autoscaling_policy').filter((p) => actsOn(ix, p, g)).map((p) => scalingPolicyView(ix, p)),
      schedules: ix.of('aws_autoscaling_schedule').filter((s) => actsOn(ix, s, g)),
    };
  });
}

/** Region of the default (unaliased) AWS provider, undefined when it is not a literal. */
export function mainRegion(regions: ReadonlyMap<string, string>): string | undefined {
  const r = regions.get('aws');
  return r && /^[a-z]{2}(-[a-z]+)+-\d$/.test(r) ? r : undefined;
}
