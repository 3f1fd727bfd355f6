/**
 * design.md: the architecture design document of one stack, generated from its JSON (and optionally a
 * plan): tiers and why, load balancer listeners / rules / target groups, Auto Scaling groups with every
 * scaling policy, schedule, warm pool and instance refresh setting, the data tier, edge and security
 * controls, and failure modes with what takes over, RTO/RPO for this configuration and what is not covered.
 */
import { Tier, familyOf, TIER_ORDER } from './families';
import { ArchitectureModel } from './model';
import { PlanSummary } from './plan';
import { Resource, asArray, azOf, displayName, referencesIn } from './tfjson';

export interface DesignOptions {
  /** Relative links to sibling deliverables that exist (cost.md, proofs.md, …). */
  readonly links?: readonly { readonly title: string; readonly href: string }[];
  readonly plan?: PlanSummary;
  /** Where the JSON came from, for the header. */
  readonly source?: string;
}

const cell = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return '–';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/g, '→ $1.$2').replace(/\|/g, '\\|').replace(/\n/g, ' ');
};
export const table = (head: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  rows.length ? [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') : '_none_';
const yes = (v: unknown) => (v === true || v === 'true' ? 'yes' : v === false || v === 'false' ? 'no' : v === undefined ? '–' : String(v));
const secs = (v: unknown) => (v === undefined ? '–' : `${v} s`);

export class StackIndex {
  readonly all: readonly Resource[];
  private readonly byAddr: Map<string, Resource>;
  private readonly known: Set<string>;
  constructor(readonly model: ArchitectureModel) {
    this.all = model.resources;
    this.byAddr = new Map(this.all.map((r) => [r.address, r]));
    this.known = new Set(this.byAddr.keys());
  }
  of(type: string | RegExp): Resource[] {
    return this.all.filter((r) => (typeof type === 'string' ? r.type === type : type.test(r.type)));
  }
  get(address: string | undefined): Resource | undefined {
    return address ? this.byAddr.get(address) : undefined;
  }
  refs(value: unknown): string[] {
    return referencesIn(value, this.known);
  }
  /** First resource of `type` the value references. */
  ref(value: unknown, type: string): Resource | undefined {
    return this.get(this.refs(value).find((a) => a.startsWith(`${type}.`)));
  }
  /** Resources of `type` that reference `target` (anywhere in their arguments). */
  referrers(type: string | RegExp, target: string): Resource[] {
    return this.of(type).filter((r) => this.refs(r.config).includes(target));
  }
  name(address: string | undefined): string {
    const r = this.get(address);
    return r ? displayName(r) : (address ?? '–');
  }
}

function azsOf(ix: StackIndex, r: Resource): string {
  const subnets = ix.refs(r.config.subnets ?? r.config.vpc_zone_identifier ?? r.config.subnet_ids).map((a) => ix.get(a)).filter(Boolean) as Resource[];
  const azs = [...new Set(subnets.map((s) => azOf(s.config.availability_zone) ?? '?'))].sort();
  return azs.length ? azs.join(', ') : '–';
}

// ---------------------------------------------------------------- load balancing
function loadBalancing(ix: StackIndex): string[] {
  const out: string[] = [];
  for (const lb of ix.of(/^aws_(lb|alb)$/)) {
    const c = lb.config;
    const waf = ix.referrers('aws_wafv2_web_acl_association', lb.address).map((a) => ix.name(ix.refs(a.config.web_acl_arn)[0]));
    out.push(`### ${displayName(lb)}`, '', table(['setting', 'value'], [
      ['type / scheme', `${c.load_balancer_type ?? 'application'}, ${c.internal === true ? 'internal' : 'internet-facing'}`],
      ['Availability Zones (subnets)', azsOf(ix, lb)],
      ['security groups', ix.refs(c.security_groups).map((a) => ix.name(a)).join(', ')],
      ['idle timeout', secs(c.idle_timeout ?? 60)],
      ['deletion protection', yes(c.enable_deletion_protection ?? false)],
      ['drop invalid header fields', yes(c.drop_invalid_header_fields ?? false)],
      ['desync mitigation', c.desync_mitigation_mode ?? 'defensive'],
      ['access logs', c.access_logs?.enabled ? `S3 ${ix.name(ix.refs(c.access_logs.bucket)[0])} (prefix ${c.access_logs.prefix ?? '–'})` : 'off'],
      ['WAF', waf.join(', ') || 'none'],
    ]), '');
    const listeners = ix.referrers(/^aws_(lb|alb)_listener$/, lb.address);
    out.push('**Listeners**', '', table(['listener', 'protocol:port', 'TLS policy / certificate', 'default action'], listeners.map((l) => [
      l.name, `${l.config.protocol ?? 'HTTP'}:${l.config.port}`, l.config.certificate_arn ? `${l.config.ssl_policy ?? 'default'} / ${cell(l.config.certificate_arn)}` : '–', action(ix, asArray(l.config.default_action)[0]),
    ])), '');
    const rules = listeners.flatMap((l) => ix.referrers(/^aws_(lb|alb)_listener_rule$/, l.address).map((r) => ({ l, r })))
      .sort((a, b) => Number(a.r.config.priority ?? 0) - Number(b.r.config.priority ?? 0));
    out.push('**Listener rules** (lowest priority number wins)', '', table(['priority', 'listener', 'conditions', 'action'], rules.map(({ l, r }) => [
      r.config.priority, `${l.config.protocol ?? 'HTTP'}:${l.config.port}`, conditions(r.config.condition), action(ix, asArray(r.config.action)[0]),
    ])), '');
    const tgs = [...new Set([...listeners, ...rules.map((x) => x.r)].flatMap((x) => ix.refs(x.config).filter((a) => a.startsWith('aws_lb_target_group.') || a.startsWith('aws_alb_target_group.'))))].map((a) => ix.get(a)!);
    out.push('**Target groups**', '', table(['target group', 'protocol:port', 'health check', 'healthy / unhealthy after', 'deregistration delay', 'stickiness', 'targets'], tgs.map((tg) => {
      const h = tg.config.health_check ?? {};
      const targets = ix.of(/^aws_autoscaling_group$|^aws_lb_target_group_attachment$|^aws_autoscaling_attachment$/).filter((g) => ix.refs(g.config.target_group_arns ?? g.config.target_group_arn ?? g.config.lb_target_group_arn).includes(tg.address));
      return [
        displayName(tg), `${tg.config.protocol ?? 'HTTP'}:${tg.config.port ?? '–'}`,
        `${h.protocol ?? 'HTTP'} ${h.path ?? '/'} every ${h.interval ?? 30} s, timeout ${h.timeout ?? 5} s, matcher ${h.matcher ?? '200'}`,
        `${h.healthy_threshold ?? 5} ok / ${h.unhealthy_threshold ?? 2} failed checks`,
        secs(tg.config.deregistration_delay ?? 300), tg.config.stickiness?.enabled ? `${tg.config.stickiness.type} ${tg.config.stickiness.cookie_duration ?? ''}` : 'off',
        targets.map((g) => (g.type === 'aws_autoscaling_group' ? `ASG ${displayName(g)}` : g.address)).join(', ') || tg.config.target_type || 'instance',
      ];
    })), '');
  }
  return out.length ? out : ['_No load balancer in this stack._', ''];
}

function action(ix: StackIndex, a: any): string {
  if (!a) return '–';
  if (a.type === 'forward') return `forward → ${ix.name(ix.refs(a.target_group_arn ?? a.forward)[0])}`;
  if (a.type === 'redirect') return `redirect → ${a.redirect?.protocol ?? ''}:${a.redirect?.port ?? ''} (${a.redirect?.status_code ?? ''})`;
  if (a.type === 'fixed-response') return `fixed ${a.fixed_response?.status_code} "${a.fixed_response?.message_body ?? ''}"`;
  return String(a.type);
}

function conditions(cs: unknown): string {
  return asArray<any>(cs).map((c) => {
    if (c.path_pattern) return `path ${asArray(c.path_pattern.values).join(', ')}`;
    if (c.host_header) return `host ${asArray(c.host_header.values).join(', ')}`;
    if (c.http_header) return `header ${c.http_header.http_header_name} = ${asArray(c.http_header.values).map((v) => (String(v).includes('${') ? '(secret)' : v)).join(', ')}`;
    return Object.keys(c).join(', ');
  }).join(' and ');
}

// ---------------------------------------------------------------- compute
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
        min: c.min_size, desired: c.desired_capacity ?? c.min_size, max: c.max_size,
        azs: azsOf(ix, asg),
        healthCheck: `${c.health_check_type ?? 'EC2'}, grace ${c.health_check_grace_period ?? 300} s`,
        warmup: secs(c.default_instance_warmup),
        warmPool: pool ? `min ${pool.min_size ?? 0}, ${pool.pool_state ?? 'Stopped'}${pool.max_group_prepared_capacity !== undefined ? `, max prepared ${pool.max_group_prepared_capacity}` : ''}` : 'none',
        instanceRefresh: ir ? `${ir.strategy}: min healthy ${p.min_healthy_percentage ?? 90} %, max healthy ${p.max_healthy_percentage ?? 100} %, warm-up ${p.instance_warmup ?? '–'} s, skip matching ${yes(p.skip_matching)}${p.auto_rollback !== undefined ? `, auto rollback ${yes(p.auto_rollback)}` : ''}` : 'none',
        targetGroups: ix.refs(c.target_group_arns).map((a) => ix.name(a)).join(', ') || 'none (not behind the load balancer)',
      },
    };
  });
}

export function policyDescription(ix: StackIndex, p: Resource): string {
  const c = p.config;
  const tt = c.target_tracking_configuration;
  if (tt) {
    const metric = tt.predefined_metric_specification?.predefined_metric_type
      ?? asArray<any>(tt.customized_metric_specification?.metrics).filter((m) => m.return_data).map((m) => m.label ?? m.expression).join(', ')
      ?? tt.customized_metric_specification?.metric_name;
    return `target tracking: ${metric} at ${tt.target_value}${tt.disable_scale_in ? ' (no scale-in)' : ''}`;
  }
  if ((c.policy_type ?? 'SimpleScaling') === 'StepScaling' || (c.policy_type ?? 'SimpleScaling') === 'SimpleScaling') {
    const alarms = ix.of('aws_cloudwatch_metric_alarm').filter((a) => ix.refs(a.config.alarm_actions).includes(p.address));
    const when = alarms.map((a) => `${a.config.metric_name} ${op(a.config.comparison_operator)} ${a.config.threshold} (${a.config.statistic ?? a.config.extended_statistic}, ${a.config.evaluation_periods} × ${a.config.period} s)`).join('; ');
    const steps = asArray<any>(c.step_adjustment).map((s) => `${s.scaling_adjustment > 0 ? '+' : ''}${s.scaling_adjustment}`).join(', ') || (c.scaling_adjustment !== undefined ? String(c.scaling_adjustment) : '');
    return `${c.policy_type ?? 'SimpleScaling'}: ${steps} ${c.adjustment_type === 'ChangeInCapacity' ? 'instance(s)' : (c.adjustment_type ?? '')} when ${when || 'an alarm (none in this stack) fires'}${c.cooldown ? `, cooldown ${c.cooldown} s` : ''}`;
  }
  return `${c.policy_type}`;
}

const op = (o: string) => ({ GreaterThanOrEqualToThreshold: '≥', GreaterThanThreshold: '>', LessThanThreshold: '<', LessThanOrEqualToThreshold: '≤' } as Record<string, string>)[o] ?? o;

function compute(ix: StackIndex): string[] {
  const rows = asgRows(ix);
  if (!rows.length) return ['_No Auto Scaling group in this stack._', ''];
  const out = [table(['Auto Scaling group', 'instance type', 'min', 'desired', 'max', 'AZs', 'health check', 'instance warm-up', 'warm pool', 'target groups'],
    rows.map(({ row: r }) => [r.name, r.instanceType, r.min, r.desired, r.max, r.azs, r.healthCheck, r.warmup, r.warmPool, r.targetGroups])), ''];
  out.push('**Instance refresh** (zero-downtime releases: a new launch template version rolls through the group)', '',
    table(['Auto Scaling group', 'instance refresh'], rows.map(({ row: r }) => [r.name, r.instanceRefresh])), '');
  const policies = rows.flatMap(({ asg }) => ix.referrers('aws_autoscaling_policy', asg.address).map((p) => [displayName(asg), displayName(p), policyDescription(ix, p)]));
  out.push('**Scaling policies**', '', table(['Auto Scaling group', 'policy', 'what it does'], policies), '');
  const schedules = rows.flatMap(({ asg }) => ix.referrers('aws_autoscaling_schedule', asg.address).map((s) => [
    displayName(asg), s.config.scheduled_action_name, s.config.recurrence ?? s.config.start_time, s.config.time_zone ?? 'UTC', s.config.min_size, s.config.desired_capacity, s.config.max_size,
  ]));
  out.push('**Schedules**', '', table(['Auto Scaling group', 'action', 'recurrence', 'time zone', 'min', 'desired', 'max'], schedules), '');
  const lts = rows.map(({ asg }) => ix.ref(asg.config.launch_template, 'aws_launch_template')).filter(Boolean) as Resource[];
  out.push('**Launch templates**', '', table(['template', 'instance type', 'IMDSv2', 'root volume', 'detailed monitoring'], lts.map((lt) => {
    const ebs = asArray<any>(lt.config.block_device_mappings)[0]?.ebs ?? {};
    return [displayName(lt), lt.config.instance_type, lt.config.metadata_options?.http_tokens === 'required' ? 'required' : 'optional', `${ebs.volume_size ?? '–'} GB ${ebs.volume_type ?? ''}, encrypted ${yes(ebs.encrypted)}`, yes(lt.config.monitoring?.enabled)];
  })), '');
  return out;
}

// ---------------------------------------------------------------- data
function data(ix: StackIndex): string[] {
  const out: string[] = [];
  const dbs = ix.of('aws_db_instance');
  out.push('**Databases**', '', table(['instance', 'role', 'engine', 'class', 'Multi-AZ', 'region / AZ', 'storage', 'encrypted', 'backups / PITR', 'deletion protection'], dbs.map((d) => {
    const c = d.config;
    const src = ix.get(ix.refs(c.replicate_source_db)[0]);
    const role = src ? `${src.region !== d.region ? 'cross-region replica' : 'read replica'} of ${displayName(src)}` : 'primary (writer)';
    const retention = Number(c.backup_retention_period ?? (src ? 0 : 1));
    return [displayName(d), role, `${c.engine ?? src?.config.engine ?? ''} ${c.engine_version ?? src?.config.engine_version ?? ''}`.trim(), c.instance_class, yes(c.multi_az ?? false),
      `${d.region}${azOf(c.availability_zone) ? ` / ${azOf(c.availability_zone)}` : ''}`, c.allocated_storage ? `${c.allocated_storage} GB → ${c.max_allocated_storage ?? c.allocated_storage} GB` : 'as source',
      c.storage_encrypted === true || c.kms_key_id ? 'yes (KMS)' : 'no', retention > 0 ? `${retention} days, PITR, window ${c.backup_window ?? '–'}` : src ? 'replica (source keeps backups)' : 'none', yes(c.deletion_protection ?? false)];
  })), '');
  const clusters = ix.of('aws_rds_cluster');
  if (clusters.length) out.push('**Aurora clusters**', '', table(['cluster', 'engine', 'backup retention', 'encrypted'], clusters.map((c) => [displayName(c), c.config.engine, c.config.backup_retention_period, yes(c.config.storage_encrypted)])), '');
  const caches = ix.of(/^aws_elasticache_replication_group$|^aws_elasticache_cluster$/);
  out.push('**Cache**', '', table(['cache', 'engine', 'node type', 'nodes', 'automatic failover', 'Multi-AZ', 'encryption at rest / in transit', 'snapshots'], caches.map((k) => {
    const c = k.config;
    return [displayName(k), `${c.engine ?? 'redis'} ${c.engine_version ?? ''}`, c.node_type, c.num_cache_clusters ?? c.num_cache_nodes ?? (c.num_node_groups ? `${c.num_node_groups} shards × ${(c.replicas_per_node_group ?? 0) + 1}` : '–'),
      yes(c.automatic_failover_enabled ?? false), yes(c.multi_az_enabled ?? false), `${yes(c.at_rest_encryption_enabled)} / ${yes(c.transit_encryption_enabled)}`, c.snapshot_retention_limit ? `${c.snapshot_retention_limit} days` : 'none'];
  })), '');
  const queues = ix.of('aws_sqs_queue');
  out.push('**Queues**', '', table(['queue', 'dead-letter queue', 'max receives', 'visibility timeout', 'retention', 'encryption'], queues.map((q) => {
    let redrive: any = {};
    try {
      redrive = q.config.redrive_policy ? JSON.parse(q.config.redrive_policy) : {};
    } catch {
      redrive = {};
    }
    return [displayName(q), redrive.deadLetterTargetArn ? ix.name(ix.refs(redrive.deadLetterTargetArn)[0]) : '–', redrive.maxReceiveCount, secs(q.config.visibility_timeout_seconds ?? 30),
      `${Math.round(Number(q.config.message_retention_seconds ?? 345600) / 86400)} days`, q.config.kms_master_key_id ? 'KMS' : q.config.sqs_managed_sse_enabled ? 'SSE-SQS' : 'none'];
  })), '');
  const plans = ix.of('aws_backup_plan');
  if (plans.length) {
    const rules = plans.flatMap((p) => asArray<any>(p.config.rule).map((r) => [displayName(p), r.rule_name, r.schedule, `${r.lifecycle?.delete_after ?? '–'} days${r.lifecycle?.cold_storage_after ? `, cold after ${r.lifecycle.cold_storage_after} days` : ''}`,
      asArray<any>(r.copy_action).map((c) => `${ix.name(ix.refs(c.destination_vault_arn)[0])} (${ix.get(ix.refs(c.destination_vault_arn)[0])?.region ?? '?'})`).join(', ') || 'none']));
    out.push('**AWS Backup**', '', table(['plan', 'rule', 'schedule', 'retention', 'copied to'], rules), '');
  }
  return out;
}

// ---------------------------------------------------------------- edge and security
function edgeAndSecurity(ix: StackIndex, m: ArchitectureModel): string[] {
  const out: string[] = [];
  for (const cf of ix.of('aws_cloudfront_distribution')) {
    const c = cf.config;
    const origins = asArray<any>(c.origin).map((o) => `${o.origin_id} → ${ix.refs(o.domain_name).length ? ix.name(ix.refs(o.domain_name)[0]) : o.domain_name}${o.origin_access_control_id ? ' (OAC)' : ''}${asArray(o.custom_header).length ? ' (secret header)' : ''}`);
    const behaviours = [...asArray<any>(c.ordered_cache_behavior).map((b) => `${b.path_pattern} → ${b.target_origin_id}`), `default → ${c.default_cache_behavior?.target_origin_id}`];
    out.push(`**CloudFront ${displayName(cf)}**: origins ${origins.join('; ')}; behaviours ${behaviours.join(', ')}; viewers ${c.default_cache_behavior?.viewer_protocol_policy}; price class ${c.price_class ?? 'PriceClass_All'}; WAF ${c.web_acl_id ? ix.name(ix.refs(c.web_acl_id)[0]) : 'none'}; logs ${c.logging_config ? 'on' : 'off'}.`, '');
  }
  const acls = ix.of('aws_wafv2_web_acl');
  if (acls.length) {
    out.push('**WAF web ACLs**', '', table(['web ACL', 'scope', 'default', 'rules (priority: name)'], acls.map((a) => [
      displayName(a), a.config.scope, Object.keys(a.config.default_action ?? {})[0],
      asArray<any>(a.config.rule).map((r) => `${r.priority}: ${r.name}${r.statement?.rate_based_statement ? ` (${r.statement.rate_based_statement.limit} req / 5 min per ${r.statement.rate_based_statement.aggregate_key_type})` : ''}`).join('; '),
    ])), '');
  }
  const sgName = (a?: string) => (a ? ix.name(a) : '');
  out.push('**Security-group rules** (every path into and out of each tier)', '', table(['group', 'direction', 'peer', 'ports', 'why'], m.rules.map((r) => [
    sgName(r.group), r.direction, r.peerGroup ? sgName(r.peerGroup) : r.cidr, r.ports, r.description,
  ])), '');
  const keys = ix.of('aws_kms_key');
  const buckets = ix.of('aws_s3_bucket');
  const blocked = buckets.filter((b) => ix.referrers('aws_s3_bucket_public_access_block', b.address).some((p) => p.config.block_public_acls && p.config.block_public_policy && p.config.restrict_public_buckets && p.config.ignore_public_acls));
  const encrypted = buckets.filter((b) => ix.referrers('aws_s3_bucket_server_side_encryption_configuration', b.address).length);
  const lts = ix.of('aws_launch_template');
  const trails = ix.of('aws_cloudtrail');
  const noSsh = m.rules.every((r) => !/ 22(-|$)/.test(r.ports) || r.direction === 'egress');
  out.push(table(['control', 'state in this stack'], [
    ['KMS customer-managed keys', `${keys.length}, rotation on for ${keys.filter((k) => k.config.enable_key_rotation === true).length}`],
    ['S3 public access blocked', `${blocked.length} of ${buckets.length} buckets`],
    ['S3 default encryption configured', `${encrypted.length} of ${buckets.length} buckets`],
    ['IMDSv2 required', `${lts.filter((l) => l.config.metadata_options?.http_tokens === 'required').length} of ${lts.length} launch templates`],
    ['SSH (port 22) open', noSsh ? 'no rule allows it' : 'YES: a rule opens port 22'],
    ['Audit trail', trails.length ? trails.map((t) => `${displayName(t)} (multi-region ${yes(t.config.is_multi_region_trail)}, log validation ${yes(t.config.enable_log_file_validation)})`).join(', ') : 'none'],
    ['Alarms / dashboards', `${ix.of('aws_cloudwatch_metric_alarm').length} alarms, ${ix.of('aws_cloudwatch_dashboard').length} dashboard(s)`],
    ['Budgets / cost anomaly monitors', `${ix.of('aws_budgets_budget').length} / ${ix.of('aws_ce_anomaly_monitor').length}`],
  ]), '');
  return out;
}

// ---------------------------------------------------------------- failure modes
export interface FailureMode {
  readonly failure: string;
  readonly takesOver: string;
  readonly rto: string;
  readonly rpo: string;
  readonly notCovered: string;
}

export function failureModes(ix: StackIndex, m: ArchitectureModel): FailureMode[] {
  const modes: FailureMode[] = [];
  const asgs = asgRows(ix);
  const lbs = ix.of(/^aws_(lb|alb)$/);
  const azCount = (r: Resource) => (azsOf(ix, r) === '–' ? 0 : azsOf(ix, r).split(', ').length);
  const tg = ix.of(/^aws_(lb|alb)_target_group$/)[0];
  const h = tg?.config.health_check ?? {};
  const detect = tg ? Number(h.interval ?? 30) * Number(h.unhealthy_threshold ?? 2) : 0;
  if (asgs.length) {
    const warm = Math.max(...asgs.map(({ asg }) => Number(asg.config.health_check_grace_period ?? 300)));
    const single = asgs.filter(({ row }) => Number(row.min) < 2).map(({ row }) => row.name);
    modes.push({
      failure: 'An instance fails',
      takesOver: `${lbs.length ? `The ALB stops routing to it after ${detect} s of failed health checks; ` : ''}its Auto Scaling group (${asgs.map(({ row }) => `${row.name}: ${row.healthCheck.split(',')[0]} health checks`).join('; ')}) replaces it.`,
      rto: single.length ? `${single.join(', ')} run${single.length === 1 ? 's' : ''} one instance at minimum: an outage of about ${Math.round((detect + warm + 120) / 60)} min until the replacement is healthy` : `no outage for users (other instances serve); capacity back in about ${Math.round((detect + warm + 60) / 60)} min`,
      rpo: 'none: instances are stateless (state lives in the data tier)',
      notCovered: 'requests in flight on the failed instance; anything written to its local disk',
    });
  }
  const spread = [...lbs, ...asgs.map((a) => a.asg)].filter((r) => azCount(r) >= 2);
  const nats = ix.of('aws_nat_gateway').filter((n) => n.provider === 'aws');
  const primaries = ix.of('aws_db_instance').filter((d) => d.config.replicate_source_db === undefined && d.provider === 'aws');
  const replicas = ix.of('aws_db_instance').filter((d) => d.config.replicate_source_db !== undefined);
  const caches = ix.of('aws_elasticache_replication_group');
  const mainAzs = new Set(m.subnets.filter((s) => m.vpcs.find((v) => v.address === s.vpc)?.region === m.regions[0]).map((s) => s.az)).size;
  const multiAzDb = primaries.filter((d) => d.config.multi_az === true);
  {
    const notCovered: string[] = [];
    if (nats.length === 1 && mainAzs > 1) notCovered.push('egress of every private subnet goes through one NAT gateway: if its AZ fails, instances lose outbound internet until it is recreated');
    if (primaries.some((d) => d.config.multi_az !== true)) notCovered.push(`database ${primaries.filter((d) => d.config.multi_az !== true).map(displayName).join(', ')} is single-AZ`);
    if (caches.some((c) => c.config.multi_az_enabled !== true)) notCovered.push('cache is not Multi-AZ');
    const under = asgs.filter(({ asg }) => azCount(asg) < 2).map(({ row }) => row.name);
    if (under.length) notCovered.push(`${under.join(', ')} run in one AZ`);
    modes.push({
      failure: `An Availability Zone fails (${mainAzs} in use)`,
      takesOver: spread.length ? `ALB nodes and instances in the other ${Math.max(mainAzs - 1, 0)} AZ(s) keep serving; Auto Scaling launches replacements there${multiAzDb.length ? '; RDS fails over to the standby in another AZ' : ''}${caches.some((c) => c.config.automatic_failover_enabled === true) ? '; the cache promotes a replica in another AZ' : ''}${nats.length > 1 ? '; each AZ has its own NAT gateway' : ''}.` : 'nothing: the stack runs in one AZ',
      rto: spread.length ? `serving continues at ${Math.round(((mainAzs - 1) / Math.max(mainAzs, 1)) * 100)} % capacity at once; full capacity after replacements (~${Math.round((detect + 300) / 60)} min)${multiAzDb.length ? '; database writes pause ~1–2 min during failover' : ''}` : 'until the AZ recovers',
      rpo: multiAzDb.length ? 'none for the database (synchronous standby); cache writes not yet replicated (seconds)' : primaries.length ? 'up to the last backup / PITR point (≤ 5 min) if the database AZ is lost' : 'none (no stateful tier)',
      notCovered: notCovered.join('; ') || 'nothing beyond reduced capacity until replacements are healthy',
    });
  }
  for (const db of primaries) {
    const c = db.config;
    const reads = replicas.filter((r) => ix.refs(r.config.replicate_source_db).includes(db.address));
    const retention = Number(c.backup_retention_period ?? 1);
    modes.push({
      failure: `Database primary ${displayName(db)} fails`,
      takesOver: c.multi_az === true ? 'RDS fails over to the synchronous standby in another AZ and moves the writer endpoint (DNS)' : reads.length ? `nothing automatic: promote read replica ${displayName(reads[0])} (manual)` : retention > 0 ? 'nothing automatic: restore from backup / point in time' : 'nothing',
      rto: c.multi_az === true ? '1–2 min (typical RDS Multi-AZ failover)' : reads.length ? 'minutes after someone promotes the replica and repoints the app' : retention > 0 ? '30 min or more (restore to a new instance)' : 'not recoverable',
      rpo: c.multi_az === true ? 'none (synchronous replication)' : reads.length ? 'seconds (replica lag)' : retention > 0 ? '≤ 5 min (PITR from transaction logs)' : 'all data',
      notCovered: `${reads.filter((r) => r.region === db.region).length ? `read replicas (${reads.filter((r) => r.region === db.region).map(displayName).join(', ')}) keep serving reads; ` : ''}${retention > 0 ? `backups kept ${retention} days` : 'no automated backups'}; connections drop and must reconnect`,
    });
  }
  for (const k of caches) {
    const c = k.config;
    const nodes = Number(c.num_cache_clusters ?? 1);
    modes.push({
      failure: `Cache primary ${displayName(k)} fails`,
      takesOver: c.automatic_failover_enabled === true && nodes > 1 ? `ElastiCache promotes one of ${nodes - 1} replica(s)${c.multi_az_enabled ? ' in another AZ' : ''}; the primary endpoint follows` : 'ElastiCache replaces the node; the cache starts empty',
      rto: c.automatic_failover_enabled === true && nodes > 1 ? 'under a minute (automatic failover)' : '~10 min (node replacement), then a cold cache',
      rpo: c.automatic_failover_enabled === true && nodes > 1 ? 'writes not yet replicated (async, typically under a second)' : 'everything in the cache (rebuilt from the database)',
      notCovered: c.snapshot_retention_limit ? `daily snapshots kept ${c.snapshot_retention_limit} days` : 'no snapshots',
    });
  }
  {
    const cross = replicas.filter((r) => r.region !== m.regions[0]);
    const vaults = ix.of('aws_backup_vault').filter((v) => v.region !== m.regions[0]);
    const drRegion = cross[0]?.region ?? vaults[0]?.region;
    modes.push({
      failure: `Region ${m.regions[0]} fails`,
      takesOver: cross.length ? `promote cross-region replica ${cross.map(displayName).join(', ')} in ${drRegion} (manual), then deploy the app tier there and point DNS at it` : vaults.length ? `restore the database from backup copies in ${drRegion}` : 'nothing: no copy of the data leaves the region',
      rto: cross.length || vaults.length ? 'hours (the DR region has no running app tier; see docs/runbooks.md)' : 'until the region recovers',
      rpo: cross.length ? 'seconds to minutes (asynchronous cross-region replication lag)' : vaults.length ? 'up to 24 h (daily backup copies)' : primaries.length ? 'all data if the region is lost for good' : 'none (no stateful tier)',
      notCovered: cross.length || vaults.length ? `compute, load balancer, cache and queues are not pre-provisioned in ${drRegion}; queued messages in ${m.regions[0]} are lost` : 'region loss',
    });
  }
  return modes;
}

// ---------------------------------------------------------------- document
const WHY: Partial<Record<Tier, string>> = {
  edge: 'serves users from the nearest edge location, caches static content, and filters attacks and floods before they reach the origin',
  network: 'isolates tiers: only public subnets route to the internet; private subnets leave through NAT; isolated subnets have no route out at all',
  'load balancing': 'one stable entry point that health-checks instances and spreads requests over every AZ',
  compute: 'stateless instances in Auto Scaling groups across AZs: capacity follows load, failed instances are replaced, releases roll without downtime',
  data: 'state lives here, replicated across AZs, encrypted and backed up, reachable only from the app tier',
  messaging: 'absorbs bursts and decouples slow work from requests; failed messages go to a dead-letter queue instead of looping',
  storage: 'durable objects (static assets, logs, audit trail) in private, encrypted buckets',
  security: 'encryption keys, least-privilege roles, security groups wired tier to tier, secrets kept out of code',
  observability: 'alarms on what users feel and on the data tier, a dashboard, and one alerts topic',
  operations: 'audit trail, budgets and anomaly alerts, backups copied out of the region',
  delivery: 'build and release pipeline',
  other: 'resources outside the known families (listed in the inventory)',
};

export function designMarkdown(m: ArchitectureModel, opts: DesignOptions = {}): string {
  const ix = new StackIndex(m);
  const byTier = new Map<Tier, Resource[]>();
  for (const r of m.resources) byTier.set(familyOf(r.type).tier, [...(byTier.get(familyOf(r.type).tier) ?? []), r]);
  const mainVpc = m.vpcs.find((v) => v.region === m.regions[0]);
  const subnets = m.subnets.filter((s) => s.vpc === mainVpc?.address);
  const nats = ix.of('aws_nat_gateway').filter((n) => n.region === m.regions[0]).length;
  const azs = new Set(subnets.map((s) => s.az)).size;
  const links = [{ title: 'architecture diagram', href: 'architecture.svg' }, { title: 'inventory', href: 'inventory.md' }, ...(opts.links ?? [])];
  const out = [
    `# ${m.stack}: architecture design`,
    '',
    `Generated by \`npm run deliverables\` from ${opts.source ?? `cdktf.out/stacks/${m.stack}/cdk.tf.json`}; do not edit, regenerate. See also: ${links.map((l) => `[${l.title}](${l.href})`).join(' · ')}.`,
    '',
    '![architecture](architecture.svg)',
    '',
    '## Summary',
    '',
    `- **${m.resources.length} resources** of ${new Set(m.resources.map((r) => r.type)).size} types in ${m.regions.length === 1 ? `region ${m.regions[0]}` : `regions ${m.regions[0]} (primary) and ${m.regions.slice(1).join(', ')}`}.`,
    mainVpc ? `- **Network**: VPC ${mainVpc.cidr} over ${azs} Availability Zones; ${(['public', 'private', 'isolated'] as const).map((t) => `${subnets.filter((s) => s.tier === t).length} ${t}`).join(', ')} subnets; ${nats} NAT gateway(s) (${nats === 0 ? 'no outbound internet' : nats >= azs ? 'one per AZ: egress survives an AZ loss' : 'shared: cheaper, but an AZ loss can cut egress'}).` : '- **Network**: no VPC in this stack.',
    ...asgRows(ix).map(({ row }) => `- **${row.name}**: ${row.instanceType}, ${row.min}–${row.max} instances (desired ${row.desired}) across ${row.azs}.`),
    '',
    '## Tiers and why',
    '',
    table(['tier', 'resources', 'types', 'why'], TIER_ORDER.filter((t) => byTier.has(t)).map((t) => [t, byTier.get(t)!.length, [...new Set(byTier.get(t)!.map((r) => r.type.replace(/^aws_/, '')))].slice(0, 6).join(', ') + ([...new Set(byTier.get(t)!.map((r) => r.type))].length > 6 ? ', …' : ''), WHY[t]])),
    '',
    '## Load balancing',
    '',
    ...loadBalancing(ix),
    '## Auto Scaling',
    '',
    ...compute(ix),
    '## Data tier',
    '',
    ...data(ix),
    '## Edge and security controls',
    '',
    ...edgeAndSecurity(ix, m),
    '## Failure modes',
    '',
    'Derived from the resources above. RTO = time until users are served again; RPO = data that can be lost.',
    '',
    table(['failure', 'what takes over', 'RTO', 'RPO', 'not covered'], failureModes(ix, m).map((f) => [f.failure, f.takesOver, f.rto, f.rpo, f.notCovered])),
    '',
  ];
  if (opts.plan) out.push(...planSection(opts.plan));
  return out.join('\n');
}

function planSection(p: PlanSummary): string[] {
  return [
    '## Plan summary',
    '',
    `From ${p.source}: **${p.totals.create} to add, ${p.totals.update} to change, ${p.totals.delete} to destroy** (${p.totals.replace} replaced).`,
    '',
    table(['tier', 'type', 'add', 'change', 'destroy', 'replace'], p.rows.map((r) => [r.tier, r.type, r.create, r.update, r.delete, r.replace])),
    '',
  ];
}
