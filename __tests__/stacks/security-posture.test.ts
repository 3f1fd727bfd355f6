import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin';
import { PROFILES } from '../../src/config/profiles';
import { LOG_RETENTION_DAYS } from '../../src/config/validate';
import { synthesizedProfiles } from '../support/profiles';
import { synthProfile, synthStack, testStack } from '../support/synth';
import { PrivateBucket } from '../../src/constructs/shared/private-bucket';
import { INGRESS_ALB_TAG } from '../../src/stacks/tiers/eks-compute';

/**
 * Security posture over the whole synthesized JSON of every profile, so any construct added later is
 * held to it too: private, encrypted, TLS-only buckets; log groups with retention; no `*` on `*` IAM;
 * 0.0.0.0/0 only where the public path needs it; HTTPS-only CloudFront; no plain-HTTP origin leg over the
 * internet and no 0.0.0.0/0 on an ALB behind CloudFront. Each audit returns the
 * problems it finds, and is itself tested against a stack that breaks every rule.
 */

type Block = Record<string, any>;
type Blocks = Record<string, Record<string, Block>>;
interface TfJson {
  resource?: Blocks;
  data?: Blocks;
}

const ANYWHERE = ['0.0.0.0/0', '::/0'];
const asList = (v: unknown): any[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const entries = (b: Blocks, type: string) => Object.entries(b[type] ?? {});
const refersTo = (value: unknown, type: string, id: string) =>
  new RegExp(`^\\$\\{${type}\\.${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(id|bucket|arn)\\}$`).test(String(value));

function bucketProblems(r: Blocks): string[] {
  const problems: string[] = [];
  const pointingAt = (type: string, id: string) => entries(r, type).filter(([, x]) => refersTo(x.bucket, 'aws_s3_bucket', id)).map(([, x]) => x);
  for (const [id, b] of entries(r, 'aws_s3_bucket')) {
    if (b.acl !== undefined || b.website !== undefined || b.policy !== undefined) problems.push(`${id}: inline acl/website/policy`);
    const pab = pointingAt('aws_s3_bucket_public_access_block', id);
    const blocked = pab.length === 1 && ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every((k) => pab[0][k] === true);
    if (!blocked) problems.push(`${id}: public access not fully blocked`);
    const sse = pointingAt('aws_s3_bucket_server_side_encryption_configuration', id);
    const algorithm = sse[0]?.rule?.[0]?.apply_server_side_encryption_by_default?.sse_algorithm;
    if (!['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algorithm)) problems.push(`${id}: no default encryption`);
    const policies = pointingAt('aws_s3_bucket_policy', id);
    const tlsOnly = policies.some((p) =>
      asList(JSON.parse(p.policy).Statement).some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
    );
    if (!tlsOnly) problems.push(`${id}: bucket policy does not deny plain HTTP`);
    for (const p of policies) {
      if (asList(JSON.parse(p.policy).Statement).some((s) => s.Effect === 'Allow' && (s.Principal === '*' || s.Principal?.AWS === '*'))) {
        problems.push(`${id}: bucket policy allows anyone`);
      }
    }
  }
  if (r.aws_s3_bucket_website_configuration) problems.push('a bucket serves a public website');
  for (const [id, acl] of entries(r, 'aws_s3_bucket_acl')) if (/public/.test(String(acl.acl))) problems.push(`${id}: public ACL`);
  return problems;
}

function logGroupProblems(r: Blocks): string[] {
  return entries(r, 'aws_cloudwatch_log_group')
    .filter(([, g]) => !(LOG_RETENTION_DAYS as readonly number[]).includes(g.retention_in_days))
    .map(([id]) => `${id}: no retention`);
}

function iamProblems(r: Blocks, data: Blocks): string[] {
  const problems: string[] = [];
  const documents: { where: string; statements: any[] }[] = [];
  for (const [type, blocks] of Object.entries(r)) {
    for (const [id, x] of Object.entries(blocks)) {
      for (const key of ['policy', 'assume_role_policy', 'inline_policy']) {
        if (typeof x[key] !== 'string') continue;
        try {
          documents.push({ where: `${type}.${id}`, statements: asList(JSON.parse(x[key]).Statement) });
        } catch {
          problems.push(`${type}.${id}.${key}: not rendered JSON, cannot be audited (build it with policyDocument())`);
        }
      }
    }
  }
  for (const [id, d] of entries(data, 'aws_iam_policy_document')) {
    const statements = asList(d.statement).map((s) => ({ Effect: s.effect ?? 'Allow', Action: s.actions, NotAction: s.not_actions, Resource: s.resources }));
    documents.push({ where: `data.aws_iam_policy_document.${id}`, statements });
  }
  for (const { where, statements } of documents) {
    for (const s of statements.filter((x) => x.Effect === 'Allow')) {
      const everyAction = asList(s.Action).includes('*') || s.NotAction !== undefined;
      if (everyAction && asList(s.Resource).includes('*')) problems.push(`${where}: allows * on *`);
    }
  }
  for (const [id, a] of entries(r, 'aws_iam_role_policy_attachment')) {
    if (/policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(String(a.policy_arn))) problems.push(`${id}: attaches ${a.policy_arn}`);
  }
  return problems;
}

function networkProblems(r: Blocks): string[] {
  const problems: string[] = [];
  const publicLbGroups = new Set(entries(r, 'aws_lb').filter(([, lb]) => lb.internal !== true).flatMap(([, lb]) => asList(lb.security_groups).map(String)));
  // A Beanstalk environment's ALB is created by Beanstalk: its groups are the aws:elbv2:loadbalancer SecurityGroups setting.
  for (const [, env] of entries(r, 'aws_elastic_beanstalk_environment')) {
    const setting = (namespace: string, name: string) => asList(env.setting).find((x) => x.namespace === namespace && x.name === name)?.value;
    if (setting('aws:ec2:vpc', 'ELBScheme') !== 'public') continue;
    String(setting('aws:elbv2:loadbalancer', 'SecurityGroups') ?? '').split(',').filter(Boolean).forEach((g) => publicLbGroups.add(g.trim()));
  }
  // EKS: the Ingress ALB is EKS Auto Mode's, its security group the stack's (tagged as such).
  for (const [id, sg] of entries(r, 'aws_security_group')) if (sg.tags?.[INGRESS_ALB_TAG] === 'true') publicLbGroups.add(`\${aws_security_group.${id}.id}`);
  const open = (rule: Block) => ANYWHERE.includes(rule.cidr_ipv4) || ANYWHERE.includes(rule.cidr_ipv6);
  for (const [id, rule] of entries(r, 'aws_vpc_security_group_ingress_rule').filter(([, x]) => open(x))) {
    if (!publicLbGroups.has(rule.security_group_id)) problems.push(`${id}: internet ingress to a group that is not a public load balancer's`);
    else if (rule.from_port !== rule.to_port || ![80, 443].includes(rule.from_port)) problems.push(`${id}: internet ingress beyond 80/443`);
  }
  for (const [id, rule] of entries(r, 'aws_vpc_security_group_egress_rule').filter(([, x]) => open(x))) {
    if (rule.ip_protocol !== 'tcp' || rule.from_port !== 443 || rule.to_port !== 443) problems.push(`${id}: egress to anywhere other than HTTPS`);
  }
  // Rules live in Firewall as separate resources; inline or legacy rule blocks would bypass this audit.
  for (const [id, sg] of entries(r, 'aws_security_group')) if (sg.ingress !== undefined || sg.egress !== undefined) problems.push(`${id}: inline rules`);
  for (const [id] of entries(r, 'aws_security_group_rule')) problems.push(`${id}: legacy aws_security_group_rule`);
  for (const [id, d] of entries(r, 'aws_default_security_group')) if (asList(d.ingress).length || asList(d.egress).length) problems.push(`${id}: default group has rules`);
  return problems;
}

function cdnProblems(r: Blocks): string[] {
  const problems: string[] = [];
  for (const [id, d] of entries(r, 'aws_cloudfront_distribution')) {
    for (const b of [d.default_cache_behavior, ...asList(d.ordered_cache_behavior)]) {
      if (!['redirect-to-https', 'https-only'].includes(b.viewer_protocol_policy)) problems.push(`${id}: ${b.path_pattern ?? 'default'} allows plain HTTP`);
    }
    if (d.viewer_certificate.acm_certificate_arn && d.viewer_certificate.minimum_protocol_version !== 'TLSv1.2_2021') problems.push(`${id}: TLS below 1.2_2021`);
  }
  if (r.aws_cloudfront_origin_access_identity) problems.push('legacy origin access identity: use Origin Access Control');
  return problems;
}

/** `aws_lb.<id>` a Terraform expression refers to (`${aws_lb.<id>.dns_name}`, `.arn`), if any. */
const lbOf = (value: unknown) => /^\$\{aws_lb\.([^.]+)\.(dns_name|arn)\}$/.exec(String(value))?.[1];

/**
 * The origin leg: with CloudFront in front of an ALB, the leg never crosses the internet in the clear
 * (custom origins are https-only; VPC origins reach internal ALBs only), and an ALB behind CloudFront
 * admits no 0.0.0.0/0 (only CloudFront's origin-facing prefix list), so nobody goes around the CDN.
 */
function albsBehindCdn(r: Blocks): Set<string> {
  const behindCdn = new Set<string>();
  // By DNS name, by an alias record CloudFront connects to (origin.<domain>), or by a VPC origin's ARN.
  const aliasOf = new Map(entries(r, 'aws_route53_record').filter(([, x]) => x.alias).map(([, x]) => [String(x.name), lbOf(x.alias.name)]));
  for (const [, d] of entries(r, 'aws_cloudfront_distribution')) {
    for (const o of asList(d.origin)) {
      const lb = lbOf(o.domain_name) ?? aliasOf.get(String(o.domain_name));
      if (lb) behindCdn.add(lb);
    }
  }
  for (const [, v] of entries(r, 'aws_cloudfront_vpc_origin')) {
    const lb = lbOf(v.vpc_origin_endpoint_config?.[0]?.arn);
    if (lb) behindCdn.add(lb);
  }
  return behindCdn;
}

function originProblems(r: Blocks): string[] {
  const problems: string[] = [];
  for (const [id, d] of entries(r, 'aws_cloudfront_distribution')) {
    for (const o of asList(d.origin)) {
      if (o.custom_origin_config && o.custom_origin_config.origin_protocol_policy !== 'https-only') {
        problems.push(`${id}: origin ${o.origin_id} is reached in plain HTTP over the internet (${o.custom_origin_config.origin_protocol_policy})`);
      }
    }
  }
  for (const [id, v] of entries(r, 'aws_cloudfront_vpc_origin')) {
    const lb = lbOf(v.vpc_origin_endpoint_config?.[0]?.arn);
    if (lb && r.aws_lb?.[lb]?.internal !== true) problems.push(`${id}: VPC origin to aws_lb.${lb}, which is not internal`);
  }
  const behindCdn = albsBehindCdn(r);
  const lbs = r.aws_lb ?? {};
  for (const lb of behindCdn) {
    const groups = new Set(asList(lbs[lb]?.security_groups).map(String));
    for (const [rid, rule] of entries(r, 'aws_vpc_security_group_ingress_rule')) {
      if (groups.has(rule.security_group_id) && (ANYWHERE.includes(rule.cidr_ipv4) || ANYWHERE.includes(rule.cidr_ipv6))) {
        problems.push(`${rid}: internet ingress to aws_lb.${lb}, which CloudFront fronts (admit CloudFront's origin-facing prefix list only)`);
      }
    }
  }
  return problems;
}

const audit = (json: TfJson) => {
  const r = json.resource ?? {};
  const data = json.data ?? {};
  return {
    buckets: bucketProblems(r), logGroups: logGroupProblems(r), iam: iamProblems(r, data), network: networkProblems(r), cdn: cdnProblems(r), origins: originProblems(r),
  };
};

describe.each(Object.keys(PROFILES))('security posture of profile %s', (name) => {
  // What `npm run synth` ships for this profile, synthesized once per run for every test file (support/profiles.ts).
  const json = synthesizedProfiles().read(name) as TfJson;
  const found = audit(json);
  const r = json.resource ?? {};

  test('every S3 bucket is private, encrypted at rest and TLS-only', () => {
    expect(found.buckets).toEqual([]);
  });
  test('every log group has a retention CloudWatch accepts (never "forever")', () => {
    expect(found.logGroups).toEqual([]);
  });
  test('no IAM policy allows every action on every resource, and no admin managed policies', () => {
    expect(found.iam).toEqual([]);
  });
  test('0.0.0.0/0 ingress only to internet-facing load balancers on 80/443; egress to anywhere only HTTPS', () => {
    expect(found.network).toEqual([]);
  });
  test('CloudFront serves viewers over HTTPS only, S3 through OAC', () => {
    expect(found.cdn).toEqual([]);
  });
  test('no plain-HTTP origin leg over the internet, and an ALB behind CloudFront admits no 0.0.0.0/0', () => {
    expect(found.origins).toEqual([]);
  });
  test('the audit saw the resources it guards', () => {
    expect(Object.keys(r.aws_security_group ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(r.aws_cloudwatch_log_group ?? {}).length).toBeGreaterThan(0);
    if (PROFILES[name].cdn) expect(Object.keys(r.aws_s3_bucket ?? {}).length).toBeGreaterThanOrEqual(2);
    // CloudFront in front of the ALB: the origin audit had an ALB to check.
    // A standby DR tier's ALB is CloudFront's second (standby) origin, audited the same way.
    const standby = ['pilot-light', 'warm-standby'].includes(PROFILES[name].disasterRecovery?.strategy ?? '');
    expect(albsBehindCdn(r).size).toBe(PROFILES[name].cdn?.albOrigin ? (standby ? 2 : 1) : 0);
  });
});

describe('security posture of ecommerce with a domain (HTTPS origin leg to a public ALB)', () => {
  const profile = { ...PROFILES.ecommerce, dns: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', domainName: 'shop.example.com', failover: 'none' as const } };
  const json = synthProfile(profile).json as TfJson;
  test('the public ALB behind CloudFront passes the origin and network audits', () => {
    const r = json.resource ?? {};
    expect(albsBehindCdn(r).size).toBe(1);
    expect(Object.values(r.aws_lb ?? {})[0].internal).toBe(false);
    expect(audit(json)).toMatchObject({ origins: [], network: [], cdn: [] });
  });
});

describe('the audit itself', () => {
  test('reports each kind of violation', () => {
    const stack = testStack();
    new PrivateBucket(stack, 'good', { namePrefix: 'good-' });
    new S3Bucket(stack, 'naked', { bucketPrefix: 'naked-' });
    new CloudwatchLogGroup(stack, 'forever', { name: 'forever' });
    new IamPolicy(stack, 'admin', { name: 'admin', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) });
    new IamRolePolicyAttachment(stack, 'poweruser', { role: 'r', policyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    const sg = new SecurityGroup(stack, 'app', { name: 'app', vpcId: 'vpc-1' });
    new VpcSecurityGroupIngressRule(stack, 'ssh', { securityGroupId: sg.id, cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 22, toPort: 22 });
    new VpcSecurityGroupEgressRule(stack, 'all-out', { securityGroupId: sg.id, cidrIpv4: '0.0.0.0/0', ipProtocol: '-1' });
    // CloudFront in front of a public ALB open to the internet, in plain HTTP, and a VPC origin to it.
    const lbGroup = new SecurityGroup(stack, 'lb-sg', { name: 'lb', vpcId: 'vpc-1' });
    new VpcSecurityGroupIngressRule(stack, 'lb-http', { securityGroupId: lbGroup.id, cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 80, toPort: 80 });
    const lb = new Lb(stack, 'public-lb', { name: 'public', internal: false, securityGroups: [lbGroup.id], subnets: ['subnet-a', 'subnet-b'] });
    const vpcOrigin = new CloudfrontVpcOrigin(stack, 'to-public', {
      vpcOriginEndpointConfig: [{ name: 'x', arn: lb.arn, httpPort: 80, httpsPort: 443, originProtocolPolicy: 'http-only', originSslProtocols: [{ items: ['TLSv1.2'], quantity: 1 }] }],
    });
    new CloudfrontDistribution(stack, 'cdn', {
      enabled: true,
      origin: [
        { originId: 'alb', domainName: lb.dnsName, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'http-only', originSslProtocols: ['TLSv1.2'] } },
        { originId: 'private', domainName: 'internal.example', vpcOriginConfig: { vpcOriginId: vpcOrigin.id } },
      ],
      defaultCacheBehavior: { targetOriginId: 'alb', viewerProtocolPolicy: 'redirect-to-https', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], cachePolicyId: 'x' },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: { cloudfrontDefaultCertificate: true },
    });
    const found = audit(synthStack(stack).json as TfJson);
    expect(found.buckets).toEqual([
      expect.stringMatching(/^naked(_.*)?: public access not fully blocked$/),
      expect.stringMatching(/^naked(_.*)?: no default encryption$/),
      expect.stringMatching(/^naked(_.*)?: bucket policy does not deny plain HTTP$/),
    ]);
    expect(found.logGroups).toEqual([expect.stringMatching(/^forever(_.*)?: no retention$/)]);
    expect(found.iam).toEqual([expect.stringMatching(/^aws_iam_policy\.admin(_.*)?: allows \* on \*$/), expect.stringMatching(/PowerUserAccess$/)]);
    expect(found.network).toEqual([
      expect.stringMatching(/^ssh(_.*)?: internet ingress to a group that is not a public load balancer's$/),
      expect.stringMatching(/^all-out(_.*)?: egress to anywhere other than HTTPS$/),
    ]);
    expect(found.origins).toEqual([
      expect.stringMatching(/^cdn(_.*)?: origin alb is reached in plain HTTP over the internet \(http-only\)$/),
      expect.stringMatching(/^to-public(_.*)?: VPC origin to aws_lb\.public-lb(_.*)?, which is not internal$/),
      expect.stringMatching(/^lb-http(_.*)?: internet ingress to aws_lb\.public-lb(_.*)?, which CloudFront fronts/),
    ]);
  });
});
