/**
 * RTO and RPO of losing a stack's primary region, for its DR strategy and configuration: the one source the
 * region-failover drill, the simulator's DR scale-up and design.md's failure-modes table quote. RTO is the sum of
 * the steps users wait through (detection, the decision, then the slower of promoting the database and getting the DR
 * fleet to serve the baseline, then moving the traffic); every figure is read from the JSON, simulated, or an
 * estimate named in RECOVERY_ASSUMPTIONS with its source.
 */
import { DisasterRecoveryView, StackIndex, TfJson, disasterRecoveryOf, displayName, providerRegions, resources } from '../tfjson';
import { RegionScaleUp, simulateRegionScaleUp } from '../simulate/region-failover';

/** Estimates the RTO adds up, each with where it comes from. */
export const RECOVERY_ASSUMPTIONS = {
  decideMinutes: {
    value: 10,
    source: 'estimate: on-call confirms a regional outage (AWS Health Dashboard, the alarms) and starts this runbook; a rehearsed drill keeps it near 10 min',
  },
  promoteMinutes: {
    value: 5,
    source: 'AWS: Amazon RDS User Guide, "Promoting a read replica to be a standalone DB instance" (promotion takes a few minutes, more with a large replica lag); estimate: 5 min',
  },
  redeployMinutes: {
    value: 45,
    source: 'estimate: terraform apply of the app tier from code in the DR region (NAT gateways, ALB, certificates, launch templates, groups, image copies) under backup-restore',
  },
  detectWithoutHealthCheckMinutes: {
    value: 5,
    source: 'estimate: no Route 53 health check in the stack, so an external uptime check or users notice (CloudWatch alarms in the lost region may be down with it)',
  },
  dnsTtlMinutes: {
    value: 1,
    source: 'AWS: Route 53 Developer Guide, alias records (an alias to an ALB answers with the ALB record\'s 60 s TTL)',
  },
  cdnOriginSwitchMinutes: {
    value: 5,
    source: 'AWS: CloudFront Developer Guide, "Update a distribution" (changes deploy to every edge location within minutes); estimate: 5 min',
  },
  userDnsMinutes: {
    value: 5,
    source: 'estimate: without a Route 53 zone in the stack, you repoint your own DNS name at the DR load balancer; clients follow within its TTL (300 s assumed)',
  },
} as const;

export interface RecoveryStep {
  readonly step: string;
  readonly minutes: number;
  readonly source: string;
}

export interface RegionObjectives {
  readonly stack: string;
  readonly strategy: DisasterRecoveryView['strategy'];
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly rtoMinutes: number;
  /** The RTO sentence every document quotes verbatim. */
  readonly rto: string;
  /** The RPO sentence every document quotes verbatim. */
  readonly rpo: string;
  /** Steps in order; `parallel` ones run side by side and count once (the slower). */
  readonly steps: { readonly detect: RecoveryStep; readonly decide: RecoveryStep; readonly parallel: readonly RecoveryStep[]; readonly traffic: RecoveryStep };
  readonly takesOver: string;
  readonly notCovered: string;
  readonly scaleUp: RegionScaleUp | undefined;
  readonly dr: DisasterRecoveryView;
}

const A = RECOVERY_ASSUMPTIONS;

const memo = new WeakMap<TfJson, Map<string, RegionObjectives | undefined>>();

/** RTO/RPO from the synthesized JSON (undefined when nothing lives in a DR region); one simulation per JSON and capacity. */
export function regionObjectives(stack: string, json: TfJson, capacityPerInstance?: number): RegionObjectives | undefined {
  const key = `${stack}\0${capacityPerInstance ?? ''}`;
  const known = memo.get(json) ?? new Map<string, RegionObjectives | undefined>();
  memo.set(json, known);
  if (!known.has(key)) known.set(key, computeObjectives(stack, json, capacityPerInstance));
  return known.get(key);
}

function computeObjectives(stack: string, json: TfJson, capacityPerInstance?: number): RegionObjectives | undefined {
  const ix = new StackIndex({ stack, resources: resources(json) });
  const dr = disasterRecoveryOf(ix, json.output?.disaster_recovery?.value, providerRegions(json).get('aws'));
  if (!dr) return undefined;
  const scaleUp = simulateRegionScaleUp(stack, json, { dr, capacityPerInstance });
  return objectivesOf(ix, dr, scaleUp);
}

/** The objectives of a DR setup whose fleet scale-up was simulated (or not: Beanstalk and EKS fleets). */
export function objectivesOf(ix: StackIndex, dr: DisasterRecoveryView, scaleUp: RegionScaleUp | undefined): RegionObjectives {
  const hc = dr.dns?.healthCheck?.config;
  const detect: RecoveryStep = hc
    ? {
        step: 'Route 53 health check fails',
        minutes: Math.ceil((Number(hc.request_interval ?? 30) * Number(hc.failure_threshold ?? 3)) / 60),
        source: `the health check's request_interval ${Number(hc.request_interval ?? 30)} s x failure_threshold ${Number(hc.failure_threshold ?? 3)}`,
      }
    : { step: 'outage noticed', minutes: A.detectWithoutHealthCheckMinutes.value, source: A.detectWithoutHealthCheckMinutes.source };
  const decide: RecoveryStep = { step: 'decide to fail over', minutes: A.decideMinutes.value, source: A.decideMinutes.source };

  const parallel: RecoveryStep[] = [];
  if (dr.replica) parallel.push({ step: `promote ${displayName(dr.replica)}`, minutes: A.promoteMinutes.value, source: A.promoteMinutes.source });
  else if (dr.database && dr.backupVaults.length) {
    parallel.push({ step: 'restore the database from a backup copy', minutes: A.redeployMinutes.value, source: 'estimate: a restore from the DR vault takes as long as a redeploy of the app tier' });
  }
  const scaleMinutes = scaleUp?.baselineServedMinute ?? undefined;
  const scaleStep = (what: string): RecoveryStep =>
    scaleMinutes === undefined
      ? { step: what, minutes: 10, source: 'estimate: 10 min (the simulator models EC2 Auto Scaling groups only)' }
      : {
          step: what,
          minutes: scaleMinutes,
          source: `simulated: ${scaleUp!.baselineRps} req/s served in full from minute ${scaleMinutes} (npm run drill -- ${dr.stack} region-failover)`,
        };
  if (dr.strategy === 'backup-restore') {
    const s = scaleStep('the redeployed fleet launches from 0');
    const minutes = A.redeployMinutes.value + s.minutes;
    parallel.push({ step: `deploy the app tier from code, then ${s.step}`, minutes, source: `${A.redeployMinutes.source}; then ${s.source}` });
  } else {
    parallel.push(scaleStep(dr.strategy === 'pilot-light' ? 'scale the DR groups up from 0' : 'scale the DR groups up from their standby min'));
  }

  const cdnFrontsAlb = ix.of('aws_cloudfront_distribution').some((d) => ix.refs(d.config.origin).some((a) => a.startsWith('aws_lb.')));
  const traffic: RecoveryStep =
    dr.dns?.secondaryTarget === 'dr-alb'
      ? { step: 'Route 53 answers with the DR load balancer (automatic failover)', minutes: A.dnsTtlMinutes.value, source: A.dnsTtlMinutes.source }
      : cdnFrontsAlb
        ? { step: 'point CloudFront\'s origin at the DR load balancer', minutes: A.cdnOriginSwitchMinutes.value, source: A.cdnOriginSwitchMinutes.source }
        : dr.dns
          ? { step: 'point the Route 53 record at the DR load balancer', minutes: A.dnsTtlMinutes.value, source: A.dnsTtlMinutes.source }
          : { step: 'repoint your DNS name at the DR load balancer', minutes: A.userDnsMinutes.value, source: A.userDnsMinutes.source };

  const slowest = Math.max(...parallel.map((p) => p.minutes));
  const rtoMinutes = detect.minutes + decide.minutes + slowest + traffic.minutes;
  const side = parallel.map((p) => `${p.step} ${p.minutes}`).join(', ');
  const rto = `about ${rtoMinutes} min (${dr.strategy}: detect ${detect.minutes} + decide ${decide.minutes} + max(${side}) + traffic ${traffic.minutes})`;

  const rpoParts: string[] = [];
  if (dr.replica) rpoParts.push('database: seconds (the lag of the cross-region replica at promotion; watch ReplicaLag)');
  else if (dr.database && dr.backupVaults.length) rpoParts.push('database: up to 24 h (daily backup copies in the DR vault)');
  else if (dr.database) rpoParts.push('database: everything since the region was lost (no copy leaves it)');
  const replicatedSources = new Set(dr.replicatedBuckets.map((b) => b.source?.address).filter(Boolean));
  if (dr.replicatedBuckets.length) {
    rpoParts.push(
      `objects: ${dr.replicatedBuckets.every((b) => b.replicationTime) ? 'up to 15 min (S3 Replication Time Control)' : 'seconds to minutes (asynchronous S3 replication)'} for ${dr.replicatedBuckets.map((b) => (b.source ? displayName(b.source) : b.configuration.name)).join(', ')}`,
    );
  }
  const unreplicated = ix.of('aws_s3_bucket').filter((b) => b.provider === 'aws' && !replicatedSources.has(b.address) && /static|media|bundle|asset/i.test(displayName(b)));
  if (unreplicated.length) rpoParts.push(`objects in ${unreplicated.map(displayName).join(', ')}: unavailable until the region returns (not replicated)`);
  if (dr.primaryQueues.length) rpoParts.push(`messages queued in ${dr.primaryRegion}: stranded until it returns`);
  if (dr.caches.length) rpoParts.push('cache: rebuilt empty');
  const rpo = rpoParts.join('; ') || 'none (no stateful tier)';

  const standby = dr.fleets.filter((f) => f.dr);
  const takesOver =
    dr.strategy === 'backup-restore'
      ? `nothing runs in ${dr.drRegion}: promote ${dr.replica ? displayName(dr.replica) : 'the database copy'} (manual), deploy the app tier there from code, then move the traffic`
      : `${dr.strategy} in ${dr.drRegion}: promote ${dr.replica ? displayName(dr.replica) : 'the database copy'} (manual), scale ${standby.map((f) => `${f.dr!.name} (${f.dr!.desired} -> ${f.primary?.desired ?? f.dr!.max})`).join(', ')}, then ${traffic.step.replace(/^./, (c) => c.toLowerCase())}`;
  const notCovered = [
    dr.caches.length ? `the cache is rebuilt in ${dr.drRegion}, not replicated` : '',
    dr.primaryQueues.length ? `messages queued in ${dr.primaryRegion}` : '',
    dr.strategy === 'backup-restore' ? `compute, load balancer and queues are not pre-provisioned in ${dr.drRegion}` : '',
    !dr.dns ? 'no Route 53 zone in the stack: the DNS switch is yours' : '',
  ].filter(Boolean).join('; ') || 'nothing beyond the RPO';
  const { stack, strategy, primaryRegion, drRegion } = dr;
  return { stack, strategy, primaryRegion, drRegion, rtoMinutes, rto, rpo, steps: { detect, decide, parallel, traffic }, takesOver, notCovered, scaleUp, dr };
}
