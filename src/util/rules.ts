/**
 * Limits and rules both layers apply: constructs check their own invariants with them, and config
 * validation (which names the config path in front) can call the same ones, so each rule is written once.
 * Each check returns the problem as a sentence naming the field and the fix, or undefined when it holds;
 * `at` goes in front of the field names, so config names them as the user wrote them (`services[0] (web).`).
 */

/** CloudWatch Logs accepts only these retention values. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const problem = (ok: boolean, message: string): string | undefined => (ok ? undefined : message);

/** `field` holds a retention CloudWatch Logs accepts. */
export function checkLogRetention(field: string, days: number): string | undefined {
  return problem(
    (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    `${field} (${days}) is not a CloudWatch Logs retention: use one of ${LOG_RETENTION_DAYS.join(', ')}`,
  );
}

/**
 * A group's min <= desired <= max, min a whole number >= 0 (Auto Scaling groups, EKS node groups). `group` names the
 * object holding the three fields (`capacity.` for a service; '' when they sit on the group itself).
 */
export function checkCapacity(c: { readonly min: number; readonly max: number; readonly desired: number }, at = '', group = 'capacity.'): string[] {
  return [
    problem(Number.isInteger(c.min) && c.min >= 0, `${at}${group}min (${c.min}) must be a whole number >= 0`),
    problem(c.min <= c.max, `${at}${group}min (${c.min}) must be <= ${group}max (${c.max}): lower min or raise max`),
    problem(c.desired >= c.min && c.desired <= c.max, `${at}${group}desired (${c.desired}) must be within [${group}min (${c.min}), ${group}max (${c.max})]`),
  ].filter((p): p is string => p !== undefined);
}

/** The app runs unprivileged, so it listens on 1024-65535. */
export function checkAppPort(port: number, at = ''): string | undefined {
  return problem(Number.isInteger(port) && port >= 1024 && port <= 65535, `${at}appPort (${port}) must be 1024-65535 (the app runs unprivileged)`);
}

/** A warm pool holds 0 to capacity.max instances. */
export function checkWarmPool(minSize: number, max: number, at = ''): string | undefined {
  return problem(minSize >= 0 && minSize <= max, `${at}warmPool.minSize (${minSize}) must be 0-capacity.max (${max})`);
}

/** The scale-in threshold sits below the scale-out one, or the two alarms fight. */
export function checkCpuAlarmThresholds(lowPercent: number, highPercent: number, at = ''): string | undefined {
  return problem(lowPercent < highPercent, `${at}cpuAlarms.lowPercent (${lowPercent}) must be < cpuAlarms.highPercent (${highPercent})`);
}

/** ElastiCache automatic failover promotes a replica, so it needs one. */
export function checkFailoverNodes(automaticFailover: boolean, nodes: number, at = ''): string | undefined {
  return problem(!automaticFailover || nodes >= 2, `${at}automaticFailover needs at least 2 nodes (${at}nodes is ${nodes}): raise ${at}nodes`);
}

/** RDS read replicas (same- or cross-region) replicate from automated backups; `what` names what needs them. */
export function checkReplicasNeedBackups(what: string, backupRetentionDays: number, at = ''): string | undefined {
  return problem(backupRetentionDays >= 1, `${what} needs automated backups: set ${at}backupRetentionDays >= 1 (is ${backupRetentionDays})`);
}

/** Failed messages must outlive their originals in the dead-letter queue (SQS keeps at most 14 days). */
export function checkDeadLetterRetention(deadLetterRetentionSeconds: number, retentionSeconds: number, at = ''): string | undefined {
  return problem(
    deadLetterRetentionSeconds > retentionSeconds && deadLetterRetentionSeconds <= 1209600,
    `${at}deadLetterRetentionSeconds (${deadLetterRetentionSeconds}) must be longer than ${at}retentionSeconds (${retentionSeconds}) and at most 1209600, so failed messages outlive their originals`,
  );
}

/** WAF rate-based rules accept 10 to 2e9 requests per 5 minutes. */
export function checkWafRateLimit(rateLimit: number, at = ''): string | undefined {
  return problem(
    Number.isInteger(rateLimit) && rateLimit >= 10 && rateLimit <= 2000000000,
    `${at}rateLimit (${rateLimit}) must be a whole number from 10 to 2000000000 requests per 5 minutes`,
  );
}

/** AWS Backup keeps cold recovery points at least 90 days. */
export function checkColdStorageRetention(monthlyRetentionDays: number, coldStorageAfterDays: number, at = ''): string | undefined {
  return problem(
    monthlyRetentionDays >= coldStorageAfterDays + 90,
    `${at}monthlyRetentionDays (${monthlyRetentionDays}) must be >= coldStorageAfterDays (${coldStorageAfterDays}) + 90: AWS Backup keeps cold recovery points at least 90 days`,
  );
}

/** Throws `<subject>: <problems>` when any check failed (constructs refuse bad props at construction). */
export function refuse(subject: string, ...problems: (string | undefined)[]): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) throw new Error(`${subject}: ${found.join('; ')}`);
}
