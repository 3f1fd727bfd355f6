/** Failure modes of a stack: what fails, what takes over, RTO/RPO for this configuration, and what is not covered. */
import { ArchitectureModel } from './model';
import { asgRows } from './auto-scaling';
import { computeSpreads } from './compute-sections';
import { StackIndex, azsOf } from './stack-index';
import { Resource, displayName } from './tfjson';
import { disasterRecoveryOf, isDrGroup } from '../tfjson';
import { objectivesOf, regionObjectives } from '../dr/objectives';

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
  // The DR region's standby groups serve nothing until a region failover (its own row below).
  const asgs = asgRows(ix).filter(({ asg }) => !isDrGroup(asg));
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
      rto: single.length
        ? `${single.join(', ')} run${single.length === 1 ? 's' : ''} one instance at minimum: an outage of about ${Math.round((detect + warm + 120) / 60)} min until the replacement is healthy`
        : `no outage for users (other instances serve); capacity back in about ${Math.round((detect + warm + 60) / 60)} min`,
      rpo: 'none: instances are stateless (state lives in the data tier)',
      notCovered: 'requests in flight on the failed instance; anything written to its local disk',
    });
  }
  // EKS node groups and Beanstalk environments spread over AZs too (compute-sections.ts).
  const spread = [...lbs, ...asgs.map((a) => a.asg)].filter((r) => azCount(r) >= 2).concat(computeSpreads(ix) ? [ix.all[0]] : []);
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
      takesOver: spread.length
        ? `ALB nodes and instances in the other ${Math.max(mainAzs - 1, 0)} AZ(s) keep serving; Auto Scaling launches replacements there${multiAzDb.length ? '; RDS fails over to the standby in another AZ' : ''}${caches.some((c) => c.config.automatic_failover_enabled === true) ? '; the cache promotes a replica in another AZ' : ''}${nats.length > 1 ? '; each AZ has its own NAT gateway' : ''}.`
        : 'nothing: the stack runs in one AZ',
      rto: spread.length
        ? `serving continues at ${Math.round(((mainAzs - 1) / Math.max(mainAzs, 1)) * 100)} % capacity at once; full capacity after replacements (~${Math.round((detect + 300) / 60)} min)${multiAzDb.length ? '; database writes pause ~1–2 min during failover' : ''}`
        : 'until the AZ recovers',
      rpo: multiAzDb.length
        ? 'none for the database (synchronous standby); cache writes not yet replicated (seconds)'
        : primaries.length
          ? 'up to the last backup / PITR point (≤ 5 min) if the database AZ is lost'
          : 'none (no stateful tier)',
      notCovered: notCovered.join('; ') || 'nothing beyond reduced capacity until replacements are healthy',
    });
  }
  for (const db of primaries) {
    const c = db.config;
    const reads = replicas.filter((r) => ix.refs(r.config.replicate_source_db).includes(db.address));
    const retention = Number(c.backup_retention_period ?? 1);
    modes.push({
      failure: `Database primary ${displayName(db)} fails`,
      takesOver:
        c.multi_az === true
          ? 'RDS fails over to the synchronous standby in another AZ and moves the writer endpoint (DNS)'
          : reads.length
            ? `nothing automatic: promote read replica ${displayName(reads[0])} (manual)`
            : retention > 0
              ? 'nothing automatic: restore from backup / point in time'
              : 'nothing',
      rto:
        c.multi_az === true
          ? '1–2 min (typical RDS Multi-AZ failover)'
          : reads.length
            ? 'minutes after someone promotes the replica and repoints the app'
            : retention > 0
              ? '30 min or more (restore to a new instance)'
              : 'not recoverable',
      rpo: c.multi_az === true ? 'none (synchronous replication)' : reads.length ? 'seconds (replica lag)' : retention > 0 ? '≤ 5 min (PITR from transaction logs)' : 'all data',
      notCovered: `${
        reads.filter((r) => r.region === db.region).length
          ? `read replicas (${reads
              .filter((r) => r.region === db.region)
              .map(displayName)
              .join(', ')}) keep serving reads; `
          : ''
      }${retention > 0 ? `backups kept ${retention} days` : 'no automated backups'}; connections drop and must reconnect`,
    });
  }
  for (const k of caches) {
    const c = k.config;
    const nodes = Number(c.num_cache_clusters ?? 1);
    modes.push({
      failure: `Cache primary ${displayName(k)} fails`,
      takesOver:
        c.automatic_failover_enabled === true && nodes > 1
          ? `ElastiCache promotes one of ${nodes - 1} replica(s)${c.multi_az_enabled ? ' in another AZ' : ''}; the primary endpoint follows`
          : 'ElastiCache replaces the node; the cache starts empty',
      rto: c.automatic_failover_enabled === true && nodes > 1 ? 'under a minute (automatic failover)' : '~10 min (node replacement), then a cold cache',
      rpo: c.automatic_failover_enabled === true && nodes > 1 ? 'writes not yet replicated (async, typically under a second)' : 'everything in the cache (rebuilt from the database)',
      notCovered: c.snapshot_retention_limit ? `daily snapshots kept ${c.snapshot_retention_limit} days` : 'no snapshots',
    });
  }
  {
    // Losing the region: the DR objectives (src/tools/dr/objectives.ts), the figures the region-failover drill prints.
    const dr = disasterRecoveryOf(ix, m.json?.output?.disaster_recovery?.value, m.regions[0]);
    const o = dr ? (m.json ? regionObjectives(m.stack, m.json) : undefined) ?? objectivesOf(ix, dr, undefined) : undefined;
    modes.push(
      o
        ? { failure: `Region ${m.regions[0]} fails`, takesOver: `${o.takesOver} (npm run drill -- ${m.stack} region-failover)`, rto: o.rto, rpo: o.rpo, notCovered: o.notCovered }
        : {
            failure: `Region ${m.regions[0]} fails`,
            takesOver: 'nothing: no copy of the data leaves the region',
            rto: 'until the region recovers',
            rpo: primaries.length ? 'all data if the region is lost for good' : 'none (no stateful tier)',
            notCovered: 'region loss',
          },
    );
  }
  return modes;
}
