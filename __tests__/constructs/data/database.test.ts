import { recordingGrantee, Resources, synthConstruct, testStack } from '../../support/synth';
import { TerraformOutput, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Database, DatabaseProps, parameterGroupFamily } from '../../../src/constructs/data/database';
import { Firewall } from '../../../src/constructs/shared/firewall';

const synthDatabase = (props: Partial<DatabaseProps> = {}, withDr = false) => {
  const { raw, resource, output, built: db } = synthConstruct((stack) => {
  const dr = new AwsProvider(stack, 'aws-dr', { region: 'eu-central-1', alias: 'dr' });
  const appTier = new Firewall(stack, 'app', { name: 'demo-app', vpcId: 'vpc-123', description: 'app' });
  const worker = new Firewall(stack, 'worker', { name: 'demo-worker', vpcId: 'vpc-123', description: 'worker' });
  const db = new Database(stack, 'db', {
    name: 'demo',
    vpcId: 'vpc-123',
    subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    crossRegionReplica: withDr ? { provider: dr, vpcId: 'vpc-dr', subnetIds: ['subnet-dr-a', 'subnet-dr-b'] } : undefined,
    ...props,
  });
  db.connections.allowDefaultPortFrom(appTier, 'app to database');
  db.connections.allowDefaultPortFrom(worker, 'worker to database');
  new TerraformOutput(stack, 'secret_arn', { value: db.secretArn });
  new TerraformOutput(stack, 'readers', { value: db.readerEndpoints });
  return db;
  });
  return { raw, db, resource, output };
};

const instances = (resource: Resources) => Object.entries(resource.aws_db_instance);
const primaryOf = (resource: Resources) => instances(resource).find(([id]) => id.includes('primary'))![1];
const replicasOf = (resource: Resources) => instances(resource).filter(([id]) => /replica-\d/.test(id)).map(([, r]) => r);

describe('Database (postgres, defaults)', () => {
  const { raw, resource, db, output } = synthDatabase({ readReplicas: { count: 3 } });
  const primary = primaryOf(resource);

  test('primary is Multi-AZ PostgreSQL in the data subnets, private, gp3 with storage autoscaling', () => {
    expect(primary).toMatchObject({
      engine: 'postgres',
      engine_version: '16',
      multi_az: true,
      publicly_accessible: false,
      storage_type: 'gp3',
      allocated_storage: 20,
      max_allocated_storage: 100,
      port: 5432,
      iam_database_authentication_enabled: true,
      auto_minor_version_upgrade: true,
      maintenance_window: 'sun:04:00-sun:05:00',
    });
    const subnetGroup = Object.values(resource.aws_db_subnet_group)[0];
    expect(subnetGroup.subnet_ids).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
    expect(subnetGroup.name_prefix).toBe('demo-db-');
    expect(primary.db_subnet_group_name).toMatch(/aws_db_subnet_group\.db_subnets_.*\.name/);
  });

  test('storage, Performance Insights and the managed secret are encrypted with a rotating customer-managed key', () => {
    const keyRef = /aws_kms_key\.db_key_\w+\.arn/;
    expect(primary.storage_encrypted).toBe(true);
    expect(primary.kms_key_id).toMatch(keyRef);
    expect(primary.performance_insights_enabled).toBe(true);
    expect(primary.performance_insights_kms_key_id).toMatch(keyRef);
    expect(primary.master_user_secret_kms_key_id).toMatch(keyRef);
    const key = Object.values(resource.aws_kms_key)[0];
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const policy = JSON.parse(key.policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Principal.AWS).toMatch(/:root$/);
    expect(raw).toHaveResourceWithProperties({ tfResourceType: 'aws_kms_alias' }, { name: 'alias/demo-database' });
  });

  test('the master password is managed by RDS: no password anywhere, only the secret ARN is exposed', () => {
    expect(primary.manage_master_user_password).toBe(true);
    expect(primary.username).toBe('app_admin');
    expect(primary.password).toBeUndefined();
    expect(raw).not.toMatch(/"password"\s*:/);
    expect(output.secret_arn.value).toMatch(/aws_db_instance\.db_primary_\w+\.master_user_secret\[0\]\.secret_arn/);
  });

  test('a parameter group (name_prefix, create_before_destroy) forces TLS', () => {
    const pg = Object.values(resource.aws_db_parameter_group)[0];
    expect(pg.family).toBe('postgres16');
    expect(pg.name_prefix).toMatch(/^demo-postgres16-/);
    expect(pg.name).toBeUndefined();
    expect(pg.lifecycle.create_before_destroy).toBe(true);
    expect(pg.parameter).toEqual([{ name: 'rds.force_ssl', value: '1', apply_method: 'immediate' }]);
    expect(primary.parameter_group_name).toMatch(/aws_db_parameter_group\..*\.name/);
  });

  test('backups with a window, tags copied to snapshots; not production: no deletion protection, no final snapshot', () => {
    expect(primary).toMatchObject({
      backup_retention_period: 7,
      backup_window: '02:00-03:00',
      copy_tags_to_snapshot: true,
      deletion_protection: false,
      skip_final_snapshot: true,
    });
    expect(primary.final_snapshot_identifier).toBeUndefined();
  });

  test('enhanced monitoring through its own role with the AWS managed policy; logs exported with a retention', () => {
    expect(primary.monitoring_interval).toBe(60);
    expect(primary.monitoring_role_arn).toMatch(/aws_iam_role\.db_monitoring-role_.*\.arn/);
    const role = Object.values(resource.aws_iam_role)[0];
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal.Service).toBe('monitoring.rds.amazonaws.com');
    expect(Object.values(resource.aws_iam_role_policy_attachment)[0].policy_arn).toMatch(/:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/);
    expect(primary.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
    const groups = Object.values(resource.aws_cloudwatch_log_group).map((g) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['/aws/rds/instance/demo-db/postgresql', '/aws/rds/instance/demo-db/upgrade']));
    expect(Object.values(resource.aws_cloudwatch_log_group).every((g) => g.retention_in_days === 30)).toBe(true);
  });

  test('read replicas: count from props, one per AZ in order, same key, no credentials of their own', () => {
    const replicas = replicasOf(resource);
    expect(replicas).toHaveLength(3);
    expect(replicas.map((r) => r.availability_zone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    for (const r of replicas) {
      expect(r.replicate_source_db).toMatch(/aws_db_instance\.db_primary_.*\.identifier/);
      expect(r.storage_encrypted).toBe(true);
      expect(r.kms_key_id).toBe(primary.kms_key_id);
      expect(r.publicly_accessible).toBe(false);
      for (const forbidden of ['username', 'password', 'manage_master_user_password', 'master_user_secret_kms_key_id', 'db_name', 'engine', 'engine_version']) {
        expect(r[forbidden]).toBeUndefined();
      }
    }
    expect(output.readers.value).toEqual([0, 1, 2].map(() => expect.stringMatching(/aws_db_instance\.db_replica-\d_\w+\.endpoint/)));
  });

  test('the security group admits the DB port only from the app and worker groups, nothing from CIDRs', () => {
    const ingress = Object.values(resource.aws_vpc_security_group_ingress_rule);
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
      expect(rule.security_group_id).toMatch(/aws_security_group\.db_firewall_sg_.*\.id/);
      expect(rule.referenced_security_group_id).toMatch(/aws_security_group\.(app|worker)_sg_.*\.id/);
      expect(rule.cidr_ipv4).toBeUndefined();
    }
    const egress = Object.values(resource.aws_vpc_security_group_egress_rule);
    expect(egress.map((e) => e.security_group_id).sort()).toEqual([expect.stringMatching(/app_sg/), expect.stringMatching(/worker_sg/)]);
  });

  test('grantReadSecret: GetSecretValue on exactly the secret, Decrypt on the key only through Secrets Manager', () => {
    const grantee = recordingGrantee();
    const [read, decrypt] = db.grantReadSecret(grantee);
    expect(grantee.granted).toEqual([read, decrypt]);
    expect(read.Action).toContain('secretsmanager:GetSecretValue');
    expect(read.Resource).toBe(db.secretArn);
    expect(decrypt).toMatchObject({ Action: 'kms:Decrypt', Resource: db.key.arn });
    expect(decrypt.Condition?.StringLike?.['kms:ViaService']).toBe('secretsmanager.*.amazonaws.com');
  });

  test('grantConnect: rds-db:connect as one database user, on the primary and each replica', () => {
    const grantee = recordingGrantee();
    const [connect] = db.grantConnect(grantee, 'app_user');
    expect(grantee.granted).toEqual([connect]);
    expect(connect.Action).toBe('rds-db:connect');
    const resources = connect.Resource as string[];
    expect(resources).toHaveLength(1 + db.replicas.length);
    const stack = testStack();
    const other = new Database(stack, 'db', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'], readReplicas: { count: 2 } });
    new TerraformOutput(stack, 'connect', { value: other.grantConnect(recordingGrantee(), 'app_user')[0].Resource });
    const resolved: string[] = JSON.parse(Testing.synth(stack)).output.connect.value;
    expect(resolved).toHaveLength(3);
    expect(resolved[0]).toMatch(/^arn:\$\{element\(split\(":", aws_db_instance\.db_primary_\w+\.arn\), 1\)\}:rds-db:.*:dbuser:\$\{aws_db_instance\.db_primary_\w+\.resource_id\}\/app_user$/);
    for (const r of resolved.slice(1)) expect(r).toMatch(/:dbuser:\$\{aws_db_instance\.db_replica-\d+_\w+\.resource_id\}\/app_user$/);
    expect(() => db.grantConnect(recordingGrantee(), 'app user; drop')).toThrow(/dbUser "app user; drop" is not a database user name/);
  });

  test('the default AWS provider is used for everything without a DR replica', () => {
    expect(instances(resource).every(([, r]) => r.provider === undefined)).toBe(true);
  });
});

describe('Database (production, mysql, cross-region replica)', () => {
  const { resource } = synthDatabase(
    { engine: 'mysql', engineVersion: '8.0.39', deletionProtection: true, snapshotOnDelete: true, readReplicas: { count: 1 }, availabilityZones: undefined },
    true,
  );
  const primary = primaryOf(resource);

  test('production: deletion protection and a named final snapshot', () => {
    expect(primary.deletion_protection).toBe(true);
    expect(primary.skip_final_snapshot).toBe(false);
    expect(primary.final_snapshot_identifier).toBe('demo-db-final');
    expect(primary.delete_automated_backups).toBe(false);
  });

  test('mysql: require_secure_transport, its family, port and log exports', () => {
    const groups = Object.values(resource.aws_db_parameter_group);
    expect(groups.map((g) => g.family)).toEqual(['mysql8.0', 'mysql8.0']);
    for (const g of groups) expect(g.parameter).toEqual([{ name: 'require_secure_transport', value: 'ON', apply_method: 'immediate' }]);
    expect(primary.port).toBe(3306);
    expect(primary.enabled_cloudwatch_logs_exports).toEqual(['error', 'slowquery']);
  });

  test('the DR replica uses the aliased provider, its own KMS key, subnet group and firewall in the DR region', () => {
    const dr = instances(resource).find(([id]) => id.includes('_dr_'))![1];
    expect(dr.provider).toBe('aws.dr');
    expect(dr.identifier).toBe('demo-db-dr');
    expect(dr.replicate_source_db).toMatch(/aws_db_instance\.db_primary_.*\.arn/);
    expect(dr.kms_key_id).toMatch(/aws_kms_key\.db_dr_key_\w+\.arn/);
    expect(dr.storage_encrypted).toBe(true);
    expect(dr.username).toBeUndefined();
    expect(dr.manage_master_user_password).toBeUndefined();
    expect(dr.deletion_protection).toBe(true);
    const drKey = Object.entries(resource.aws_kms_key).find(([id]) => id.includes('_dr_'))![1];
    expect(drKey.provider).toBe('aws.dr');
    const drSubnets = Object.values(resource.aws_db_subnet_group).find((g) => g.provider === 'aws.dr')!;
    expect(drSubnets.subnet_ids).toEqual(['subnet-dr-a', 'subnet-dr-b']);
    expect(dr.db_subnet_group_name).toMatch(/aws_db_subnet_group\.db_dr_subnets_.*\.name/);
    const drSg = Object.values(resource.aws_security_group).find((g) => g.provider === 'aws.dr')!;
    expect(drSg.vpc_id).toBe('vpc-dr');
    // Nothing in the DR region admits traffic yet.
    expect(Object.values(resource.aws_vpc_security_group_ingress_rule).some((r) => r.security_group_id.includes('db_dr'))).toBe(false);
    // The same-region resources stay on the default provider.
    expect(primary.provider).toBeUndefined();
    expect(replicasOf(resource)[0].provider).toBeUndefined();
  });

  test('without availabilityZones, replicas leave the AZ to RDS', () => {
    expect(replicasOf(resource)[0].availability_zone).toBeUndefined();
  });
});

describe('Database props checks', () => {
  test('replicas without backups are refused', () => {
    expect(() => synthDatabase({ readReplicas: { count: 1 }, backupRetentionDays: 0 })).toThrow(/readReplicas.count \(1\) needs automated backups: set backupRetentionDays >= 1/);
  });
  test('monitoring interval 0 creates no monitoring role', () => {
    const { resource } = synthDatabase({ monitoringIntervalSeconds: 0, performanceInsights: false });
    expect(resource.aws_iam_role).toBeUndefined();
    expect(primaryOf(resource).monitoring_role_arn).toBeUndefined();
    expect(primaryOf(resource).performance_insights_kms_key_id).toBeUndefined();
  });
  test('parameter group families follow the engine version', () => {
    expect(parameterGroupFamily('postgres', '16.4')).toBe('postgres16');
    expect(parameterGroupFamily('postgres', '17')).toBe('postgres17');
    expect(parameterGroupFamily('mysql', '8.0.39')).toBe('mysql8.0');
    expect(parameterGroupFamily('mysql', '8.4')).toBe('mysql8.4');
  });
});
