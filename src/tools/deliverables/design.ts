/**
 * design.md: the architecture design document of one stack, generated from its JSON (and optionally a
 * plan): tiers and why, load balancer listeners / rules / target groups, Auto Scaling groups with every
 * scaling policy, schedule, warm pool and instance refresh setting, the data tier, edge and security
 * controls, and failure modes with what takes over, RTO/RPO for this configuration and what is not covered.
 */
import { Tier, familyOf, TIER_ORDER } from './families';
import { ArchitectureModel } from './model';
import { PlanSummary } from './plan';
import { Resource, asArray, azOf, displayName } from './tfjson';
import { cell, secs, table, yes } from './markdown';
import { StackIndex, azsOf } from './stack-index';
import { asgRows, policyDescription } from './auto-scaling';
import { failureModes } from './failure-modes';
import { computeFailures, computeSections, computeSummary } from './compute-sections';
import { founderLetter, requirementsSection, sessionSection, sizingSection, tierFacts } from './design-argument';

export interface DesignOptions {
  /** The stack's JSON: with it design.md argues (requirements of its profile, sizing from the simulator, the letter). */
  readonly json?: Record<string, any>;
  /** The views drawn for this stack (overview, network, data, delivery), embedded in that order. */
  readonly views?: readonly string[];
  /** Relative links to sibling deliverables that exist (cost.md, proofs.md, …). */
  readonly links?: readonly { readonly title: string; readonly href: string }[];
  readonly plan?: PlanSummary;
  /** Where the JSON came from, for the header. */
  readonly source?: string;
  /** Folder of the stack's Kubernetes manifests (cdktf.out/k8s/<stack>), read when it exists. */
  readonly manifestsDir?: string;
}

// ---------------------------------------------------------------- load balancing
function loadBalancing(ix: StackIndex): string[] {
  const out: string[] = [];
  // The default provider's ALB first: the one serving now, then a DR region's standby.
  const lbs = ix.of(/^aws_(lb|alb)$/);
  for (const lb of [...lbs.filter((l) => l.provider === 'aws'), ...lbs.filter((l) => l.provider !== 'aws')]) {
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
    out.push(
      '**Listeners**',
      '',
      table(
        ['listener', 'protocol:port', 'TLS policy / certificate', 'default action'],
        listeners.map((l) => [
          l.name,
          `${l.config.protocol ?? 'HTTP'}:${l.config.port}`,
          l.config.certificate_arn ? `${l.config.ssl_policy ?? 'default'} / ${cell(l.config.certificate_arn)}` : '–',
          action(ix, asArray(l.config.default_action)[0]),
        ]),
      ),
      '',
    );
    const rules = listeners.flatMap((l) => ix.referrers(/^aws_(lb|alb)_listener_rule$/, l.address).map((r) => ({ l, r })))
      .sort((a, b) => Number(a.r.config.priority ?? 0) - Number(b.r.config.priority ?? 0));
    out.push('**Listener rules** (lowest priority number wins)', '', table(['priority', 'listener', 'conditions', 'action'], rules.map(({ l, r }) => [
      r.config.priority, `${l.config.protocol ?? 'HTTP'}:${l.config.port}`, conditions(r.config.condition), action(ix, asArray(r.config.action)[0]),
    ])), '');
    const tgs = [
      ...new Set([...listeners, ...rules.map((x) => x.r)].flatMap((x) => ix.refs(x.config).filter((a) => a.startsWith('aws_lb_target_group.') || a.startsWith('aws_alb_target_group.')))),
    ].map((a) => ix.get(a)!);
    out.push('**Target groups**', '', table(['target group', 'protocol:port', 'health check', 'healthy / unhealthy after', 'deregistration delay', 'stickiness', 'targets'], tgs.map((tg) => {
      const h = tg.config.health_check ?? {};
      const targets = ix
        .of(/^aws_autoscaling_group$|^aws_lb_target_group_attachment$|^aws_autoscaling_attachment$/)
        .filter((g) => ix.refs(g.config.target_group_arns ?? g.config.target_group_arn ?? g.config.lb_target_group_arn).includes(tg.address));
      return [
        displayName(tg), `${tg.config.protocol ?? 'HTTP'}:${tg.config.port ?? '–'}`,
        `${h.protocol ?? 'HTTP'} ${h.path ?? '/'} every ${h.interval ?? 30} s, timeout ${h.timeout ?? 5} s, matcher ${h.matcher ?? '200'}`,
        `${h.healthy_threshold ?? 5} ok / ${h.unhealthy_threshold ?? 2} failed checks`,
        secs(tg.config.deregistration_delay ?? 300), tg.config.stickiness?.enabled ? `${tg.config.stickiness.type} ${tg.config.stickiness.cookie_duration ?? ''}` : 'off',
        targets.map((g) => (g.type === 'aws_autoscaling_group' ? `ASG ${displayName(g)}` : g.address)).join(', ') || tg.config.target_type || 'instance',
      ];
    })), '');
  }
  if (out.length) return out;
  // Beanstalk environments create their own ALB from option settings: not an aws_lb in the JSON, but there.
  const envs = ix.of('aws_elastic_beanstalk_environment');
  const lbType = (e: Resource) => asArray<any>(e.config.setting).find((x) => x.name === 'LoadBalancerType')?.value;
  const managed = envs.filter((e) => lbType(e) !== undefined || asArray<any>(e.config.setting).some((x) => x.name === 'EnvironmentType' && x.value === 'LoadBalanced'));
  if (managed.length) {
    return [
      `Each Elastic Beanstalk environment creates and manages its own load balancer (${managed.map((e) => `${displayName(e)}: ${lbType(e) ?? 'application'}`).join('; ')}); `
        + 'they are configured through the environments\' option settings (listeners, health checks, subnets), not as aws_lb resources, '
        + 'so they are described under Compute below and drawn in the overview.',
      '',
    ];
  }
  return ['_No load balancer in this stack._', ''];
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
function compute(ix: StackIndex, manifestsDir?: string): string[] {
  // EKS and Beanstalk (compute-sections.ts) follow the Auto Scaling groups.
  const others = computeSections(ix, manifestsDir);
  const rows = asgRows(ix);
  if (!rows.length) return others.length ? others : ['_No Auto Scaling group in this stack._', ''];
  return [...asgCompute(ix, rows), ...others];
}

function asgCompute(ix: StackIndex, rows: ReturnType<typeof asgRows>): string[] {
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
  out.push('**Launch templates** (image source: where the AMI comes from; app bundle: the S3 key user data fetches and starts)', '',
    table(['template', 'image source', 'app bundle', 'instance type', 'IMDSv2', 'root volume', 'detailed monitoring'], lts.map((lt) => {
    const ebs = asArray<any>(lt.config.block_device_mappings)[0]?.ebs ?? {};
    return [
      displayName(lt),
      imageSourceOf(lt),
      appBundleOf(lt),
      lt.config.instance_type,
      lt.config.metadata_options?.http_tokens === 'required' ? 'required' : 'optional',
      `${ebs.volume_size ?? '–'} GB ${ebs.volume_type ?? ''}, encrypted ${yes(ebs.encrypted)}`,
      yes(lt.config.monitoring?.enabled),
    ];
  })), '');
  return out;
}

/** The launch template's `stormproof:image-source` tag and image id, e.g. `from-instance (aws_ami_from_instance)`. */
export function imageSourceOf(lt: Resource): string {
  const tag = lt.config.tags?.['stormproof:image-source'] ?? '–';
  const id = String(lt.config.image_id ?? '');
  const from = id.startsWith('resolve:ssm:') ? id : /\$\{(aws_ami_from_instance|data\.aws_ssm_parameter)\./.exec(id)?.[1] ?? (id.startsWith('ami-') ? id : '');
  return from ? `${tag} (${from})` : tag;
}

/** The bundle key user data fetches (`KEY='...'` in the decoded user data), or – when none. */
export function appBundleOf(lt: Resource): string {
  const userData = typeof lt.config.user_data === 'string' ? Buffer.from(lt.config.user_data, 'base64').toString('utf8') : '';
  return /^KEY='([^']+)'$/m.exec(userData)?.[1] ?? '–';
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
    return [
      displayName(d),
      role,
      `${c.engine ?? src?.config.engine ?? ''} ${c.engine_version ?? src?.config.engine_version ?? ''}`.trim(),
      c.instance_class,
      yes(c.multi_az ?? false),
      `${d.region}${azOf(c.availability_zone) ? ` / ${azOf(c.availability_zone)}` : ''}`,
      c.allocated_storage ? `${c.allocated_storage} GB → ${c.max_allocated_storage ?? c.allocated_storage} GB` : 'as source',
      c.storage_encrypted === true || c.kms_key_id ? 'yes (KMS)' : 'no',
      retention > 0 ? `${retention} days, PITR, window ${c.backup_window ?? '–'}` : src ? 'replica (source keeps backups)' : 'none',
      yes(c.deletion_protection ?? false),
    ];
  })), '');
  const clusters = ix.of('aws_rds_cluster');
  if (clusters.length)
    out.push(
      '**Aurora clusters**',
      '',
      table(
        ['cluster', 'engine', 'backup retention', 'encrypted'],
        clusters.map((c) => [displayName(c), c.config.engine, c.config.backup_retention_period, yes(c.config.storage_encrypted)]),
      ),
      '',
    );
  const caches = ix.of(/^aws_elasticache_replication_group$|^aws_elasticache_cluster$/);
  out.push('**Cache**', '', table(['cache', 'engine', 'node type', 'nodes', 'automatic failover', 'Multi-AZ', 'encryption at rest / in transit', 'snapshots'], caches.map((k) => {
    const c = k.config;
    return [
      displayName(k),
      `${c.engine ?? 'redis'} ${c.engine_version ?? ''}`,
      c.node_type,
      c.num_cache_clusters ?? c.num_cache_nodes ?? (c.num_node_groups ? `${c.num_node_groups} shards × ${(c.replicas_per_node_group ?? 0) + 1}` : '–'),
      yes(c.automatic_failover_enabled ?? false),
      yes(c.multi_az_enabled ?? false),
      `${yes(c.at_rest_encryption_enabled)} / ${yes(c.transit_encryption_enabled)}`,
      c.snapshot_retention_limit ? `${c.snapshot_retention_limit} days` : 'none',
    ];
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
    const rules = plans.flatMap((p) =>
      asArray<any>(p.config.rule).map((r) => [
        displayName(p),
        r.rule_name,
        r.schedule,
        `${r.lifecycle?.delete_after ?? '–'} days${r.lifecycle?.cold_storage_after ? `, cold after ${r.lifecycle.cold_storage_after} days` : ''}`,
        asArray<any>(r.copy_action)
          .map((c) => `${ix.name(ix.refs(c.destination_vault_arn)[0])} (${ix.get(ix.refs(c.destination_vault_arn)[0])?.region ?? '?'})`)
          .join(', ') || 'none',
      ]),
    );
    out.push('**AWS Backup**', '', table(['plan', 'rule', 'schedule', 'retention', 'copied to'], rules), '');
  }
  return out;
}

// ---------------------------------------------------------------- edge and security
function edgeAndSecurity(ix: StackIndex, m: ArchitectureModel): string[] {
  const out: string[] = [];
  for (const cf of ix.of('aws_cloudfront_distribution')) {
    const c = cf.config;
    const origins = asArray<any>(c.origin).map(
      (o) =>
        `${o.origin_id} → ${ix.refs(o.domain_name).length ? ix.name(ix.refs(o.domain_name)[0]) : o.domain_name}${o.origin_access_control_id ? ' (OAC)' : ''}${asArray(o.custom_header).length ? ' (secret header)' : ''}`,
    );
    const behaviours = [...asArray<any>(c.ordered_cache_behavior).map((b) => `${b.path_pattern} → ${b.target_origin_id}`), `default → ${c.default_cache_behavior?.target_origin_id}`];
    out.push(
      `**CloudFront ${displayName(cf)}**: origins ${origins.join('; ')}; behaviours ${behaviours.join(', ')}; viewers ${c.default_cache_behavior?.viewer_protocol_policy}; price class ${c.price_class ?? 'PriceClass_All'}; WAF ${c.web_acl_id ? ix.name(ix.refs(c.web_acl_id)[0]) : 'none'}; logs ${c.logging_config ? 'on' : 'off'}.`,
      '',
    );
  }
  const acls = ix.of('aws_wafv2_web_acl');
  if (acls.length) {
    out.push(
      '**WAF web ACLs**',
      '',
      table(
        ['web ACL', 'scope', 'default', 'rules (priority: name)'],
        acls.map((a) => [
          displayName(a),
          a.config.scope,
          Object.keys(a.config.default_action ?? {})[0],
          asArray<any>(a.config.rule)
            .map(
              (r) =>
                `${r.priority}: ${r.name}${r.statement?.rate_based_statement ? ` (${r.statement.rate_based_statement.limit} req / 5 min per ${r.statement.rate_based_statement.aggregate_key_type})` : ''}`,
            )
            .join('; '),
        ]),
      ),
      '',
    );
  }
  const sgName = (a?: string) => (a ? ix.name(a) : '');
  out.push('**Security-group rules** (every path into and out of each tier)', '', table(['group', 'direction', 'peer', 'ports', 'why'], m.rules.map((r) => [
    sgName(r.group), r.direction, r.peerGroup ? sgName(r.peerGroup) : r.cidr, r.ports, r.description,
  ])), '');
  const keys = ix.of('aws_kms_key');
  const buckets = ix.of('aws_s3_bucket');
  const blocked = buckets.filter((b) =>
    ix
      .referrers('aws_s3_bucket_public_access_block', b.address)
      .some((p) => p.config.block_public_acls && p.config.block_public_policy && p.config.restrict_public_buckets && p.config.ignore_public_acls),
  );
  const encrypted = buckets.filter((b) => ix.referrers('aws_s3_bucket_server_side_encryption_configuration', b.address).length);
  const lts = ix.of('aws_launch_template');
  const trails = ix.of('aws_cloudtrail');
  const noSsh = m.rules.every((r) => !/ 22(-|$)/.test(r.ports) || r.direction === 'egress');
  out.push(
    table(
      ['control', 'state in this stack'],
      [
        ['KMS customer-managed keys', `${keys.length}, rotation on for ${keys.filter((k) => k.config.enable_key_rotation === true).length}`],
        ['S3 public access blocked', `${blocked.length} of ${buckets.length} buckets`],
        ['S3 default encryption configured', `${encrypted.length} of ${buckets.length} buckets`],
        ['IMDSv2 required', `${lts.filter((l) => l.config.metadata_options?.http_tokens === 'required').length} of ${lts.length} launch templates`],
        ['SSH (port 22) open', noSsh ? 'no rule allows it' : 'YES: a rule opens port 22'],
        [
          'Audit trail',
          trails.length
            ? trails.map((t) => `${displayName(t)} (multi-region ${yes(t.config.is_multi_region_trail)}, log validation ${yes(t.config.enable_log_file_validation)})`).join(', ')
            : 'none',
        ],
        ['Alarms / dashboards', `${ix.of('aws_cloudwatch_metric_alarm').length} alarms, ${ix.of('aws_cloudwatch_dashboard').length} dashboard(s)`],
        ['Budgets / cost anomaly monitors', `${ix.of('aws_budgets_budget').length} / ${ix.of('aws_ce_anomaly_monitor').length}`],
      ],
    ),
    '',
  );
  return out;
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
  const facts: Partial<Record<string, string>> = tierFacts(m);
  const byTier = new Map<Tier, Resource[]>();
  for (const r of m.resources) byTier.set(familyOf(r.type).tier, [...(byTier.get(familyOf(r.type).tier) ?? []), r]);
  const mainVpc = m.vpcs.find((v) => v.region === m.regions[0]);
  const subnets = m.subnets.filter((s) => s.vpc === mainVpc?.address);
  const nats = ix.of('aws_nat_gateway').filter((n) => n.region === m.regions[0]).length;
  const azs = new Set(subnets.map((s) => s.az)).size;
  const views = opts.views ?? ['overview', 'network', 'data'];
  const links = [...views.map((v) => ({ title: `${v} view`, href: `${v}.svg` })), { title: 'inventory', href: 'inventory.md' }, ...(opts.links ?? [])];
  const out = [
    `# ${m.stack}: architecture design`,
    '',
    `Generated by \`npm run deliverables\` from ${opts.source ?? `cdktf.out/stacks/${m.stack}/cdk.tf.json`}; do not edit, regenerate. See also: ${links.map((l) => `[${l.title}](${l.href})`).join(' · ')}.`,
    '',
    ...views.flatMap((v) => [`![${v} view](${v}.svg)`, '']),
    '## Summary',
    '',
    `- **${m.resources.length} resources** of ${new Set(m.resources.map((r) => r.type)).size} types in ${m.regions.length === 1 ? `region ${m.regions[0]}` : `regions ${m.regions[0]} (primary) and ${m.regions.slice(1).join(', ')}`}.`,
    mainVpc
      ? `- **Network**: VPC ${mainVpc.cidr} over ${azs} Availability Zones; ${(['public', 'private', 'isolated'] as const).map((t) => `${subnets.filter((s) => s.tier === t).length} ${t}`).join(', ')} subnets; ${nats} NAT gateway(s) (${nats === 0 ? 'no outbound internet' : nats >= azs ? 'one per AZ: egress survives an AZ loss' : 'shared: cheaper, but an AZ loss can cut egress'}).`
      : '- **Network**: no VPC in this stack.',
    ...asgRows(ix).map(({ row }) => `- **${row.name}**: ${row.instanceType}, ${row.min}–${row.max} instances (desired ${row.desired}) across ${row.azs}.`),
    ...computeSummary(ix),
    '',
    ...(opts.json ? [...requirementsSection(m, opts.json), ...founderLetter(m, opts.json), ...sizingSection(m, opts.json)] : []),
    ...sessionSection(m),
    '## Tiers and why',
    '',
    table(
      ['tier', 'resources', 'types', 'why'],
      TIER_ORDER.filter((t) => byTier.has(t)).map((t) => [
        t,
        byTier.get(t)!.length,
        [...new Set(byTier.get(t)!.map((r) => r.type.replace(/^aws_/, '')))].slice(0, 6).join(', ') + ([...new Set(byTier.get(t)!.map((r) => r.type))].length > 6 ? ', …' : ''),
        facts[t] ? `${WHY[t]} (${facts[t]})` : WHY[t],
      ]),
    ),
    '',
    '## Load balancing',
    '',
    ...loadBalancing(ix),
    '## Auto Scaling',
    '',
    ...compute(ix, opts.manifestsDir),
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
    table(
      ['failure', 'what takes over', 'RTO', 'RPO', 'not covered'],
      [...failureModes(ix, m), ...computeFailures(ix)].map((f) => [f.failure, f.takesOver, f.rto, f.rpo, f.notCovered]),
    ),
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
