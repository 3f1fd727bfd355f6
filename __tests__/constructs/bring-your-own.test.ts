import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Service } from '../../src/constructs/compute/ec2/service';
import { Cache } from '../../src/constructs/data/cache';
import { Database } from '../../src/constructs/data/database';
import { Cdn } from '../../src/constructs/edge/cdn';
import { StaticAssets } from '../../src/constructs/edge/static-assets';
import { LoadBalancer } from '../../src/constructs/network/load-balancer';
import { Firewall } from '../../src/constructs/shared/firewall';
import { PrivateBucket } from '../../src/constructs/shared/private-bucket';
import { demoLoadBalancerProps, demoWebProps, synthConstruct } from '../support/synth';

/**
 * Bring your own security group and log bucket, as aws-cdk-lib's `securityGroup` and `logAccessLogs(bucket)`: the
 * construct uses what it is given instead of creating one, and still writes the rules and grants it needs there.
 */
const APP_SG = 'sg-0aaaaaaaaaaaaaaa1';
const ALB_SG = 'sg-0bbbbbbbbbbbbbbb2';
const DB_SG = 'sg-0ccccccccccccccc3';
const CACHE_SG = 'sg-0ddddddddddddddd4';

describe('bring your own security group', () => {
  const { raw, resource } = synthConstruct((stack) => {
    const lb = new LoadBalancer(stack, 'lb', { ...demoLoadBalancerProps(), securityGroup: Firewall.fromSecurityGroupId(stack, 'alb-sg', ALB_SG) });
    const web = new Service(stack, 'web', { ...demoWebProps(), loadBalancer: lb, securityGroup: Firewall.fromSecurityGroupId(stack, 'app-sg', APP_SG) });
    const db = new Database(stack, 'db', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'], securityGroup: Firewall.fromSecurityGroupId(stack, 'db-sg', DB_SG) });
    const cache = new Cache(stack, 'cache', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'], securityGroup: Firewall.fromSecurityGroupId(stack, 'cache-sg', CACHE_SG) });
    db.connections.allowDefaultPortFrom(web, 'web to database');
    cache.connections.allowDefaultPortFrom(web, 'web to cache');
  });

  test('no security group is created: every tier runs in the group it was given', () => {
    expect(resource.aws_security_group).toBeUndefined();
    expect(raw).toHaveResourceWithProperties(Lb, { security_groups: [ALB_SG] });
    expect(raw).toHaveResourceWithProperties(LaunchTemplate, { vpc_security_group_ids: [APP_SG] });
    expect(raw).toHaveResourceWithProperties(DbInstance, { vpc_security_group_ids: [DB_SG] });
    expect(raw).toHaveResourceWithProperties(ElasticacheReplicationGroup, { security_group_ids: [CACHE_SG] });
    expect(raw).not.toHaveResource(SecurityGroup);
  });

  test('connections still wire each hop on the given groups, ingress there and egress here', () => {
    expect(raw).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { security_group_id: ALB_SG, cidr_ipv4: '0.0.0.0/0', from_port: 80 });
    expect(raw).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { security_group_id: APP_SG, referenced_security_group_id: ALB_SG, from_port: 8080 });
    expect(raw).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { security_group_id: ALB_SG, referenced_security_group_id: APP_SG, from_port: 8080 });
    expect(raw).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { security_group_id: DB_SG, referenced_security_group_id: APP_SG, from_port: 5432 });
    expect(raw).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { security_group_id: APP_SG, referenced_security_group_id: DB_SG, from_port: 5432 });
    expect(raw).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { security_group_id: CACHE_SG, referenced_security_group_id: APP_SG, from_port: 6379 });
    expect(raw).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { security_group_id: APP_SG, cidr_ipv4: '0.0.0.0/0', from_port: 443 });
  });

  test('a firewall can be shared: one created group serves two constructs', () => {
    const { resource: r } = synthConstruct((stack) => {
      const shared = new Firewall(stack, 'shared', { name: 'demo-data', vpcId: 'vpc-1', description: 'demo data tier' });
      new Database(stack, 'db', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'], securityGroup: shared });
      new Cache(stack, 'cache', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'], securityGroup: shared });
    });
    expect(Object.keys(r.aws_security_group)).toEqual([expect.stringMatching(/^shared_sg/)]);
    expect(Object.values(r.aws_db_instance)[0].vpc_security_group_ids).toEqual([expect.stringMatching(/aws_security_group\.shared_sg_\w+\.id/)]);
  });

  test('an id that is not a security group id fails at synth', () => {
    synthConstruct((stack) => {
      expect(() => Firewall.fromSecurityGroupId(stack, 'bad', 'vpc-123')).toThrow(/securityGroupId "vpc-123" is not a security group id/);
    });
  });
});

describe('bring your own log bucket', () => {
  const { raw, resource } = synthConstruct((stack) => {
    const albLogs = new PrivateBucket(stack, 'alb-logs', { namePrefix: 'central-alb-logs-' });
    for (const name of ['one', 'two']) {
      new LoadBalancer(stack, `lb-${name}`, { name, vpcId: 'vpc-1', publicSubnetIds: ['p-a', 'p-b'], accessLogBucket: albLogs, accessLogPrefix: `alb/${name}` });
    }
    const edgeLogs = new PrivateBucket(stack, 'edge-logs', { namePrefix: 'central-edge-logs-', objectOwnership: 'BucketOwnerPreferred' });
    const assets = new StaticAssets(stack, 'assets', { name: 'demo', logBucket: edgeLogs });
    new Cdn(stack, 'cdn', { name: 'demo', assets });
  });
  const buckets = Object.keys(resource.aws_s3_bucket);

  test('no log bucket is created: two load balancers log to the one given, each under its prefix', () => {
    expect(buckets.filter((b) => /logs/.test(b)).sort()).toEqual([expect.stringMatching(/^alb-logs_/), expect.stringMatching(/^edge-logs_/)]);
    expect(raw).toHaveResourceWithProperties(Lb, { name: 'one-alb', access_logs: { bucket: expect.stringMatching(/alb-logs_bucket_\w+\.id/), prefix: 'alb/one', enabled: true } });
    expect(raw).toHaveResourceWithProperties(Lb, { name: 'two-alb', access_logs: { bucket: expect.stringMatching(/alb-logs_bucket_\w+\.id/), prefix: 'alb/two', enabled: true } });
  });

  test('the given bucket admits ELB log delivery for each prefix, under distinct Sids', () => {
    const policy = Object.entries(resource.aws_s3_bucket_policy).find(([id]) => id.startsWith('alb-logs_'))![1];
    const statements: Array<{ Sid: string; Resource: string }> = JSON.parse(policy.policy).Statement;
    expect(statements.map((s) => s.Sid)).toEqual(['ElbAccountDelivery', 'ElbServiceDelivery', 'ElbAccountDelivery1', 'ElbServiceDelivery1', 'DenyInsecureTransport']);
    expect(statements[0].Resource).toMatch(/\/alb\/one\/AWSLogs\//);
    expect(statements[2].Resource).toMatch(/\/alb\/two\/AWSLogs\//);
  });

  test('S3 server access logs and CloudFront standard logs go to the given edge bucket', () => {
    expect(raw).toHaveResourceWithProperties(S3BucketLoggingA, { target_bucket: expect.stringMatching(/edge-logs_bucket_\w+\.bucket/), target_prefix: 's3/static/' });
    expect(raw).toHaveResourceWithProperties(CloudfrontDistribution, {
      logging_config: { bucket: expect.stringMatching(/edge-logs_bucket_\w+\.bucket_domain_name/), prefix: 'cloudfront/', include_cookies: false },
    });
  });

  test('a bucket log delivery cannot write to is refused with the fix', () => {
    synthConstruct((stack) => {
      const enforced = new PrivateBucket(stack, 'enforced', { namePrefix: 'x-' });
      expect(() => new StaticAssets(stack, 'assets', { name: 'demo', logBucket: enforced })).toThrow(
        /StaticAssets demo: logBucket: CloudFront standard logging writes with ACLs, and stack\/enforced disables them: create it with objectOwnership 'BucketOwnerPreferred'/,
      );
      const kms = new PrivateBucket(stack, 'kms', { namePrefix: 'k-', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1' });
      expect(() => new LoadBalancer(stack, 'lb', { name: 'k', vpcId: 'vpc-1', publicSubnetIds: ['p-a', 'p-b'], accessLogBucket: kms })).toThrow(/ELB access logs need SSE-S3/);
      const plain = new PrivateBucket(stack, 'plain', { namePrefix: 'p-' });
      expect(() => new LoadBalancer(stack, 'lb2', { name: 'p', vpcId: 'vpc-1', publicSubnetIds: ['p-a', 'p-b'], accessLogBucket: plain, accessLogs: false }))
        .toThrow(/accessLogBucket is given but accessLogs is false/);
      expect(() => new LoadBalancer(stack, 'lb3', { name: 'q', vpcId: 'vpc-1', publicSubnetIds: ['p-a', 'p-b'], accessLogPrefix: '/alb/' }))
        .toThrow(/accessLogPrefix "\/alb\/" must be S3 key characters/);
    });
  });
});
