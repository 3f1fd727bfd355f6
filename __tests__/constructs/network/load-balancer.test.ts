import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { LoadBalancer, LoadBalancerProps } from '../../../src/constructs/network/load-balancer';
import { Resources, synthStack, testStack } from '../../support/synth';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666';

/** Synthesizes one load balancer with a default (`/*`) web service and an `/api/*` service. */
const synthLb = (props: Partial<LoadBalancerProps> = {}) => {
  const stack = testStack();
  const lb = new LoadBalancer(stack, 'lb', {
    name: 'demo-dev',
    vpcId: 'vpc-123',
    publicSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    ...props,
  });
  const web = lb.addService({ name: 'demo-dev-web', port: 8080, healthCheckPath: '/health' });
  const api = lb.addService({ name: 'demo-dev-api', port: 9090, healthCheckPath: '/api/health', pathPatterns: ['/api/*'] });
  new TerraformOutput(stack, 'web_label', { value: web.requestCountResourceLabel });
  new TerraformOutput(stack, 'api_suffix', { value: api.targetGroupArnSuffix });
  new TerraformOutput(stack, 'url', { value: lb.url });
  new TerraformOutput(stack, 'unhealthy', { value: lb.metricUnhealthyHosts(web) });
  new TerraformOutput(stack, 'latency', { value: lb.metricTargetResponseTime() });
  const { raw, resource, data, output } = synthStack(stack);
  return { raw, lb, output: (name: string) => output[name].value, resource, data };
};

const listeners = (r: Resources) => Object.values(r.aws_lb_listener);
const byPort = (r: Resources, port: number) => listeners(r).find((l) => l.port === port)!;
const ingress = (r: Resources) => Object.values(r.aws_vpc_security_group_ingress_rule ?? {});

describe('LoadBalancer without a certificate (HTTP forwards)', () => {
  const { raw, resource, output } = synthLb();

  test('internet-facing ALB in every public subnet, invalid headers dropped, no deletion protection by default', () => {
    expect(raw).toHaveResourceWithProperties(Lb, {
      name: 'demo-dev-alb',
      load_balancer_type: 'application',
      internal: false,
      subnets: ['subnet-a', 'subnet-b', 'subnet-c'],
      drop_invalid_header_fields: true,
      enable_deletion_protection: false,
      idle_timeout: 60,
    });
  });

  test('only an HTTP listener, whose default action forwards to the /* service', () => {
    expect(listeners(resource)).toHaveLength(1);
    const http = byPort(resource, 80);
    expect(http.protocol).toBe('HTTP');
    expect(http.default_action).toEqual([{ type: 'forward', target_group_arn: expect.stringMatching(/aws_lb_target_group\.lb_tg-demo-dev-web_\w+\.arn/) }]);
  });

  test('narrower services get a listener rule with their path patterns', () => {
    const rules = Object.values(resource.aws_lb_listener_rule);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      priority: 100,
      condition: [{ path_pattern: { values: ['/api/*'] } }],
      action: [{ type: 'forward', target_group_arn: expect.stringMatching(/lb_tg-demo-dev-api_\w+\.arn/) }],
    });
    expect(rules[0].listener_arn).toMatch(/aws_lb_listener\.lb_http_\w+\.arn/);
  });

  test('target groups health-check the service path with tuned thresholds and drain for 30 s', () => {
    expect(raw).toHaveResourceWithProperties(LbTargetGroup, {
      name: 'demo-dev-web',
      port: 8080,
      protocol: 'HTTP',
      target_type: 'instance',
      deregistration_delay: '30',
      health_check: {
        enabled: true,
        path: '/health',
        port: 'traffic-port',
        protocol: 'HTTP',
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
      },
    });
    const api = Object.values(resource.aws_lb_target_group).find((tg) => tg.name === 'demo-dev-api')!;
    expect(api).toMatchObject({ port: 9090, health_check: { path: '/api/health' } });
  });

  test('the security group admits port 80 from the internet and nothing else (no 443 without a listener)', () => {
    const rules = ingress(resource);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ cidr_ipv4: '0.0.0.0/0', from_port: 80, to_port: 80, ip_protocol: 'tcp' });
  });

  test('request-count labels join the ALB and target-group ARN suffixes', () => {
    expect(output('web_label')).toMatch(/^\$\{aws_lb\.lb_alb_\w+\.arn_suffix\}\/\$\{aws_lb_target_group\.lb_tg-demo-dev-web_\w+\.arn_suffix\}$/);
    expect(output('api_suffix')).toMatch(/lb_tg-demo-dev-api_\w+\.arn_suffix/);
  });

  test('metrics carry the ALB (and target group) dimensions, so alarms never hand-build them', () => {
    expect(output('unhealthy')).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      metricName: 'UnHealthyHostCount',
      statistic: 'Maximum',
      dimensions: {
        LoadBalancer: expect.stringMatching(/aws_lb\.lb_alb_\w+\.arn_suffix/),
        TargetGroup: expect.stringMatching(/lb_tg-demo-dev-web_\w+\.arn_suffix/),
      },
    });
    expect(output('latency')).toMatchObject({ metricName: 'TargetResponseTime', statistic: 'p95', dimensions: { LoadBalancer: expect.any(String) } });
    expect(output('latency').dimensions.TargetGroup).toBeUndefined();
  });
});

describe('LoadBalancer with a certificate (HTTP redirects to HTTPS)', () => {
  const { resource, output } = synthLb({ certificateArn: CERT, deletionProtection: true });

  test('HTTP answers with a permanent redirect to HTTPS on 443', () => {
    expect(byPort(resource, 80).default_action).toEqual([
      { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
    ]);
  });

  test('HTTPS listener uses the certificate and a TLS 1.3/1.2 policy and forwards to the /* service', () => {
    const https = byPort(resource, 443);
    expect(https).toMatchObject({ protocol: 'HTTPS', certificate_arn: CERT, ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(https.default_action[0]).toMatchObject({ type: 'forward' });
    expect(Object.values(resource.aws_lb_listener_rule)[0].listener_arn).toMatch(/aws_lb_listener\.lb_https_\w+\.arn/);
    expect(output('url')).toMatch(/^https:\/\/\$\{aws_lb\.lb_alb_\w+\.dns_name\}$/);
  });

  test('the security group admits 80 and 443 from the internet', () => {
    const ports = ingress(resource).map((r) => [r.cidr_ipv4, r.from_port]);
    expect(ports).toEqual([['0.0.0.0/0', 80], ['0.0.0.0/0', 443]]);
  });

  test('deletion protection when asked (production)', () => {
    expect(Object.values(resource.aws_lb)[0].enable_deletion_protection).toBe(true);
  });
});

describe('LoadBalancer access logs', () => {
  const { raw, resource, data } = synthLb();
  const bucketPolicy = JSON.parse(Object.values(resource.aws_s3_bucket_policy)[0].policy);
  const statement = (sid: string) => bucketPolicy.Statement.find((s: any) => s.Sid === sid);

  test('the ALB logs to the bucket under the alb/ prefix and waits for the bucket policy', () => {
    const alb = Object.values(resource.aws_lb)[0];
    expect(alb.access_logs).toEqual({ bucket: expect.stringMatching(/aws_s3_bucket\.lb_access-logs_\w+\.id/), prefix: 'alb', enabled: true });
    expect(alb.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.lb_access-logs_policy_\w+$/)]);
  });

  test('bucket: SSE-S3 (not KMS), public access blocked, ownership enforced, expiry lifecycle', () => {
    const sse = Object.values(resource.aws_s3_bucket_server_side_encryption_configuration)[0];
    expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    expect(raw).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(raw).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    const rules = Object.values(resource.aws_s3_bucket_lifecycle_configuration)[0].rule as Record<string, any>[];
    expect(rules.find((r) => r.id === 'expire-objects')).toMatchObject({ status: 'Enabled', expiration: [{ days: 90 }] });
    expect(rules.find((r) => r.id === 'expire-noncurrent-versions')).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 7 }] });
    expect(rules.find((r) => r.id === 'abort-incomplete-multipart-uploads')).toMatchObject({ abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] });
    expect(Object.values(resource.aws_s3_bucket)[0]).toMatchObject({ bucket_prefix: 'demo-dev-alb-logs-', force_destroy: false });
  });

  test('bucket policy: TLS only, PutObject for the regional ELB account and the log-delivery service', () => {
    expect(statement('DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(data.aws_elb_service_account).toBeDefined();
    expect(statement('ElbAccountDelivery')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: expect.stringMatching(/data\.aws_elb_service_account\.lb_access-logs_elb-account_\w+\.arn/) },
      Action: 's3:PutObject',
      Resource: expect.stringMatching(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\.account\.account_id\}\/\*$/),
    });
    expect(statement('ElbServiceDelivery')).toMatchObject({
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
    });
  });

  test('no bucket at all when access logs are off', () => {
    const { resource: r } = synthLb({ accessLogs: false });
    expect(r.aws_s3_bucket).toBeUndefined();
    expect(Object.values(r.aws_lb)[0].access_logs).toBeUndefined();
  });
});

describe('LoadBalancer with a required origin header (CloudFront)', () => {
  const { resource } = synthLb({ requiredHeader: { name: 'X-Origin-Verify', value: 's3cr3t' } });

  test('the default action is a fixed 403', () => {
    expect(byPort(resource, 80).default_action).toEqual([
      { type: 'fixed-response', fixed_response: { content_type: 'text/plain', status_code: '403', message_body: 'Forbidden' } },
    ]);
  });

  test('every route, including the catch-all, also requires the header', () => {
    const rules = Object.values(resource.aws_lb_listener_rule);
    expect(rules.map((r) => r.priority).sort()).toEqual([100, 50000]);
    for (const rule of rules) {
      expect(rule.condition).toContainEqual({ http_header: { http_header_name: 'X-Origin-Verify', values: ['s3cr3t'] } });
      expect(rule.action[0].type).toBe('forward');
    }
    const catchAll = rules.find((r) => r.priority === 50000)!;
    expect(catchAll.condition).toContainEqual({ path_pattern: { values: ['/*'] } });
  });
});

describe('LoadBalancer reachable from CloudFront only', () => {
  const prefixList = (data: Resources) => Object.values(data.aws_ec2_managed_prefix_list);

  test('internal behind a VPC origin: private subnets, no public address, HTTP from the origin-facing prefix list only', () => {
    const { resource, data } = synthLb({ internalSubnetIds: ['subnet-app-a', 'subnet-app-b'], reachableFrom: 'cloudfront' });
    const alb = Object.values(resource.aws_lb)[0];
    expect(alb).toMatchObject({ internal: true, subnets: ['subnet-app-a', 'subnet-app-b'] });
    expect(prefixList(data)).toEqual([expect.objectContaining({ name: 'com.amazonaws.global.cloudfront.origin-facing' })]);
    expect(ingress(resource)).toEqual([
      expect.objectContaining({ from_port: 80, to_port: 80, ip_protocol: 'tcp', prefix_list_id: expect.stringMatching(/^\$\{data\.aws_ec2_managed_prefix_list\./) }),
    ]);
    expect(ingress(resource)[0].cidr_ipv4).toBeUndefined();
    expect(Object.values(resource.aws_security_group)[0].description).toBe('Internal ALB of demo-dev: HTTP from CloudFront only, app ports out');
  });

  test('public with a certificate: HTTPS from the prefix list only (one rule: the list weighs ~55 of the 60 rules)', () => {
    const { resource } = synthLb({ certificateArn: CERT, reachableFrom: 'cloudfront' });
    expect(Object.values(resource.aws_lb)[0].internal).toBe(false);
    expect(ingress(resource).map((x) => [x.from_port, x.prefix_list_id !== undefined, x.cidr_ipv4])).toEqual([[443, true, undefined]]);
  });

  test('internal subnets are checked like public ones', () => {
    const stack = new TerraformStack(Testing.app(), 'one-internal');
    expect(() => new LoadBalancer(stack, 'lb', { name: 'x', vpcId: 'vpc-1', publicSubnetIds: ['subnet-a', 'subnet-b'], internalSubnetIds: ['subnet-p'] })).toThrow(
      /internalSubnetIds has 1 subnet\(s\); an ALB needs at least 2 AZs/,
    );
  });
});

describe('LoadBalancer refuses bad input', () => {
  const make = () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    return new LoadBalancer(stack, 'lb', { name: 'x', vpcId: 'vpc-1', publicSubnetIds: ['subnet-a', 'subnet-b'] });
  };

  test('a single subnet', () => {
    const stack = new TerraformStack(Testing.app(), 'one');
    expect(() => new LoadBalancer(stack, 'lb', { name: 'x', vpcId: 'vpc-1', publicSubnetIds: ['subnet-a'] })).toThrow(/at least 2 AZs/);
  });

  test('two catch-all services, clashing priorities, bad paths', () => {
    const lb = make();
    lb.addService({ name: 'a', port: 8080 });
    expect(() => lb.addService({ name: 'b', port: 8080 })).toThrow(/already routes "\/\*"/);
    lb.addService({ name: 'c', port: 8080, pathPatterns: ['/c/*'], priority: 5 });
    expect(() => lb.addService({ name: 'd', port: 8080, pathPatterns: ['/d/*'], priority: 5 })).toThrow(/priority 5 is already used/);
    expect(() => lb.addService({ name: 'e', port: 8080, pathPatterns: ['e/*'] })).toThrow(/must start with '\/'/);
    expect(() => lb.addService({ name: 'f', pathPatterns: ['/f/*'] })).toThrow(/give port or targetGroup/);
  });
});
