import { cidrContains, cidrsOverlap, parseCidr, planSubnets, SUBNET_NEW_BITS } from '../util/cidr';
import { ProfileConfig, ServiceConfig } from './types';

/** Thrown at synth time for bad config; lists every problem, each naming the field and the fix. */
export class ConfigError extends Error {
  constructor(
    readonly profile: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid Stormproof profile "${profile}":\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** CloudWatch Logs accepts only these retention values. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const NAME = /^[a-z][a-z0-9-]{0,19}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|metal|\d*xlarge|metal-\d+xl)$/;
const DB_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.(micro|small|medium|large|\d*xlarge)$/;
const CACHE_NODE_TYPE = /^cache\.[a-z][a-z0-9-]*\.(micro|small|medium|large|\d*xlarge)$/;
const ENGINE_VERSION = /^\d+(\.\d+){0,2}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const AMI = /^ami-[0-9a-f]{8,17}$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;
const WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/;
const DAILY_WINDOW = /^\d{2}:\d{2}-\d{2}:\d{2}$/;
const EMAIL = /^[^@\s]+@([a-z0-9-]+\.)+[a-z]{2,}$/i;
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
/** VPC range of the DR region when disasterRecovery.cidr is not set. */
export const DEFAULT_DR_CIDR = '10.200.0.0/16';

/** Validates a profile; throws ConfigError naming every bad field and how to fix it. */
export function validateProfile(p: ProfileConfig): ProfileConfig {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const retention = (field: string, days: number) =>
    need(
      (LOG_RETENTION_DAYS as readonly number[]).includes(days),
      `${field} (${days}) is not a CloudWatch Logs retention: use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );

  need(NAME.test(p.name), `name "${p.name}" must be 1-20 lowercase letters, digits or dashes, starting with a letter`);
  need(NAME.test(p.project), `project "${p.project}" must be 1-20 lowercase letters, digits or dashes, starting with a letter`);
  need(REGION.test(p.region), `region "${p.region}" is not an AWS region name: use e.g. "eu-west-1"`);
  retention('logRetentionDays', p.logRetentionDays);

  // Network
  const n = p.network;
  const vpc = parseCidr(n.cidr);
  need(!!vpc, `network.cidr "${n.cidr}" is not a valid IPv4 CIDR: use an aligned range such as "10.0.0.0/16"`);
  if (vpc) {
    need(
      vpc.prefix >= 16 && vpc.prefix <= 28,
      `network.cidr "${n.cidr}" has prefix /${vpc.prefix}: AWS VPCs must be between /16 and /28`,
    );
  }
  need(
    Number.isInteger(n.azCount) && n.azCount >= 2 && n.azCount <= 6,
    `network.azCount (${n.azCount}) must be a whole number from 2 to 6: high availability needs at least 2 AZs`,
  );
  retention('network.flowLogRetentionDays', n.flowLogRetentionDays);
  if (vpc && n.azCount >= 2 && n.azCount <= 6) {
    if (n.subnetCidrs) {
      const tiers = Object.entries(n.subnetCidrs) as [string, readonly string[]][];
      const all: { field: string; cidr: string }[] = [];
      for (const [tier, list] of tiers) {
        need(
          list.length === n.azCount,
          `network.subnetCidrs.${tier} has ${list.length} CIDRs: give exactly one per AZ (${n.azCount})`,
        );
        list.forEach((c, i) => {
          const field = `network.subnetCidrs.${tier}[${i}]`;
          const parsed = parseCidr(c);
          if (!parsed) {
            problems.push(`${field} "${c}" is not a valid IPv4 CIDR`);
            return;
          }
          need(parsed.prefix <= 28, `${field} "${c}" is smaller than /28, the smallest AWS subnet: widen it`);
          need(cidrContains(n.cidr, c), `${field} "${c}" does not fit in network.cidr "${n.cidr}": pick a range inside it`);
          all.push({ field, cidr: c });
        });
      }
      all.forEach((a, i) =>
        all.slice(i + 1).forEach((b) =>
          need(!cidrsOverlap(a.cidr, b.cidr), `${a.field} "${a.cidr}" overlaps ${b.field} "${b.cidr}": give each subnet its own range`),
        ),
      );
    } else {
      need(
        vpc.prefix + SUBNET_NEW_BITS <= 28,
        `network.cidr "${n.cidr}" is too small to carve 3 tiers x ${n.azCount} AZs of at least /28: use /23 or larger, or set network.subnetCidrs`,
      );
    }
  }

  // Load balancer
  const lb = p.loadBalancer;
  if (lb.certificateArn !== undefined) {
    need(ACM_ARN.test(lb.certificateArn), `loadBalancer.certificateArn "${lb.certificateArn}" is not an ACM certificate ARN: use arn:aws:acm:<region>:<account>:certificate/<id>`);
  }
  need(
    lb.deregistrationDelaySeconds >= 0 && lb.deregistrationDelaySeconds <= 3600,
    `loadBalancer.deregistrationDelaySeconds (${lb.deregistrationDelaySeconds}) must be 0-3600`,
  );
  need(lb.idleTimeoutSeconds >= 1 && lb.idleTimeoutSeconds <= 4000, `loadBalancer.idleTimeoutSeconds (${lb.idleTimeoutSeconds}) must be 1-4000`);

  // Services
  const web = p.services.filter((s) => s.kind === 'web');
  need(web.length > 0, 'services must include at least one service with kind "web" to serve the site');
  const names = new Set<string>();
  p.services.forEach((s, i) => {
    const f = `services[${i}] (${s.name})`;
    need(!names.has(s.name), `${f}.name "${s.name}" is used twice: give every service its own name`);
    names.add(s.name);
    validateService(s, f, problems, p);
  });
  const defaults = web.filter((s) => (s.pathPatterns ?? ['/*']).includes('/*'));
  if (web.length > 0) {
    need(
      defaults.length === 1,
      `exactly one web service must route "/*" (the default action); found ${defaults.length}: set pathPatterns so one service has "/*"`,
    );
  }
  if (p.services.some((s) => s.kind === 'worker')) {
    need(!!p.queue, 'a worker service needs a queue: add a queue section or remove the worker');
  }

  // Data tier
  const db = p.database;
  if (db) {
    need(ENGINE_VERSION.test(db.engineVersion), `database.engineVersion "${db.engineVersion}" must look like "16.4"`);
    if (ENGINE_VERSION.test(db.engineVersion)) {
      const [major, minor] = db.engineVersion.split('.').map(Number);
      if (db.engine === 'postgres') {
        need(major >= 13 && major <= 17, `database.engineVersion "${db.engineVersion}": RDS PostgreSQL majors 13-17 are supported; use e.g. "16" (a major prefix lets minor upgrades apply without drift)`);
      } else {
        need(major === 8 && (minor === 0 || minor === 4), `database.engineVersion "${db.engineVersion}": RDS MySQL needs "8.0" or "8.4" (optionally with a patch, e.g. "8.0.39")`);
      }
    }
    // Performance Insights is not offered on the smallest burstable classes.
    need(
      !db.performanceInsights || !/^db\.t\d[a-z]*\.(micro|small)$/.test(db.instanceClass),
      `database.performanceInsights is not available on ${db.instanceClass}: use db.t4g.medium or larger, or set performanceInsights to false`,
    );
    need(DB_INSTANCE_CLASS.test(db.instanceClass), `database.instanceClass "${db.instanceClass}" must look like "db.t4g.medium"`);
    if (db.readReplicas.instanceClass !== undefined) {
      need(DB_INSTANCE_CLASS.test(db.readReplicas.instanceClass), `database.readReplicas.instanceClass "${db.readReplicas.instanceClass}" must look like "db.t4g.medium"`);
    }
    need(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(db.databaseName), `database.databaseName "${db.databaseName}" must start with a letter and hold only letters, digits and underscores`);
    need(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/.test(db.masterUsername), `database.masterUsername "${db.masterUsername}" must be 1-16 letters, digits or underscores, starting with a letter`);
    need(!['rdsadmin', 'rdsrepladmin', 'rds_superuser'].includes(db.masterUsername.toLowerCase()), `database.masterUsername "${db.masterUsername}" is reserved by RDS: pick another`);
    need(db.allocatedStorageGb >= 20 && db.allocatedStorageGb <= 65536, `database.allocatedStorageGb (${db.allocatedStorageGb}) must be 20-65536 for gp3`);
    need(db.maxAllocatedStorageGb >= db.allocatedStorageGb, `database.maxAllocatedStorageGb (${db.maxAllocatedStorageGb}) must be >= allocatedStorageGb (${db.allocatedStorageGb})`);
    need(
      Number.isInteger(db.backupRetentionDays) && db.backupRetentionDays >= 0 && db.backupRetentionDays <= 35,
      `database.backupRetentionDays (${db.backupRetentionDays}) must be 0-35`,
    );
    if (p.environment === 'production') {
      need(db.backupRetentionDays >= 7, `database.backupRetentionDays (${db.backupRetentionDays}) must be >= 7 in production`);
      need(db.multiAz, 'database.multiAz must be true in production: a single-AZ database loses writes when its AZ fails');
    }
    need(
      db.readReplicas.count === 0 || db.backupRetentionDays >= 1,
      `database.readReplicas.count (${db.readReplicas.count}) needs automated backups: set database.backupRetentionDays >= 1`,
    );
    need(
      !p.disasterRecovery || db.backupRetentionDays >= 1,
      'disasterRecovery needs a cross-region replica, which needs automated backups: set database.backupRetentionDays >= 1',
    );
    need(
      Number.isInteger(db.readReplicas.count) && db.readReplicas.count >= 0 && db.readReplicas.count <= 5,
      `database.readReplicas.count (${db.readReplicas.count}) must be 0-5`,
    );
    need(WINDOW.test(db.maintenanceWindow), `database.maintenanceWindow "${db.maintenanceWindow}" must look like "sun:04:00-sun:05:00"`);
    need(DAILY_WINDOW.test(db.backupWindow), `database.backupWindow "${db.backupWindow}" must look like "02:00-03:00"`);
    need(MONITORING_INTERVALS.includes(db.monitoringIntervalSeconds), `database.monitoringIntervalSeconds (${db.monitoringIntervalSeconds}) must be one of ${MONITORING_INTERVALS.join(', ')}`);
  } else if (p.disasterRecovery) {
    problems.push('disasterRecovery replicates the database: add a database section or remove disasterRecovery');
  }
  if (p.disasterRecovery) {
    need(REGION.test(p.disasterRecovery.region), `disasterRecovery.region "${p.disasterRecovery.region}" is not an AWS region name`);
    need(p.disasterRecovery.region !== p.region, `disasterRecovery.region must differ from region (${p.region}): DR needs another region`);
    const drCidr = p.disasterRecovery.cidr ?? DEFAULT_DR_CIDR;
    const drVpc = parseCidr(drCidr);
    need(!!drVpc && drVpc.prefix >= 16 && drVpc.prefix + SUBNET_NEW_BITS <= 28, `disasterRecovery.cidr "${drCidr}" must be an aligned IPv4 CIDR from /16 to /23, e.g. "10.200.0.0/16"`);
    if (drVpc && vpc) {
      need(!cidrsOverlap(drCidr, n.cidr), `disasterRecovery.cidr "${drCidr}" overlaps network.cidr "${n.cidr}": pick a separate range so the regions can be peered`);
    }
  }

  const c = p.cache;
  if (c) {
    need(CACHE_NODE_TYPE.test(c.nodeType), `cache.nodeType "${c.nodeType}" must look like "cache.t4g.small"`);
    need(ENGINE_VERSION.test(c.engineVersion), `cache.engineVersion "${c.engineVersion}" must look like "7.2"`);
    if (ENGINE_VERSION.test(c.engineVersion)) {
      // Clients authenticate with IAM (no AUTH token to store): that needs Valkey 7.2+ or Redis OSS 7.0+.
      const [major, minor = 0] = c.engineVersion.split('.').map(Number);
      const iamAuth = c.engine === 'valkey' ? major > 7 || (major === 7 && minor >= 2) : major >= 7;
      need(iamAuth, `cache.engineVersion "${c.engineVersion}" does not support IAM authentication: use ${c.engine === 'valkey' ? '"7.2" or "8.0"' : '"7.0" or "7.1"'} or later`);
    }
    need(Number.isInteger(c.nodes) && c.nodes >= 1 && c.nodes <= 6, `cache.nodes (${c.nodes}) must be 1-6`);
    need(!c.automaticFailover || c.nodes >= 2, `cache.automaticFailover needs at least 2 nodes (cache.nodes is ${c.nodes}): raise cache.nodes`);
    if (p.environment === 'production') {
      need(c.automaticFailover, 'cache.automaticFailover must be true in production');
    }
    need(c.snapshotRetentionDays >= 0 && c.snapshotRetentionDays <= 35, `cache.snapshotRetentionDays (${c.snapshotRetentionDays}) must be 0-35`);
    need(WINDOW.test(c.maintenanceWindow), `cache.maintenanceWindow "${c.maintenanceWindow}" must look like "sun:05:00-sun:06:00"`);
    need(DAILY_WINDOW.test(c.snapshotWindow), `cache.snapshotWindow "${c.snapshotWindow}" must look like "03:00-04:00"`);
  }

  const q = p.queue;
  if (q) {
    need(Number.isInteger(q.maxReceiveCount) && q.maxReceiveCount >= 1 && q.maxReceiveCount <= 1000, `queue.maxReceiveCount (${q.maxReceiveCount}) must be 1-1000`);
    need(q.retentionSeconds >= 60 && q.retentionSeconds <= 1209600, `queue.retentionSeconds (${q.retentionSeconds}) must be 60-1209600`);
    need(
      q.deadLetterRetentionSeconds > q.retentionSeconds && q.deadLetterRetentionSeconds <= 1209600,
      `queue.deadLetterRetentionSeconds (${q.deadLetterRetentionSeconds}) must be longer than queue.retentionSeconds (${q.retentionSeconds}) and at most 1209600, so failed messages outlive their originals`,
    );
    need(q.visibilityTimeoutSeconds >= 0 && q.visibilityTimeoutSeconds <= 43200, `queue.visibilityTimeoutSeconds (${q.visibilityTimeoutSeconds}) must be 0-43200`);
    p.services.forEach((s, i) => {
      if (s.kind === 'worker' && s.processingTimeSeconds !== undefined) {
        need(
          q.visibilityTimeoutSeconds >= s.processingTimeSeconds,
          `queue.visibilityTimeoutSeconds (${q.visibilityTimeoutSeconds}) must be >= services[${i}] (${s.name}).processingTimeSeconds (${s.processingTimeSeconds}), or messages are delivered twice: raise the timeout`,
        );
      }
    });
  }

  if (p.cdn) {
    need(Number.isInteger(p.cdn.glacierTransitionDays) && p.cdn.glacierTransitionDays >= 1, `cdn.glacierTransitionDays (${p.cdn.glacierTransitionDays}) must be a whole number >= 1`);
    need(Number.isInteger(p.cdn.noncurrentExpirationDays) && p.cdn.noncurrentExpirationDays >= 1, `cdn.noncurrentExpirationDays (${p.cdn.noncurrentExpirationDays}) must be a whole number >= 1`);
    // The longest edge bucket prefix is `<project>-<environment>-edge-logs-`; S3 allows 37 characters.
    const prefix = `${p.project}-${p.environment}-edge-logs-`;
    need(prefix.length <= 37, `project "${p.project}" is too long for the CDN's S3 bucket prefix "${prefix}" (${prefix.length} > 37 characters): shorten project to at most ${37 - (prefix.length - p.project.length)} characters`);
    need(
      !(p.cdn.albOrigin && lb.certificateArn !== undefined) || !!p.dns,
      'cdn.albOrigin with loadBalancer.certificateArn makes CloudFront connect over HTTPS to origin.<dns.domainName>, a name the certificate covers: add a dns section (or remove certificateArn to keep CloudFront -> ALB on HTTP)',
    );
  }
  if (p.waf) {
    need(Number.isInteger(p.waf.rateLimit) && p.waf.rateLimit >= 10 && p.waf.rateLimit <= 2000000000, `waf.rateLimit (${p.waf.rateLimit}) must be a whole number from 10 to 2000000000 requests per 5 minutes`);
    retention('waf.logRetentionDays', p.waf.logRetentionDays);
  }
  if (p.dns) {
    need(DOMAIN.test(p.dns.domainName), `dns.domainName "${p.dns.domainName}" is not a domain name: use e.g. "shop.example.com"`);
    need(/^Z[A-Z0-9]{1,31}$/.test(p.dns.hostedZoneId), `dns.hostedZoneId "${p.dns.hostedZoneId}" is not a Route 53 zone id: use e.g. "Z0123456789ABCDEFGHIJ"`);
    need(!!p.cdn || p.dns.failover === 'none', 'dns.failover "maintenance-page" serves the page from the CDN: add a cdn section or set dns.failover to "none"');
  }

  const ops = p.operations;
  if (ops) {
    ops.alertEmails.forEach((email, i) =>
      need(EMAIL.test(email), `operations.alertEmails[${i}] "${email}" is not an e-mail address: use e.g. "oncall@example.com"`),
    );
    need(ops.monthlyBudgetUsd > 0, `operations.monthlyBudgetUsd (${ops.monthlyBudgetUsd}) must be > 0: set what this profile may spend per month`);
    const bk = ops.backup;
    if (bk) {
      need(!!p.database, 'operations.backup backs up the database: add a database section or remove operations.backup');
      need(Number.isInteger(bk.dailyRetentionDays) && bk.dailyRetentionDays >= 1, `operations.backup.dailyRetentionDays (${bk.dailyRetentionDays}) must be a whole number >= 1`);
      need(
        bk.monthlyRetentionDays >= bk.coldStorageAfterDays + 90,
        `operations.backup.monthlyRetentionDays (${bk.monthlyRetentionDays}) must be >= coldStorageAfterDays (${bk.coldStorageAfterDays}) + 90: AWS Backup keeps cold recovery points at least 90 days`,
      );
      need(Number.isInteger(bk.coldStorageAfterDays) && bk.coldStorageAfterDays >= 1, `operations.backup.coldStorageAfterDays (${bk.coldStorageAfterDays}) must be a whole number >= 1`);
    }
  }

  const b = p.backend;
  if (b.type === 's3') {
    need(!!b.bucket && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b.bucket), `backend.bucket "${b.bucket ?? ''}" must be an S3 bucket name when backend.type is "s3"`);
    need(!!b.region && REGION.test(b.region), `backend.region "${b.region ?? ''}" must be an AWS region when backend.type is "s3"`);
  }

  if (problems.length > 0) throw new ConfigError(p.name, problems);
  return p;
}

function validateService(s: ServiceConfig, f: string, problems: string[], p: ProfileConfig): void {
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(NAME.test(s.name), `${f}.name "${s.name}" must be lowercase letters, digits or dashes, starting with a letter`);
  need(INSTANCE_TYPE.test(s.instanceType), `${f}.instanceType "${s.instanceType}" is not an EC2 instance type: use family.size, e.g. "t3.small"`);
  if (s.amiId !== undefined) need(AMI.test(s.amiId), `${f}.amiId "${s.amiId}" must look like "ami-0123456789abcdef0"`);
  need(Number.isInteger(s.appPort) && s.appPort >= 1024 && s.appPort <= 65535, `${f}.appPort (${s.appPort}) must be 1024-65535 (the app runs unprivileged)`);
  need(s.healthCheckPath.startsWith('/'), `${f}.healthCheckPath "${s.healthCheckPath}" must start with '/': use e.g. "/health"`);
  const { min, max, desired } = s.capacity;
  need(Number.isInteger(min) && min >= 0, `${f}.capacity.min (${min}) must be a whole number >= 0`);
  need(min <= max, `${f}.capacity.min (${min}) must be <= capacity.max (${max}): lower min or raise max`);
  need(desired >= min && desired <= max, `${f}.capacity.desired (${desired}) must be within [capacity.min (${min}), capacity.max (${max})]`);
  need(max >= 1 && max <= 1000, `${f}.capacity.max (${max}) must be 1-1000`);
  if (p.environment === 'production' && s.kind === 'web') {
    need(min >= 2, `${f}.capacity.min (${min}) must be >= 2 in production so an instance or AZ loss keeps serving`);
  }
  need(s.cpuTargetPercent > 0 && s.cpuTargetPercent <= 100, `${f}.cpuTargetPercent (${s.cpuTargetPercent}) must be 1-100`);
  need(s.minHealthyPercentage >= 0 && s.minHealthyPercentage <= 100, `${f}.minHealthyPercentage (${s.minHealthyPercentage}) must be 0-100`);
  need(s.rootVolumeGb >= 8 && s.rootVolumeGb <= 16384, `${f}.rootVolumeGb (${s.rootVolumeGb}) must be 8-16384`);
  need(s.healthCheckGraceSeconds >= 0, `${f}.healthCheckGraceSeconds must be >= 0`);
  need(s.warmupSeconds >= 0, `${f}.warmupSeconds must be >= 0`);
  if (s.kind === 'web') {
    (s.pathPatterns ?? ['/*']).forEach((pp, j) =>
      need(pp.startsWith('/'), `${f}.pathPatterns[${j}] "${pp}" must start with '/'`),
    );
    if (s.requestsPerTarget !== undefined) need(s.requestsPerTarget > 0, `${f}.requestsPerTarget must be > 0`);
    need(s.backlogPerInstance === undefined && s.processingTimeSeconds === undefined, `${f}: backlogPerInstance and processingTimeSeconds are for worker services; remove them or set kind "worker"`);
  } else {
    need(s.pathPatterns === undefined && s.requestsPerTarget === undefined, `${f}: pathPatterns and requestsPerTarget are for web services; a worker has no target group`);
    need((s.backlogPerInstance ?? 0) > 0, `${f}.backlogPerInstance must be > 0 for a worker (messages one instance can fall behind by)`);
    need((s.processingTimeSeconds ?? 0) > 0, `${f}.processingTimeSeconds must be > 0 for a worker`);
  }
  if (s.warmPool) {
    need(s.warmPool.minSize >= 0 && s.warmPool.minSize <= max, `${f}.warmPool.minSize (${s.warmPool.minSize}) must be 0-capacity.max (${max})`);
  }
  if (s.cpuAlarms) {
    const a = s.cpuAlarms;
    need(a.lowPercent < a.highPercent, `${f}.cpuAlarms.lowPercent (${a.lowPercent}) must be < cpuAlarms.highPercent (${a.highPercent})`);
    need(a.highPercent <= 100 && a.lowPercent >= 0, `${f}.cpuAlarms thresholds must be 0-100`);
    need(a.periodSeconds >= 60 && a.periodSeconds % 60 === 0, `${f}.cpuAlarms.periodSeconds (${a.periodSeconds}) must be a multiple of 60`);
    need(a.evaluationPeriods >= 1, `${f}.cpuAlarms.evaluationPeriods must be >= 1`);
  }
  (s.schedules ?? []).forEach((sch, j) => {
    const sf = `${f}.schedules[${j}]`;
    need(/^[a-z0-9-]+$/.test(sch.name), `${sf}.name "${sch.name}" must be lowercase letters, digits or dashes`);
    need(sch.recurrence.trim().split(/\s+/).length === 5, `${sf}.recurrence "${sch.recurrence}" must be a 5-field cron expression, e.g. "30 19 * * 5"`);
    need(sch.min !== undefined || sch.max !== undefined || sch.desired !== undefined, `${sf} must set at least one of min, max, desired`);
    const smin = sch.min ?? min;
    const smax = sch.max ?? max;
    need(smin <= smax, `${sf}.min (${smin}) must be <= max (${smax})`);
    if (sch.desired !== undefined) need(sch.desired >= smin && sch.desired <= smax, `${sf}.desired (${sch.desired}) must be within [${smin}, ${smax}]`);
  });
}

/** The subnets a profile's network gets: explicit ones when given, else carved from the VPC CIDR. */
export function subnetsFor(p: ProfileConfig) {
  const n = p.network;
  return n.subnetCidrs
    ? { public: [...n.subnetCidrs.public], app: [...n.subnetCidrs.app], data: [...n.subnetCidrs.data] }
    : planSubnets(n.cidr, n.azCount);
}
