import { Resources, synthProfile } from '../../support/synth';
import { withDefaults } from '../../../src/util/defaults';
import { databaseDefaults } from '../../../src/constructs/data/database';
import { CACHE_DEFAULTS } from '../../../src/constructs/data/cache';
import { QUEUE_DEFAULTS } from '../../../src/constructs/data/queue';
import { exercise, fastier } from '../../../src/config/profiles';
import { ProfileConfig } from '../../../src/config/types';

/**
 * The data tier as the stack composes it for the profiles that have one: endpoints reach services
 * through SSM parameter names, least-privilege grants per service kind, backlog scaling for workers,
 * no secret value anywhere and nothing in the data tier reachable from the internet.
 */

type Block = Record<string, any>;
type Blocks = Resources;

/** The primary region's data tier: the standby DR app tier (`dr_*`, its own tests in dr-app-tier.test.ts) is left out. */
const synth = (profile: ProfileConfig) => {
  const { raw, json, resource: all, output } = synthProfile(profile);
  const resource = Object.fromEntries(
    Object.entries(all).map(([type, rs]) => [type, Object.fromEntries(Object.entries(rs).filter(([id]) => !id.startsWith('dr_') && !id.startsWith('edge_dr_')))]),
  ) as Resources;
  return { raw, json, resource, output, provider: json.provider };
};
const entries = (b: Blocks, type: string) => Object.entries(b[type] ?? {});
const values = (b: Blocks, type: string) => Object.values(b[type] ?? {});
/** Terraform address of a resource id, e.g. `${aws_security_group.x.id}` -> aws_security_group.x */
const address = (type: string, id: string) => `${type}.${id}`;

const rolePolicies = (resource: Blocks, service: string) =>
  entries(resource, 'aws_iam_role_policy')
    .filter(([, p]) => String(p.role).includes(`service-${service}_`))
    .flatMap(([, p]) => JSON.parse(p.policy).Statement as Block[]);
const actionsOf = (statements: Block[]) => statements.flatMap((s) => [s.Action].flat());

describe.each([exercise, fastier])('data tier of profile $name', (profile) => {
  const { raw, resource, output } = synth(profile);
  // The settings the constructs use: the profile's, over the constructs' defaults.
  const db = withDefaults(databaseDefaults(profile.database!.engine), profile.database!);
  const instances = values(resource, 'aws_db_instance');
  const primary = instances.find((i) => i.tags?.Role === 'primary')!;
  const replicas = instances.filter((i) => i.tags?.Role === 'read-replica');

  test('Multi-AZ primary, replicas from config spread over distinct AZs, without credentials', () => {
    expect(primary).toMatchObject({ multi_az: true, manage_master_user_password: true, storage_encrypted: true, publicly_accessible: false });
    expect(primary.backup_retention_period).toBe(db.backupRetentionDays);
    expect(replicas).toHaveLength(db.readReplicas!.count);
    expect(new Set(replicas.map((r) => r.availability_zone)).size).toBe(db.readReplicas!.count);
    for (const r of replicas) {
      expect(r.username).toBeUndefined();
      expect(r.manage_master_user_password).toBeUndefined();
      expect(r.password).toBeUndefined();
    }
    expect(primary.deletion_protection).toBe(profile.environment === 'production');
  });

  test('cache: failover across AZs, encrypted at rest with a CMK and in transit, IAM auth', () => {
    const group = values(resource, 'aws_elasticache_replication_group')[0];
    expect(group).toMatchObject({
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
      num_cache_clusters: withDefaults(CACHE_DEFAULTS, profile.cache!).nodes,
    });
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
    expect(group.user_group_ids).toHaveLength(1);
  });

  test('SSM parameters carry endpoints (host:port) and every service reads exactly those names', () => {
    const params = values(resource, 'aws_ssm_parameter');
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));
    const prefix = `/stormproof/${profile.project}-${profile.environment}`;
    expect(byName[`${prefix}/db/writer_endpoint`].value).toMatch(/aws_db_instance\.\S+\.endpoint/);
    expect(byName[`${prefix}/db/reader_endpoint_1`].value).toMatch(/aws_db_instance\.\S+replica-1\S*\.endpoint/);
    expect(byName[`${prefix}/cache/endpoint`].value).toMatch(/primary_endpoint_address\}:6379$/);
    for (const p of params) expect(p.type).toBe('String');
    for (const [, lt] of entries(resource, 'aws_launch_template')) {
      const userData = Buffer.from(String(lt.user_data), 'base64').toString();
      for (const env of ['DB_WRITER_ENDPOINT', 'DB_READER_ENDPOINT', 'CACHE_ENDPOINT', 'DB_SECRET_ARN']) {
        expect(userData).toContain(env);
      }
      expect(userData).toContain(`${prefix}/db/writer_endpoint`);
      expect(userData).not.toMatch(/\$\{/);
    }
  });

  test('services read the DB secret (exactly its ARN) and decrypt only through Secrets Manager', () => {
    for (const s of profile.services) {
      const statements = rolePolicies(resource, s.name);
      const read = statements.find((st) => actionsOf([st]).includes('secretsmanager:GetSecretValue'))!;
      expect(read.Resource).toMatch(/aws_db_instance\.\S+\.master_user_secret\[0\]\.secret_arn/);
      const decrypt = statements.find((st) => st.Action === 'kms:Decrypt')!;
      expect(decrypt.Resource).toMatch(/aws_kms_key\.\S+\.arn/);
      expect(decrypt.Condition.StringLike['kms:ViaService']).toBe('secretsmanager.*.amazonaws.com');
      const ssm = statements.find((st) => st.Sid === 'ReadAppParameters')!;
      expect([ssm.Action].flat()).toEqual(['ssm:GetParameter']);
      expect(ssm.Resource.every((r: string) => r.includes(`parameter/stormproof/${profile.project}-${profile.environment}/`))).toBe(true);
    }
  });

  test('the data security groups admit their port only from the service groups; no 0.0.0.0/0', () => {
    const dataGroups = entries(resource, 'aws_security_group').filter(([, g]) => /-(db|cache)(-dr)?$/.test(g.tags.Name));
    expect(dataGroups.length).toBeGreaterThanOrEqual(2);
    const serviceGroups = entries(resource, 'aws_security_group').filter(([id]) => id.startsWith('service-'));
    expect(serviceGroups).toHaveLength(profile.services.length);
    for (const [id] of dataGroups) {
      const rules = [...values(resource, 'aws_vpc_security_group_ingress_rule'), ...values(resource, 'aws_security_group_rule')].filter((r) =>
        String(r.security_group_id).includes(`${address('aws_security_group', id)}.`),
      );
      for (const r of rules) {
        expect(r.cidr_ipv4).toBeUndefined();
        expect(r.cidr_blocks).toBeUndefined();
        // The DR replica admits the standby tier's service groups (DR region) and nothing else.
        const from = id.includes('_dr_') ? /^\$\{aws_security_group\.dr_region_service-[a-z]+_firewall_sg_/ : undefined;
        if (from) expect(String(r.referenced_security_group_id)).toMatch(from);
        else expect(serviceGroups.some(([sid]) => String(r.referenced_security_group_id).includes(`${address('aws_security_group', sid)}.`))).toBe(true);
      }
      const standby = profile.disasterRecovery?.strategy === 'pilot-light' || profile.disasterRecovery?.strategy === 'warm-standby';
      if (!id.includes('_dr_') || standby) expect(rules).toHaveLength(profile.services.length);
      else expect(rules).toEqual([]);
    }
  });

  test('no data-tier resource is reachable from the internet', () => {
    for (const i of instances) expect(i.publicly_accessible).toBe(false);
    expect(raw).not.toMatch(/"publicly_accessible"\s*:\s*true/);
    // Data subnets (and the data-tier subnet groups) route nowhere but the VPC.
    const dataTables = entries(resource, 'aws_route_table').filter(([, t]) => /-data-\d+$/.test(t.tags?.Name ?? '')).map(([id]) => id);
    expect(dataTables.length).toBeGreaterThanOrEqual(profile.network.azCount);
    for (const [, route] of entries(resource, 'aws_route')) {
      expect(dataTables.some((t) => String(route.route_table_id).includes(`aws_route_table.${t}.`))).toBe(false);
    }
    for (const [, t] of entries(resource, 'aws_route_table')) expect(t.route).toBeUndefined();
    const dataSubnetIds = entries(resource, 'aws_subnet').filter(([, s]) => s.tags?.Tier === 'data').map(([id]) => id);
    const groups = [...values(resource, 'aws_db_subnet_group'), ...values(resource, 'aws_elasticache_subnet_group')];
    for (const g of groups) {
      for (const subnet of g.subnet_ids) expect(dataSubnetIds.some((id) => String(subnet).includes(`aws_subnet.${id}.`))).toBe(true);
    }
  });

  test('no secret value anywhere in the synthesized JSON', () => {
    const suspicious: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
      if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          // A secret-named field may only hold a reference resolved at apply time (e.g. a generated value), never a literal.
          const literal = typeof v === 'string' && !/^\$\{[^}]+\}$/.test(v);
          if (/pass(word)?$|secret_string|auth_token|private_key|secret_access_key|credentials?$/i.test(k) && literal) suspicious.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
      } else if (typeof node === 'string') {
        // Literal credentials: AWS keys, PEM blocks, connection strings with a password.
        if (/AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY|:\/\/[^/\s:@]+:[^@\s]+@/.test(node)) suspicious.push(path);
      }
    };
    walk(JSON.parse(raw), '');
    expect(suspicious).toEqual([]);
    // The data tier itself stores no secret: RDS manages the master password, the cache uses IAM auth.
    expect(entries(resource, 'aws_secretsmanager_secret_version').filter(([id]) => id.startsWith('data_'))).toEqual([]);
    expect(entries(resource, 'aws_elasticache_replication_group').every(([, g]) => g.auth_token === undefined)).toBe(true);
    for (const [name, o] of Object.entries(output)) {
      expect(name).not.toMatch(/secret|password|token/i);
      expect(o.sensitive).toBeUndefined();
    }
  });

  test('outputs: DB endpoint, cache endpoint', () => {
    expect(output.db_endpoint.value).toMatch(/aws_db_instance\.\S+\.endpoint/);
    expect(output.cache_endpoint.value).toMatch(/primary_endpoint_address\}:6379$/);
  });
});

describe('fastier: queue, worker backlog scaling, DR region', () => {
  const { resource, output, provider } = synth(fastier);

  test('web sends, the worker consumes; neither gets the other verb', () => {
    const web = actionsOf(rolePolicies(resource, 'web'));
    const worker = actionsOf(rolePolicies(resource, 'worker'));
    expect(web).toContain('sqs:SendMessage');
    expect(web).not.toContain('sqs:ReceiveMessage');
    expect(worker).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(worker).not.toContain('sqs:SendMessage');
    for (const s of rolePolicies(resource, 'worker').filter((st) => actionsOf([st]).some((a) => a.startsWith('sqs:')))) {
      expect(s.Resource).toMatch(/^\$\{aws_sqs_queue\.data_queue_[0-9A-F]{8}\.arn\}$/);
    }
  });

  test('the worker scales on backlog per instance (metric math), targeting backlogPerInstance', () => {
    const worker = fastier.services.find((s) => s.kind === 'worker')!;
    const policy = entries(resource, 'aws_autoscaling_policy').find(([id]) => id.includes('service-worker') && id.includes('backlog'))![1];
    expect(policy.policy_type).toBe('TargetTrackingScaling');
    const tt = policy.target_tracking_configuration;
    expect(tt.target_value).toBe(worker.backlogPerInstance);
    const metrics = tt.customized_metric_specification.metrics as Block[];
    const byId = Object.fromEntries(metrics.map((m) => [m.id, m]));
    expect(byId.e1).toMatchObject({ expression: 'm1 / m2', return_data: true });
    expect(byId.m1.metric_stat.metric.metric_name).toBe('ApproximateNumberOfMessagesVisible');
    expect(byId.m1.metric_stat.metric.dimensions[0].value).toMatch(/^\$\{aws_sqs_queue\.data_queue_[0-9A-F]{8}\.name\}$/);
    expect(byId.m2.metric_stat.metric.metric_name).toBe('GroupInServiceInstances');
    expect(byId.m2.metric_stat.metric.dimensions[0].value).toMatch(/aws_autoscaling_group\.service-worker\S*\.name/);
    expect(entries(resource, 'aws_autoscaling_policy').some(([id]) => id.includes('service-web') && id.includes('backlog'))).toBe(false);
  });

  test('the queue has a DLQ with redrive from config and TLS-only policies', () => {
    const main = values(resource, 'aws_sqs_queue').find((q) => q.name === 'fastier-production-jobs')!;
    expect(JSON.parse(main.redrive_policy).maxReceiveCount).toBe(withDefaults(QUEUE_DEFAULTS, fastier.queue!).maxReceiveCount);
    expect(main.visibility_timeout_seconds).toBe(fastier.queue!.visibilityTimeoutSeconds);
    expect(values(resource, 'aws_sqs_queue_policy')).toHaveLength(2);
    expect(output.queue_url.value).toMatch(/aws_sqs_queue\.\S+\.url/);
  });

  test('the DR replica, its key and network live in the DR region through the aliased provider', () => {
    const providers = [provider.aws].flat() as Block[];
    expect(providers.find((p) => p.alias === 'dr')).toMatchObject({ region: fastier.disasterRecovery!.region });
    const dr = values(resource, 'aws_db_instance').find((i) => i.tags?.Role === 'cross-region-replica')!;
    expect(dr.provider).toBe('aws.dr');
    expect(dr.replicate_source_db).toMatch(/aws_db_instance\.\S+primary\S*\.arn/);
    expect(dr.kms_key_id).toMatch(/aws_kms_key\.\S+_dr_\S+\.arn/);
    const drVpc = values(resource, 'aws_vpc').find((v) => v.provider === 'aws.dr')!;
    expect(drVpc.cidr_block).toBe(fastier.disasterRecovery!.cidr);
    expect(values(resource, 'aws_subnet').filter((s) => s.provider === 'aws.dr')).toHaveLength(6);
    // fastier's warm standby runs instances there: one NAT gateway, so they boot (backup-restore has none: see below).
    expect(values(resource, 'aws_nat_gateway').filter((n) => n.provider === 'aws.dr')).toHaveLength(1);
    // Every DR-region resource is on the aliased provider; nothing else is.
    const drResources = Object.entries(resource).flatMap(([type, rs]) =>
      Object.entries(rs)
        .filter(([id]) => id.includes('dr-network') || id.includes('_dr_'))
        .map(([id, r]) => [type, id, r.provider]),
    );
    expect(drResources.length).toBeGreaterThan(20);
    for (const [type, id, p] of drResources) expect({ type, id, p }).toEqual({ type, id, p: 'aws.dr' });
    expect(output.db_dr_endpoint.value).toMatch(/aws_db_instance\.\S+\.endpoint/);
  });

  test('backup-restore keeps the standby network without NAT (nothing there boots until the app tier is rebuilt)', () => {
    const { resource: r } = synth({ ...fastier, disasterRecovery: { ...fastier.disasterRecovery!, strategy: 'backup-restore', standby: undefined } });
    expect(values(r, 'aws_vpc').filter((v) => v.provider === 'aws.dr')).toHaveLength(1);
    expect(values(r, 'aws_nat_gateway').filter((n) => n.provider === 'aws.dr')).toEqual([]);
  });
});
