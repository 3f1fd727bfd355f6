import { recordingGrantee, synthConstruct } from '../../support/synth';
import { TerraformOutput } from 'cdktf';
import { Cache, CacheProps, cacheParameterGroupFamily } from '../../../src/constructs/data/cache';
import { Firewall } from '../../../src/constructs/shared/firewall';

const synthCache = (props: Partial<CacheProps> = {}) => {
  const { raw, resource, output, built: cache } = synthConstruct((stack) => {
  const appTier = new Firewall(stack, 'app', { name: 'demo-app', vpcId: 'vpc-123', description: 'app' });
  const worker = new Firewall(stack, 'worker', { name: 'demo-worker', vpcId: 'vpc-123', description: 'worker' });
  const cache = new Cache(stack, 'cache', {
    name: 'demo',
    vpcId: 'vpc-123',
    subnetIds: ['subnet-a', 'subnet-b'],
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    ...props,
  });
  cache.connections.allowDefaultPortFrom(appTier, 'app to cache');
  cache.connections.allowDefaultPortFrom(worker, 'worker to cache');
  new TerraformOutput(stack, 'endpoint', { value: cache.endpoint });
  new TerraformOutput(stack, 'grant', { value: JSON.stringify(cache.grantConnect(recordingGrantee())) });
  return cache;
  });
  return { raw, cache, resource, output };
};

describe('Cache (valkey, defaults)', () => {
  const { raw, resource, output } = synthCache({ nodes: 3 });
  const group = Object.values(resource.aws_elasticache_replication_group)[0];

  test('a replication group with nodes spread over AZs, Multi-AZ with automatic failover', () => {
    expect(group).toMatchObject({
      replication_group_id: 'demo-cache',
      engine: 'valkey',
      engine_version: '8.0',
      node_type: 'cache.t4g.small',
      num_cache_clusters: 3,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      port: 6379,
    });
    expect(group.preferred_cache_cluster_azs).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1a']);
  });

  test('encrypted at rest with a rotating customer-managed key and in transit with TLS required', () => {
    expect(group.at_rest_encryption_enabled).toBe('true');
    expect(group.kms_key_id).toMatch(/aws_kms_key\.cache_key_\w+\.arn/);
    expect(group.transit_encryption_enabled).toBe(true);
    expect(group.transit_encryption_mode).toBe('required');
    expect(Object.values(resource.aws_kms_key)[0].enable_key_rotation).toBe(true);
  });

  test('IAM authentication: a user group with a disabled default user and an IAM app user, no token or password', () => {
    expect(group.auth_token).toBeUndefined();
    expect(group.user_group_ids).toEqual([expect.stringMatching(/aws_elasticache_user_group\.cache_users_\w+\.user_group_id/)]);
    const users = Object.values(resource.aws_elasticache_user);
    const byName = (n: string) => users.find((u) => u.user_name === n)!;
    expect(byName('default').access_string).toMatch(/^off /);
    expect(byName('demo-app')).toMatchObject({ user_id: 'demo-app', engine: 'redis', authentication_mode: { type: 'iam' } });
    expect(byName('demo-app').access_string).toMatch(/^on /);
    expect(users.every((u) => u.passwords === undefined)).toBe(true);
    expect(raw).not.toMatch(/"(auth_token|passwords?)"\s*:/);
    expect(resource.aws_secretsmanager_secret_version).toBeUndefined();
    const [grant] = JSON.parse(output.grant.value);
    expect(grant.Action).toBe('elasticache:Connect');
    expect(grant.Resource).toEqual([
      expect.stringMatching(/^\$\{aws_elasticache_replication_group\.cache_group_\w+\.arn\}$/),
      expect.stringMatching(/^\$\{aws_elasticache_user\.cache_app-user_\w+\.arn\}$/),
    ]);
  });

  test('subnet group in the data subnets, a versioned parameter group replaced before destroy', () => {
    expect(Object.values(resource.aws_elasticache_subnet_group)[0].subnet_ids).toEqual(['subnet-a', 'subnet-b']);
    const pg = Object.values(resource.aws_elasticache_parameter_group)[0];
    expect(pg).toMatchObject({ family: 'valkey8', name: 'demo-cache-valkey8', lifecycle: { create_before_destroy: true } });
    expect(group.parameter_group_name).toMatch(/aws_elasticache_parameter_group\.\w+\.name/);
  });

  test('snapshots retained with a window, a maintenance window and a slow log with retention', () => {
    expect(group).toMatchObject({ snapshot_retention_limit: 3, snapshot_window: '03:00-04:00', maintenance_window: 'sun:05:00-sun:06:00' });
    expect(group.log_delivery_configuration[0]).toMatchObject({ log_type: 'slow-log', destination_type: 'cloudwatch-logs' });
    expect(Object.values(resource.aws_cloudwatch_log_group)[0].retention_in_days).toBe(30);
  });

  test('6379 only from the app and worker security groups', () => {
    const ingress = Object.values(resource.aws_vpc_security_group_ingress_rule);
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 6379, to_port: 6379 });
      expect(rule.security_group_id).toMatch(/aws_security_group\.cache_firewall_sg_/);
      expect(rule.referenced_security_group_id).toMatch(/aws_security_group\.(app|worker)_sg_/);
      expect(rule.cidr_ipv4).toBeUndefined();
    }
    expect(group.security_group_ids).toEqual([expect.stringMatching(/aws_security_group\.cache_firewall_sg_/)]);
  });

  test('endpoint is host:port of the primary endpoint', () => {
    expect(output.endpoint.value).toMatch(/^\$\{aws_elasticache_replication_group\.cache_group_\w+\.primary_endpoint_address\}:6379$/);
  });
});

describe('Cache props', () => {
  test('redis engine with its family', () => {
    const { resource } = synthCache({ engine: 'redis', engineVersion: '7.1' });
    expect(Object.values(resource.aws_elasticache_replication_group)[0].engine).toBe('redis');
    expect(Object.values(resource.aws_elasticache_parameter_group)[0].family).toBe('redis7');
    expect(cacheParameterGroupFamily('valkey', '7.2')).toBe('valkey7');
  });
  test('automatic failover with one node is refused', () => {
    expect(() => synthCache({ nodes: 1 })).toThrow(/automaticFailover needs at least 2 nodes/);
  });
  test('one node without failover is allowed (dev) and turns Multi-AZ off', () => {
    const { resource } = synthCache({ nodes: 1, automaticFailover: false });
    expect(Object.values(resource.aws_elasticache_replication_group)[0]).toMatchObject({ multi_az_enabled: false, automatic_failover_enabled: false });
  });
  test('a name too long for the replication group id is refused', () => {
    expect(() => synthCache({ name: 'a-very-long-project-name-production-x' })).toThrow(/at most 40 characters/);
  });
});
