/**
 * design.md's "Compliance": for the shop (a profile that declares GDPR and PCI DSS), a control matrix from each
 * requirement to the control this stack implements, the resources that implement it (addresses in its JSON) and the
 * checkov checks that verify them, with their result in the dated scan (compliance-scan.json, written from the same
 * checkov run the gate makes: __tests__/terraform/checkov.test.ts); then the suppressed checks with their reasons, the
 * gaps in this stack's settings, and what infrastructure cannot cover. Other profiles declare no regime and say so.
 */
import { profileOf } from './before-after';
import { ArchitectureModel } from './model';
import { StackIndex } from './stack-index';
import { Resource, TfJson, asArray, displayName } from './tfjson';
import { table } from './markdown';
import scan from './compliance-scan.json';

/** Profiles whose scenario names GDPR and PCI DSS (the shop, on EC2 and on EKS). */
export const COMPLIANCE_PROFILES: readonly string[] = ['ecommerce', 'ecommerce-eks'];

export type Regime = 'GDPR' | 'PCI DSS v4.0.1';

/** One row of the matrix, before it meets a stack. */
export interface ControlSpec {
  readonly id: string;
  readonly regime: Regime;
  readonly requirement: string;
  /** The control as this stack implements it (counts and settings from its JSON). */
  readonly control: (ix: StackIndex<ArchitectureModel>) => string;
  /** Resource types that implement it. */
  readonly types: RegExp;
  /** checkov checks that verify it (ids as checkov reports them). */
  readonly checks: readonly string[];
}

/** What the dated scan recorded for one check on one stack. */
interface ScanEntry {
  readonly passed: readonly string[];
  readonly suppressed: readonly { readonly resource: string; readonly reason: string }[];
}

export interface ComplianceScan {
  readonly checkov: string;
  readonly scanned: string;
  readonly how: string;
  readonly names: Readonly<Record<string, string>>;
  readonly stacks: Readonly<Record<string, Readonly<Record<string, ScanEntry>>>>;
}

export const COMPLIANCE_SCAN: ComplianceScan = scan;

const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
/** The AWS managed policies the stack's roles attach, by name. */
const managedPolicies = (ix: StackIndex) =>
  [...new Set(ix.of('aws_iam_role_policy_attachment').map((a) => String(a.config.policy_arn ?? '').split('/').pop()))].sort().join(', ') || 'none';
/** Whether instances can be reached through Systems Manager (its managed policy on a role). */
const viaSsm = (ix: StackIndex) => ix.of('aws_iam_role_policy_attachment').some((a) => /AmazonSSMManagedInstanceCore$/.test(String(a.config.policy_arn)));
const n = (ix: StackIndex, type: string | RegExp) => ix.of(type).length;
const on = (rs: readonly Resource[], test: (r: Resource) => boolean) => `${rs.filter(test).length} of ${rs.length}`;
/** Days the stack's log groups keep their events (distinct values, ascending). */
const logDays = (ix: StackIndex) => [...new Set(ix.of('aws_cloudwatch_log_group').map((g) => Number(g.config.retention_in_days ?? 0)))].sort((a, b) => a - b);
/** Days after which a bucket's lifecycle expires current objects (undefined when it never does). */
function expiresAfter(ix: StackIndex, bucket: Resource): number | undefined {
  const rules = ix.referrers('aws_s3_bucket_lifecycle_configuration', bucket.address).flatMap((l) => asArray<any>(l.config.rule));
  const days = rules.flatMap((r) => asArray<any>(r.expiration)).map((e) => Number(e.days)).filter((d) => d > 0);
  return days.length ? Math.min(...days) : undefined;
}
const bucketsLike = (ix: StackIndex, part: string) => ix.of('aws_s3_bucket').filter((b) => b.address.includes(part));
/** Backup retention: RDS automated backups of the primaries (days), each AWS Backup rule's, and where copies go. */
function retention(ix: StackIndex): { rds: number; rules: string; copyRegions: string[] } {
  const primaries = ix.of('aws_db_instance').filter((d) => d.config.replicate_source_db === undefined);
  const rules = ix.of('aws_backup_plan').flatMap((p) => asArray<any>(p.config.rule));
  const copies = rules.flatMap((r) => asArray<any>(r.copy_action)).map((c) => ix.get(ix.refs(c.destination_vault_arn)[0])?.region).filter(Boolean) as string[];
  return {
    rds: Math.max(0, ...primaries.map((d) => Number(d.config.backup_retention_period ?? 0))),
    rules: rules.map((r) => `${r.rule_name} ${r.lifecycle?.delete_after ?? 'forever'} days`).join(', ') || 'no AWS Backup plan',
    copyRegions: [...new Set(copies)],
  };
}
/** Days after which a bucket's lifecycle moves objects out of S3 Standard (undefined when it never does). */
function leavesStandardAfter(ix: StackIndex, bucket: Resource): number | undefined {
  const rules = ix.referrers('aws_s3_bucket_lifecycle_configuration', bucket.address).flatMap((l) => asArray<any>(l.config.rule));
  const days = rules.flatMap((r) => asArray<any>(r.transition)).map((t) => Number(t.days)).filter((d) => d >= 0);
  return days.length ? Math.min(...days) : undefined;
}

export const CONTROLS: readonly ControlSpec[] = [
  {
    id: 'G1',
    regime: 'GDPR',
    requirement: 'Art. 32(1)(a): encryption of personal data at rest',
    control: (ix) =>
      `${n(ix, 'aws_kms_key')} customer-managed KMS keys (rotation on for ${on(ix.of('aws_kms_key'), (k) => k.config.enable_key_rotation === true)}) encrypt the ` +
      `${n(ix, 'aws_db_instance')} database instances, the cache, the ${n(ix, 'aws_sqs_queue')} queues, the alerts topic and the backup vaults` +
      `${n(ix, 'aws_eks_cluster') ? ', and the cluster\'s Kubernetes secrets' : ''}; ${n(ix, 'aws_s3_bucket')} buckets have default encryption (KMS where the writer supports it)`,
    types: /^aws_(kms_key|db_instance|elasticache_replication_group|sqs_queue|sns_topic|backup_vault|s3_bucket|eks_cluster)$/,
    checks: ['CKV_AWS_16', 'CKV_AWS_354', 'CKV_AWS_29', 'CKV_AWS_191', 'CKV_AWS_27', 'CKV2_AWS_73', 'CKV_AWS_26', 'CKV_AWS_166', 'CKV_AWS_7', 'CKV_AWS_19', 'CKV_AWS_145', 'CKV_AWS_58'],
  },
  {
    id: 'G2',
    regime: 'GDPR',
    requirement: 'Art. 32(1)(a), (b): encryption of personal data in transit',
    control: (ix) => {
      const forced = ix.of('aws_db_parameter_group').filter((g) => asArray<any>(g.config.parameter).some((x) => x.name === 'rds.force_ssl' && String(x.value) === '1'));
      const caches = ix.of('aws_elasticache_replication_group');
      const plain = ix.of(/^aws_(lb|alb)_target_group$/).filter((t) => (t.config.protocol ?? 'HTTP') === 'HTTP');
      return (
        `viewers reach the shop at CloudFront with ${ix.of('aws_cloudfront_distribution').map((c) => c.config.default_cache_behavior?.viewer_protocol_policy).join(', ')}; ` +
        `rds.force_ssl = 1 in ${on(ix.of('aws_db_parameter_group'), (g) => forced.includes(g))} database parameter groups; ` +
        `the cache with in-transit encryption on ${on(caches, (c) => String(c.config.transit_encryption_enabled) === 'true')} groups` +
        `${caches.some((c) => c.config.user_group_ids) ? ' and RBAC users' : caches.some((c) => c.config.auth_token) ? ' and an auth token' : ''}` +
        `${plain.length ? `; inside the VPC ${plural(plain.length, 'target group')} take${plain.length === 1 ? 's' : ''} HTTP from the ALB (see the suppressed checks)` : ''}`
      );
    },
    types: /^aws_(cloudfront_distribution|db_instance|db_parameter_group|elasticache_replication_group|lb_listener|lb_target_group)$/,
    checks: ['CKV_AWS_34', 'CKV2_AWS_54', 'CKV2_AWS_72', 'CKV2_AWS_69', 'CKV_AWS_30', 'CKV_AWS_31', 'CKV_AWS_2', 'CKV_AWS_378'],
  },
  {
    id: 'G3',
    regime: 'GDPR',
    requirement: 'Art. 32(1)(b): ongoing confidentiality: no personal data reachable from the internet',
    control: (ix) =>
      `the database and cache sit in ${ix.model.subnets.filter((s) => s.tier === 'isolated').length} isolated subnets with no route out and no public address; ` +
      `S3 public access blocked on ${on(ix.of('aws_s3_bucket'), (b) => ix.referrers('aws_s3_bucket_public_access_block', b.address).length > 0)} buckets; the default security groups deny everything`,
    types: /^aws_(db_instance|s3_bucket|s3_bucket_public_access_block|subnet|vpc|default_security_group)$/,
    checks: ['CKV_AWS_17', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6', 'CKV_AWS_130', 'CKV2_AWS_12'],
  },
  {
    id: 'G4',
    regime: 'GDPR',
    requirement: 'Art. 32(1)(b), (c): availability and resilience; restoring access in a timely manner',
    control: (ix) => {
      const r = retention(ix);
      return (
        `a Multi-AZ primary (${on(ix.of('aws_db_instance').filter((d) => d.config.replicate_source_db === undefined), (d) => d.config.multi_az === true)} primaries) and a cache with automatic failover; ` +
        `${r.rds} days of point-in-time recovery; AWS Backup rules ${r.rules}${r.copyRegions.length ? `, copied to ${r.copyRegions.join(', ')}` : ''}; deletion protection on the database; versioned buckets`
      );
    },
    types: /^aws_(db_instance|elasticache_replication_group|backup_plan|backup_vault|s3_bucket)$/,
    checks: ['CKV_AWS_157', 'CKV2_AWS_50', 'CKV_AWS_133', 'CKV_AWS_293', 'CKV2_AWS_60', 'CKV_AWS_21'],
  },
  {
    id: 'G5',
    regime: 'GDPR',
    requirement: 'Art. 25 and 32(4): access only for those who need it (data protection by design)',
    control: (ix) =>
      `${n(ix, 'aws_iam_role')} IAM roles, one per service or AWS service, with ${n(ix, 'aws_iam_role_policy')} inline policies naming the stack's own resources and the AWS managed policies ${managedPolicies(ix)}; ` +
      'no wildcard action, no admin policy; the database accepts IAM authentication and its master password is an RDS-managed Secrets Manager secret',
    types: /^aws_(iam_role|iam_role_policy|iam_role_policy_attachment|db_instance)$/,
    checks: ['CKV_AWS_60', 'CKV_AWS_61', 'CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_274', 'CKV2_AWS_40', 'CKV2_AWS_56', 'CKV_AWS_161'],
  },
  {
    id: 'G6',
    regime: 'GDPR',
    requirement: 'Art. 5(2), 33: accountability and the evidence a breach notification needs',
    control: (ix) =>
      `CloudTrail ${ix.of('aws_cloudtrail').map(displayName).join(', ')} (every region, log file validation, KMS, to CloudWatch Logs); VPC flow logs on ${n(ix, 'aws_flow_log')} VPCs; ` +
      `WAF logs for ${n(ix, 'aws_wafv2_web_acl_logging_configuration')} web ACLs; ${n(ix, 'aws_lb') ? 'ALB and ' : ''}CloudFront access logs; database logs exported; ${n(ix, 'aws_cloudwatch_metric_alarm')} alarms notify the alerts topic`,
    types: /^aws_(cloudtrail|vpc|flow_log|lb|cloudfront_distribution|wafv2_web_acl|db_instance|eks_cluster|cloudwatch_metric_alarm)$/,
    checks: [
      'CKV_AWS_67', 'CKV_AWS_36', 'CKV_AWS_35', 'CKV_AWS_251', 'CKV2_AWS_10', 'CKV2_AWS_11', 'CKV_AWS_91', 'CKV_AWS_86', 'CKV2_AWS_31', 'CKV_AWS_129', 'CKV_AWS_37', 'CKV_AWS_319', 'CKV_AWS_252',
    ],
  },
  {
    id: 'G7',
    regime: 'GDPR',
    requirement: 'Art. 5(1)(e): storage limitation (logs and backups do not keep personal data forever)',
    control: (ix) =>
      `log groups keep ${logDays(ix).join(' / ')} days; access-log buckets expire objects after ${bucketsLike(ix, 'logs')
        .map((b) => expiresAfter(ix, b))
        .filter((d) => d !== undefined)
        .join(' / ')} days; AWS Backup rules ${retention(ix).rules}`,
    types: /^aws_(cloudwatch_log_group|s3_bucket|backup_plan)$/,
    checks: ['CKV_AWS_66', 'CKV2_AWS_61', 'CKV_AWS_338'],
  },
  {
    id: 'P1',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 1.3.1, 1.3.2, 1.4.1: network security controls between untrusted networks and the system components that could touch card data',
    control: (ix) =>
      `${ix.of('aws_subnet').length} subnets in three tiers (only public subnets route to the internet, isolated ones nowhere); ${n(ix, 'aws_security_group')} security groups wired tier to tier with a description on every rule; ` +
      `${ix.of(/^aws_(lb|alb)$/).every((l) => l.config.internal === true) && n(ix, /^aws_(lb|alb)$/) ? 'the ALB is internal, reached only through CloudFront\'s VPC origin; ' : ''}no instance gets a public address`,
    types: /^aws_(vpc|subnet|security_group|default_security_group|vpc_security_group_ingress_rule|vpc_security_group_egress_rule|db_instance|launch_template|lb)$/,
    checks: ['CKV_AWS_130', 'CKV_AWS_88', 'CKV_AWS_17', 'CKV2_AWS_12', 'CKV_AWS_23', 'CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277', 'CKV_AWS_382', 'CKV2_AWS_5'],
  },
  {
    id: 'P2',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 2.2.1, 2.2.5, 6.3.3: secure configuration standards, no insecure services, current patches',
    control: (ix) => {
      const lts = ix.of('aws_launch_template');
      const lbs = ix.of(/^aws_(lb|alb)$/);
      const ssh = ix.of('aws_vpc_security_group_ingress_rule').filter((r) => Number(r.config.from_port ?? -1) <= 22 && Number(r.config.to_port ?? -1) >= 22);
      const dbs = ix.of('aws_db_instance');
      return [
        lts.length
          ? `IMDSv2 required on ${on(lts, (l) => l.config.metadata_options?.http_tokens === 'required')} launch templates, hop limit 1 on ${on(lts, (l) => Number(l.config.metadata_options?.http_put_response_hop_limit) === 1)}`
          : '',
        lbs.length
          ? `the ALB drops invalid header fields (${on(lbs, (l) => l.config.drop_invalid_header_fields === true)}) ` +
            `with ${lbs.map((l) => l.config.desync_mitigation_mode ?? 'defensive').join(', ')} desync mitigation`
          : '',
        ...ix.of('aws_eks_cluster').map((c) => `EKS ${c.config.version} with its public API endpoint ${asArray<any>(c.config.vpc_config)[0]?.endpoint_public_access === false ? 'off' : 'on'}`),
        `automatic minor upgrades on ${on(dbs, (d) => d.config.auto_minor_version_upgrade !== false)} database instances`,
        ssh.length ? `SSH (22) open in ${plural(ssh.length, 'rule')}` : `no rule opens SSH (22)${viaSsm(ix) ? '; shells go through Systems Manager' : ''}`,
      ]
        .filter(Boolean)
        .join('; ');
    },
    types: /^aws_(launch_template|lb|db_instance|eks_cluster)$/,
    checks: ['CKV_AWS_79', 'CKV_AWS_341', 'CKV_AWS_131', 'CKV_AWS_328', 'CKV_AWS_226', 'CKV_AWS_211', 'CKV_AWS_339', 'CKV_AWS_38', 'CKV_AWS_39'],
  },
  {
    id: 'P3',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 3.5.1: stored account data rendered unreadable (strong cryptography)',
    control: (ix) =>
      `everything that could hold account data is encrypted with customer-managed keys: the database (${n(ix, 'aws_db_instance')} instances, snapshots and PITR), the cache, the queues, the backup vaults; buckets with default encryption`,
    types: /^aws_(db_instance|elasticache_replication_group|sqs_queue|backup_vault|s3_bucket)$/,
    checks: ['CKV_AWS_16', 'CKV_AWS_29', 'CKV_AWS_191', 'CKV_AWS_27', 'CKV_AWS_166', 'CKV_AWS_19', 'CKV_AWS_145'],
  },
  {
    id: 'P4',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 3.6.1, 3.7.4: cryptographic keys protected and rotated',
    control: (ix) =>
      `${n(ix, 'aws_kms_key')} KMS keys, one per purpose, each with its own key policy and no wildcard principal; yearly rotation on ${on(ix.of('aws_kms_key'), (k) => k.config.enable_key_rotation === true)}`,
    types: /^aws_kms_key$/,
    checks: ['CKV_AWS_7', 'CKV2_AWS_64', 'CKV_AWS_33', 'CKV_AWS_227'],
  },
  {
    id: 'P5',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 4.2.1: strong cryptography for card data over open, public networks',
    control: (ix) => {
      const cfs = ix.of('aws_cloudfront_distribution');
      const origins = ix.of('aws_cloudfront_vpc_origin').flatMap((o) => asArray<any>(o.config.vpc_origin_endpoint_config));
      return (
        `viewers: ${cfs.map((c) => `${c.config.default_cache_behavior?.viewer_protocol_policy} with ${c.config.viewer_certificate?.cloudfront_default_certificate ? 'the default *.cloudfront.net certificate' : `minimum protocol ${c.config.viewer_certificate?.minimum_protocol_version}`}`).join('; ')}; ` +
        (origins.length
          ? `CloudFront reaches the internal ALB through a VPC origin inside AWS's network, ${origins.map((o) => o.origin_protocol_policy).join(', ')} (no certificate on the ALB: see the suppressed checks)`
          : 'the pages come from the Ingress ALB EKS creates from the manifests, whose TLS settings are outside this JSON')
      );
    },
    types: /^aws_(cloudfront_distribution|lb_listener|lb)$/,
    checks: ['CKV_AWS_34', 'CKV2_AWS_54', 'CKV2_AWS_72', 'CKV2_AWS_74', 'CKV_AWS_174', 'CKV2_AWS_42', 'CKV_AWS_2', 'CKV_AWS_103'],
  },
  {
    id: 'P6',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 6.4.1, 6.4.2: public-facing web applications protected by an automated solution that detects and prevents web attacks',
    control: (ix) =>
      ix
        .of('aws_wafv2_web_acl')
        .map((a) => `${displayName(a)} (${a.config.scope}: ${asArray<any>(a.config.rule).map((r) => r.name.replace(/^AWSManagedRules/, '')).join(', ')}; logged ${ix.referrers('aws_wafv2_web_acl_logging_configuration', a.address).length ? 'yes' : 'no'})`)
        .join('; '),
    types: /^aws_(wafv2_web_acl|wafv2_web_acl_association|wafv2_web_acl_logging_configuration|cloudfront_distribution|lb)$/,
    checks: ['CKV_AWS_68', 'CKV2_AWS_28', 'CKV_AWS_175', 'CKV_AWS_192', 'CKV2_AWS_76', 'CKV_AWS_342', 'CKV2_AWS_31', 'CKV2_AWS_47'],
  },
  {
    id: 'P7',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 7.2.1, 7.2.2, 8.3.2, 8.6.2: least privilege; no hard-coded or shared credentials',
    control: (ix) =>
      `each service assumes its own role (${n(ix, 'aws_iam_role')} roles, no wildcard actions); the database password is an RDS-managed secret, configuration comes from ${n(ix, 'aws_ssm_parameter')} SSM parameters (names and endpoints, no secrets)` +
      `${n(ix, 'aws_launch_template') ? `; nothing secret in the user data of ${n(ix, 'aws_launch_template')} launch templates` : ''}`,
    types: /^aws_(iam_role|iam_role_policy|iam_role_policy_attachment|db_instance|launch_template|ssm_parameter)$/,
    checks: ['CKV_AWS_60', 'CKV_AWS_61', 'CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_274', 'CKV2_AWS_40', 'CKV2_AWS_56', 'CKV_AWS_161', 'CKV_AWS_46', 'CKV_AWS_337', 'CKV2_AWS_34'],
  },
  {
    id: 'P8',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 10.2.1, 10.3.2, 10.3.4: audit logs of all access, protected from change',
    control: (ix) =>
      `CloudTrail in every region with log file validation (integrity) and KMS, its bucket versioned and private; flow logs, WAF logs, ${n(ix, 'aws_lb') ? 'ALB, ' : ''}CloudFront and database logs`,
    types: /^aws_(cloudtrail|vpc|flow_log|lb|cloudfront_distribution|wafv2_web_acl|db_instance|eks_cluster|s3_bucket)$/,
    checks: [
      'CKV_AWS_67', 'CKV_AWS_36', 'CKV_AWS_35', 'CKV_AWS_251', 'CKV2_AWS_10', 'CKV2_AWS_11', 'CKV_AWS_91', 'CKV_AWS_86', 'CKV2_AWS_31', 'CKV_AWS_129', 'CKV2_AWS_30', 'CKV_AWS_37', 'CKV_AWS_18',
    ],
  },
  {
    id: 'P9',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 10.5.1: audit log history kept 12 months, the last 3 immediately available',
    control: (ix) => {
      const trail = bucketsLike(ix, 'audit-trail').map((b) => `${expiresAfter(ix, b) ?? 'forever'} days, in S3 Standard for the first ${leavesStandardAfter(ix, b) ?? 'all'}`);
      const days = logDays(ix);
      return (
        `${trail.length ? `CloudTrail's bucket keeps ${trail.join('; ')}` : 'no CloudTrail bucket'}; ` +
        `${Math.min(...days) >= 365 ? 'the log groups keep' : 'NOT met for the log groups (flow, WAF, application and database logs), which keep'} ${days.join(' / ')} days`
      );
    },
    types: /^aws_(s3_bucket|cloudwatch_log_group)$/,
    checks: ['CKV_AWS_66', 'CKV2_AWS_61', 'CKV_AWS_338'],
  },
  {
    id: 'P10',
    regime: 'PCI DSS v4.0.1',
    requirement: 'Req. 10.7.2: failures of critical security controls detected and alerted',
    control: (ix) =>
      `${n(ix, 'aws_cloudwatch_metric_alarm')} alarms with actions on the KMS-encrypted alerts topic (${ix
        .of('aws_cloudwatch_metric_alarm')
        .slice(0, 3)
        .map(displayName)
        .join(', ')}, …); the trail's events reach CloudWatch Logs`,
    types: /^aws_(cloudwatch_metric_alarm|sns_topic|cloudtrail)$/,
    checks: ['CKV_AWS_319', 'CKV_AWS_26', 'CKV2_AWS_10'],
  },
];

/** A matrix row for one stack: the resources (addresses) and the checks with their result in the dated scan. */
export interface ControlRow {
  readonly spec: ControlSpec;
  readonly control: string;
  readonly resources: readonly string[];
  readonly checks: readonly { readonly id: string; readonly name: string; readonly passed: readonly string[]; readonly suppressed: ScanEntry['suppressed'] }[];
}

/** The dated scan of `stack`, or of the profile it extends (same construct paths, so the same addresses). */
function scanOf(stack: string, json: TfJson): { readonly key: string; readonly entries: Readonly<Record<string, ScanEntry>> } | undefined {
  const key = COMPLIANCE_SCAN.stacks[stack] ? stack : profileOf(stack, json);
  return key && COMPLIANCE_SCAN.stacks[key] ? { key, entries: COMPLIANCE_SCAN.stacks[key] } : undefined;
}

export const hasComplianceMatrix = (stack: string, json: TfJson) => COMPLIANCE_PROFILES.includes(stack) || COMPLIANCE_PROFILES.includes(profileOf(stack, json) ?? '');

/** The matrix of a shop stack: every control with its resources, and each check that ran on at least one of them. */
export function complianceMatrix(m: ArchitectureModel, json: TfJson): ControlRow[] {
  const ix = new StackIndex(m);
  const entries = scanOf(m.stack, json)?.entries ?? {};
  return CONTROLS.map((spec) => {
    const resources = m.resources.filter((r) => r.type.startsWith('aws_') && spec.types.test(r.type)).map((r) => r.address);
    const mine = new Set(resources);
    const checks = spec.checks
      .map((id) => {
        const e = entries[id] ?? { passed: [], suppressed: [] };
        return { id, name: COMPLIANCE_SCAN.names[id] ?? id, passed: e.passed.filter((a) => mine.has(a)), suppressed: e.suppressed.filter((s) => mine.has(s.resource)) };
      })
      .filter((c) => c.passed.length + c.suppressed.length > 0);
    return { spec, control: spec.control(ix), resources, checks };
  });
}

function cannotCover(m: ArchitectureModel, ix: StackIndex): { gdpr: string[]; pci: string[]; gaps: string[] } {
  const r = retention(ix);
  const outsideEu = m.regions.filter((x) => !x.startsWith('eu-'));
  const accessLogs = bucketsLike(ix, 'logs').map((b) => `${displayName(b)} (${expiresAfter(ix, b) ?? 'never'} days)`);
  const wafDays = ix
    .of('aws_wafv2_web_acl_logging_configuration')
    .flatMap((c) => ix.refs(c.config.log_destination_configs))
    .map((a) => ix.get(a)?.config.retention_in_days)
    .filter((d) => d !== undefined);
  const lts = ix.of('aws_launch_template');
  const images = [...new Set(lts.map((l) => String(l.config.tags?.['stormproof:image-source'] ?? 'unknown')))];
  return {
    gdpr: [
      '**Lawful basis and consent** (Art. 6, 7): recording what each customer agreed to is the application\'s job; no resource can hold it for you.',
      `**Data subject rights** (Art. 15–22: access, rectification, erasure, portability): application features and a process. Erasure also reaches backups: this stack keeps ${r.rds} days of database backups and AWS Backup recovery points (${r.rules}${r.copyRegions.length ? `, copies in ${r.copyRegions.join(', ')}` : ''}), so an erased customer stays in them until they expire: say so in the privacy notice, or shorten the rules.`,
      outsideEu.length
        ? `**International transfers** (Art. 44–49): this stack keeps data in ${m.regions.join(' and ')}, outside the EU/EEA: EU residents' data there needs a transfer mechanism (AWS's Data Processing Addendum with its Standard Contractual Clauses) and a transfer assessment, which are contracts, not resources; an EU region (\`region\`, \`disasterRecovery.region\`) avoids the question.`
        : `**International transfers** (Art. 44–49): this stack keeps data in ${m.regions.join(' and ')}, inside the EU; a processor outside it (mail, analytics, payments) still needs a transfer mechanism.`,
      `**Personal data in logs**: access logs record viewers' IP addresses, which are personal data: ${accessLogs.join(', ') || 'no access-log bucket'}${wafDays.length ? `; WAF logs ${[...new Set(wafDays)].join(' / ')} days` : ''}. Retention is set; who reads them is IAM's and your process's.`,
      '**Records of processing, DPIA, DPO, processor agreements** (Art. 28, 30, 35, 37): documents, not infrastructure.',
      '**Breach notification within 72 hours** (Art. 33, 34): the trail, flow logs and alarms give the evidence; deciding and notifying is an incident process.',
      '**Data minimisation and pseudonymisation inside the application** (Art. 5(1)(c), 25): which fields the shop collects and how long it keeps orders is the application\'s schema.',
    ],
    pci: [
      '**Cardholder data flow and scope** (Req. 1.2.4, 12.5.2): which systems store, process or transmit card numbers is the application\'s design. With a payment provider\'s hosted fields or redirect (SAQ A), no card number reaches this stack and this matrix is defence in depth; storing card numbers puts every resource above in scope.',
      '**ASV scans and penetration tests** (Req. 11.3.1, 11.3.2, 11.4): quarterly external scans by an Approved Scanning Vendor and yearly penetration tests run against the deployed site, not the JSON.',
      '**Payment-page scripts and tamper detection** (Req. 6.4.3, 11.6.1): an inventory and integrity of every script on the payment page, and change detection on it: application and Content-Security-Policy.',
      `**Secure development and patching of the application and its image** (Req. 6.2, 6.3): the instances boot ${images.length ? `the "${images.join('", "')}" image source` : 'the images the cluster chooses'}; keeping that image and the app's dependencies patched is the pipeline's job.`,
      '**Anti-malware and file integrity monitoring** (Req. 5.2, 5.3, 11.5.2): no agent runs on the instances in this stack.',
      '**People\'s access** (Req. 7.2.4, 8.2, 8.4, 8.5): MFA, user reviews and console access live in the AWS account and your identity provider, outside this stack.',
      '**Account-level detection** (Req. 10.4.1, 11.5.1): daily log review needs GuardDuty, Security Hub (with its PCI DSS standard) or a SIEM; none is part of this stack.',
      '**Key custodians, policies, training, incident response** (Req. 3.6.1.2, 12): documents and people.',
      '**Physical security** (Req. 9): AWS\'s PCI DSS Attestation of Compliance (AWS Artifact) covers its data centres.',
    ],
    gaps: [
      `**Audit log history** (PCI DSS Req. 10.5.1): the log groups keep ${logDays(ix).join(' / ')} days; 12 months needs \`operations.logRetentionDays\`, \`network.flowLogRetentionDays\` and \`waf.logRetentionDays\` at 365 (CKV_AWS_338 is suppressed for all profiles, see above).`,
      `**TLS inside the VPC**: ${n(ix, 'aws_lb_listener') ? 'CloudFront reaches the ALB and the ALB reaches the instances over HTTP inside the VPC (CKV_AWS_2, CKV_AWS_378 suppressed); Req. 4.2.1 covers open, public networks only, but an assessor may ask for TLS end to end once card data passes through.' : 'the Ingress ALB and the pods are configured by the manifests: TLS from the ALB to the pods is not set in this JSON.'}`,
      '**No custom certificate on CloudFront** (CKV_AWS_174, CKV2_AWS_42 suppressed): without a domain the distribution serves *.cloudfront.net; a shop taking payments needs its own domain (`dns`), which makes CloudFront use TLSv1.2_2021.',
    ],
  };
}

/** A profile without a regime: what its baseline is here, and what it lacks before personal or card data. */
function noRegime(m: ArchitectureModel, json: TfJson): string[] {
  const ix = new StackIndex(m);
  const buckets = ix.of('aws_s3_bucket');
  const https = ix.of(/^aws_(lb|alb)_listener$/).filter((l) => l.config.protocol === 'HTTPS');
  // CloudFront answers the viewers only where its default behaviour goes to the ALB (a VPC origin); else the ALB does.
  const fronted = ix.of('aws_cloudfront_distribution').some((c) => asArray<any>(c.config.origin).some((o) => o.vpc_origin_config && o.origin_id === c.config.default_cache_behavior?.target_origin_id));
  const viewers = fronted
    ? 'HTTPS at CloudFront'
    : https.length
      ? `HTTPS on ${plural(https.length, 'ALB listener')}`
      : ix.of('aws_elastic_beanstalk_environment').length
        ? 'the Beanstalk environments\' listeners'
        : 'plain HTTP at the ALB (no certificate)';
  const trails = ix.of('aws_cloudtrail');
  const acls = ix.of('aws_wafv2_web_acl');
  const missing = [
    trails.length ? '' : 'an audit trail (`operations.auditTrail`)',
    acls.length ? '' : 'a WAF (`waf`)',
    /plain HTTP/.test(viewers) ? 'HTTPS on a domain (`dns`)' : '',
    logDays(ix).length && Math.min(...logDays(ix)) < 365 ? `log history beyond ${Math.min(...logDays(ix))} days` : '',
  ].filter(Boolean);
  return [
    '## Compliance',
    '',
    `The ${profileOf(m.stack, json) ?? m.stack} scenario declares no compliance regime, so there is no control matrix here; checkov checks this stack in \`npm test\` like every profile ` +
      '(every accepted finding and its reason in __tests__/terraform/checkov-suppressions.json). ' +
      `Its baseline: ${plural(ix.of('aws_kms_key').length, 'customer-managed KMS key')}, public access blocked on ${on(buckets, (b) => ix.referrers('aws_s3_bucket_public_access_block', b.address).length > 0)} buckets, ` +
      `viewers on ${viewers}, WAF ${acls.map(displayName).join(', ') || 'none'}, audit trail ${trails.map(displayName).join(', ') || 'none'}. ` +
      (missing.length ? `Before it holds personal or card data it needs ${missing.join(', ')}; ` : 'For personal or card data, ') +
      'the shop profiles (`ecommerce`, `ecommerce-eks`) show the GDPR and PCI DSS control matrix and what infrastructure cannot cover.',
    '',
  ];
}

/** The ## Compliance section: the matrix for the shop, a short statement for profiles that declare no regime. */
export function complianceSection(m: ArchitectureModel, json: TfJson): string[] {
  if (!hasComplianceMatrix(m.stack, json)) return noRegime(m, json);
  const ix = new StackIndex(m);
  const rows = complianceMatrix(m, json);
  const s = scanOf(m.stack, json);
  const cell = (c: ControlRow['checks'][number]) => `${c.id} ${c.suppressed.length ? `passed ${c.passed.length}, suppressed ${c.suppressed.length}` : `passed ${c.passed.length}`}`;
  const byType = (addresses: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const a of addresses) counts.set(a.split('.')[0], (counts.get(a.split('.')[0]) ?? 0) + 1);
    return [...counts].map(([t, k]) => `${t.replace(/^aws_/, '')} ×${k}`).join(', ');
  };
  const suppressed = new Map<string, { id: string; name: string; resources: Set<string>; reason: string }>();
  for (const r of rows) {
    for (const c of r.checks) {
      for (const x of c.suppressed) {
        const key = `${c.id} ${x.reason}`;
        const e = suppressed.get(key) ?? { id: c.id, name: c.name, resources: new Set<string>(), reason: x.reason };
        e.resources.add(x.resource);
        suppressed.set(key, e);
      }
    }
  }
  const { gdpr, pci, gaps } = cannotCover(m, ix);
  return [
    '## Compliance',
    '',
    'The shop declares GDPR and PCI DSS. Infrastructure can make personal and card data encrypted, private, logged and recoverable; it cannot decide what data the shop collects, ' +
      'where card numbers flow, or run the processes both regimes require. The matrix maps each requirement to the control this stack implements, the resources that implement it ' +
      `and the checkov checks that verify them, as the gate (\`npx jest __tests__/terraform/checkov.test.ts --selectProjects terraform\`) ran them on ${s ? `the ${s.key} stack` : 'no recorded stack'} ` +
      `(checkov ${COMPLIANCE_SCAN.checkov}, ${COMPLIANCE_SCAN.scanned}; "passed N" counts this row's resources the check passed on, "suppressed" ones are accepted with the reasons below). ` +
      'Followed by what this stack\'s settings leave open and what no infrastructure covers.',
    '',
    '### Control matrix',
    '',
    table(
      ['id', 'requirement', 'control in this stack', 'resources', 'verified by checkov'],
      rows.map((r) => [r.spec.id, `${r.spec.regime} ${r.spec.requirement}`, r.control, byType(r.resources), r.checks.map(cell).join('; ') || 'no checkov check covers it']),
    ),
    '',
    '### Resources per control',
    '',
    ...rows.map((r) => `- **${r.spec.id}**: ${r.resources.map((a) => `\`${a}\``).join(', ')}`),
    '',
    '### Suppressed checks these controls rely on',
    '',
    table(
      ['check', 'what checkov asks', 'resources', 'why it is accepted'],
      [...suppressed.values()].map((e) => [e.id, e.name, [...e.resources].map((a) => `\`${a}\``).join(', '), e.reason]),
    ),
    '',
    '### Gaps in this stack\'s settings',
    '',
    ...gaps.map((g) => `- ${g}`),
    '',
    '### What infrastructure cannot cover',
    '',
    '**GDPR**',
    '',
    ...gdpr.map((g) => `- ${g}`),
    '',
    '**PCI DSS**',
    '',
    ...pci.map((p) => `- ${p}`),
    '',
  ];
}
