/**
 * The part of design.md that argues: the scenario's requirements mapped to the decisions and the resources that
 * implement them (per profile, found in the JSON so a user's stack gets its own), the sizing arithmetic from the
 * simulator and the cost tool, the session strategy, and for the startup the reply to its founder.
 */
import { ArchitectureModel } from './model';
import { profileOf } from './before-after';
import { stackMonth } from './cost-figures';
import { scenarioRun } from './scenario-run';
import { table } from './markdown';
import type { Resource, TfJson } from './tfjson';
import { asArray, displayName } from './tfjson';

type Finder = (type: string | RegExp) => Resource[];
interface Requirement {
  readonly need: string;
  readonly decision: string;
  /** Resource types that implement the decision (listed by name when present, "not in this stack" otherwise). */
  readonly types: RegExp;
}

const REQUIREMENTS: Readonly<Record<string, readonly Requirement[]>> = {
  cafe: [
    {
      need: 'tens of thousands of users on TV night',
      decision: 'an Auto Scaling group that scales out on request count and CPU before the spike, behind one ALB',
      types: /^aws_(autoscaling_group|autoscaling_policy|autoscaling_schedule)$/,
    },
    {
      need: 'no lag placing orders',
      decision: 'capacity spread over AZs with a floor that holds the first minutes, p95 latency alarmed',
      types: /^aws_(lb|cloudwatch_metric_alarm)$/,
    },
  ],
  fastier: [
    {
      need: 'slowness and memory crashes',
      decision: 'larger instances and scaling on memory as well as CPU; health checks replace a crashed instance',
      types: /^aws_(autoscaling_group|autoscaling_policy|elastic_beanstalk_environment|cloudwatch_metric_alarm)$/,
    },
    {
      need: 'downtime on every deploy',
      decision: 'deploys that keep serving: each release a new launch template version, rolled by an instance refresh that launches before it terminates and rolls back on alarms (or Beanstalk blue/green)',
      types: /^aws_(launch_template|codepipeline|elastic_beanstalk_environment)$/,
    },
    {
      need: 'no disaster recovery',
      decision: 'a Multi-AZ database, a cross-region replica and backups copied to the DR region',
      types: /^aws_(db_instance|backup_plan|backup_vault)$/,
    },
  ],
  ecommerce: [
    {
      need: 'microservices',
      decision: 'one fleet per service, each scaling on its own signal; a queue between the shop and order processing',
      types: /^aws_(autoscaling_group|eks_node_group|sqs_queue)$/,
    },
    {
      need: 'zero downtime',
      decision: 'Multi-AZ everything, blue/green deploys that roll back on alarms',
      types: /^aws_(codedeploy_deployment_group|db_instance|elasticache_replication_group)$/,
    },
    {
      need: 'GDPR and PCI DSS',
      decision: 'encryption with customer keys, WAF, audit trail, no public data tier; what infrastructure cannot cover is in "Compliance" below, with the control matrix',
      types: /^aws_(kms_key|wafv2_web_acl|cloudtrail)$/,
    },
    {
      need: 'cost visibility',
      decision: 'budgets and daily anomaly alerts, every resource tagged by service',
      types: /^aws_(budgets_budget|ce_anomaly_monitor|ce_anomaly_subscription)$/,
    },
  ],
  lab: [
    {
      need: 'ELB and Auto Scaling in private subnets',
      decision: 'an internet-facing ALB in public subnets; instances only in private subnets',
      types: /^aws_(lb|autoscaling_group)$/,
    },
    {
      need: 'CloudWatch alarms',
      decision: 'alarms on CPU, 5xx and unhealthy hosts, scaling policies driven by them',
      types: /^aws_(cloudwatch_metric_alarm|autoscaling_policy)$/,
    },
  ],
  exercise: [
    {
      need: 'load balancing and auto scaling',
      decision: 'ALB over the AZs in front of an Auto Scaling group',
      types: /^aws_(lb|autoscaling_group|autoscaling_policy)$/,
    },
    { need: 'multi-AZ, DB replication with failover', decision: 'RDS Multi-AZ (synchronous standby, automatic failover)', types: /^aws_db_instance$/ },
    {
      need: 'CDN, read replicas, cache',
      decision: 'CloudFront in front, read replicas for reads, a Valkey/Redis cache',
      types: /^aws_(cloudfront_distribution|elasticache_replication_group)$/,
    },
  ],
};
const ALIASES: Readonly<Record<string, string>> = { 'fastier-beanstalk': 'fastier', 'ecommerce-eks': 'ecommerce' };

/** Requirements of the stack's profile (its name or Profile tag), or the generic ones of a web platform. */
export function requirementsOf(stack: string, json: TfJson): readonly Requirement[] {
  const p = profileOf(stack, json) ?? stack;
  return (
    REQUIREMENTS[ALIASES[p] ?? p] ?? [
      {
        need: 'stay up when an instance or an AZ fails',
        decision: 'instances across AZs behind a load balancer, health-checked and replaced',
        types: /^aws_(lb|autoscaling_group)$/,
      },
      { need: 'follow the load', decision: 'scaling policies on the fleet', types: /^aws_autoscaling_policy$/ },
    ]
  );
}

const named = (rs: readonly Resource[]) => (rs.length > 4 ? `${rs.slice(0, 4).map(displayName).join(', ')} +${rs.length - 4}` : rs.map(displayName).join(', '));

export function requirementsSection(m: ArchitectureModel, json: TfJson): string[] {
  const of: Finder = (t) => m.resources.filter((r) => (typeof t === 'string' ? r.type === t : t.test(r.type)));
  const rows = requirementsOf(m.stack, json).map((r) => {
    const found = of(r.types);
    const byType = [...new Set(found.map((x) => x.type))].map((t) => `${t.replace(/^aws_/, '')}: ${named(found.filter((x) => x.type === t))}`);
    return [r.need, r.decision, byType.join('; ') || 'not in this stack'];
  });
  return ['## Requirements → decisions', '', table(['requirement', 'decision', 'implemented by (this stack)'], rows), ''];
}

/** Users → req/s → instances → min/max, from the simulator's run of the scenario and the cost tool's month. */
export function sizingSection(m: ArchitectureModel, json: TfJson): string[] {
  const { model, traffic, result: r } = scenarioRun(m.stack, json);
  const month = stackMonth(m.stack, json);
  const out = ['## Sizing', ''];
  if (!r) {
    out.push(
      `The simulator reads Auto Scaling groups and this stack has none it models; monthly cost $${month.baselineUsd.toFixed(
        2
      )} at rest, $${month.scenarioUsd.toFixed(2)} with ${month.traffic} traffic (npm run cost).`,
      ''
    );
    return out;
  }
  const rows = r.groups.map((g) => {
    const gm = model.groups.find((x) => x.name === g.name)!;
    return [
      g.name,
      g.kind === 'web' ? `${Math.round(g.peakOffered)} req/s` : `${Math.round(g.peakOffered)} msg/s`,
      `${g.capacityPerInstance} at 100 % CPU, target ${g.cpuTarget} %`,
      String(g.neededAtPeak) + (g.neededCappedByMax ? ' (capped by max)' : ''),
      `${gm.min} / ${gm.max}`,
      `${g.failedPercent} %`,
    ];
  });
  out.push(
    `Scenario **${traffic.name}** (${traffic.description}). Needed at the peak = ceil(peak ÷ (capacity × target)); the floor (min) covers the minutes before new instances serve, the ceiling (max) the peak with a margin. Figures from \`npm run simulate -- ${m.stack}\`.`,
    '',
    table(['fleet', 'peak offered', 'per instance', 'needed at peak', 'min / max', 'failed'], rows),
    '',
    `Cost: $${month.baselineUsd.toFixed(2)} a month at rest, $${month.scenarioUsd.toFixed(2)} with ${month.traffic} traffic` +
      (month.perEventUsd !== undefined ? `, $${month.perEventUsd.toFixed(2)} per ${month.traffic} event over the baseline` : '') +
      ` (npm run cost); the scenario run above used ${r.totals.instanceHours} instance-hours.`,
    ''
  );
  return out;
}

/** Where sessions live: the cache, a cookie (stickiness), or nowhere (stateless). */
export function sessionSection(m: ArchitectureModel): string[] {
  const caches = m.resources.filter((r) => r.type === 'aws_elasticache_replication_group');
  const sticky = m.resources.filter((r) => /^aws_(lb|alb)_target_group$/.test(r.type) && r.config.stickiness?.enabled === true);
  const where = caches.length
    ? `in ElastiCache (${caches.map(displayName).join(', ')}): any instance serves any request, so scaling in or losing an instance logs nobody out`
    : sticky.length
    ? `in a load-balancer cookie (stickiness on ${sticky.map(displayName).join(', ')}): an instance that goes away takes its users' sessions with it`
    : 'nowhere on the servers: the app is stateless (signed cookies or no sessions), so any instance serves any request';
  return [
    '## Stateless app and sessions',
    '',
    `Instances keep no state; sessions live ${where}. Uploads and static assets go to S3, data to the data tier.`,
    '',
  ];
}

/** The startup's founder wrote with three problems; the reply maps each to what this stack changes. */
export function founderLetter(m: ArchitectureModel, json: TfJson): string[] {
  const p = profileOf(m.stack, json) ?? m.stack;
  if ((ALIASES[p] ?? p) !== 'fastier') return [];
  const of = (t: RegExp) => m.resources.filter((r) => t.test(r.type));
  // The web tier: the groups behind a load balancer.
  const asgs = of(/^aws_autoscaling_group$/).filter((a) => a.config.target_group_arns !== undefined);
  const memory = of(/^aws_autoscaling_policy$|^aws_elastic_beanstalk_environment$/).some((x) => /mem_used|memory/i.test(JSON.stringify(x.config)));
  const envs = of(/^aws_elastic_beanstalk_environment$/);
  const dbs = of(/^aws_db_instance$/);
  const primary = dbs.find((d) => d.config.replicate_source_db === undefined);
  const dr = dbs.filter((d) => d.region !== m.regions[0]);
  const fleet = asgs.length
    ? asgs.map((a) => `${displayName(a)} (${a.config.min_size}–${a.config.max_size} instances)`).join(', ')
    : envs.map(displayName).join(', ');
  const released = asgs.some((a) => asArray<any>(a.config.lifecycle?.ignore_changes).includes('launch_template'));
  const deploy = released
    ? 'an instance refresh per release: new instances start and pass health checks before old ones stop, and the 5xx-rate and unhealthy-host alarms roll it back'
    : envs.length > 1
    ? `two Beanstalk environments (${envs.map(displayName).join(', ')}): you deploy to the idle one and swap the URL when it is healthy`
    : 'rolling instance refresh that keeps every instance serving';
  return [
    '## Reply to the founder',
    '',
    'Dear founder, you wrote about three problems. Here is what changes for each:',
    '',
    `1. **Slowness and memory crashes.** The web tier now runs on ${fleet}, ${
      memory ? 'scaling on memory as well as CPU' : 'scaling on CPU (no memory policy in this stack)'
    }; an instance that runs out of memory fails its health check and is replaced while the others serve.`,
    `2. **Downtime on every deploy.** Releases go through ${deploy}.`,
    `3. **No disaster recovery.** ${
      primary
        ? `The database ${displayName(primary)} is ${primary.config.multi_az === true ? 'Multi-AZ (a standby takes over in 1–2 minutes)' : 'Single-AZ'}`
        : 'There is no database'
    }${dr.length ? `, with a replica in ${dr[0].region} (${displayName(dr[0])})` : ''}${
      of(/^aws_backup_plan$/).length ? ' and AWS Backup copies to the DR region' : ''
    }. What it does not do: the DR region has no running app tier; recovering there takes hours (see the failure modes).`,
    '',
  ];
}

/** Compact per-stack facts for the tier table's "why", naming this stack's own resources (no two stacks share one). */
export function tierFacts(m: ArchitectureModel): Record<string, string> {
  const of = (t: RegExp) => m.resources.filter((r) => t.test(r.type));
  const list = (t: RegExp, what: string) => {
    const rs = of(t);
    return rs.length ? `${rs.length} ${what}: ${named(rs)}` : `no ${what}`;
  };
  const asgs = of(/^aws_autoscaling_group$/);
  const dbs = of(/^aws_db_instance$/);
  const tier = (name: string, text: string) => [name, `here ${text}`] as const;
  return Object.fromEntries([
    tier('edge', `${list(/^aws_cloudfront_distribution$/, 'distribution(s)')}; ${list(/^aws_wafv2_web_acl$/, 'web ACL(s)')}`),
    tier('network', `${m.subnets.length} subnets in ${new Set(m.subnets.map((x) => x.az)).size} AZs; ${list(/^aws_nat_gateway$/, 'NAT gateway(s)')}`),
    tier('load balancing', `${list(/^aws_(lb|alb)$/, 'load balancer(s)')}`),
    tier(
      'compute',
      asgs.length
        ? asgs.map((a) => `${displayName(a)} ${a.config.min_size}–${a.config.max_size}`).join(', ')
        : list(/^aws_(eks_node_group|elastic_beanstalk_environment)$/, 'managed fleet(s)')
    ),
    tier(
      'data',
      dbs.length
        ? `${dbs.filter((d) => d.config.multi_az === true).length} of ${list(/^aws_db_instance$/, 'RDS instance(s)')} Multi-AZ`
        : list(/^aws_elasticache_replication_group$/, 'cache(s)')
    ),
    tier('messaging', list(/^aws_sqs_queue$/, 'queue(s)')),
    tier('storage', list(/^aws_s3_bucket$/, 'bucket(s)')),
    tier('security', `${list(/^aws_kms_key$/, 'KMS key(s)')}`),
    tier('observability', list(/^aws_cloudwatch_metric_alarm$/, 'alarm(s)')),
    tier('operations', list(/^aws_(backup_plan|cloudtrail|budgets_budget|ce_anomaly_monitor|fis_experiment_template)$/, 'operations resource(s)')),
    tier('delivery', list(/^aws_codepipeline$/, 'pipeline(s)')),
  ]);
}
