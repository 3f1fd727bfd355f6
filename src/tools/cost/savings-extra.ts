/**
 * The savings the owner asks about beyond the configuration switches in savings.ts, each with its arithmetic:
 * CloudFront in front of an internet-facing ALB, VPC endpoints in place of NAT gateways, right-sizing the data
 * tier, Spot for capacity above the floor, and where the stack pays twice for the same thing (a regional WAF behind
 * CloudFront's own on an internal ALB; RDS automated backups and AWS Backup points of the same database).
 */
import { cloudfrontGbOutUsd, httpsPer10k } from './cloudfront';
import { Fleet } from './fleet';
import { Line, MonthCost } from './line';
import { HOURS_PER_MONTH, hasPrice, price, round2, usd } from './prices';
import type { Saving } from './saving';
import { Resource, Stack, refsIn } from './stack';
import { TrafficScenario } from './traffic';
import { computeAzCount } from './fleet-azs';

const short = (address: string) => address.split('.')[1].replace(/_[0-9A-F]{8}$/, '');
const sumOf = (lines: readonly Line[]) => round2(lines.reduce((a, l) => a + l.monthlyUsd, 0));
const n = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
/** Prices as the arithmetic prints them: dollars, cents below a dollar kept to their significant digits. */
const p$ = (x: number) => `$${Number(x.toPrecision(4))}`;

/** The scenario's requests a month (as the pricers count them). */
const requestsOf = (t: TrafficScenario) => 3600 * (t.quietRequestsPerSecond * (HOURS_PER_MONTH - t.peakHoursPerMonth) + t.peakRequestsPerSecond * t.peakHoursPerMonth);

/** CloudFront in front of an internet-facing ALB: viewers' bytes leave CloudFront (cheaper per GB, origin fetches free), cache hits never reach the ALB. */
export function cloudFrontInFront(traffic: TrafficScenario, scenario: MonthCost): Saving | undefined {
  const out = scenario.lines.filter((l) => l.type === 'aws_lb' && l.unit === 'GB out to the internet');
  if (!out.length) return undefined;
  const gb = out.reduce((a, l) => a + l.quantity, 0);
  const albOut = sumOf(out);
  const lcu = sumOf(scenario.lines.filter((l) => l.type === 'aws_lb' && l.unit === 'LCU-hour'));
  const hit = traffic.cdnCacheHitShare;
  const requests = requestsOf(traffic);
  const cdnGb = round2(cloudfrontGbOutUsd('usEu', gb));
  const cdnRequests = round2((requests / 1e4) * httpsPer10k('usEu').usd);
  const lcuSaved = round2(lcu * hit);
  // Behind a CloudFront VPC origin the ALB turns internal: its public addresses go.
  const ipv4 = sumOf(scenario.lines.filter((l) => l.type === 'aws_lb' && l.unit.startsWith('public IPv4 address-hour')));
  const list = round2(albOut + lcuSaved + ipv4 - cdnGb - cdnRequests);
  // Always free: CloudFront's 1 TB and 10 M requests; the ALB gives up the regional 100 GB it used.
  const cdnFree = round2(cloudfrontGbOutUsd('usEu', Math.min(gb, 1024)) + (Math.min(requests, 1e7) / 1e4) * httpsPer10k('usEu').usd);
  const regionalFree = round2(Math.min(gb, 100) * out[0].unitPriceUsd);
  const withFree = round2(list + cdnFree - regionalFree);
  const arithmetic = `ALB out now ${n(gb)} GB × ${p$(out[0].unitPriceUsd)} = ${usd(albOut)}, plus ${Math.round(hit * 100)} % of its LCU-hours (${usd(lcu)}) = ${usd(lcuSaved)}`
    + `, plus its public addresses (internal behind a VPC origin) ${usd(ipv4)}; `
    + `through CloudFront (PriceClass_100) ${n(gb)} GB = ${usd(cdnGb)} (US/EU tiers) + ${n(requests / 1e6)} M requests × ${p$(httpsPer10k('usEu').usd)} per 10,000 = ${usd(cdnRequests)}; `
    + `${usd(albOut)} + ${usd(lcuSaved)} + ${usd(ipv4)} − ${usd(cdnGb)} − ${usd(cdnRequests)} = ${list < 0 ? '−' : ''}${usd(Math.abs(list))} on list prices; `
    + `with the always-free 1 TB and 10 M requests (${usd(cdnFree)}) less the regional 100 GB the ALB stops using (${usd(regionalFree)}): ${withFree < 0 ? '−' : ''}${usd(Math.abs(withFree))}`;
  return {
    title: 'CloudFront in front of the ALB',
    monthlyUsd: list,
    recommended: list > 0 || withFree > 0,
    detail: list > 0
      ? `edge: cdn (a CloudFront distribution with the ALB as origin, the ALB internal behind a VPC origin) serves viewers; also a CLOUDFRONT-scoped WAF and caching for static assets`
      : `on list prices it costs ${usd(-list)} more (requests outweigh the cheaper GB at ${traffic.kbPerResponse} KB a response); with the account's always-free CloudFront allowance it saves ${usd(withFree)} a month, so worth it while this stack is the account's main CloudFront user`,
    arithmetic,
  };
}

/** Interface endpoints every private fleet needs once there is no NAT (SSM agent, logs, metrics, secrets, keys, STS); EKS adds ECR. */
const ENDPOINTS_WITHOUT_NAT = ['ssm', 'ssmmessages', 'ec2messages', 'logs', 'monitoring', 'secretsmanager', 'kms', 'sts'];

/** VPC endpoints in place of the NAT gateways: only when nothing on the instances calls the internet. */
export function endpointsInsteadOfNat(stack: Stack, scenario: MonthCost): Saving | undefined {
  const natLines = scenario.lines.filter((l) => l.type === 'aws_nat_gateway' && stack.byAddress(l.address)?.region === stack.region);
  if (!natLines.length) return undefined;
  const nats = new Set(natLines.map((l) => l.address));
  const eips = scenario.lines.filter((l) => l.type === 'aws_eip' && stack.ofType('aws_nat_gateway').some((g) => nats.has(g.address) && refsIn(g.body.allocation_id).includes(l.address)));
  const natCost = round2(sumOf(natLines) + sumOf(eips));
  const natGb = natLines.filter((l) => l.unit === 'GB processed').reduce((a, l) => a + l.quantity, 0);
  const eks = stack.ofType('aws_eks_cluster').length > 0;
  const services = [...ENDPOINTS_WITHOUT_NAT, ...(eks ? ['ecr.api', 'ecr.dkr', 'eks-auth'] : [])];
  const azs = Math.max(2, computeAzCount(stack));
  const hour = price(stack.region, 'vpc', 'interfaceEndpointHour').usd;
  const perGb = price(stack.region, 'vpc', 'interfaceEndpointGb').usd;
  const endpoints = round2(services.length * azs * HOURS_PER_MONTH * hour + natGb * perGb);
  const saving = round2(natCost - endpoints);
  const s3 = stack.ofType('aws_vpc_endpoint').some((e) => String(e.body.service_name ?? '').endsWith('.s3') && (e.body.vpc_endpoint_type ?? 'Gateway') === 'Gateway');
  return {
    title: 'VPC endpoints instead of NAT gateways',
    monthlyUsd: saving,
    recommended: saving > 0,
    detail: `${s3 ? 'the S3 gateway endpoint is already there (free: S3 traffic skips the NAT); ' : 'add an S3 gateway endpoint first (free); '}`
      + `removing the NATs needs ${services.length} interface endpoints (${services.join(', ')}) in each AZ and no other internet egress (package mirrors in S3, no third-party APIs)`
      + (saving > 0 ? '' : `: at this traffic they cost ${usd(-saving)} more than the NATs, so keep the NATs`),
    arithmetic: `NATs now ${usd(natCost)} (${nats.size} × 730 h, their addresses and ${n(natGb)} GB processed); endpoints ${services.length} × ${azs} AZs × 730 h × ${p$(hour)} + ${n(natGb)} GB × ${p$(perGb)} = ${usd(endpoints)}; `
      + `${usd(natCost)} − ${usd(endpoints)} = ${saving < 0 ? '−' : ''}${usd(Math.abs(saving))}`,
  };
}

/** One size smaller in the same family: memory-optimized r → general-purpose m (half the memory), burstable t one size down. */
const SMALLER: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(db|cache)\.r(\d)(g?)\.(\w+)$/, (m) => `${m[1]}.m${m[2]}${m[3]}.${m[4]}`],
  [/^(db|cache)\.t(\d)(g?)\.(large|medium|small)$/, (m) => `${m[1]}.t${m[2]}${m[3]}.${{ large: 'medium', medium: 'small', small: 'micro' }[m[4]]}`],
];
const smallerOf = (cls: string) => {
  for (const [re, f] of SMALLER) {
    const m = re.exec(cls);
    if (m) return f(m);
  }
  return undefined;
};

/** Right-sizing the data tier: each database and cache node one size smaller, priced line by line. */
export function rightSizeData(stack: Stack, scenario: MonthCost, production: boolean): Saving | undefined {
  const parts: string[] = [];
  let saving = 0;
  const dataTotal = sumOf(scenario.lines.filter((l) => l.tier === 'data'));
  for (const l of scenario.lines.filter((x) => x.type === 'aws_db_instance' && x.unit.startsWith('instance-hour'))) {
    const r = stack.byAddress(l.address) as Resource;
    const src = refsIn(r.body.replicate_source_db).map((a) => stack.byAddress(a)).find(Boolean);
    const cls = String(r.body.instance_class);
    const engine = String(r.body.engine ?? src?.body.engine ?? 'postgres');
    const smaller = smallerOf(cls);
    if (!smaller || !hasPrice(r.region, 'rds', `${engine}:${smaller}`)) continue;
    const delta = round2(l.quantity * (l.unitPriceUsd - price(r.region, 'rds', `${engine}:${smaller}`).usd));
    saving += delta;
    parts.push(`${short(l.address)} ${cls} → ${smaller}: ${n(l.quantity)} h × (${p$(l.unitPriceUsd)} − ${p$(price(r.region, 'rds', `${engine}:${smaller}`).usd)}) = ${usd(delta)}`);
  }
  for (const l of scenario.lines.filter((x) => x.type === 'aws_elasticache_replication_group' && x.unit.startsWith('node-hour'))) {
    const r = stack.byAddress(l.address) as Resource;
    const node = String(r.body.node_type);
    const smaller = smallerOf(node);
    if (!smaller || !hasPrice(r.region, 'elasticache', smaller)) continue;
    const factor = l.unitPriceUsd / price(r.region, 'elasticache', node).usd;
    const to = price(r.region, 'elasticache', smaller).usd * factor;
    const delta = round2(l.quantity * (l.unitPriceUsd - to));
    saving += delta;
    parts.push(`${short(l.address)} ${node} → ${smaller}: ${n(l.quantity)} node-h × (${p$(l.unitPriceUsd)} − ${p$(to)}) = ${usd(delta)}`);
  }
  if (!parts.length) return undefined;
  saving = round2(saving);
  return {
    title: 'right-size the data tier (one size smaller)',
    monthlyUsd: saving,
    recommended: !production,
    detail: `the data tier is ${usd(dataTotal)} of the ${usd(scenario.totalUsd)} month (${Math.round((dataTotal / scenario.totalUsd) * 100)} %); `
      + (production
        ? 'measure first: take it only if CPU stays under ~40 % and FreeableMemory / cache memory use leave half spare at the event\'s peak (one size smaller halves the memory)'
        : 'outside production the smaller classes carry test traffic; database.instanceClass and cache.nodeType'),
    arithmetic: `${parts.join('; ')}; total ${usd(saving)}`,
  };
}

/** Spot for capacity above the on-demand floor (all of it outside production and for queue workers). */
export function spotSaving(stack: Stack, fleets: ReadonlyMap<string, Fleet>, baseline: MonthCost, scenario: MonthCost, production: boolean): Saving | undefined {
  const discount = price(stack.region, 'savings', 'spotDiscount').usd;
  const parts: string[] = [];
  let saving = 0;
  for (const f of fleets.values()) {
    if (f.spot) continue;
    const hours = (m: MonthCost) => m.lines.filter((l) => l.address === f.address && l.unit.startsWith('instance-hour')).reduce((a, l) => a + l.quantity, 0);
    const unit = price(f.region, 'ec2', f.instanceType).usd;
    const spotHours = production && !f.worker ? Math.max(0, hours(scenario) - hours(baseline)) : hours(scenario);
    if (spotHours <= 0) continue;
    const delta = round2(spotHours * unit * discount);
    saving += delta;
    parts.push(`${short(f.address)} ${n(spotHours)} h${production && !f.worker ? ' above min' : ''} × ${p$(unit)} × ${Math.round(discount * 100)} % = ${usd(delta)}`);
  }
  if (!parts.length) return undefined;
  saving = round2(saving);
  return {
    title: 'Spot for capacity above the floor',
    monthlyUsd: saving,
    recommended: saving > 0,
    detail: production
      ? 'a mixed-instances policy with the on-demand base at min and Spot above it (several instance types, capacity-rebalance on): the floor never goes away when Spot is reclaimed; queue workers can run all on Spot'
      : 'outside production the whole fleet can run on Spot (several instance types, capacity-rebalance on)',
    arithmetic: `${parts.join('; ')}; total ${usd(saving)} (Spot prices move hourly: ${Math.round(discount * 100)} % is a typical saving, not a quote)`,
  };
}

/** A REGIONAL web ACL on an internal ALB that only a CloudFront distribution with its own web ACL reaches: the same requests inspected twice. */
export function wafTwice(stack: Stack, traffic: TrafficScenario, scenario: MonthCost): Saving | undefined {
  const cdnAcl = stack.ofType('aws_cloudfront_distribution').filter((d) => d.body.web_acl_id);
  const twice: { acl: Resource; alb: Resource }[] = [];
  for (const assoc of stack.ofType('aws_wafv2_web_acl_association')) {
    const alb = refsIn(assoc.body.resource_arn).map((a) => stack.byAddress(a)).find((r) => r?.type === 'aws_lb');
    const acl = refsIn(assoc.body.web_acl_arn).map((a) => stack.byAddress(a)).find((r) => r?.type === 'aws_wafv2_web_acl');
    if (!alb || !acl || alb.body.internal !== true) continue;
    if (cdnAcl.some((d) => refsIn(d.body.origin).includes(alb.address))) twice.push({ acl, alb });
  }
  if (!twice.length) return undefined;
  let saving = 0;
  const parts: string[] = [];
  for (const { acl } of twice) {
    const lines = scenario.lines.filter((l) => l.address === acl.address);
    const aclCost = sumOf(lines);
    // Its log records land in a log group's ingestion: one record per inspected request.
    const inspected = lines.filter((l) => l.unit === 'million requests inspected').reduce((a, l) => a + l.quantity, 0) * 1e6;
    const logged = stack.ofType('aws_wafv2_web_acl_logging_configuration').some((w) => refsIn(w.body.resource_arn).includes(acl.address));
    const logGb = logged ? (inspected * (traffic.wafLogBytesPerRecord ?? 1500)) / 1024 ** 3 : 0;
    const logCost = round2(logGb * price(acl.region, 'cloudwatch', 'logsIngestGb').usd);
    saving += aclCost + logCost;
    const acl$ = lines.map((l) => `${n(l.quantity, 2)} ${l.unit.split(' (')[0]} × ${p$(l.unitPriceUsd)}`).join(' + ');
    const ingest = p$(price(acl.region, 'cloudwatch', 'logsIngestGb').usd);
    const logs = logged ? `, and its logs ${n(inspected / 1e6)} M records × ${traffic.wafLogBytesPerRecord ?? 1500} B = ${n(logGb)} GB × ${ingest} = ${usd(logCost)}` : '';
    parts.push(`${short(acl.address)}: ${acl$} = ${usd(aclCost)}${logs}`);
  }
  saving = round2(saving);
  return {
    title: 'paying twice: a regional WAF behind CloudFront\'s',
    monthlyUsd: saving,
    recommended: true,
    detail: `${twice.map((t) => short(t.alb.address)).join(', ')} is internal and reached only through CloudFront, whose CLOUDFRONT-scoped web ACL already inspects every request: `
      + 'the regional ACL inspects the same requests again; keep the rules on the CloudFront ACL (edge.waf) and drop the regional one',
    arithmetic: `${parts.join('; ')}; total ${usd(saving)}`,
  };
}

/** RDS automated backups kept for weeks while AWS Backup also keeps daily points of the same database. */
export function backupsTwice(stack: Stack, traffic: TrafficScenario, scenario: MonthCost): Saving | undefined {
  const selected = new Set(stack.ofType('aws_backup_selection').flatMap((s) => refsIn(s.body.resources)));
  const dbs = stack.ofType('aws_db_instance').filter((d) => selected.has(d.address) && Number(d.body.backup_retention_period ?? 0) > 0);
  if (!dbs.length) return undefined;
  const keep = 7;
  let saving = 0;
  const parts: string[] = [];
  for (const db of dbs) {
    const retention = Number(db.body.backup_retention_period);
    const gb = Number(db.body.allocated_storage ?? 20);
    const rdsLine = scenario.lines.find((l) => l.address === db.address && l.unit.startsWith('GB-month backup storage'));
    const unit = price(db.region, 'rds', 'backupGbMonth').usd;
    const delta = round2(gb * traffic.dbDailyChangeShare * Math.max(0, retention - keep) * unit);
    saving += delta;
    parts.push(`${short(db.address)}: RDS keeps ${retention} days (${usd(rdsLine?.monthlyUsd ?? 0)} a month) while AWS Backup keeps its own points; `
      + `RDS retention ${retention} → ${keep} days: ${gb} GB × ${Math.round(traffic.dbDailyChangeShare * 100)} % a day × ${Math.max(0, retention - keep)} days × ${p$(unit)} = ${usd(delta)}`);
  }
  const vaults = sumOf(scenario.lines.filter((l) => l.type === 'aws_backup_vault'));
  saving = round2(saving);
  return {
    title: 'paying twice: RDS automated backups and AWS Backup',
    monthlyUsd: saving,
    recommended: saving > 0,
    detail: `AWS Backup vaults cost ${usd(vaults)} a month holding points of the same database RDS already backs up: keep RDS's own backups short (point-in-time recovery for a week) and let AWS Backup keep the long and cross-region points, or turn on AWS Backup continuous backup for RDS and drop RDS's retention to the minimum`,
    arithmetic: `${parts.join('; ')}; total ${usd(saving)}`,
  };
}

/** Every extra saving that applies to the stack, in the order a request flows (edge, network, compute, data). */
export function extraSavings(stack: Stack, traffic: TrafficScenario, fleets: ReadonlyMap<string, Fleet>, baseline: MonthCost, scenario: MonthCost): Saving[] {
  const production = stack.environment === 'production';
  return [
    cloudFrontInFront(traffic, scenario),
    wafTwice(stack, traffic, scenario),
    endpointsInsteadOfNat(stack, scenario),
    spotSaving(stack, fleets, baseline, scenario, production),
    rightSizeData(stack, scenario, production),
    backupsTwice(stack, traffic, scenario),
  ].filter((s): s is Saving => s !== undefined);
}

