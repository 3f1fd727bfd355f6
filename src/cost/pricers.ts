/**
 * One pricer per priced resource type: given a resource of the synthesized stack and the month being
 * priced (baseline, scenario or peak), the line items it costs, each quantity × unit price. Types that
 * cost nothing, or whose cost lands on another resource's line, are listed with the reason in
 * not-priced.ts; a test holds every type the profiles synthesize to one list or the other.
 */
import { HOURS_PER_MONTH, Price, price } from './prices';
import { FleetHours, fleetHours, weeklyMinutes, ScheduledFloor } from './fleet';
import { Block, Resource, Stack, asList, refsIn } from './stack';
import { TrafficScenario } from './traffic';

export type Mode = 'baseline' | 'scenario' | 'peak';
export const MODES: readonly Mode[] = ['baseline', 'scenario', 'peak'];

export type Tier = 'network' | 'load-balancer' | 'compute' | 'data' | 'edge' | 'security' | 'operations' | 'delivery';
export const TIERS: readonly Tier[] = ['network', 'load-balancer', 'compute', 'data', 'edge', 'security', 'operations', 'delivery'];

export interface Line {
  readonly address: string;
  readonly type: string;
  readonly tier: Tier;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
  /** Priced from a section marked as an estimate. */
  readonly estimate: boolean;
  /** Costs money with no traffic at all. */
  readonly idle: boolean;
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
}

export interface Ctx {
  readonly stack: Stack;
  readonly mode: Mode;
  readonly traffic: TrafficScenario;
  readonly quietHours: number;
  readonly peakHours: number;
  /** Requests a month, all of them (CloudFront or ALB). */
  readonly requests: number;
  /** Share of requests that reach the ALB. */
  readonly albShare: number;
  /** Requests CloudFront serves (all of them when it fronts the ALB, its cache hits otherwise). */
  readonly cdnRequests: number;
  /** GB the ALB sends straight to the internet (none when CloudFront fronts it: origin fetches are free). */
  readonly albInternetGb: number;
  readonly fleets: ReadonlyMap<string, Fleet>;
  /** Instance-hours this month of the fleets in `region`. */
  instanceHours(region: string, workersOnly?: boolean): number;
  /** ALB LCU-hours this month. */
  readonly lcuHours: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
export const GB_PER_KB = 1 / (1024 * 1024);

/** A line: quantity × unit price, the cost rounded to the cent, the quantity to 4 decimals. */
export function line(r: Resource, tier: Tier, quantity: number, unit: string, p: Price, idle: boolean): Line {
  const q = round(quantity, 4);
  return { address: r.address, type: r.type, tier, quantity: q, unit, unitPriceUsd: p.usd, monthlyUsd: round(q * p.usd, 2), estimate: p.estimate, idle };
}

/** Hours of the month at this mode's fleet size, for a fleet. */
const fleetHoursOf = (f: Fleet, mode: Mode) => f.hours[mode];

/** Reads every Auto Scaling group, EKS node group and Beanstalk environment of the stack as a fleet. */
export function readFleets(stack: Stack, traffic: TrafficScenario): Map<string, Fleet> {
  const fleets = new Map<string, Fleet>();
  const schedules = stack.ofType('aws_autoscaling_schedule');
  for (const asg of stack.ofType('aws_autoscaling_group')) {
    const b = asg.body;
    const ltAddress = refsIn(b.launch_template ?? b.mixed_instances_policy).find((a) => a.startsWith('aws_launch_template.'));
    const lt = ltAddress ? stack.byAddress(ltAddress)?.body : undefined;
    const instanceType = String(lt?.instance_type ?? '');
    if (!instanceType) throw new Error(`${asg.address}: no instance type (cost reads it from the launch template's instance_type)`);
    const actions: ScheduledFloor[] = [];
    for (const s of schedules) {
      if (!refsIn(s.body.autoscaling_group_name).includes(asg.address) || s.body.min_size === undefined) continue;
      for (const at of weeklyMinutes(String(s.body.recurrence ?? '')) ?? []) actions.push({ at, min: Number(s.body.min_size) });
    }
    const min = Number(b.min_size);
    const max = Number(b.max_size);
    const volumes = asList(lt?.block_device_mappings).map((m: Block) => Number(m.ebs?.volume_size ?? 8));
    fleets.set(asg.address, {
      address: asg.address, type: asg.type, region: asg.region, instanceType,
      hours: fleetHours(min, max, actions, traffic.peakHoursPerMonth), min, max,
      volumeGb: volumes.length ? volumes.reduce((a, v) => a + v, 0) : 8,
      detailedMonitoring: lt?.monitoring?.enabled === true,
      worker: asList(b.target_group_arns).length === 0,
    });
  }
  for (const ng of stack.ofType('aws_eks_node_group')) {
    const sc = asList(ng.body.scaling_config)[0] ?? {};
    const min = Number(sc.min_size ?? 1);
    const max = Number(sc.max_size ?? min);
    fleets.set(ng.address, {
      address: ng.address, type: ng.type, region: ng.region, instanceType: String(asList(ng.body.instance_types)[0] ?? 't3.medium'),
      hours: fleetHours(min, max, [], traffic.peakHoursPerMonth), min, max, volumeGb: Number(ng.body.disk_size ?? 20), detailedMonitoring: false, worker: false,
    });
  }
  for (const env of stack.ofType('aws_elastic_beanstalk_environment')) {
    const setting = (ns: string, name: string) => asList(env.body.setting).find((s: Block) => s.namespace === ns && s.name === name)?.value;
    if (setting('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance') continue;
    const min = Number(setting('aws:autoscaling:asg', 'MinSize') ?? 1);
    const max = Number(setting('aws:autoscaling:asg', 'MaxSize') ?? 4);
    const types = String(setting('aws:ec2:instances', 'InstanceTypes') ?? setting('aws:autoscaling:launchconfiguration', 'InstanceType') ?? 't3.micro');
    fleets.set(env.address, {
      address: env.address, type: env.type, region: env.region, instanceType: types.split(',')[0].trim(),
      hours: fleetHours(min, max, [], traffic.peakHoursPerMonth), min, max, volumeGb: 8, detailedMonitoring: false, worker: false,
    });
  }
  return fleets;
}

/** The lines of a fleet: instance-hours, root volumes, detailed monitoring. */
function fleetLines(r: Resource, ctx: Ctx): Line[] {
  const f = ctx.fleets.get(r.address);
  if (!f) return [];
  const hours = fleetHoursOf(f, ctx.mode);
  const months = hours / HOURS_PER_MONTH;
  const lines = [
    line(r, 'compute', hours, `instance-hour (${f.instanceType}, on-demand Linux)`, price(r.region, 'ec2', f.instanceType), true),
    line(r, 'compute', f.volumeGb * months, 'GB-month gp3 root volumes', price(r.region, 'ebs', 'gp3GbMonth'), true),
  ];
  if (f.detailedMonitoring) lines.push(line(r, 'operations', months, 'instance-month of detailed monitoring (7 metrics)', price(r.region, 'cloudwatch', 'detailedMonitoringInstanceMonth'), true));
  return lines;
}

function albLines(r: Resource, ctx: Ctx): Line[] {
  if ((r.body.load_balancer_type ?? 'application') !== 'application') return [];
  const lines = [
    line(r, 'load-balancer', HOURS_PER_MONTH, 'ALB-hour', price(r.region, 'elb', 'albHour'), true),
    line(r, 'load-balancer', ctx.lcuHours, 'LCU-hour', price(r.region, 'elb', 'lcuHour'), false),
  ];
  if (r.body.internal !== true) {
    lines.push(line(r, 'load-balancer', asList(r.body.subnets ?? r.body.subnet_mapping).length * HOURS_PER_MONTH, 'public IPv4 address-hour (one per AZ)', price(r.region, 'vpc', 'publicIpv4Hour'), true));
    if (ctx.albInternetGb > 0) lines.push(line(r, 'load-balancer', ctx.albInternetGb, 'GB out to the internet', price(r.region, 'dataTransfer', 'internetOutGb'), false));
  }
  return lines;
}

function natLines(r: Resource, ctx: Ctx): Line[] {
  const nats = ctx.stack.ofType('aws_nat_gateway').filter((n) => n.region === r.region).length;
  const gb = (ctx.traffic.natGbPerInstanceHour * ctx.instanceHours(r.region)) / nats;
  return [
    line(r, 'network', HOURS_PER_MONTH, 'NAT gateway-hour', price(r.region, 'vpc', 'natGatewayHour'), true),
    line(r, 'network', gb, 'GB processed', price(r.region, 'vpc', 'natGatewayGb'), false),
  ];
}

/** The db instance a replica copies (same-stack reference), if any. */
function sourceDb(r: Resource, stack: Stack): Resource | undefined {
  const src = refsIn(r.body.replicate_source_db).find((a) => a.startsWith('aws_db_instance.'));
  return src ? stack.byAddress(src) : undefined;
}

function dbLines(r: Resource, ctx: Ctx): Line[] {
  const source = sourceDb(r, ctx.stack);
  const engine = String(r.body.engine ?? source?.body.engine ?? 'postgres');
  const cls = String(r.body.instance_class);
  const multiAz = r.body.multi_az === true;
  const factor = multiAz ? price(r.region, 'rds', 'multiAzFactor').usd : 1;
  const hourly = price(r.region, 'rds', `${engine}:${cls}`);
  const storageGb = Number(r.body.allocated_storage ?? source?.body.allocated_storage ?? 20);
  const gp3 = price(r.region, 'rds', 'gp3GbMonth');
  const role = source ? (source.region !== r.region ? 'cross-region replica' : 'read replica') : multiAz ? 'Multi-AZ' : 'Single-AZ';
  const lines = [
    line(r, 'data', HOURS_PER_MONTH * factor, `instance-hour (${engine} ${cls}, ${role}${multiAz ? ': 2 instances' : ''})`, hourly, true),
    line(r, 'data', storageGb * factor, `GB-month gp3 storage${multiAz ? ' (both AZs)' : ''}`, gp3, true),
  ];
  const retention = Number(r.body.backup_retention_period ?? 0);
  if (!source && retention > 0) {
    // Backup storage up to the database's size is free; incremental snapshots hold the daily changes.
    const gb = storageGb * ctx.traffic.dbDailyChangeShare * retention;
    lines.push(line(r, 'data', gb, `GB-month backup storage beyond the free allowance (${retention} days of changes)`, price(r.region, 'rds', 'backupGbMonth'), false));
  }
  if (source && source.region !== r.region) {
    const gb = storageGb * ctx.traffic.dbDailyChangeShare * 30;
    lines.push(line(r, 'data', gb, `GB replicated from ${source.region}`, price(source.region, 'dataTransfer', 'crossRegionGb'), false));
  }
  if (r.body.manage_master_user_password === true) {
    lines.push(line(r, 'security', 1, 'secret-month (RDS-managed master password)', price(r.region, 'secretsManager', 'secretMonth'), true));
  }
  return lines;
}

function cacheLines(r: Resource): Line[] {
  const b = r.body;
  const nodes = b.num_cache_clusters !== undefined ? Number(b.num_cache_clusters) : Number(b.num_node_groups ?? 1) * (Number(b.replicas_per_node_group ?? 0) + 1);
  const p = price(r.region, 'elasticache', String(b.node_type));
  const valkey = String(b.engine ?? 'redis') === 'valkey';
  const unit = valkey ? { ...p, usd: round(p.usd * price(r.region, 'elasticache', 'valkeyFactor').usd, 5) } : p;
  return [line(r, 'data', nodes * HOURS_PER_MONTH, `node-hour (${b.node_type}, ${valkey ? 'Valkey' : 'Redis OSS'})`, unit, true)];
}

function queueLines(r: Resource, ctx: Ctx): Line[] {
  const queues = ctx.stack.ofType('aws_sqs_queue');
  const isDlq = queues.some((q) => refsIn(q.body.redrive_policy).includes(r.address));
  const main = queues.filter((q) => !queues.some((o) => refsIn(o.body.redrive_policy).includes(q.address)));
  const p = price(r.region, 'sqs', r.body.fifo_queue === true ? 'fifoPerMillion' : 'standardPerMillion');
  if (isDlq) return [line(r, 'data', 0, 'million requests (dead-letter queue: failed messages only)', p, false)];
  const messages = (ctx.requests * ctx.traffic.queueMessagesPerRequest) / main.length;
  const polls = (ctx.instanceHours(r.region, true) * 180) / main.length;
  return [line(r, 'data', (messages * 3 + polls) / 1e6, 'million requests (send/receive/delete + idle long polls)', p, false)];
}

/** What a bucket holds, from what points at it. */
function bucketRole(r: Resource, stack: Stack): 'alb-logs' | 'cdn-logs' | 'trail' | 'static' | 'other' {
  if (stack.ofType('aws_lb').some((lb) => refsIn(lb.body.access_logs).includes(r.address))) return 'alb-logs';
  if (stack.ofType('aws_cloudfront_distribution').some((d) => refsIn(d.body.logging_config).includes(r.address))) return 'cdn-logs';
  if (stack.ofType('aws_cloudtrail').some((t) => refsIn(t.body.s3_bucket_name).includes(r.address))) return 'trail';
  if (stack.ofType('aws_cloudfront_distribution').some((d) => refsIn(d.body.origin).includes(r.address))) return 'static';
  return 'other';
}

/** Days objects live in the bucket (first expiration rule), 365 when none expires them. */
function bucketRetentionDays(r: Resource, stack: Stack): number {
  const lc = stack.ofType('aws_s3_bucket_lifecycle_configuration').find((l) => refsIn(l.body.bucket).includes(r.address));
  const days = asList(lc?.body.rule).flatMap((rule: Block) => asList(rule.expiration).map((e: Block) => Number(e.days))).filter((d) => d > 0);
  return days.length ? Math.min(...days) : 365;
}

function bucketLines(r: Resource, ctx: Ctx): Line[] {
  const role = bucketRole(r, ctx.stack);
  const keptMonths = Math.min(bucketRetentionDays(r, ctx.stack), 365) / 30;
  // Gzipped access-log entries are about 100 bytes a request.
  const logGb = (share: number) => ctx.requests * share * 100 * GB_PER_KB / 1024 * keptMonths;
  const gb =
    role === 'alb-logs' ? logGb(ctx.albShare) : role === 'cdn-logs' ? logGb(1) : role === 'static' ? ctx.traffic.staticAssetsGb : 1;
  const what = { 'alb-logs': 'ALB access logs', 'cdn-logs': 'CloudFront logs', trail: 'CloudTrail logs', static: 'static assets', other: 'objects' }[role];
  const lines = [line(r, 'data', gb, `GB-month S3 Standard (${what})`, price(r.region, 's3', 'standardGbMonth'), role === 'static')];
  if (role === 'alb-logs') {
    const nodes = Math.max(1, ...ctx.stack.ofType('aws_lb').filter((lb) => refsIn(lb.body.access_logs).includes(r.address)).map((lb) => asList(lb.body.subnets).length));
    lines.push(line(r, 'data', (12 * HOURS_PER_MONTH * nodes) / 1000, 'thousand PUT requests (a log file per ALB node every 5 minutes)', price(r.region, 's3', 'putPer1000'), true));
  }
  return lines;
}

function cdnLines(r: Resource, ctx: Ctx): Line[] {
  const cls = String(r.body.price_class ?? 'PriceClass_All');
  return [
    line(r, 'edge', ctx.cdnRequests * ctx.traffic.kbPerResponse * GB_PER_KB, `GB out (${cls})`, price('global', 'cloudfront', `${cls}:gbOut`), false),
    line(r, 'edge', ctx.cdnRequests / 10000, '10,000 HTTPS requests', price('global', 'cloudfront', `${cls}:httpsPer10k`), false),
  ];
}

function wafLines(r: Resource, ctx: Ctx): Line[] {
  const requests = r.body.scope === 'CLOUDFRONT' ? ctx.cdnRequests : ctx.requests * ctx.albShare;
  return [
    line(r, 'edge', 1, 'web ACL-month', price('global', 'waf', 'webAclMonth'), true),
    line(r, 'edge', asList(r.body.rule).length, 'rule-month (a managed rule group is one rule)', price('global', 'waf', 'ruleMonth'), true),
    line(r, 'edge', requests / 1e6, 'million requests inspected', price('global', 'waf', 'requestsPerMillion'), false),
  ];
}

function logGroupLines(r: Resource, ctx: Ctx): Line[] {
  const s = ctx.stack;
  const trafficGroups = s.resources.filter(
    (g) => g.type === 'aws_cloudwatch_log_group' &&
      (s.ofType('aws_flow_log').some((f) => refsIn(f.body.log_destination).includes(g.address)) ||
        s.ofType('aws_wafv2_web_acl_logging_configuration').some((w) => refsIn(w.body.log_destination_configs).includes(g.address))),
  );
  const isTraffic = trafficGroups.some((g) => g.address === r.address);
  const ingest = ctx.traffic.baseLogGbPerGroup + (isTraffic ? (ctx.requests * ctx.traffic.logBytesPerRequest * GB_PER_KB) / 1024 / trafficGroups.length : 0);
  const retention = Number(r.body.retention_in_days ?? 0) || 365;
  const stored = ingest * (Math.min(retention, 365) / 30) * 0.15;
  return [
    line(r, 'operations', ingest, 'GB ingested', price(r.region, 'cloudwatch', 'logsIngestGb'), false),
    line(r, 'operations', stored, `GB-month stored (${retention} days, compressed)`, price(r.region, 'cloudwatch', 'logsStorageGbMonth'), false),
  ];
}

function alarmLines(r: Resource): Line[] {
  const queries = asList(r.body.metric_query);
  const metrics = queries.length ? queries.filter((q: Block) => q.metric !== undefined).length : 1;
  const highRes = Number(r.body.period ?? 60) < 60;
  return [line(r, 'operations', metrics, `alarm metric-month${highRes ? ' (high resolution)' : ''}`, price(r.region, 'cloudwatch', highRes ? 'highResolutionAlarmMetricMonth' : 'alarmMetricMonth'), true)];
}

function scalingPolicyLines(r: Resource): Line[] {
  if (r.body.policy_type !== 'TargetTrackingScaling') return [];
  // Target tracking creates a high and a low alarm in CloudWatch, billed like any alarm.
  return [line(r, 'operations', 2, 'alarm metric-month (the policy\'s own high/low alarms)', price(r.region, 'cloudwatch', 'alarmMetricMonth'), true)];
}

/** GB of databases a backup plan protects (db instances in its selections). */
function protectedGb(plan: Resource, stack: Stack): number {
  return stack
    .ofType('aws_backup_selection')
    .filter((sel) => refsIn(sel.body.plan_id).includes(plan.address))
    .flatMap((sel) => refsIn(sel.body.resources))
    .map((a) => stack.byAddress(a))
    .filter((db): db is Resource => db?.type === 'aws_db_instance')
    .reduce((sum, db) => sum + Number(db.body.allocated_storage ?? 20), 0);
}

function vaultLines(r: Resource, ctx: Ctx): Line[] {
  let gb = 0;
  let copiedGb = 0;
  let sourceRegion = r.region;
  const change = ctx.traffic.dbDailyChangeShare;
  for (const plan of ctx.stack.ofType('aws_backup_plan')) {
    const dbGb = protectedGb(plan, ctx.stack);
    let holdsFull = false;
    for (const rule of asList(plan.body.rule)) {
      const local = refsIn(rule.target_vault_name).includes(r.address);
      const copy = asList(rule.copy_action).find((c: Block) => refsIn(c.destination_vault_arn).includes(r.address));
      if (!local && !copy) continue;
      // Daily rules keep a point a day; rules on a day of the month keep one a month of 10 days' changes.
      const monthly = /^cron\(\S+ \S+ \d+ /.test(String(rule.schedule ?? ''));
      const keepDays = Number((copy?.lifecycle ?? rule.lifecycle)?.delete_after ?? 35);
      const points = monthly ? keepDays / 30 : keepDays;
      gb += dbGb * (monthly ? Math.min(1, change * 10) : change) * points;
      holdsFull = true;
      if (copy) {
        copiedGb += dbGb * (monthly ? Math.min(1, change * 10) : change * 30);
        sourceRegion = ctx.stack.byAddress(refsIn(rule.target_vault_name)[0] ?? '')?.region ?? plan.region;
      }
    }
    if (holdsFull) gb += dbGb;
  }
  const lines = [line(r, 'data', gb, 'GB-month warm backup storage (RDS snapshots do not go cold)', price(r.region, 'backup', 'warmGbMonth'), true)];
  if (copiedGb > 0) lines.push(line(r, 'data', copiedGb, `GB copied from ${sourceRegion}`, price(sourceRegion, 'backup', 'crossRegionCopyGb'), false));
  return lines;
}

function healthCheckLines(r: Resource): Line[] {
  const b = r.body;
  const aws = /\$\{aws_(lb|alb|cloudfront_distribution)\./.test(JSON.stringify(b.fqdn ?? b.ip_address ?? ''));
  const options = [String(b.type ?? '').startsWith('HTTPS'), String(b.type ?? '').endsWith('STR_MATCH'), Number(b.request_interval ?? 30) === 10, b.measure_latency === true].filter(Boolean).length;
  const lines = [line(r, 'edge', 1, `health check-month (${aws ? 'AWS' : 'non-AWS'} endpoint)`, price('global', 'route53', aws ? 'healthCheckAwsMonth' : 'healthCheckNonAwsMonth'), true)];
  if (options) lines.push(line(r, 'edge', options, 'optional feature-month (HTTPS, string match, fast interval, latency)', price('global', 'route53', aws ? 'healthCheckOptionAwsMonth' : 'healthCheckOptionNonAwsMonth'), true));
  return lines;
}

function fisLines(r: Resource, ctx: Ctx): Line[] {
  const minutes = asList(r.body.action).reduce((sum: number, a: Block) => {
    const d = asList(a.parameter).find((p: Block) => p.key === 'duration')?.value;
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(String(d ?? ''));
    return sum + (m ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Math.ceil(Number(m[3] ?? 0) / 60) : 10);
  }, 0);
  return [line(r, 'operations', ctx.traffic.fisRunsPerMonth * minutes, `action-minute (${ctx.traffic.fisRunsPerMonth} run(s) a month)`, price('global', 'fis', 'actionMinute'), false)];
}

function codebuildLines(r: Resource, ctx: Ctx): Line[] {
  const compute = String(asList(r.body.environment)[0]?.compute_type ?? 'BUILD_GENERAL1_SMALL');
  return [line(r, 'delivery', ctx.traffic.buildsPerMonth * ctx.traffic.buildMinutes, `build-minute (${compute})`, price(r.region, 'codebuild', compute), false)];
}

function pipelineLines(r: Resource, ctx: Ctx): Line[] {
  if (String(r.body.pipeline_type ?? 'V1') === 'V2') {
    const actions = asList(r.body.stage).reduce((n: number, s: Block) => n + asList(s.action).length, 0);
    return [line(r, 'delivery', ctx.traffic.buildsPerMonth * actions * 2, 'action execution-minute (V2, 2 min per action)', price('global', 'codepipeline', 'v2ActionMinute'), false)];
  }
  return [line(r, 'delivery', 1, 'active pipeline-month (V1)', price('global', 'codepipeline', 'v1ActivePipelineMonth'), true)];
}

function endpointLines(r: Resource): Line[] {
  if ((r.body.vpc_endpoint_type ?? 'Gateway') !== 'Interface') return [];
  const azs = Math.max(1, asList(r.body.subnet_ids).length);
  return [line(r, 'network', azs * HOURS_PER_MONTH, 'interface endpoint-hour (one per AZ)', price(r.region, 'vpc', 'interfaceEndpointHour'), true)];
}

const fixed = (tier: Tier, unit: string, section: string, key: string, global = false) => (r: Resource): Line[] => [
  line(r, tier, 1, unit, price(global ? 'global' : r.region, section, key), true),
];

export type Pricer = (r: Resource, ctx: Ctx) => Line[];

/** Every priced resource type. A type missing here must be in NOT_PRICED with its reason. */
export const PRICERS: Readonly<Record<string, Pricer>> = {
  // network
  aws_nat_gateway: natLines,
  aws_eip: (r) => [line(r, 'network', HOURS_PER_MONTH, 'public IPv4 address-hour', price(r.region, 'vpc', 'publicIpv4Hour'), true)],
  aws_vpc_endpoint: endpointLines,
  // load balancer
  aws_lb: albLines,
  // compute
  aws_autoscaling_group: fleetLines,
  aws_autoscaling_policy: scalingPolicyLines,
  aws_eks_cluster: (r) => [line(r, 'compute', HOURS_PER_MONTH, 'cluster-hour (standard support)', price(r.region, 'eks', 'clusterHour'), true)],
  aws_eks_node_group: fleetLines,
  aws_elastic_beanstalk_environment: (r, ctx) => {
    const lines = fleetLines(r, ctx);
    const lbType = asList(r.body.setting).find((s: Block) => s.namespace === 'aws:elasticbeanstalk:environment' && s.name === 'LoadBalancerType')?.value ?? 'application';
    if (lines.length && lbType === 'application') lines.push(line(r, 'load-balancer', HOURS_PER_MONTH, 'ALB-hour (created by Beanstalk)', price(r.region, 'elb', 'albHour'), true));
    return lines;
  },
  // data
  aws_db_instance: dbLines,
  aws_elasticache_replication_group: cacheLines,
  aws_elasticache_cluster: (r) =>
    r.body.replication_group_id ? [] : [line(r, 'data', Number(r.body.num_cache_nodes ?? 1) * HOURS_PER_MONTH, `node-hour (${r.body.node_type})`, price(r.region, 'elasticache', String(r.body.node_type)), true)],
  aws_sqs_queue: queueLines,
  aws_s3_bucket: bucketLines,
  aws_backup_vault: vaultLines,
  // edge
  aws_cloudfront_distribution: cdnLines,
  aws_wafv2_web_acl: wafLines,
  aws_route53_zone: fixed('edge', 'hosted zone-month', 'route53', 'hostedZoneMonth', true),
  aws_route53_health_check: healthCheckLines,
  // security
  aws_kms_key: fixed('security', 'key-month', 'kms', 'keyMonth'),
  aws_secretsmanager_secret: fixed('security', 'secret-month', 'secretsManager', 'secretMonth'),
  // operations
  aws_cloudwatch_log_group: logGroupLines,
  aws_cloudwatch_metric_alarm: alarmLines,
  aws_cloudwatch_dashboard: fixed('operations', 'dashboard-month', 'cloudwatch', 'dashboardMonth'),
  aws_fis_experiment_template: fisLines,
  // delivery
  aws_codebuild_project: codebuildLines,
  aws_codepipeline: pipelineLines,
};
