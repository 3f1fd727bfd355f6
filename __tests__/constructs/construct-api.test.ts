import { TerraformOutput, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Cache } from '../../src/constructs/data/cache';
import { Database } from '../../src/constructs/data/database';
import { DatabaseReadReplica } from '../../src/constructs/data/database-replica';
import { Connections, Firewall } from '../../src/constructs/shared/firewall';
import { LoadBalancer } from '../../src/constructs/network/load-balancer';
import { alarmMetricFields, dashboardRow, metric } from '../../src/constructs/shared/metric';
import { PrivateBucket } from '../../src/constructs/shared/private-bucket';
import { Queue } from '../../src/constructs/data/queue';
import { Service } from '../../src/constructs/compute/ec2/service';
import { demoLoadBalancerProps, demoWebProps, only, synthConstruct, testStack } from '../support/synth';

/**
 * The construct API shared by every tier, as aws-cdk-lib has it: metrics as methods (one spec for alarms
 * and dashboards), `connections` for security-group wiring, `grant*(grantee)`, repeatable `scaleOn*(id)`,
 * a read replica as its own construct and PrivateBucket for fixed-name and log-delivery buckets.
 */

describe('metric specs', () => {
  test('an alarm gets namespace, name, dimensions and period; a percentile goes to extended_statistic', () => {
    const plain = metric('AWS/RDS', 'CPUUtilization', { DBInstanceIdentifier: 'db' }, 'Average', { periodSeconds: 300 });
    expect(alarmMetricFields(plain)).toEqual({
      namespace: 'AWS/RDS',
      metricName: 'CPUUtilization',
      dimensions: { DBInstanceIdentifier: 'db' },
      statistic: 'Average',
      period: 300,
    });
    const p95 = metric('AWS/ApplicationELB', 'TargetResponseTime', { LoadBalancer: 'app/x/1' }, 'Average', { statistic: 'p95' });
    expect(alarmMetricFields(p95)).toMatchObject({ extendedStatistic: 'p95', period: 60 });
    expect(alarmMetricFields(p95)).not.toHaveProperty('statistic');
  });

  test('a dashboard row is namespace, name, dimension pairs; only a percentile states its stat', () => {
    expect(dashboardRow(metric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'q' }, 'Maximum'))).toEqual([
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      'QueueName',
      'q',
    ]);
    expect(dashboardRow(metric('AWS/ApplicationELB', 'TargetResponseTime', { LoadBalancer: 'l' }, 'p95'))).toEqual([
      'AWS/ApplicationELB',
      'TargetResponseTime',
      'LoadBalancer',
      'l',
      { stat: 'p95' },
    ]);
  });
});

describe('tiers built together: metrics, connections, grants', () => {
  const { resource, output } = synthConstruct((stack) => {
    const dr = new AwsProvider(stack, 'aws-dr', { region: 'eu-central-1', alias: 'dr' });
    const lb = new LoadBalancer(stack, 'lb', demoLoadBalancerProps());
    const web = new Service(stack, 'web', { ...demoWebProps(), loadBalancer: lb });
    // Called twice with distinct ids: two policies, as aws-cdk allows.
    web.scaleOnCpuUtilization('cpu-night', { targetUtilizationPercent: 30 });
    const db = new Database(stack, 'db', {
      name: 'demo',
      vpcId: 'vpc-1',
      subnetIds: ['d-a', 'd-b'],
      readReplicas: { count: 1, instanceClass: 'db.t4g.large' },
      crossRegionReplica: { provider: dr, vpcId: 'vpc-dr', subnetIds: ['dr-a', 'dr-b'] },
    });
    const cache = new Cache(stack, 'cache', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'] });
    const queue = new Queue(stack, 'queue', { name: 'demo-jobs', alarmActions: ['arn:aws:sns:eu-west-1:111122223333:alerts'] });
    db.connections.allowDefaultPortFrom(web, 'web to database');
    cache.connections.allowDefaultPortFrom(web, 'web to cache');
    db.grantReadSecret(web);
    cache.grantConnect(web);
    queue.grantSendMessages(web);
    const metrics = {
      elb5xx: lb.metricElb5xx(),
      unhealthy: web.metricUnhealthyHosts(),
      target5xx: web.metricTarget5xx(),
      cpu: web.metricCpu(),
      inService: web.metricInServiceInstances(),
      dbCpu: db.metricCpu({ periodSeconds: 300 }),
      freeStorage: db.metricFreeStorage(),
      lag: db.metricReplicaLag(0),
      memory: cache.metricMemory(),
      oldest: queue.metricOldestMessageAge(),
      dlq: queue.metricDeadLetterMessages(),
    };
    for (const [name, value] of Object.entries(metrics)) new TerraformOutput(stack, name, { value });
  });
  const metricOf = (name: string) => output[name].value;

  test('each tier names its own namespace, metric, statistic and dimensions', () => {
    expect(metricOf('elb5xx')).toMatchObject({ namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_ELB_5XX_Count', statistic: 'Sum' });
    expect(metricOf('unhealthy')).toMatchObject({ metricName: 'UnHealthyHostCount', statistic: 'Maximum', dimensions: { TargetGroup: expect.stringMatching(/lb_tg-demo-web/) } });
    expect(metricOf('target5xx')).toMatchObject({ metricName: 'HTTPCode_Target_5XX_Count', dimensions: { TargetGroup: expect.any(String) } });
    expect(metricOf('cpu')).toMatchObject({ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: { AutoScalingGroupName: expect.stringMatching(/aws_autoscaling_group\.web_asg/) } });
    expect(metricOf('inService')).toMatchObject({ namespace: 'AWS/AutoScaling', metricName: 'GroupInServiceInstances' });
    expect(metricOf('dbCpu')).toMatchObject({ namespace: 'AWS/RDS', statistic: 'Average', periodSeconds: 300, dimensions: { DBInstanceIdentifier: expect.stringMatching(/db_primary/) } });
    expect(metricOf('freeStorage')).toMatchObject({ metricName: 'FreeStorageSpace', statistic: 'Minimum' });
    expect(metricOf('lag')).toMatchObject({ metricName: 'ReplicaLag', dimensions: { DBInstanceIdentifier: expect.stringMatching(/db_replica-1_replica/) } });
    expect(metricOf('memory')).toMatchObject({ namespace: 'AWS/ElastiCache', metricName: 'DatabaseMemoryUsagePercentage', dimensions: { ReplicationGroupId: expect.any(String) } });
    expect(metricOf('oldest')).toMatchObject({ namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions: { QueueName: expect.stringMatching(/aws_sqs_queue\.queue_\w+\.name/) } });
    expect(metricOf('dlq').dimensions.QueueName).toMatch(/queue_dlq_/);
  });

  test('connections: the database and cache admit the web tier on their ports, and the web tier may leave on them', () => {
    const ingress = Object.values(resource.aws_vpc_security_group_ingress_rule);
    const egress = Object.values(resource.aws_vpc_security_group_egress_rule);
    for (const [tier, port] of [['db', 5432], ['cache', 6379]] as const) {
      const rule = ingress.find((r) => String(r.security_group_id).includes(`${tier}_firewall_sg`))!;
      expect(rule).toMatchObject({ from_port: port, to_port: port, referenced_security_group_id: expect.stringMatching(/web_firewall_sg/) });
      expect(egress.some((r) => String(r.security_group_id).includes('web_firewall_sg') && r.from_port === port)).toBe(true);
    }
  });

  test('grants land on the grantee: one inline policy per grant on the web role', () => {
    const statements = Object.values(resource.aws_iam_role_policy).flatMap((p) => JSON.parse(p.policy).Statement);
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(
      expect.arrayContaining(['ReadDatabaseSecret', 'DecryptDatabaseSecret', 'ConnectToCache', 'SendMessages']),
    );
  });

  test('scaleOnCpuUtilization can be called twice with different ids', () => {
    const names = Object.values(resource.aws_autoscaling_policy).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['demo-web-cpu-target', 'demo-web-cpu-night']));
  });

  test('read replicas are DatabaseReadReplica constructs: same region on the primary key, DR region on its own', () => {
    const instances = Object.entries(resource.aws_db_instance);
    const same = instances.find(([id]) => id.startsWith('db_replica-1_'))![1];
    const dr = instances.find(([id]) => id.startsWith('db_dr_'))![1];
    expect(same).toMatchObject({ instance_class: 'db.t4g.large', replicate_source_db: expect.stringMatching(/db_primary\w*\.identifier/) });
    expect(same.provider).toBeUndefined();
    expect(dr).toMatchObject({ provider: 'aws.dr', replicate_source_db: expect.stringMatching(/db_primary\w*\.arn/), kms_key_id: expect.stringMatching(/db_dr_key/) });
  });

  test('the queue notifies its alarm actions from props', () => {
    expect(only(resource, 'aws_cloudwatch_metric_alarm')).toMatchObject({
      alarm_actions: ['arn:aws:sns:eu-west-1:111122223333:alerts'],
      ok_actions: ['arn:aws:sns:eu-west-1:111122223333:alerts'],
    });
  });
});

describe('construct API refusals', () => {
  test('a worker has no ALB metrics; a missing replica has no lag metric', () => {
    const stack = testStack();
    const worker = new Service(stack, 'worker', {
      name: 'demo-worker',
      vpcId: 'vpc-1',
      subnetIds: ['a-a'],
      instanceType: 't3.small',
      amiId: 'ami-0123456789abcdef0',
      appPort: 8080,
      capacity: { min: 1, max: 2, desired: 1 },
    });
    expect(() => worker.metricUnhealthyHosts()).toThrow(/metricUnhealthyHosts needs a load balancer/);
    const db = new Database(stack, 'db', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'] });
    expect(() => db.metricReplicaLag(0)).toThrow(/there are 0 read replicas/);
  });

  test('connections without a default port ask for an explicit one', () => {
    const stack = testStack();
    const a = new Firewall(stack, 'a', { name: 'a', vpcId: 'vpc-1', description: 'a' });
    const b = new Firewall(stack, 'b', { name: 'b', vpcId: 'vpc-1', description: 'b' });
    expect(() => new Connections(a).allowDefaultPortFrom(b, 'b to a')).toThrow(/no default port/);
    expect(() => new Connections(a).allowFrom(b, 9000, 'b to a on 9000')).not.toThrow();
  });

  test('Connections.allowTo writes the same rule pair as allowFrom from the other side', () => {
    const rulesOf = (wire: (a: Firewall, b: Firewall, stack: ReturnType<typeof testStack>) => void) => {
      const stack = testStack();
      const a = new Firewall(stack, 'a', { name: 'a', vpcId: 'vpc-1', description: 'a' });
      const b = new Firewall(stack, 'b', { name: 'b', vpcId: 'vpc-1', description: 'b' });
      wire(a, b, stack);
      return Testing.synth(stack);
    };
    const from = rulesOf((a, b) => new Connections(b).allowFrom(a, 5432, 'a to b'));
    const to = rulesOf((a, b) => new Connections(a).allowTo(b, 5432, 'a to b'));
    expect(to).toBe(from);
    expect(JSON.parse(to).resource.aws_vpc_security_group_ingress_rule).toBeDefined();
    const db = rulesOf((a, _b, stack) => {
      const database = new Database(stack, 'db', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'] });
      new Connections(a).allowToDefaultPort(database, 'a to database');
    });
    const ingress = Object.values<{ from_port: number; description: string }>(JSON.parse(db).resource.aws_vpc_security_group_ingress_rule);
    expect(ingress).toContainEqual(expect.objectContaining({ from_port: 5432, description: 'a to database' }));
  });

  test('a read replica needs exactly one of sameRegion and crossRegion', () => {
    const stack = testStack();
    const db = new Database(stack, 'db', { name: 'demo', vpcId: 'vpc-1', subnetIds: ['d-a', 'd-b'] });
    const settings = {
      engine: 'postgres' as const,
      instanceClass: 'db.t4g.medium',
      maxAllocatedStorageGb: 100,
      maintenanceWindow: 'sun:04:00-sun:05:00',
      performanceInsights: false,
      monitoringInterval: 0,
      logRetentionDays: 30,
      deletionProtection: false,
    };
    expect(
      () => new DatabaseReadReplica(stack, 'r', { name: 'demo', identifier: 'demo-db-r', source: db.primary, settings, engineVersion: '16', role: 'read-replica' }),
    ).toThrow(/exactly one of sameRegion and crossRegion/);
  });
});

describe('PrivateBucket for fixed names and ELB log delivery', () => {
  const { resource, data } = synthConstruct((stack) => {
    const fixed = new PrivateBucket(stack, 'state', { bucketName: 'acme-state', tags: { Name: 'state' } });
    fixed.grantElbLogDelivery('alb');
    return fixed;
  });

  test('a fixed bucket name, no prefix, tags', () => {
    expect(only(resource, 'aws_s3_bucket')).toMatchObject({ bucket: 'acme-state', tags: { Name: 'state' } });
    expect(only(resource, 'aws_s3_bucket').bucket_prefix).toBeUndefined();
  });

  test('log delivery: the regional ELB account and the log-delivery service, under <prefix>/AWSLogs/<account>/ only', () => {
    expect(data.aws_elb_service_account).toBeDefined();
    const statements = JSON.parse(only(resource, 'aws_s3_bucket_policy').policy).Statement as Record<string, any>[];
    const account = statements.find((s) => s.Sid === 'ElbAccountDelivery')!;
    const service = statements.find((s) => s.Sid === 'ElbServiceDelivery')!;
    expect(account.Principal.AWS).toMatch(/data\.aws_elb_service_account\.state_elb-account_\w+\.arn/);
    expect(service.Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
    for (const s of [account, service]) expect(s.Resource).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\.account\.account_id\}\/\*$/);
    expect(statements[statements.length - 1].Sid).toBe('DenyInsecureTransport');
  });

  test('exactly one of namePrefix and bucketName', () => {
    const stack = testStack();
    expect(() => new PrivateBucket(stack, 'both', { namePrefix: 'x-', bucketName: 'x' })).toThrow(/exactly one of namePrefix and bucketName/);
    expect(() => new PrivateBucket(stack, 'neither', {})).toThrow(/exactly one of namePrefix and bucketName/);
  });
});
