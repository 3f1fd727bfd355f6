/**
 * One pricer per priced resource type: given a resource of the synthesized stack and the month being
 * priced (baseline, scenario or peak), the line items it costs, each quantity × unit price. Types that
 * cost nothing, or whose cost lands on another resource's line, are listed with the reason in
 * not-priced.ts; a test holds every type the profiles synthesize to one list or the other.
 */
import { EdgeRegion, httpsPer10k, tieredGbOut, usEuShare } from './cloudfront';
import { HOURS_PER_MONTH, price } from './prices';
import { Ctx, GB_PER_KB, Line, Pricer, fixed, line } from './line';
import { bucketLines, cacheLines, dbLines, queueLines, vaultLines } from './data-pricers';
import { AUTO_MODE_POOL_TYPE, Block, Resource, asList, refsIn } from './stack';
import { isDrStandby } from './dr-standby';

/** The lines of a fleet: instance-hours, root volumes, detailed monitoring. */
function fleetLines(r: Resource, ctx: Ctx): Line[] {
  const f = ctx.fleets.get(r.address);
  if (!f) return [];
  const hours = f.hours[ctx.mode];
  const months = hours / HOURS_PER_MONTH;
  const lines = [
    line(r, 'compute', hours, `instance-hour (${f.instanceType}, ${f.spot ? 'Spot, at the on-demand price as an upper bound' : 'on-demand Linux'})`, price(r.region, 'ec2', f.instanceType), true),
    line(r, 'compute', f.volumeGb * months, 'GB-month gp3 root volumes', price(r.region, 'ebs', 'gp3GbMonth'), true),
  ];
  if (f.detailedMonitoring) lines.push(line(r, 'operations', months, 'instance-month of detailed monitoring (7 metrics)', price(r.region, 'cloudwatch', 'detailedMonitoringInstanceMonth'), true));
  return lines;
}

/** Share of a CloudFront audience served from US/EU edges when the price class allows others (assumption). */
export const CDN_US_EU_VIEWER_SHARE = 0.9;

/** Bytes of one WAF log record when the scenario does not say (AWS's example records: 1-2 KB). */
export const WAF_LOG_BYTES_PER_RECORD = 1500;

function albLines(r: Resource, ctx: Ctx): Line[] {
  if ((r.body.load_balancer_type ?? 'application') !== 'application') return [];
  const lines = [
    line(r, 'load-balancer', HOURS_PER_MONTH, 'ALB-hour', price(r.region, 'elb', 'albHour'), true),
    // A DR standby load balancer carries no traffic until a failover.
    line(r, 'load-balancer', isDrStandby(ctx.stack, r.address) ? 0 : ctx.lcuHours, 'LCU-hour', price(r.region, 'elb', 'lcuHour'), false),
  ];
  if (r.body.internal !== true) {
    lines.push(
      line(
        r,
        'load-balancer',
        asList(r.body.subnets ?? r.body.subnet_mapping).length * HOURS_PER_MONTH,
        'public IPv4 address-hour (one per AZ)',
        price(r.region, 'vpc', 'publicIpv4Hour'),
        true,
      ),
    );
    if (ctx.albInternetGb > 0 && !isDrStandby(ctx.stack, r.address)) {
      lines.push(line(r, 'load-balancer', ctx.albInternetGb, 'GB out to the internet', price(r.region, 'dataTransfer', 'internetOutGb'), false));
    }
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

function cdnLines(r: Resource, ctx: Ctx): Line[] {
  const cls = String(r.body.price_class ?? 'PriceClass_All');
  const gb = ctx.cdnRequests * ctx.traffic.kbPerResponse * GB_PER_KB;
  const shares: [EdgeRegion, number][] = [['usEu', usEuShare(cls, CDN_US_EU_VIEWER_SHARE)], ['other', 1 - usEuShare(cls, CDN_US_EU_VIEWER_SHARE)]];
  const lines: Line[] = [];
  for (const [edge, share] of shares) {
    if (share <= 0) continue;
    const where = edge === 'usEu' ? 'US/EU edges' : 'other edges';
    for (const t of tieredGbOut(edge, gb * share)) lines.push(line(r, 'edge', t.gb, `GB out (${where}, ${t.label})`, t.price, false));
    lines.push(line(r, 'edge', (ctx.cdnRequests * share) / 10000, `10,000 HTTPS requests (${where})`, httpsPer10k(edge), false));
  }
  return lines;
}

function wafLines(r: Resource, ctx: Ctx): Line[] {
  const requests = wafRequests(r, ctx);
  return [
    line(r, 'edge', 1, 'web ACL-month', price('global', 'waf', 'webAclMonth'), true),
    line(r, 'edge', asList(r.body.rule).length, 'rule-month (a managed rule group is one rule)', price('global', 'waf', 'ruleMonth'), true),
    line(r, 'edge', requests / 1e6, 'million requests inspected', price('global', 'waf', 'requestsPerMillion'), false),
  ];
}

/** Requests a web ACL inspects in the month: CloudFront's for a CLOUDFRONT-scoped ACL, the ALB's otherwise. */
// A DR standby ACL inspects nothing until a failover (its load balancer serves no traffic).
const wafRequests = (acl: Resource | undefined, ctx: Ctx) =>
  acl && isDrStandby(ctx.stack, acl.address) ? 0 : acl?.body.scope === 'CLOUDFRONT' ? ctx.cdnRequests : ctx.requests * ctx.albShare;

function logGroupLines(r: Resource, ctx: Ctx): Line[] {
  const s = ctx.stack;
  const flowGroups = s.resources.filter((g) => g.type === 'aws_cloudwatch_log_group' && s.ofType('aws_flow_log').some((f) => refsIn(f.body.log_destination).includes(g.address)));
  // One WAF log record per inspected request, about 1.5 KB each (AWS's example records run 1-2 KB with headers).
  const wafLogging = s.ofType('aws_wafv2_web_acl_logging_configuration').filter((w) => refsIn(w.body.log_destination_configs).includes(r.address));
  const wafBytes = wafLogging.reduce((a, w) => {
    const acl = refsIn(w.body.resource_arn).map((x) => s.byAddress(x)).find((x) => x?.type === 'aws_wafv2_web_acl');
    return a + wafRequests(acl, ctx) * (ctx.traffic.wafLogBytesPerRecord ?? WAF_LOG_BYTES_PER_RECORD);
  }, 0);
  const flowBytes = flowGroups.some((g) => g.address === r.address) ? (ctx.requests * ctx.traffic.logBytesPerRequest) / flowGroups.length : 0;
  const ingest = ctx.traffic.baseLogGbPerGroup + ((flowBytes + wafBytes) * GB_PER_KB) / 1024;
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
  return [
    line(
      r,
      'operations',
      metrics,
      `alarm metric-month${highRes ? ' (high resolution)' : ''}`,
      price(r.region, 'cloudwatch', highRes ? 'highResolutionAlarmMetricMonth' : 'alarmMetricMonth'),
      true,
    ),
  ];
}

function scalingPolicyLines(r: Resource): Line[] {
  if (r.body.policy_type !== 'TargetTrackingScaling') return [];
  // Target tracking creates a high and a low alarm in CloudWatch, billed like any alarm.
  return [line(r, 'operations', 2, 'alarm metric-month (the policy\'s own high/low alarms)', price(r.region, 'cloudwatch', 'alarmMetricMonth'), true)];
}

function healthCheckLines(r: Resource): Line[] {
  const b = r.body;
  const aws = /\$\{aws_(lb|alb|cloudfront_distribution)\./.test(JSON.stringify(b.fqdn ?? b.ip_address ?? ''));
  const options = [String(b.type ?? '').startsWith('HTTPS'), String(b.type ?? '').endsWith('STR_MATCH'), Number(b.request_interval ?? 30) === 10, b.measure_latency === true].filter(Boolean).length;
  const lines = [line(r, 'edge', 1, `health check-month (${aws ? 'AWS' : 'non-AWS'} endpoint)`, price('global', 'route53', aws ? 'healthCheckAwsMonth' : 'healthCheckNonAwsMonth'), true)];
  if (options)
    lines.push(
      line(
        r,
        'edge',
        options,
        'optional feature-month (HTTPS, string match, fast interval, latency)',
        price('global', 'route53', aws ? 'healthCheckOptionAwsMonth' : 'healthCheckOptionNonAwsMonth'),
        true,
      ),
    );
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
  // Auto Mode adds a per-instance management fee on top of EC2, not in the price table: the estimate is a lower bound there.
  [AUTO_MODE_POOL_TYPE]: fleetLines,
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
    r.body.replication_group_id
      ? []
      : [line(r, 'data', Number(r.body.num_cache_nodes ?? 1) * HOURS_PER_MONTH, `node-hour (${r.body.node_type})`, price(r.region, 'elasticache', String(r.body.node_type)), true)],
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
