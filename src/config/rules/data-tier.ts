import { parseCidr, cidrsOverlap, SUBNET_NEW_BITS } from '../../util/cidr';
import { ProfileConfig } from '../types';
import { regionProblem } from './regions';
import { withDefaults } from '../../util/defaults';
import { cacheDefaults } from '../../constructs/data/cache-props';
import { databaseDefaults } from '../../constructs/data/database-props';
import { QUEUE_DEFAULTS } from '../../constructs/data/queue-props';
import { DEFAULT_DR_CIDR } from '../../constructs/network/network-props';
import { DR_DEFAULTS, DR_STRATEGIES, hasStandbyAppTier } from '../../constructs/dr/dr-props';
import { checkDeadLetterRetention, checkFailoverNodes, checkReplicasNeedBackups } from '../../util/rules';
import { instanceTypeProblem } from './instance-types';
import { DAILY_WINDOW, ENGINE_VERSION, Problems, WINDOW } from './shared';

const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
export { DEFAULT_DR_CIDR };

/** Engine, sizes, names, backups (longer in production, needed by replicas and DR) and windows. */
export function checkDatabase(p: ProfileConfig, out: Problems): void {
  // The settings the Database construct will use: the profile's over its defaults.
  const db = p.database && withDefaults(databaseDefaults(p.database.engine), p.database);
  if (!db) return;
  out.need(ENGINE_VERSION.test(db.engineVersion), `database.engineVersion "${db.engineVersion}" must look like "16.4"`);
  if (ENGINE_VERSION.test(db.engineVersion)) {
    const [major, minor] = db.engineVersion.split('.').map(Number);
    if (db.engine === 'postgres') {
      out.need(major >= 13 && major <= 17, `database.engineVersion "${db.engineVersion}": RDS PostgreSQL majors 13-17 are supported; use e.g. "16" (a major prefix lets minor upgrades apply without drift)`);
    } else {
      out.need(major === 8 && (minor === 0 || minor === 4), `database.engineVersion "${db.engineVersion}": RDS MySQL needs "8.0" or "8.4" (optionally with a patch, e.g. "8.0.39")`);
    }
  }
  // Performance Insights is not offered on the smallest burstable classes.
  out.need(
    !db.performanceInsights || !/^db\.t\d[a-z]*\.(micro|small)$/.test(db.instanceClass),
    `database.performanceInsights is not available on ${db.instanceClass}: use db.t4g.medium or larger, or set performanceInsights to false`,
  );
  out.report(instanceTypeProblem('rds', 'database.instanceClass', db.instanceClass));
  if (db.readReplicas.instanceClass !== undefined) out.report(instanceTypeProblem('rds', 'database.readReplicas.instanceClass', db.readReplicas.instanceClass));
  out.need(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(db.databaseName), `database.databaseName "${db.databaseName}" must start with a letter and hold only letters, digits and underscores`);
  out.need(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/.test(db.masterUsername), `database.masterUsername "${db.masterUsername}" must be 1-16 letters, digits or underscores, starting with a letter`);
  out.need(!['rdsadmin', 'rdsrepladmin', 'rds_superuser'].includes(db.masterUsername.toLowerCase()), `database.masterUsername "${db.masterUsername}" is reserved by RDS: pick another`);
  out.need(db.allocatedStorageGb >= 20 && db.allocatedStorageGb <= 65536, `database.allocatedStorageGb (${db.allocatedStorageGb}) must be 20-65536 for gp3`);
  out.need(db.maxAllocatedStorageGb >= db.allocatedStorageGb, `database.maxAllocatedStorageGb (${db.maxAllocatedStorageGb}) must be >= allocatedStorageGb (${db.allocatedStorageGb})`);
  out.need(Number.isInteger(db.backupRetentionDays) && db.backupRetentionDays >= 0 && db.backupRetentionDays <= 35, `database.backupRetentionDays (${db.backupRetentionDays}) must be 0-35`);
  if (p.environment === 'production') {
    out.need(db.backupRetentionDays >= 7, `database.backupRetentionDays (${db.backupRetentionDays}) must be >= 7 in production`);
    out.need(db.multiAz, 'database.multiAz must be true in production: a single-AZ database loses writes when its AZ fails');
  }
  if (db.readReplicas.count > 0) out.report(checkReplicasNeedBackups(`database.readReplicas.count (${db.readReplicas.count})`, db.backupRetentionDays, 'database.'));
  if (p.disasterRecovery) out.report(checkReplicasNeedBackups('disasterRecovery needs a cross-region replica, which', db.backupRetentionDays, 'database.'));
  out.need(Number.isInteger(db.readReplicas.count) && db.readReplicas.count >= 0 && db.readReplicas.count <= 5, `database.readReplicas.count (${db.readReplicas.count}) must be 0-5`);
  out.need(WINDOW.test(db.maintenanceWindow), `database.maintenanceWindow "${db.maintenanceWindow}" must look like "sun:04:00-sun:05:00"`);
  out.need(DAILY_WINDOW.test(db.backupWindow), `database.backupWindow "${db.backupWindow}" must look like "02:00-03:00"`);
  out.need(MONITORING_INTERVALS.includes(db.monitoringIntervalSeconds), `database.monitoringIntervalSeconds (${db.monitoringIntervalSeconds}) must be one of ${MONITORING_INTERVALS.join(', ')}`);
}

/** The DR region replicates the database into its own VPC: a real, other region and a separate range. */
export function checkDisasterRecovery(p: ProfileConfig, out: Problems): void {
  const dr = p.disasterRecovery;
  if (!dr) return;
  out.need(!!p.database, 'disasterRecovery replicates the database: add a database section or remove disasterRecovery');
  const region = regionProblem('disasterRecovery.region', dr.region);
  if (region) out.add(region);
  out.need(dr.region !== p.region, `disasterRecovery.region must differ from region (${p.region}): DR needs another region`);
  const drCidr = dr.cidr ?? DEFAULT_DR_CIDR;
  const drVpc = parseCidr(drCidr);
  out.need(!!drVpc && drVpc.prefix >= 16 && drVpc.prefix + SUBNET_NEW_BITS <= 28, `disasterRecovery.cidr "${drCidr}" must be an aligned IPv4 CIDR from /16 to /23, e.g. "10.200.0.0/16"`);
  if (drVpc && parseCidr(p.network.cidr)) {
    out.need(!cidrsOverlap(drCidr, p.network.cidr), `disasterRecovery.cidr "${drCidr}" overlaps network.cidr "${p.network.cidr}": pick a separate range so the regions can be peered`);
  }
  checkDrStrategy(p, dr, out);
}

/** A standby app tier copies the EC2 fleets into the DR region; warm-standby's min must fit every service. */
function checkDrStrategy(p: ProfileConfig, dr: NonNullable<ProfileConfig['disasterRecovery']>, out: Problems): void {
  const strategy = dr.strategy ?? DR_DEFAULTS.strategy;
  if (!DR_STRATEGIES.includes(strategy)) {
    out.add(`disasterRecovery.strategy "${strategy}" must be one of ${DR_STRATEGIES.join(', ')}`);
    return;
  }
  if (dr.standby !== undefined && strategy !== 'warm-standby') {
    out.add(`disasterRecovery.standby applies to strategy "warm-standby" only (this is "${strategy}"): remove standby or set strategy to "warm-standby"`);
  }
  if (!hasStandbyAppTier(strategy)) return;
  out.need(
    typeof dr.region === 'string' && dr.region.length > 0,
    `disasterRecovery.strategy "${strategy}" needs disasterRecovery.region: the region its standby app tier lives in (e.g. "us-west-2")`,
  );
  // An unknown compute value is reported by the compute rules.
  out.need(
    p.compute !== 'eks' && p.compute !== 'beanstalk',
    `disasterRecovery.strategy "${strategy}" copies the EC2 Auto Scaling groups into the DR region and needs compute "ec2" (this is "${p.compute}"): use "backup-restore" here`,
  );
  if (strategy !== 'warm-standby') return;
  const min = dr.standby?.min ?? DR_DEFAULTS.standbyMin;
  if (!Number.isInteger(min) || min < 1) {
    out.add(`disasterRecovery.standby.min (${min}) must be a whole number >= 1 (use strategy "pilot-light" for groups at 0)`);
    return;
  }
  for (const s of p.services) {
    out.need(
      min <= s.capacity.max,
      `disasterRecovery.standby.min (${min}) exceeds services[${s.name}].capacity.max (${s.capacity.max}): lower standby.min or raise the service's max`,
    );
  }
}

/** Engine with IAM authentication, node count that allows failover (required in production), windows. */
export function checkCache(p: ProfileConfig, out: Problems): void {
  const c = p.cache && withDefaults(cacheDefaults(p.cache.engine), p.cache);
  if (!c) return;
  out.report(instanceTypeProblem('elasticache', 'cache.nodeType', c.nodeType));
  out.need(ENGINE_VERSION.test(c.engineVersion), `cache.engineVersion "${c.engineVersion}" must look like "7.2"`);
  if (ENGINE_VERSION.test(c.engineVersion)) {
    // Clients authenticate with IAM (no AUTH token to store): that needs Valkey 7.2+ or Redis OSS 7.0+.
    const [major, minor = 0] = c.engineVersion.split('.').map(Number);
    const iamAuth = c.engine === 'valkey' ? major > 7 || (major === 7 && minor >= 2) : major >= 7;
    out.need(iamAuth, `cache.engineVersion "${c.engineVersion}" does not support IAM authentication: use ${c.engine === 'valkey' ? '"7.2" or "8.0"' : '"7.0" or "7.1"'} or later`);
  }
  out.need(Number.isInteger(c.nodes) && c.nodes >= 1 && c.nodes <= 6, `cache.nodes (${c.nodes}) must be 1-6`);
  out.report(checkFailoverNodes(c.automaticFailover, c.nodes, 'cache.'));
  if (p.environment === 'production') out.need(c.automaticFailover, 'cache.automaticFailover must be true in production');
  out.need(c.snapshotRetentionDays >= 0 && c.snapshotRetentionDays <= 35, `cache.snapshotRetentionDays (${c.snapshotRetentionDays}) must be 0-35`);
  out.need(WINDOW.test(c.maintenanceWindow), `cache.maintenanceWindow "${c.maintenanceWindow}" must look like "sun:05:00-sun:06:00"`);
  out.need(DAILY_WINDOW.test(c.snapshotWindow), `cache.snapshotWindow "${c.snapshotWindow}" must look like "03:00-04:00"`);
}

/** Receive count, retentions (dead letters outlive originals) and a visibility timeout every worker fits in. */
export function checkQueue(p: ProfileConfig, out: Problems): void {
  const q = p.queue && withDefaults(QUEUE_DEFAULTS, p.queue);
  if (!q) return;
  out.need(Number.isInteger(q.maxReceiveCount) && q.maxReceiveCount >= 1 && q.maxReceiveCount <= 1000, `queue.maxReceiveCount (${q.maxReceiveCount}) must be 1-1000`);
  out.need(q.retentionSeconds >= 60 && q.retentionSeconds <= 1209600, `queue.retentionSeconds (${q.retentionSeconds}) must be 60-1209600`);
  out.report(checkDeadLetterRetention(q.deadLetterRetentionSeconds, q.retentionSeconds, 'queue.'));
  out.need(q.visibilityTimeoutSeconds >= 0 && q.visibilityTimeoutSeconds <= 43200, `queue.visibilityTimeoutSeconds (${q.visibilityTimeoutSeconds}) must be 0-43200`);
  p.services.forEach((s, i) => {
    if (s.kind !== 'worker' || s.processingTimeSeconds === undefined) return;
    out.need(
      q.visibilityTimeoutSeconds >= s.processingTimeSeconds,
      `queue.visibilityTimeoutSeconds (${q.visibilityTimeoutSeconds}) must be >= services[${i}] (${s.name}).processingTimeSeconds (${s.processingTimeSeconds}), or messages are delivered twice: raise the timeout`,
    );
  });
}
