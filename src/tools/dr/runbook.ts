/**
 * The region-failover runbook of one stack (`npm run drill -- <stack> region-failover`): ordered steps with the exact
 * commands for its DR setup (promote the replica with backups on, re-point the secret and parameters, scale the DR
 * groups, move the traffic), what to watch, the expected RTO/RPO (objectives.ts, the figures design.md quotes) with the
 * simulator's scale-up, and the way back. Read from the synthesized JSON only.
 */
import { DisasterRecoveryView, Resource, TfJson, displayName, literal } from '../tfjson';
import { scaleUpLines } from '../simulate/region-failover';
import { RegionObjectives, regionObjectives } from './objectives';

export interface RunbookStep {
  readonly title: string;
  readonly commands: readonly string[];
  readonly notes: readonly string[];
}

export interface RegionFailoverPlan {
  readonly stack: string;
  readonly objectives: RegionObjectives;
  readonly steps: readonly RunbookStep[];
  readonly watch: readonly string[];
  readonly expected: readonly string[];
  readonly failback: readonly RunbookStep[];
}

const name = (r: Resource | undefined, fallback: string) => (r ? literal(displayName(r)) ?? fallback : fallback);

/** A value of the `disaster_recovery` output, read with terraform at run time. */
const drOutput = (stack: string, path: string) =>
  `$(terraform -chdir=cdktf.out/stacks/${stack} output -json disaster_recovery | python3 -c 'import json,sys; print(json.load(sys.stdin)${path})')`;

/** The region-failover plan, or a clear error for a stack with nothing in a DR region. */
export function planRegionFailover(stack: string, json: TfJson, capacityPerInstance?: number): RegionFailoverPlan {
  const o = regionObjectives(stack, json, capacityPerInstance);
  if (!o) {
    throw new Error(
      `stack "${stack}" has no disaster recovery: nothing of it lives in a second region, so losing ${json.provider?.aws?.[0]?.region ?? 'its region'} means rebuilding from code and whatever backups you keep elsewhere. ` +
        'Add disasterRecovery: { region: "<another region>", strategy: "pilot-light" } to its config (it needs a database), synthesize, deploy, then run this drill again',
    );
  }
  const dr = o.dr;
  const R = dr.drRegion;
  const hasOutput = json.output?.disaster_recovery !== undefined;
  const replica = name(dr.replica, '<dr-replica>');
  const primaryDb = dr.database?.config ?? {};
  const steps: RunbookStep[] = [];

  steps.push({
    title: `Confirm the outage of ${dr.primaryRegion} and declare the failover (RTO clock: detect ${o.steps.detect.minutes} + decide ${o.steps.decide.minutes} min)`,
    commands: [
      `aws health describe-events --region us-east-1 --filter "regions=${dr.primaryRegion},eventStatusCodes=open"`,
      ...(dr.replica
        ? [
            `aws cloudwatch get-metric-statistics --region ${R} --namespace AWS/RDS --metric-name ReplicaLag --dimensions Name=DBInstanceIdentifier,Value=${replica} --start-time "$(date -u -d '-15 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" --period 60 --statistics Maximum`,
          ]
        : []),
    ],
    notes: [
      'the Health API needs a Business or Enterprise support plan; otherwise read the AWS Health Dashboard',
      ...(dr.replica ? ['the replica lag at the moment you promote is the data you lose (the RPO): write it down'] : []),
      'freeze releases to the primary region (its pipeline would deploy into a region that is down)',
    ],
  });

  if (dr.replica) {
    const retention = primaryDb.backup_retention_period ?? 7;
    const window = primaryDb.backup_window ? ` --preferred-backup-window ${primaryDb.backup_window}` : '';
    steps.push({
      title: `Promote the cross-region replica ${replica} to the writer, with automated backups on (about ${o.steps.parallel[0]?.minutes ?? 5} min)`,
      commands: [
        `aws rds promote-read-replica --region ${R} --db-instance-identifier ${replica} --backup-retention-period ${retention}${window}`,
        `aws rds wait db-instance-available --region ${R} --db-instance-identifier ${replica}`,
        `aws rds describe-db-instances --region ${R} --db-instance-identifier ${replica} --query 'DBInstances[0].[DBInstanceStatus,BackupRetentionPeriod,ReadReplicaSourceDBInstanceIdentifier]'`,
        ...(primaryDb.multi_az === true ? [`aws rds modify-db-instance --region ${R} --db-instance-identifier ${replica} --multi-az --apply-immediately`] : []),
        ...(primaryDb.manage_master_user_password === true ? [`aws rds modify-db-instance --region ${R} --db-instance-identifier ${replica} --manage-master-user-password --apply-immediately`] : []),
      ],
      notes: [
        `a replica keeps no backups of its own: the retention (${retention} days, the primary's) gives the new writer point-in-time recovery from its first hour`,
        'the last command must show BackupRetentionPeriod set and no ReadReplicaSourceDBInstanceIdentifier (it is standalone now)',
        ...(primaryDb.multi_az === true ? ['the primary was Multi-AZ: the promoted writer becomes Multi-AZ too (a standby in another AZ of the DR region)'] : []),
        ...(primaryDb.manage_master_user_password === true
          ? ['a promoted replica has no RDS-managed secret of its own: the last command creates one in this region (the credentials are the primary\'s)']
          : []),
      ],
    });
  } else if (dr.database) {
    steps.push({
      title: `Restore the database from the latest recovery point copied to ${R}`,
      commands: [
        `aws backup list-recovery-points-by-backup-vault --region ${R} --backup-vault-name ${name(dr.backupVaults[0], '<dr-vault>')} --query 'sort_by(RecoveryPoints,&CreationDate)[-1].RecoveryPointArn'`,
        `aws backup start-restore-job --region ${R} --recovery-point-arn <arn from above> --iam-role-arn <backup role> --metadata file://restore-metadata.json`,
      ],
      notes: ['RPO: up to the age of that recovery point (daily copies)'],
    });
  }

  const param = (suffix: RegExp) => dr.drParameters.find((p) => suffix.test(String(p.config.name)));
  const secretParam = param(/\/db\/secret_arn$/);
  const writerParam = param(/\/db\/writer_endpoint$/);
  const cacheParams = dr.drParameters.filter((p) => /\/cache\//.test(String(p.config.name)));
  if (dr.replica && dr.drParameters.length) {
    const pointsAtReplica = writerParam && JSON.stringify(writerParam.config.value).includes(dr.replica.address);
    steps.push({
      title: `Re-point the secret and parameters in ${R} to the promoted writer`,
      commands: [
        `aws ssm put-parameter --region ${R} --name ${literal(secretParam?.config.name) ?? '<db/secret_arn parameter>'} --type String --overwrite --value "$(aws rds describe-db-instances --region ${R} --db-instance-identifier ${replica} --query 'DBInstances[0].MasterUserSecret.SecretArn' --output text)"`,
        ...(pointsAtReplica
          ? []
          : [
              `aws ssm put-parameter --region ${R} --name ${literal(writerParam?.config.name) ?? '<db/writer_endpoint parameter>'} --type String --overwrite --value "$(aws rds describe-db-instances --region ${R} --db-instance-identifier ${replica} --query 'DBInstances[0].[Endpoint.Address,Endpoint.Port]' --output text | tr '\\t' ':')"`,
            ]),
      ],
      notes: [
        'the put-parameter hands the promoted writer\'s new secret ARN (created in step 2) to the app',
        pointsAtReplica
          ? `the endpoint parameters (${dr.drParameters.filter((p) => /\/db\/.*endpoint/.test(String(p.config.name))).map((p) => p.config.name).join(', ')}) already name ${replica}: its endpoint does not change on promotion`
          : 'the writer endpoint parameter now names the promoted instance',
        ...(cacheParams.length
          ? [
              `the cache is rebuilt, not replicated: ${cacheParams.map((p) => p.config.name).join(', ')} hold a placeholder until you create a cache in ${R}` +
                ' (the app reads through to the database meanwhile)',
            ]
          : []),
        'instances started before this step read the old values at boot: the scale-up below starts after it, or refresh them (aws autoscaling start-instance-refresh)',
      ],
    });
  }

  const standby = dr.fleets.filter((f) => f.dr);
  if (standby.length) {
    steps.push({
      title: `Scale the DR groups to the primary's capacity (${dr.strategy}: ${standby.map((f) => `${f.service} ${f.dr!.desired}`).join(', ')} now)`,
      commands: [
        ...standby.map(
          (f) =>
            `aws autoscaling update-auto-scaling-group --region ${R} --auto-scaling-group-name ${f.dr!.name} --min-size ${f.primary?.min ?? 1} --max-size ${Math.max(f.primary?.max ?? 1, f.dr!.max)} --desired-capacity ${f.primary?.desired ?? f.primary?.min ?? 1}`,
        ),
        `aws autoscaling describe-auto-scaling-groups --region ${R} --auto-scaling-group-names ${standby.map((f) => f.dr!.name).join(' ')} --query 'AutoScalingGroups[].[AutoScalingGroupName,DesiredCapacity,length(Instances[?LifecycleState==\`InService\`])]' --output table`,
        ...standby
          .flatMap((f) => f.dr!.targetGroups)
          .map((tg) => {
            const arn = `$(aws elbv2 describe-target-groups --region ${R} --names ${name(tg.resource, '<target-group>')} --query 'TargetGroups[0].TargetGroupArn' --output text)`;
            return `aws elbv2 describe-target-health --region ${R} --target-group-arn "${arn}"`;
          }),
      ],
      notes: [
        'the sizes are the primary groups\' (min, max, desired): their scaling policies take over from there',
        ...(o.scaleUp ? [`expected: the whole baseline served from minute ${o.scaleUp.baselineServedMinute ?? '–'} after this step (simulated below)`] : []),
      ],
    });
  } else {
    steps.push({
      title: `Deploy the app tier in ${R} from code (backup-restore: nothing runs there yet)`,
      commands: [
        `npm run config:init -- --extends ${stack}`,
        'npm run synth',
        `npx cdktf deploy <the copied stack> --skip-provider-lock`,
      ],
      notes: [
        `in the copied stack set region to ${R} and a network.cidr that overlaps neither VPC, and point its database parameters at ${replica}`,
        `the launch phases then apply as in a pilot light; the RTO below adds about ${o.steps.parallel.at(-1)?.minutes ?? 45} min for it`,
        'a pilot-light or warm-standby strategy keeps this tier standing: disasterRecovery.strategy in the config (compute ec2)',
      ],
    });
  }

  steps.push(trafficStep(stack, json, dr, o, hasOutput));

  if (dr.primaryQueues.length && standby.length) {
    steps.push({
      title: 'Queues: the DR region has its own',
      commands: dr.drQueues.length ? [] : [`aws sqs create-queue --region ${R} --queue-name <name>`],
      notes: [
        dr.drQueues.length
          ? `new work goes to ${dr.drQueues.map((q) => displayName(q)).join(', ')}; messages queued in ${dr.primaryRegion} wait there until it returns (re-drive them then)`
          : `no queue stands in ${R}: create one and put its URL in the queue parameter`,
      ],
    });
  }

  const drAlarms = Object.values<any>(json.resource?.aws_cloudwatch_metric_alarm ?? {}).filter((a) => a.provider === 'aws.dr').map((a) => a.alarm_name);
  const lbDim = (r: Resource | undefined) => (r ? literal(displayName(r)) ?? '<dr-alb>' : '<dr-alb>');
  const watch = [
    ...(drAlarms.length ? [`alarms in ${R}: ${drAlarms.join(', ')}`] : [`alarms: the stack's alarms live in ${dr.primaryRegion}; in ${R} watch the metrics below (or add alarms there)`]),
    `DR load balancer ${lbDim(dr.drLoadBalancers[0])}: HealthyHostCount per target group, HTTPCode_Target_5XX_Count, RequestCount (AWS/ApplicationELB, region ${R})`,
    `Auto Scaling: GroupInServiceInstances of ${standby.map((f) => f.dr!.name).join(', ') || 'the redeployed groups'} reaching the primary's desired`,
    ...(dr.replica ? [`RDS ${replica}: ReplicaLag before promotion (the RPO), then DatabaseConnections rising and WriteLatency once the app writes`] : []),
    ...(dr.replicatedBuckets.length
      ? [`S3 replication: ReplicationLatency and OperationsPendingReplication of ${bucketNames(dr)} (frozen once the source region is gone)`]
      : []),
    ...(dr.dns?.healthCheck ? ['Route 53: the primary health check\'s status (HealthCheckStatus) and which record answers (dig +short the domain)'] : []),
  ];
  // With Route 53 failing over by itself to a standby that already serves, pages answer long before writes do.
  const earlyReads =
    dr.dns?.secondaryTarget === 'dr-alb' && o.scaleUp?.firstServedMinute === 0
      ? [`reads: served from about minute ${o.steps.detect.minutes + o.steps.traffic.minutes} (the standby answers as soon as Route 53 fails over); writes wait for the promotion`]
      : [];
  const expected = [
    `RTO: ${o.rto}`,
    `RPO: ${o.rpo}`,
    ...earlyReads,
    ...[o.steps.detect, o.steps.decide, ...o.steps.parallel, o.steps.traffic].map((s) => `  ${s.step}: ${s.minutes} min (${s.source})`),
    ...(o.scaleUp ? scaleUpLines(o.scaleUp) : ['the simulator models EC2 Auto Scaling groups only: this stack\'s fleet scale-up is an estimate']),
  ];
  const hcId = dr.dns?.healthCheck ? (hasOutput ? drOutput(stack, '["dns"]["health_check_id"]') : `<id of ${dr.dns.healthCheck.address}>`) : '<primary health check id>';
  return { stack, objectives: o, steps, watch, expected, failback: failbackSteps(stack, dr, o, hcId) };
}

function trafficStep(stack: string, json: TfJson, dr: DisasterRecoveryView, o: RegionObjectives, hasOutput: boolean): RunbookStep {
  const R = dr.drRegion;
  const albName = name(dr.drLoadBalancers[0], '<dr-alb>');
  const albDns = hasOutput ? drOutput(stack, '["alb_dns_name"]') : `$(aws elbv2 describe-load-balancers --region ${R} --names ${albName} --query 'LoadBalancers[0].DNSName' --output text)`;
  const albZone = `$(aws elbv2 describe-load-balancers --region ${R} --names ${name(dr.drLoadBalancers[0], '<dr-alb>')} --query 'LoadBalancers[0].CanonicalHostedZoneId' --output text)`;
  const dns = dr.dns;
  const hcId = dns?.healthCheck ? (hasOutput ? drOutput(stack, '["dns"]["health_check_id"]') : `<id of ${dns.healthCheck.address}>`) : undefined;
  if (dns?.secondaryTarget === 'dr-alb') {
    return {
      title: `Traffic: Route 53 fails ${dns.domain ?? 'the name'} over to the DR load balancer by itself (${o.steps.traffic.minutes} min after the health check fails)`,
      commands: [`aws route53 get-health-check-status --health-check-id ${hcId}`, `dig +short ${dns.domain ?? '<domain>'}`],
      notes: [
        'nothing to flip: the SECONDARY record answers while the primary health check fails',
        `the moment ${dr.primaryRegion} answers its health check again Route 53 sends users back, before its database is: invert the check now so it stays failed until you fail back: aws route53 update-health-check --health-check-id ${hcId} --inverted`,
      ],
    };
  }
  const cdn = Object.entries<any>(json.resource?.aws_cloudfront_distribution ?? {}).find(([, d]) => JSON.stringify(d.origin ?? '').includes('aws_lb.'));
  if (cdn) {
    const idCmd = json.output?.cdn_domain_name
      ? `$(aws cloudfront list-distributions --query "DistributionList.Items[?DomainName=='$(terraform -chdir=cdktf.out/stacks/${stack} output -raw cdn_domain_name)'].Id" --output text)`
      : '<distribution id>';
    const origins: any[] = Array.isArray(cdn[1].origin) ? cdn[1].origin : [cdn[1].origin];
    const drLbs = new Set(dr.drLoadBalancers.map((lb) => lb.address));
    const refersTo = (o: any, lbs: (a: string) => boolean) => [...String(o.domain_name).matchAll(/aws_lb\.([A-Za-z0-9_-]+)\./g)].some((m) => lbs(`aws_lb.${m[1]}`));
    const primaryOrigin = origins.find((o) => refersTo(o, (a) => !drLbs.has(a)));
    const standbyOrigin = origins.find((o) => refersTo(o, (a) => drLbs.has(a)));
    const from = primaryOrigin?.origin_id ?? 'alb';
    const head = [`ID=${idCmd}`, 'aws cloudfront get-distribution-config --id "$ID" > dist.json'];
    const tail = [
      'aws cloudfront update-distribution --id "$ID" --if-match "$(python3 -c \'import json; print(json.load(open("dist.json"))["ETag"])\')" --distribution-config file://dist-config.json',
      'aws cloudfront wait distribution-deployed --id "$ID"',
    ];
    const originGroupNote = dr.originGroups.length
      ? [`origin groups (${dr.originGroups.map((g) => g.originIds.join(' -> ')).join('; ')}) already fail GET/HEAD/OPTIONS over per request for their paths`]
      : [];
    if (standbyOrigin) {
      // The DR ALB already is an origin of the distribution: move every behaviour that targets the primary ALB to it.
      const edit =
        'import json,sys; d=json.load(open("dist.json")); c=d["DistributionConfig"]; ' +
        'bs=[c["DefaultCacheBehavior"]]+c.get("CacheBehaviors",{}).get("Items",[]); ' +
        '[b.update(TargetOriginId=sys.argv[2]) for b in bs if b["TargetOriginId"]==sys.argv[1]]; json.dump(c,open("dist-config.json","w"))';
      return {
        title: `Traffic: point CloudFront's behaviours from origin "${from}" to the standby origin "${standbyOrigin.origin_id}" (the DR load balancer; about ${o.steps.traffic.minutes} min to deploy)`,
        commands: [...head, `python3 -c '${edit}' ${from} ${standbyOrigin.origin_id}`, ...tail],
        notes: [...originGroupNote, `Terraform puts "${from}" back on the next apply: keep this change until fail-back, then apply`],
      };
    }
    const edit =
      'import json,sys; d=json.load(open("dist.json")); c=d["DistributionConfig"]; ' +
      '[o.update(DomainName=sys.argv[1]) for o in c["Origins"]["Items"] if o["Id"]==sys.argv[2]]; json.dump(c,open("dist-config.json","w"))';
    return {
      title: `Traffic: point CloudFront's origin "${from}" at the DR load balancer (about ${o.steps.traffic.minutes} min to deploy)`,
      commands: [...head, `python3 -c '${edit}' "${albDns}" ${from}`, ...tail],
      notes: [...originGroupNote, 'an internal ALB is reached through a CloudFront VPC origin: use the DR VPC origin (or the DR ALB\'s public name) as the domain'],
    };
  }
  if (dns) {
    return {
      title: `Traffic: point ${dns.domain ?? 'the record'} at the DR load balancer (the SECONDARY answers with the ${dns.secondaryTarget === 'maintenance-page' ? 'maintenance page' : 'fallback'} meanwhile)`,
      commands: [
        `aws route53 change-resource-record-sets --hosted-zone-id ${literal(dns.primaryRecord?.config.zone_id) ?? '<zone>'} --change-batch '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"${dns.domain ?? '<domain>'}","Type":"A","SetIdentifier":"secondary","Failover":"SECONDARY","AliasTarget":{"HostedZoneId":"'"${albZone}"'","DNSName":"'"${albDns}"'","EvaluateTargetHealth":true}}}]}'`,
        `dig +short ${dns.domain ?? '<domain>'}`,
      ],
      notes: ['Terraform puts the maintenance page back on the next apply: keep this change until fail-back, then apply'],
    };
  }
  return {
    title: 'Traffic: this stack has no domain, so nothing flips by itself: you move your DNS name',
    commands: [`echo "${albDns}"`],
    notes: [
      'point your own DNS name (a CNAME, or an alias if your zone is in Route 53) at the DR load balancer printed above; clients follow within its TTL',
      'set dns.hostedZoneId and dns.domainName in the config to let Route 53 health-check the primary and fail over by itself',
    ],
  };
}

function failbackSteps(stack: string, dr: DisasterRecoveryView, o: RegionObjectives, hcId: string): RunbookStep[] {
  const P = dr.primaryRegion;
  const R = dr.drRegion;
  const replica = name(dr.replica, '<promoted writer>');
  const primaryId = name(dr.database, '<primary>');
  const standby = dr.fleets.filter((f) => f.dr);
  return [
    {
      title: `Once ${P} is back: rebuild the primary database as a replica of the promoted writer in ${R}`,
      commands: [
        ...(dr.database?.config.deletion_protection === true ? [`aws rds modify-db-instance --region ${P} --db-instance-identifier ${primaryId} --no-deletion-protection --apply-immediately`] : []),
        `aws rds delete-db-instance --region ${P} --db-instance-identifier ${primaryId} --final-db-snapshot-identifier ${primaryId}-before-failback`,
        `aws rds create-db-instance-read-replica --region ${P} --db-instance-identifier ${primaryId} --source-db-instance-identifier "$(aws rds describe-db-instances --region ${R} --db-instance-identifier ${replica} --query 'DBInstances[0].DBInstanceArn' --output text)" --source-region ${R} --kms-key-id <the primary region's database key> --db-subnet-group-name <the primary's subnet group>`,
      ],
      notes: [
        `the old primary diverged when ${replica} was promoted: keep its final snapshot for forensics, never write to it`,
      ],
    },
    {
      title: 'Reverse the replication of objects written during the outage',
      commands: dr.replicatedBuckets.map((b) => `aws s3 sync s3://${b.destinations[0] ?? '<dr bucket>'} s3://${b.source ? displayName(b.source) : '<primary bucket>'} --source-region ${R} --region ${P}`),
      notes: [
        dr.replicatedBuckets.length
          ? 'S3 replication runs one way (primary -> DR): objects written in the DR region go back with a sync (or a replication rule DR -> primary while you fail back)'
          : 'no bucket is replicated: copy back whatever the DR region wrote to its own buckets with aws s3 sync',
      ],
    },
    {
      title: 'In a quiet hour: stop writes, let the replica catch up, promote it, flip back',
      commands: [
        `aws rds wait db-instance-available --region ${P} --db-instance-identifier ${primaryId}`,
        `aws cloudwatch get-metric-statistics --region ${P} --namespace AWS/RDS --metric-name ReplicaLag --dimensions Name=DBInstanceIdentifier,Value=${primaryId} --start-time "$(date -u -d '-5 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" --period 60 --statistics Maximum`,
        `aws rds promote-read-replica --region ${P} --db-instance-identifier ${primaryId} --backup-retention-period ${dr.database?.config.backup_retention_period ?? 7}`,
        ...(dr.dns?.secondaryTarget === 'dr-alb' ? [`aws route53 update-health-check --health-check-id ${hcId} --no-inverted`] : []),
      ],
      notes: [
        'maintenance page or read-only mode first: ReplicaLag 0 with no writes means nothing is lost on the way back',
        `traffic goes back the way it left (${o.steps.traffic.step}), pointing at the primary region again`,
      ],
    },
    {
      title: `Put ${R} back on standby and Terraform back in charge`,
      commands: [
        ...standby.map((f) => `aws autoscaling update-auto-scaling-group --region ${R} --auto-scaling-group-name ${f.dr!.name} --min-size ${f.dr!.min} --desired-capacity ${f.dr!.desired}`),
        `aws rds delete-db-instance --region ${R} --db-instance-identifier ${replica} --final-db-snapshot-identifier ${replica}-after-failback`,
        `npx cdktf deploy ${stack} --skip-provider-lock`,
      ],
      notes: [
        `the apply re-creates ${replica} as the cross-region replica of the primary and restores every parameter Terraform owns`,
        'rehearse this whole runbook on a staging copy every quarter',
      ],
    },
  ];
}

const bucketNames = (dr: DisasterRecoveryView) => dr.replicatedBuckets.map((b) => (b.source ? displayName(b.source) : b.configuration.name)).join(', ');

/** The plan as the drill prints it. */
export function regionFailoverText(p: RegionFailoverPlan): string {
  const o = p.objectives;
  const block = (s: RunbookStep, i: number) => [
    `${i + 1}. ${s.title}`,
    ...s.commands.map((c) => `     $ ${c}`),
    ...s.notes.map((n) => `     - ${n}`),
  ];
  return [
    `${p.stack} / region-failover: lose ${o.primaryRegion}, serve from ${o.drRegion} (strategy ${o.strategy}${o.dr.strategyFrom === 'data copies' ? ', read from the DR-region data copies' : ''})`,
    '',
    'steps:',
    ...p.steps.flatMap(block),
    '',
    ...watchAndExpected(p.watch, p.expected),
    '',
    'fail-back:',
    ...p.failback.flatMap(block),
  ].join('\n');
}

/** The "watch:" and "expected:" sections every drill prints (npm run drill), region failover or FIS experiment alike. */
export function watchAndExpected(watch: readonly string[], expected: readonly string[]): string[] {
  return ['watch:', ...watch.map((w) => `  - ${w}`), '', 'expected:', ...expected.map((e) => `  ${e}`)];
}
