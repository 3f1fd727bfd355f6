/**
 * design.md's "Alternatives and trade-offs": the big choices (where the services run, Multi-AZ vs read replicas, NAT
 * per AZ vs one, CloudFront in front or not) as this stack makes them, with its own figures (counts and names from the
 * JSON, dollars from the cost report's scenario month and the cost tool's price table), and what each alternative would
 * change here. Read from the JSON only, so a user's stack gets its own.
 */
import { asgRows } from './auto-scaling';
import { CostLine, HOURS_PER_MONTH, scenarioLines, scenarioUsage, stackMonth, unitPriceUsd } from './cost-figures';
import { ArchitectureModel } from './model';
import { StackIndex } from './stack-index';
import { Resource, TfJson, asArray, defaultTags, displayName } from './tfjson';

/** One choice: what this stack does, what each alternative would change here, and why this one here. */
export interface Choice {
  readonly title: string;
  readonly here: string;
  readonly instead: readonly string[];
  readonly why: string;
}

/** Everything a choice reads: the stack's resources and its cost report, in one place. */
interface Facts {
  readonly stack: string;
  readonly ix: StackIndex;
  readonly region: string;
  readonly environment: string;
  readonly traffic: string;
  readonly monthUsd: number;
  /** Resources of `type` in the stack's own region (a DR region's copies are not the choice being argued). */
  of(type: RegExp): Resource[];
  /** The scenario month's cost lines of these resources (all of them when `unit` is omitted, else those whose unit matches). */
  lines(rs: readonly Resource[], unit?: RegExp): CostLine[];
  /** The stack's services as the data tier's clients: groups, environments, or the cluster's pods. */
  readonly clients: string;
}

const usd = (n: number) => `$${n.toFixed(2)}`;
/** A unit price as the table has it ($0.085, $0.045): cents would round it to a different price. */
const rate = (n: number) => `$${n >= 1 ? n.toFixed(2) : String(Number(n.toPrecision(3)))}`;
const sum = (ls: readonly CostLine[]) => Math.round(ls.reduce((a, l) => a + l.monthlyUsd, 0) * 100) / 100;
const pct = (part: number, whole: number) => `${whole > 0 ? Math.round((part / whole) * 100) : 0} %`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (rs: readonly Resource[]) => rs.map(displayName).join(', ');
/** A monthly figure from an hourly price of the cost tool's table (0 when the table has none for the region). */
const monthly = (region: string, section: string, key: string) => (unitPriceUsd(region, section, key) ?? 0) * HOURS_PER_MONTH;

function facts(m: ArchitectureModel, json: TfJson): Facts {
  const ix = new StackIndex(m);
  const region = m.regions[0] ?? 'us-east-1';
  const month = stackMonth(m.stack, json);
  const all = scenarioLines(m.stack, json, () => true);
  const of = (type: RegExp) => m.resources.filter((r) => type.test(r.type) && r.region === region);
  const asgs = asgRows(ix).map((a) => a.row.name);
  const envs = of(/^aws_elastic_beanstalk_environment$/).map(displayName);
  const clusters = of(/^aws_eks_cluster$/).map((c) => `the pods on EKS cluster ${displayName(c)}`);
  return {
    stack: m.stack,
    ix,
    region,
    environment: defaultTags(json).Environment ?? 'unnamed',
    traffic: month.traffic,
    monthUsd: month.scenarioUsd,
    of,
    lines: (rs, unit) => all.filter((l) => rs.some((r) => r.address === l.address) && (!unit || unit.test(l.unit))),
    clients: [...envs, ...asgs, ...clusters].join(', ') || 'no service in this stack',
  };
}

/** A node pool's name: the node group's, or the Auto Mode NodePool's. */
const poolName = (p: Resource) => String(p.config.node_group_name ?? displayName(p)).replace(' (Auto Mode NodePool)', '');

/** The signals a group scales on, in a word each (CPU, requests per target, memory, queue backlog, step alarms). */
function signals(ix: StackIndex, asg: Resource): string {
  const out = ix.referrers('aws_autoscaling_policy', asg.address).map((p) => {
    const t = p.config.target_tracking_configuration ?? {};
    const predefined = t.predefined_metric_specification?.predefined_metric_type;
    if (predefined) return ({ ASGAverageCPUUtilization: 'CPU', ALBRequestCountPerTarget: 'requests per target' } as Record<string, string>)[predefined] ?? predefined;
    const text = JSON.stringify(p.config);
    if (/ApproximateNumberOfMessages/.test(text)) return 'queue backlog';
    if (/mem_used|memory/i.test(text)) return 'memory';
    return p.config.policy_type === 'StepScaling' ? 'step alarms' : 'a custom metric';
  });
  return [...new Set(out)].join(' and ') || 'no policy';
}

// ---------------------------------------------------------------- where the services run
function computeChoice(f: Facts): Choice {
  const title = 'Where the services run: EC2 Auto Scaling, Elastic Beanstalk or EKS';
  const rows = asgRows(f.ix);
  const asgs = rows.map((r) => r.asg);
  const envs = f.of(/^aws_elastic_beanstalk_environment$/);
  const clusters = f.of(/^aws_eks_cluster$/);
  const pools = f.of(/^(aws_eks_node_group|eks_auto_mode_node_pool)$/);
  const fleetUsd = sum(f.lines([...asgs, ...envs, ...pools], /instance-hour/));
  const eksMonth = monthly(f.region, 'eks', 'clusterHour');
  const albMonth = monthly(f.region, 'elb', 'albHour');
  const web = asgs.filter((a) => a.config.target_group_arns !== undefined);
  const workers = asgs.filter((a) => a.config.target_group_arns === undefined);
  const groups = rows.map(({ asg, row }) => `${row.name} (${row.instanceType}, ${row.min}–${row.max}, on ${signals(f.ix, asg)})`).join('; ');
  if (clusters.length) {
    const cluster = clusters[0];
    const clusterUsd = sum(f.lines(clusters));
    const auto = asArray<any>(cluster.config.compute_config)[0]?.enabled === true;
    const poolText = pools
      .map((p) => {
        const capacity = String(p.config.capacity_type ?? 'ON_DEMAND').toLowerCase().replace('_', '-');
        const bounds = `${p.config.scaling_config?.min_size}–${p.config.scaling_config?.max_size} nodes`;
        return `${poolName(p)}: ${capacity} ${asArray(p.config.instance_types).join('/')}, ${bounds}`;
      })
      .join('; ');
    const spot = pools.filter((p) => p.config.capacity_type === 'SPOT');
    return {
      title,
      here: `EKS ${cluster.config.version ?? ''} ${auto ? 'in Auto Mode' : 'with managed node groups'} (${displayName(cluster)}): the control plane costs ${usd(clusterUsd)} a month and the nodes ${usd(fleetUsd)} in the ${f.traffic} month (cost report); node pools ${poolText}. Services run as Kubernetes workloads from the manifests synth writes to cdktf.out/k8s/${f.stack}/; the Ingress ALB is created by EKS from them (not in the JSON, so not priced).${workers.length ? ` Workers on EC2 Auto Scaling: ${list(workers)}.` : ''}`,
      instead: [
        `**EC2 Auto Scaling** (\`compute: "ec2"\`): no control-plane fee (${usd(clusterUsd)} a month less), one group per service behind one ALB (${usd(albMonth)} a month before LCUs), releases by instance refresh with alarm rollback; but no bin-packing: each service's floor is whole instances of its own type, and Spot needs a mixed-instances policy per group.`,
        `**Elastic Beanstalk** (\`compute: "beanstalk"\`): one environment per web service, each with its own ALB (${usd(albMonth)} a month each, twice for blue/green by CNAME swap); workers stay on EC2 Auto Scaling; no Kubernetes to run, and no pods to pack either.`,
      ],
      why: `The control plane is ${pct(clusterUsd, f.monthUsd)} of this stack's ${usd(f.monthUsd)} month; in return the services share ${plural(pools.length, 'node pool')}${spot.length ? ` and Spot capacity comes first (${spot.map(poolName).join(', ')})` : ''}, scaled per pod rather than per instance. Worth it for a team that runs Kubernetes already or services that come and go; otherwise the EC2 groups do the same with fewer moving parts.`,
    };
  }
  if (envs.length) {
    const ebAlbUsd = sum(f.lines(envs, /ALB-hour/));
    const setting = (e: Resource, name: string) => asArray<any>(e.config.setting).find((s) => s.name === name)?.value;
    const services = new Set(envs.map((e) => displayName(e).replace(/-(blue|green)$/, ''))).size;
    const oneEnvUsd = sum(f.lines(envs)) / envs.length;
    return {
      title,
      here: `Elastic Beanstalk: ${plural(envs.length, 'environment')} (${list(envs)}), each ${setting(envs[0], 'InstanceTypes') ?? ''} ${setting(envs[0], 'MinSize') ?? '?'}–${setting(envs[0], 'MaxSize') ?? '?'} instances behind its own ALB: ${usd(fleetUsd)} of instances and ${usd(ebAlbUsd)} of ALB hours in the ${f.traffic} month (cost report). A release goes to the idle environment and the CNAMEs swap.${workers.length ? ` Workers stay on EC2 Auto Scaling: ${groups}.` : ''}`,
      instead: [
        `**EC2 Auto Scaling for the web tier too** (\`compute: "ec2"\`): one ALB for every service instead of ${envs.length} (${usd(Math.max(0, ebAlbUsd - albMonth))} a month less), releases as instance refreshes that roll back on alarms, and every setting (launch template, policies, health checks) in Terraform rather than option settings Beanstalk applies.`,
        `**EKS** (\`compute: "eks"\`): ${usd(eksMonth)} a month for the control plane (${pct(eksMonth, f.monthUsd)} of this stack's month) to run ${plural(services, 'web service')} and ${plural(workers.length, 'worker')}: little to bin-pack, and a Kubernetes to upgrade about every 14 months.`,
      ],
      why: `Beanstalk takes over the platform: managed platform updates ${setting(envs[0], 'ManagedActionsEnabled') === 'true' ? 'on' : 'off'}, ${setting(envs[0], 'SystemType') === 'enhanced' ? 'enhanced health reporting, ' : ''}the ALBs and the swap; the price of zero-downtime releases by swap is the environment that waits for the next release: ${usd(oneEnvUsd)} a month at its floor (its instances and its ALB).`,
    };
  }
  if (!asgs.length) {
    return {
      title,
      here: 'No Auto Scaling group, Beanstalk environment or EKS cluster in this stack: it runs no service of its own.',
      instead: [
        `EC2 Auto Scaling is the default (\`compute: "ec2"\`); EKS adds ${usd(eksMonth)} a month for its control plane in ${f.region}; ` +
          `Beanstalk one ALB per environment (${usd(albMonth)} a month each).`,
      ],
      why: 'Nothing to run here.',
    };
  }
  const policies = asgs.flatMap((a) => f.ix.referrers('aws_autoscaling_policy', a.address)).length;
  const schedules = asgs.flatMap((a) => f.ix.referrers('aws_autoscaling_schedule', a.address)).length;
  const refresh = asgs.every((a) => asArray<any>(a.config.lifecycle?.ignore_changes).includes('launch_template'));
  return {
    title,
    here: `EC2 Auto Scaling: ${plural(asgs.length, 'group')}, ${web.length} behind the ALB${workers.length ? ` and ${workers.length} on the queue` : ''}: ${groups}. Instances cost ${usd(fleetUsd)} in the ${f.traffic} month (cost report).${refresh ? ' A release is a new launch template version rolled by an instance refresh.' : ''}`,
    instead: [
      `**Elastic Beanstalk** (\`compute: "beanstalk"\`): no fee of its own, but each web environment creates its own ALB (${usd(albMonth)} a month here before LCUs) and blue/green by CNAME swap needs two per web service (${usd(2 * albMonth * Math.max(1, web.length))} a month for ${plural(web.length, 'web service')}); this stack's ${plural(policies, 'scaling policy', 'scaling policies')}${schedules ? ` and ${plural(schedules, 'schedule')}` : ''} become option settings Beanstalk applies.`,
      `**EKS** (\`compute: "eks"\`): ${usd(eksMonth)} a month for the control plane before any node, ${pct(eksMonth, fleetUsd)} on top of the instances' ${usd(fleetUsd)}; pods of ${plural(asgs.length, 'service')} would share nodes (Spot first), at the price of running Kubernetes (manifests, HPAs, controllers, an upgrade about every 14 months).`,
    ],
    why:
      asgs.length === 1
        ? `One service: its group is the whole platform. A cluster would add ${pct(eksMonth, fleetUsd)} to the instance bill with nothing to bin-pack, and Beanstalk would double the ALB for releases the instance refresh already makes without downtime.`
        : `${asgs.length} services, each scaling on its own signal (${rows.map(({ asg, row }) => `${row.name}: ${signals(f.ix, asg)}`).join('; ')}), map one-to-one onto groups with no cluster to run; at ${usd(eksMonth)} a month the control plane is ${pct(eksMonth, f.monthUsd)} of this stack's ${usd(f.monthUsd)} month, worth it once many more services share nodes or the team already runs Kubernetes.`,
  };
}

// ---------------------------------------------------------------- Multi-AZ vs read replicas
function databaseChoice(f: Facts): Choice {
  const title = 'Database: Multi-AZ standby, read replicas, or both';
  const dbs = f.ix.of('aws_db_instance');
  const primaries = dbs.filter((d) => d.config.replicate_source_db === undefined && d.region === f.region);
  const replicas = dbs.filter((d) => d.config.replicate_source_db !== undefined && d.region === f.region);
  const remote = dbs.filter((d) => d.config.replicate_source_db !== undefined && d.region !== f.region);
  const defaultClass = 'db.t4g.medium';
  const defaultHour = unitPriceUsd(f.region, 'rds', `postgres:${defaultClass}`) ?? 0;
  if (!primaries.length) {
    const caches = f.of(/^aws_elasticache_replication_group$/);
    return {
      title,
      here: `No RDS database in this stack: ${f.clients} keep${f.clients.includes(',') ? '' : 's'} no relational data in it${caches.length ? ` (state lives in the cache ${list(caches)})` : ''}; wherever the app keeps data today is outside this stack.`,
      instead: [
        `**A database** (\`database\` in the config) comes Multi-AZ by default: a ${defaultClass} primary and its synchronous standby would cost ${usd(2 * defaultHour * HOURS_PER_MONTH)} a month in ${f.region} (${rate(defaultHour)} an hour each), ${pct(2 * defaultHour * HOURS_PER_MONTH, f.monthUsd)} on top of this stack's ${usd(f.monthUsd)} month.`,
        `**Single-AZ with read replicas instead**: ${usd(defaultHour * HOURS_PER_MONTH)} a month per instance; replicas scale reads but fail over only by a manual promotion, and replication is asynchronous.`,
      ],
      why: `Nothing in ${f.stack} writes to a database, so there is no standby or replica to pay for. A stack that adds one gets the Multi-AZ default, ${
        f.environment === 'production'
          ? 'which production needs: a lost AZ must not lose committed writes'
          : `which a ${f.environment} stack may turn off (\`database.multiAz: false\`) to halve that line, accepting a restore from backup after an AZ loss`
      }.`,
    };
  }
  const p = primaries[0];
  const instanceLine = f.lines([p], /instance-hour/);
  const standbyUsd = p.config.multi_az === true ? sum(instanceLine) / 2 : 0;
  const replicaUsd = sum(f.lines(replicas));
  const remoteUsd = sum(f.lines(remote));
  const cls = String(p.config.instance_class ?? '');
  const hour = unitPriceUsd(f.region, 'rds', `${p.config.engine ?? 'postgres'}:${cls}`) ?? 0;
  const retention = Number(p.config.backup_retention_period ?? 0);
  const here =
    `${displayName(p)} (${p.config.engine ?? ''} ${cls}) ${p.config.multi_az === true ? `Multi-AZ: a synchronous standby in another AZ, ${usd(standbyUsd)} a month (half of its instance line)` : 'Single-AZ: no standby'}; ` +
    `${plural(replicas.length, 'read replica')}${replicas.length ? ` in ${f.region} (${list(replicas)}: ${usd(replicaUsd)} a month)` : ''}` +
    `${remote.length ? `; cross-region replica ${list(remote)} in ${remote[0].region} (${usd(remoteUsd)} a month)` : ''}; ${retention ? `${retention} days of backups with point-in-time restore` : 'no automated backups'}. Clients: ${f.clients}.`;
  const instead: string[] = [];
  if (p.config.multi_az === true) {
    instead.push(
      `**Replicas without the standby** (\`database.multiAz: false\`): ${usd(standbyUsd)} a month less, but failover becomes promoting a replica: minutes, a new endpoint for ${f.clients}, and writes not yet replicated (asynchronous) are lost.`,
    );
  } else {
    instead.push(`**Multi-AZ** (\`database.multiAz: true\`): ${usd(hour * HOURS_PER_MONTH)} a month more for the standby; automatic failover in 1–2 minutes with no committed write lost.`);
  }
  instead.push(
    replicas.length
      ? `**No read replicas** (\`database.readReplicas.count: 0\`): ${usd(replicaUsd)} a month less; every read then lands on the ${cls} primary beside the writes, and the Multi-AZ standby serves none.`
      : `**Read replicas** (\`database.readReplicas.count\`): ${usd(hour * HOURS_PER_MONTH)} a month each (${cls}); they take reads off the primary, not its failover.`,
  );
  return {
    title,
    here,
    instead,
    why:
      `${p.config.multi_az === true ? `The standby is what keeps committed writes (from ${f.clients}) through an AZ loss (RPO 0, failover 1–2 minutes)` : `Single-AZ suits a ${f.environment} database whose loss costs a restore from backup`}` +
      `${replicas.length ? `; ${replicas.length === 1 ? 'the replica carries' : `the ${replicas.length} replicas carry`} reads (${pct(replicaUsd, f.monthUsd)} of the month) and ${replicas.length === 1 ? 'is' : 'are'} asynchronous, so not the failover` : '; no replica: reads fit the primary'}` +
      `${remote.length ? `; the cross-region copy is for a region loss, not an AZ loss` : ''}. Neither undoes a bad write: the ${retention}-day point-in-time restore does.`,
  };
}

// ---------------------------------------------------------------- NAT per AZ vs one
function natChoice(f: Facts, azs: number): Choice {
  const title = 'Egress: a NAT gateway per AZ, one shared, or none';
  const nats = f.of(/^aws_nat_gateway$/);
  const natUsd = sum(f.lines(nats));
  const hourUsd = sum(f.lines(nats, /NAT gateway-hour/));
  const gbLines = f.lines(nats, /GB processed/);
  const each = nats.length ? hourUsd / nats.length : monthly(f.region, 'vpc', 'natGatewayHour');
  const endpoints = f.of(/^aws_vpc_endpoint$/);
  const gateway = endpoints.filter((e) => (e.config.vpc_endpoint_type ?? 'Gateway') === 'Gateway');
  const interfaceMonth = monthly(f.region, 'vpc', 'interfaceEndpointHour') * Math.max(1, azs);
  const noNat =
    `**No NAT**: every AWS API the instances call (Systems Manager, Secrets Manager, CloudWatch, SQS, …) would need an interface endpoint, ` +
    `${usd(interfaceMonth)} a month each over ${plural(azs, 'AZ')}, and nothing outside AWS (package mirrors, payment or mail APIs) would be reachable.`;
  const here = nats.length
    ? `${plural(nats.length, 'NAT gateway')} for ${plural(azs, 'AZ')}: ${usd(natUsd)} a month in the cost report (${usd(each)} each for the hours, ${usd(sum(gbLines))} for ${count(gbLines.reduce((a, l) => a + l.quantity, 0))} GB processed)${gateway.length ? `; S3 traffic skips NAT through ${plural(gateway.length, 'gateway endpoint')} (free)` : ''}.`
    : `No NAT gateway: the private subnets have no route to the internet${endpoints.length ? `; ${plural(endpoints.length, 'VPC endpoint')} reach AWS services` : ''}.`;
  if (nats.length >= azs && azs > 1) {
    const saved = each * (nats.length - 1);
    const others = azs - 1 === 1 ? 'the other AZ' : `the other ${azs - 1} AZs`;
    return {
      title,
      here,
      instead: [
        `**One shared NAT** (\`network.natGateways: "single"\`): ${usd(saved)} a month less; but when its AZ fails, the instances in ${others} lose outbound traffic until it is recreated, and their egress crosses AZs at ${rate(unitPriceUsd(f.region, 'dataTransfer', 'crossAzGb') ?? 0.01)}/GB.`,
        noNat,
      ],
      why: `A ${f.environment} stack spread over ${plural(azs, 'AZ')} to survive losing one has to keep egress through that loss too; the ${usd(saved)} a month the extra ${nats.length - 1 === 1 ? 'NAT costs' : 'NATs cost'} is ${pct(saved, f.monthUsd)} of its ${usd(f.monthUsd)} month.`,
    };
  }
  if (nats.length) {
    const added = each * (azs - nats.length);
    return {
      title,
      here,
      instead: [
        `**One NAT per AZ** (\`network.natGateways: "per-az"\`): ${usd(added)} a month more (${pct(added, f.monthUsd)} of this stack's month); egress then survives the loss of any one AZ and stays in its AZ.`,
        noNat,
      ],
      why: `A ${f.environment} stack: an AZ outage that cuts egress for ${azs - nats.length === 1 ? 'the other AZ' : `the other ${azs - nats.length} AZs`} until the NAT is recreated is acceptable here, and one NAT saves ${usd(added)} a month.`,
    };
  }
  return {
    title,
    here,
    instead: [`**A NAT gateway**: ${usd(each)} a month each in ${f.region} plus ${rate(unitPriceUsd(f.region, 'vpc', 'natGatewayGb') ?? 0)}/GB processed; one per AZ to survive an AZ loss.`],
    why: 'Nothing in the private subnets needs the internet, so there is nothing to pay for.',
  };
}

// ---------------------------------------------------------------- CloudFront in front or not
function cdnChoice(f: Facts, json: TfJson): Choice {
  const title = 'CloudFront in front, for assets only, or not at all';
  const cdns = f.ix.of('aws_cloudfront_distribution');
  const lbs = f.of(/^aws_(lb|alb)$/);
  const usage = scenarioUsage(f.stack, json);
  const regionalGb = unitPriceUsd(f.region, 'dataTransfer', 'internetOutGb') ?? 0.09;
  const edgeGb = unitPriceUsd('global', 'cloudfrontEdge', 'usEu:gbOut:10') ?? 0.085;
  const edgeRequests = unitPriceUsd('global', 'cloudfrontEdge', 'usEu:httpsPer10k') ?? 0.01;
  const albOutUsd = sum(f.lines(lbs, /GB out to the internet/));
  const envs = f.of(/^aws_elastic_beanstalk_environment$/);
  const clusters = f.of(/^aws_eks_cluster$/);
  const front = lbs.length
    ? `the ALB ${list(lbs)} (${lbs.every((l) => l.config.internal === true) ? 'internal' : 'internet-facing'})`
    : envs.length
      ? `the environments' own ALBs (${list(envs)}, internet-facing)`
      : clusters.length
        ? 'the Ingress ALB EKS creates (internet-facing)'
        : 'no load balancer';
  // A WAF association naming the ALB or an environment (Beanstalk environments' ALBs are associated through them).
  const frontWaf = [...lbs, ...envs].some((t) => f.ix.referrers('aws_wafv2_web_acl_association', t.address).length > 0);
  if (!cdns.length) {
    const gb = usage.albGbOut;
    const edgeUsd = gb * edgeGb + (usage.requests / 1e4) * edgeRequests;
    return {
      title,
      here: `No CloudFront: ${front} answers every request itself, ${count(usage.requests)} requests and ${count(gb)} GB to the internet in the ${f.traffic} month: ${usd(albOutUsd)} of egress at ${rate(regionalGb)}/GB (cost report)${frontWaf ? '; WAF on the ALB' : '; no WAF'}.`,
      instead: [
        `**CloudFront in front** (\`cdn\`, with the ALB as a VPC origin): the same ${count(gb)} GB at ${rate(edgeGb)}/GB from US/EU edges plus ${rate(edgeRequests)} per 10,000 HTTPS requests, about ${usd(edgeUsd)} instead of ${usd(albOutUsd)}; cached pages and images would no longer reach the fleet, floods would stop at an edge WAF, and the ALB could become internal.`,
        `**CloudFront for static assets only**: a bucket behind the edge for images, scripts and styles; the ALB keeps serving pages, with fewer bytes per request.`,
      ],
      why: `Every response here comes from the app (the stack has no static-assets bucket), so an edge would mostly forward requests: about ${usd(edgeUsd)} against ${usd(albOutUsd)} now, for caching the app does not ask for. Worth adding with a domain and static assets, where the cache takes load off ${asgRows(f.ix).map((r) => r.row.name).join(', ') || 'the fleet'} during the ${f.traffic} peak.`,
    };
  }
  const cf = cdns[0];
  const c = cf.config;
  const cfUsd = sum(scenarioLines(f.stack, json, (l) => l.address === cf.address));
  const origins = asArray<any>(c.origin);
  const defaultOrigin = origins.find((o) => o.origin_id === c.default_cache_behavior?.target_origin_id);
  const paths = asArray<any>(c.ordered_cache_behavior).map((b) => b.path_pattern).join(', ');
  const acl = c.web_acl_id ? f.ix.name(f.ix.refs(c.web_acl_id)[0]) : undefined;
  const priceClass = String(c.price_class ?? 'PriceClass_All');
  const edges = priceClass === 'PriceClass_100' ? 'edges in North America and Europe only' : priceClass === 'PriceClass_200' ? 'most edges (not South America or Oceania)' : 'every edge';
  if (defaultOrigin?.vpc_origin_config) {
    const direct = usage.cdnGbOut * regionalGb;
    return {
      title,
      here: `CloudFront "${displayName(cf)}" in front of everything: the default behaviour goes to ${front} through a VPC origin, ${paths} to S3; ${acl ? `WAF ${acl} at the edge` : 'no WAF at the edge'}; ${priceClass} (${edges}). ${usd(cfUsd)} in the ${f.traffic} month for ${count(usage.cdnGbOut)} GB and ${count(usage.requests)} requests (cost report); the ALB sends nothing to the internet itself.`,
      instead: [
        `**No CloudFront**: the ALB would have to be internet-facing and send the ${count(usage.cdnGbOut)} GB itself at ${rate(regionalGb)}/GB (${usd(direct)} plus LCUs for every static file), ${acl ? 'the WAF would sit on the ALB only' : 'a WAF could sit on the ALB only'}, floods would reach the region, and static files would need a public bucket or the fleet to serve them.`,
        priceClass === 'PriceClass_100'
          ? `**Every edge** (\`PriceClass_All\`): viewers outside North America and Europe served from a near edge, at up to ${rate(unitPriceUsd('global', 'cloudfrontEdgeOther', 'other:gbOut:10') ?? 0.11)}/GB.`
          : `**Price class 100** (North America and Europe edges only): viewers elsewhere are served from those edges at ${rate(edgeGb)}/GB ` +
            `instead of ${rate(unitPriceUsd('global', 'cloudfrontEdgeOther', 'other:gbOut:10') ?? 0.11)}/GB from an edge near them, and wait longer for every page.`,
      ],
      why: `With the ALB internal, CloudFront is the only way in: one place for TLS, ${acl ? `the WAF (${acl})` : 'a WAF'} and caching, and its ${usd(cfUsd)} replaces the ${usd(direct)} of regional egress the ALB would pay; ${edges === 'every edge' ? 'viewers anywhere get a near edge' : `viewers stay on the ${edges}`}.`,
    };
  }
  const albGb = usage.albGbOut;
  return {
    title,
    here: `CloudFront "${displayName(cf)}" for static assets only (${paths} and the default behaviour to S3${acl ? `, WAF ${acl}` : ''}; ${priceClass}): ${usd(cfUsd)} for ${count(usage.cdnGbOut)} GB in the ${f.traffic} month (cost report). Pages come from ${front}${albGb ? `, ${count(albGb)} GB to the internet (${usd(albOutUsd)})` : ''}.`,
    instead: [
      `**In front of everything**: ${lbs.length ? 'the ALB could become internal behind a VPC origin' : envs.length ? 'CloudFront would point at the live CNAME as a custom origin (the environments\' ALBs stay public, the swap still works)' : 'the Ingress ALB would be the origin'}, pages would go through the edge (${rate(edgeRequests)} per 10,000 requests on top), and one WAF at the edge would filter floods before the region.`,
      `**No CloudFront**: ${front} would also serve the ${count(usage.cdnGbOut)} GB of assets at ${rate(regionalGb)}/GB (${usd(usage.cdnGbOut * regionalGb)}) and the requests for them.`,
    ],
    why: `Assets are what an edge cache helps most (the same files for every viewer); pages stay on ${front}, ${frontWaf ? 'behind its WAF' : 'in the region'}, so ${priceClass === 'PriceClass_100' ? 'viewers in North America and Europe' : 'viewers'} get cached assets from a near edge while releases and health checks stay as they are.`,
  };
}

/** The four choices of this stack, in the order a request meets them: edge, compute, egress, data. */
export function alternatives(m: ArchitectureModel, json: TfJson): Choice[] {
  const f = facts(m, json);
  const vpc = m.vpcs.find((v) => v.region === f.region);
  const azs = new Set(m.subnets.filter((s) => s.vpc === vpc?.address).map((s) => s.az)).size;
  return [cdnChoice(f, json), computeChoice(f), natChoice(f, azs), databaseChoice(f)];
}

export function alternativesSection(m: ArchitectureModel, json: TfJson): string[] {
  return [
    '## Alternatives and trade-offs',
    '',
    `The big choices as this stack makes them, with its own figures: names and counts from its JSON, dollars from \`npm run cost -- ${m.stack}\` (the ${stackMonth(m.stack, json).traffic} month) and the cost tool's price table for what it does not build.`,
    '',
    ...alternatives(m, json).flatMap((c) => [`### ${c.title}`, '', `- **This stack:** ${c.here}`, ...c.instead.map((i) => `- ${i}`), `- **Why this one here:** ${c.why}`, '']),
  ];
}
