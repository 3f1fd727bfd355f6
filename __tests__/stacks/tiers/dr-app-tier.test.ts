import { Resources, synthProfile } from '../../support/synth';
import { ecommerce, fastier } from '../../../src/config/profiles';
import { ProfileConfig } from '../../../src/config/types';
import { validateProfile } from '../../../src/config/validate';
import { DR_TAG, PRIMARY_ONLY_BUCKETS, REBUILT_ON_FAILOVER } from '../../../src/constructs/dr/dr-props';
import { drSecrets } from '../../../src/stacks/tiers/dr-app-tier';

type Block = Record<string, any>;
const synth = (p: ProfileConfig) => synthProfile(validateProfile(p));
const list = (r: Resources, type: string): Array<[string, Block]> => Object.entries(r[type] ?? {});
const inDr = (r: Resources, type: string) => list(r, type).filter(([, x]) => x.provider === 'aws.dr');
const inPrimary = (r: Resources, type: string) => list(r, type).filter(([, x]) => x.provider === undefined);

describe('ecommerce: pilot light in us-west-2', () => {
  const { resource: r, output, json } = synth(ecommerce);

  test('each service has a launch template and an Auto Scaling group at 0 in the DR region, paired by Service tag', () => {
    const groups = inDr(r, 'aws_autoscaling_group');
    expect(groups.map(([, g]) => g.name).sort()).toEqual(['shop-production-dr-api', 'shop-production-dr-orders', 'shop-production-dr-web']);
    for (const [, g] of groups) {
      const service = g.tag.find((t: Block) => t.key === 'Service').value;
      const primary = inPrimary(r, 'aws_autoscaling_group').find(([, p]) => p.tag.some((t: Block) => t.key === 'Service' && t.value === service))![1];
      expect({ min: g.min_size, desired: g.desired_capacity, max: g.max_size }).toEqual({ min: 0, desired: 0, max: primary.max_size });
      expect(g.tag).toContainEqual({ key: DR_TAG, value: 'pilot-light', propagate_at_launch: true });
      expect(g.launch_template.id).toMatch(/^\$\{aws_launch_template\.dr_region_/);
      // Schedules and warm pools would run instances a pilot light must not.
      expect(g.warm_pool).toBeUndefined();
    }
    expect(inDr(r, 'aws_launch_template')).toHaveLength(3);
    for (const [, lt] of inDr(r, 'aws_launch_template')) {
      expect(lt.metadata_options.http_tokens).toBe('required');
      expect(lt.tags[DR_TAG]).toBe('pilot-light');
      // The default Amazon Linux image: the public parameter resolves in the DR region too.
      expect(lt.image_id).toMatch(/^\$\{data\.aws_ssm_parameter\.dr_region_/);
    }
    expect(list(r, 'aws_autoscaling_schedule').filter(([id]) => id.startsWith('dr_'))).toEqual([]);
  });

  test('the DR ALB (internal, behind CloudFront) with a target group per web service and the same routes', () => {
    const [[albId, alb]] = inDr(r, 'aws_lb');
    expect(alb).toMatchObject({ internal: true, name: 'shop-production-dr-alb', tags: { [DR_TAG]: 'pilot-light' } });
    expect(alb.subnets.every((s: string) => /aws_subnet\.data_dr-network_app-/.test(s))).toBe(true);
    expect(inDr(r, 'aws_lb_target_group')).toHaveLength(2);
    expect(inDr(r, 'aws_lb_listener').map(([, l]) => l.load_balancer_arn)).toEqual([`\${aws_lb.${albId}.arn}`]);
    // api by its path, web on everything else (the listener's default action, as on the primary).
    expect(inDr(r, 'aws_lb_listener_rule').flatMap(([, x]) => x.condition.flatMap((c: Block) => c.path_pattern?.values ?? []))).toEqual(['/api/*']);
    expect(JSON.stringify(inDr(r, 'aws_lb_listener')[0][1].default_action)).toMatch(/aws_lb_target_group\.dr_region_load-balancer_service-shop-production-dr-web|aws_lb_target_group\.dr_region_/);
    // Tier to tier: the ALB admits CloudFront only, the app groups admit the ALB only, the replica admits the app groups.
    const rules = inDr(r, 'aws_vpc_security_group_ingress_rule').map(([, x]) => x);
    expect(rules.filter((x) => x.cidr_ipv4 === '0.0.0.0/0')).toEqual([]);
    const dbIngress = list(r, 'aws_vpc_security_group_ingress_rule').filter(([, x]) => /data_database_dr_firewall/.test(x.security_group_id));
    expect(dbIngress.map(([, x]) => x.referenced_security_group_id).sort()).toEqual(
      ['api', 'orders', 'web'].map((s) => expect.stringMatching(new RegExp(`aws_security_group\\.dr_region_service-${s}_firewall`))),
    );
    expect(output.disaster_recovery.value.alb_dns_name).toBe(`\${aws_lb.${albId}.dns_name}`);
    // ecommerce's regional WAF protects the DR ALB too (a web ACL guards resources in its own region only).
    expect(inDr(r, 'aws_wafv2_web_acl_association').map(([, a]) => a.resource_arn)).toEqual([`\${aws_lb.${albId}.arn}`]);
  });

  test('bundle and static buckets replicate to KMS / SSE-S3 replicas, with metrics (and Time Control for bundles), by a least-privilege role', () => {
    const configs = list(r, 'aws_s3_bucket_replication_configuration');
    expect(configs).toHaveLength(4);
    for (const [id, c] of configs) {
      expect(c.provider).toBeUndefined();
      const rule = c.rule[0];
      expect(rule).toMatchObject({ status: 'Enabled', delete_marker_replication: { status: 'Enabled' } });
      expect(rule.destination.metrics).toEqual({ status: 'Enabled', event_threshold: { minutes: 15 } });
      const bundles = id.includes('bundles');
      expect(rule.destination.replication_time).toEqual(bundles ? { status: 'Enabled', time: { minutes: 15 } } : undefined);
      expect(c.depends_on.filter((d: string) => d.startsWith('aws_s3_bucket_versioning.'))).toHaveLength(2);
      const dest = rule.destination.bucket.match(/aws_s3_bucket\.([^.]+)\.arn/)[1];
      expect(r.aws_s3_bucket[dest].provider).toBe('aws.dr');
      const encryption = list(r, 'aws_s3_bucket_server_side_encryption_configuration').find(([, e]) => e.bucket === `\${aws_s3_bucket.${dest}.id}`)![1];
      const sse = encryption.rule[0].apply_server_side_encryption_by_default;
      expect(sse.sse_algorithm).toBe(bundles ? 'aws:kms' : 'AES256');
      if (bundles) expect(sse.kms_master_key_id).toMatch(/aws_kms_key\.dr_region_bucket-key_/);
      const roleId = c.role.match(/aws_iam_role\.([^.]+)\.arn/)[1];
      expect(JSON.parse(r.aws_iam_role[roleId].assume_role_policy).Statement[0].Principal).toEqual({ Service: 's3.amazonaws.com' });
      const policy = list(r, 'aws_iam_role_policy').find(([, p]) => p.role === `\${aws_iam_role.${roleId}.id}`)![1];
      const statements = JSON.parse(policy.policy).Statement as Block[];
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
      for (const s of statements) expect([s.Resource].flat().every((x: string) => /^\$\{aws_(s3_bucket|kms_key)\./.test(x))).toBe(true);
      expect(actions).toEqual(expect.arrayContaining(['s3:ReplicateObject', 's3:GetObjectVersionForReplication']));
    }
    expect(output.disaster_recovery.value.replicated_buckets).toHaveLength(4);
  });

  test('CloudFront fails static paths over from the primary bucket to its DR replica (origin group); the DR ALB waits as origin alb-dr', () => {
    const [cdn] = Object.values(r.aws_cloudfront_distribution);
    expect(cdn.origin_group).toEqual([
      { origin_id: 's3-static-failover', failover_criteria: { status_codes: [500, 502, 503, 504] }, member: [{ origin_id: 's3-static' }, { origin_id: 's3-static-dr' }] },
    ]);
    expect(cdn.ordered_cache_behavior.map((b: Block) => [b.path_pattern, b.target_origin_id, b.allowed_methods])).toEqual([
      ['/static/*', 's3-static-failover', ['GET', 'HEAD', 'OPTIONS']],
      ['/media/*', 's3-static-failover', ['GET', 'HEAD', 'OPTIONS']],
    ]);
    expect(cdn.default_cache_behavior.target_origin_id).toBe('alb');
    const standby = cdn.origin.find((o: Block) => o.origin_id === 'alb-dr');
    expect(standby.vpc_origin_config.vpc_origin_id).toMatch(/aws_cloudfront_vpc_origin\.edge_cdn_standby_/);
    // The replica admits this distribution's OAC reads only.
    const replicaPolicy = list(r, 'aws_s3_bucket_policy').find(([id]) => id.startsWith('edge_dr_static'))![1];
    expect(replicaPolicy.policy).toContain('AllowCloudFrontOacRead');
    expect(output.disaster_recovery.value.dns).toBeNull();
    expect(output.disaster_recovery.value.dns_reason).toMatch(/no domain .*alb-dr/);
    expect(json.output.disaster_recovery.value.cdn_origin_failover).toBe('s3-static-failover');
  });

  test('queue and DLQ, and the data tier parameters under the same names, in the DR region', () => {
    expect(inDr(r, 'aws_sqs_queue').map(([, q]) => q.name).sort()).toEqual(['shop-production-dr-jobs', 'shop-production-dr-jobs-dlq']);
    const drParams = new Map(inDr(r, 'aws_ssm_parameter').map(([, p]) => [p.name, p]));
    expect(drParams.get('/stormproof/shop-production/db/writer_endpoint')!.value).toMatch(/aws_db_instance\.data_database_dr_replica_\w+\.endpoint/);
    expect(drParams.get('/stormproof/shop-production/queue/url')!.value).toMatch(/aws_sqs_queue\.dr_region_queue_\w+\.url/);
    expect(drParams.get('/stormproof/shop-production/cache/endpoint')).toMatchObject({ value: 'rebuilt-on-failover', lifecycle: { ignore_changes: ['value'] } });
  });

  test('every stateful primary-region resource has a DR counterpart or is on the rebuilt / primary-only list', () => {
    const missing: string[] = [];
    const drNames = (type: string) => new Set(inDr(r, type).map(([, x]) => String(x.name)));
    const replicatedSources = new Set(list(r, 'aws_s3_bucket_replication_configuration').map(([, c]) => String(c.bucket).replace(/\.id\}$/, '')));
    for (const [id, b] of inPrimary(r, 'aws_s3_bucket')) {
      const replicated = replicatedSources.has(`\${aws_s3_bucket.${id}`);
      const primaryOnly = Object.keys(PRIMARY_ONLY_BUCKETS).some((infix) => String(b.bucket_prefix ?? b.bucket).includes(infix));
      if (!replicated && !primaryOnly) missing.push(`aws_s3_bucket.${id}`);
    }
    const replica = list(r, 'aws_db_instance').find(([, x]) => x.tags?.Role === 'cross-region-replica');
    for (const [id] of inPrimary(r, 'aws_db_instance')) if (!replica) missing.push(`aws_db_instance.${id}`);
    for (const [id, q] of inPrimary(r, 'aws_sqs_queue')) if (!drNames('aws_sqs_queue').has(String(q.name).replace('shop-production-', 'shop-production-dr-'))) missing.push(`aws_sqs_queue.${id}`);
    for (const [id, p] of inPrimary(r, 'aws_ssm_parameter')) {
      const name = String(p.name);
      if (!drNames('aws_ssm_parameter').has(name) && !drNames('aws_ssm_parameter').has(name.replace(/^\/shop-production-/, '/shop-production-dr-'))) missing.push(`aws_ssm_parameter.${id}`);
    }
    for (const [id, s] of inPrimary(r, 'aws_secretsmanager_secret')) if (!s.replica) missing.push(`aws_secretsmanager_secret.${id}`);
    for (const [id] of inPrimary(r, 'aws_backup_vault')) if (inDr(r, 'aws_backup_vault').length === 0) missing.push(`aws_backup_vault.${id}`);
    for (const type of ['aws_elasticache_replication_group', 'aws_efs_file_system', 'aws_dynamodb_table']) {
      for (const [id] of inPrimary(r, type)) if (!REBUILT_ON_FAILOVER[type]) missing.push(`${type}.${id}`);
    }
    expect(missing).toEqual([]);
    // The lists are not a blank cheque: the cache is rebuilt, and the output says so.
    expect(inPrimary(r, 'aws_elasticache_replication_group')).toHaveLength(1);
    expect(output.disaster_recovery.value.rebuilt.map((x: Block) => x.type)).toContain('aws_elasticache_replication_group');
  });

  test('the output carries the contract: strategy, regions, services with ASG names and bounds, replica', () => {
    const v = output.disaster_recovery.value;
    expect(v).toMatchObject({ strategy: 'pilot-light', primary_region: 'us-east-1', dr_region: 'us-west-2', database_replica: 'shop-production-db-dr' });
    expect(v.services).toEqual({
      web: { asg_name: 'shop-production-dr-web', min: 0, max: 30 },
      api: { asg_name: 'shop-production-dr-api', min: 0, max: 30 },
      orders: { asg_name: 'shop-production-dr-orders', min: 0, max: 20 },
    });
  });
});

describe('fastier: warm standby in eu-central-1', () => {
  const { resource: r, output } = synth(fastier);

  test('groups run standby.min; the name fails over PRIMARY (health-checked ALB) -> SECONDARY (DR ALB, target health)', () => {
    for (const [, g] of inDr(r, 'aws_autoscaling_group')) expect([g.min_size, g.desired_capacity]).toEqual([1, 1]);
    const site = list(r, 'aws_route53_record').filter(([, x]) => x.name === fastier.dns!.domainName);
    const primary = site.find(([, x]) => x.failover_routing_policy?.type === 'PRIMARY')![1];
    const secondary = site.find(([, x]) => x.failover_routing_policy?.type === 'SECONDARY')![1];
    expect(primary.health_check_id).toMatch(/aws_route53_health_check\./);
    const [[drAlb, alb]] = inDr(r, 'aws_lb');
    expect(alb.internal).toBe(false);
    expect(secondary.alias).toEqual({ name: `\${aws_lb.${drAlb}.dns_name}`, zone_id: `\${aws_lb.${drAlb}.zone_id}`, evaluate_target_health: true });
    // The DR ALB serves HTTPS on its own certificate (ACM is regional).
    const https = inDr(r, 'aws_lb_listener').find(([, l]) => l.protocol === 'HTTPS')![1];
    expect(https.certificate_arn).toMatch(/aws_acm_certificate_validation\.dr_region_alb-certificate/);
    expect(output.disaster_recovery.value.dns).toEqual({ record_name: 'app.fastier.example.com', health_check_id: primary.health_check_id, type: 'route53-failover' });
    expect(output.disaster_recovery.value.dns_reason).toBeNull();
  });

  test('standby.min above a service max is refused at synth, naming both fields', () => {
    const p = { ...fastier, disasterRecovery: { ...fastier.disasterRecovery!, standby: { min: 5 } } };
    expect(() => validateProfile(p)).toThrow(/disasterRecovery\.standby\.min \(5\) exceeds services\[worker\]\.capacity\.max \(4\)/);
    const pilot = { ...fastier, disasterRecovery: { ...fastier.disasterRecovery!, strategy: 'pilot-light' as const } };
    expect(() => validateProfile(pilot)).toThrow(/disasterRecovery\.standby applies to strategy "warm-standby" only/);
  });
});

describe('images and secrets in the DR region', () => {
  test('an ami image is copied (aws_ami_copy) into the DR region and the DR template uses the copy', () => {
    const services = ecommerce.services.map((s) => ({ ...s, image: { ami: 'ami-0123456789abcdef0' } }));
    const { resource: r } = synth({ ...ecommerce, services });
    const copies = inDr(r, 'aws_ami_copy');
    expect(copies).toHaveLength(3);
    expect(copies[0][1]).toMatchObject({ source_ami_id: 'ami-0123456789abcdef0', source_ami_region: 'us-east-1', encrypted: true });
    for (const [, lt] of inDr(r, 'aws_launch_template')) expect(lt.image_id).toMatch(/^\$\{aws_ami_copy\.dr_region_/);
  });

  test('a baked image is distributed to the DR region by the primary pipeline; the DR template resolves the same parameter there', () => {
    const services = ecommerce.services.map((s) => (s.name === 'web' ? { ...s, image: { bake: {} } } : s));
    const { resource: r } = synth({ ...ecommerce, services });
    const [distribution] = Object.values(r.aws_imagebuilder_distribution_configuration);
    expect(distribution.distribution.map((d: Block) => d.region)).toEqual([expect.stringMatching(/data\.aws_region\./), 'us-west-2']);
    const drWeb = inDr(r, 'aws_launch_template').find(([id]) => id.includes('service-web'))![1];
    expect(drWeb.image_id).toBe('resolve:ssm:/shop-production-web/baked-ami');
    expect(inDr(r, 'aws_ssm_parameter').find(([, p]) => p.name === '/shop-production-web/baked-ami')![1].lifecycle).toEqual({ ignore_changes: ['value'] });
  });

  test('Secrets Manager references point at the replica in the DR region (same name and suffix)', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/api-key-AbCdEf';
    expect(drSecrets({ API_KEY: arn, DB: 'platform:database', OTHER: 'ssm:/shop/x' }, 'us-east-1', 'us-west-2')).toEqual({
      API_KEY: 'arn:aws:secretsmanager:us-west-2:111122223333:secret:shop/api-key-AbCdEf',
      DB: 'platform:database',
      OTHER: 'ssm:/shop/x',
    });
  });
});
