import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { ProfileConfig } from '../config/types';
import { Alerts } from '../constructs/alerts';
import { AuditTrail } from '../constructs/audit-trail';
import { Backup } from '../constructs/backup';
import { Service } from '../constructs/service';
import { CostControls } from '../constructs/cost-controls';
import { LoadBalancer } from '../constructs/load-balancer';
import { DataTier } from './data-tier';

export interface OperationsProps {
  readonly profile: ProfileConfig;
  /** Name prefix (`<project>-<environment>`). */
  readonly name: string;
  readonly alerts: Alerts;
  readonly loadBalancer: LoadBalancer;
  readonly services: Record<string, Service>;
  readonly dataTier: DataTier;
}

/**
 * The last step of the request flow: knowing when it breaks and what it costs. Alarms on the symptoms
 * users feel (5xx, latency, unhealthy targets) and on the data tier's limits, one dashboard for the
 * evening the traffic comes, and, per profile, an audit trail, budgets with a cost-anomaly report, and
 * AWS Backup with cross-region copies.
 */
export class Operations extends Construct {
  readonly dashboard: CloudwatchDashboard;
  readonly auditTrail?: AuditTrail;
  readonly costControls?: CostControls;
  readonly backup?: Backup;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { profile: p, name, alerts, loadBalancer: lb, dataTier } = props;
    const ops = p.operations;
    const production = p.environment === 'production';

    // What users feel first: errors and slowness at the load balancer.
    alerts.alarm({
      name: 'alb-5xx',
      description: 'The load balancer itself returns 5xx (no healthy target, or targets refusing connections). Check the target groups and the ASG activity.',
      namespace: 'AWS/ApplicationELB',
      metricName: 'HTTPCode_ELB_5XX_Count',
      dimensions: lb.metricDimensions(),
      statistic: 'Sum',
      threshold: 10,
      comparison: 'GreaterThanOrEqualToThreshold',
    });
    alerts.alarm({
      name: 'alb-latency-p95',
      description: '95th percentile response time is above 1.5 s for 5 minutes. Check CPU, scaling activity and the database.',
      namespace: 'AWS/ApplicationELB',
      metricName: 'TargetResponseTime',
      dimensions: lb.metricDimensions(),
      statistic: 'p95',
      threshold: 1.5,
      comparison: 'GreaterThanThreshold',
      evaluationPeriods: 5,
    });
    for (const [serviceName, service] of Object.entries(props.services)) {
      if (!service.target) continue;
      alerts.alarm({
        name: `${serviceName}-unhealthy-hosts`,
        description: `Targets of ${serviceName} fail their health check; the ASG replaces them, so a lasting alarm means a bad release or a broken dependency.`,
        namespace: 'AWS/ApplicationELB',
        metricName: 'UnHealthyHostCount',
        dimensions: lb.metricDimensions(service.target),
        statistic: 'Maximum',
        threshold: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 5,
      });
      alerts.alarm({
        name: `${serviceName}-target-5xx`,
        description: `The ${serviceName} app answers 5xx. Read its logs (SSM Session Manager) and recent deploys.`,
        namespace: 'AWS/ApplicationELB',
        metricName: 'HTTPCode_Target_5XX_Count',
        dimensions: lb.metricDimensions(service.target),
        statistic: 'Sum',
        threshold: 10,
        comparison: 'GreaterThanOrEqualToThreshold',
      });
    }

    const db = dataTier.database;
    if (db) {
      alerts.alarm({
        name: 'db-cpu',
        description: 'Database CPU above 80 % for 10 minutes: move reads to the replicas, add a replica, or scale the instance class.',
        namespace: 'AWS/RDS',
        metricName: 'CPUUtilization',
        dimensions: { DBInstanceIdentifier: db.primary.identifier },
        statistic: 'Average',
        threshold: 80,
        comparison: 'GreaterThanThreshold',
        periodSeconds: 300,
        evaluationPeriods: 2,
      });
      alerts.alarm({
        name: 'db-free-storage',
        description: 'Less than 5 GiB free on the database: storage autoscaling may be at its ceiling (maxAllocatedStorageGb).',
        namespace: 'AWS/RDS',
        metricName: 'FreeStorageSpace',
        dimensions: { DBInstanceIdentifier: db.primary.identifier },
        statistic: 'Minimum',
        threshold: 5 * 1024 ** 3,
        comparison: 'LessThanThreshold',
        periodSeconds: 300,
        evaluationPeriods: 1,
      });
      db.replicas.forEach((replica, i) =>
        alerts.alarm({
          name: `db-replica-${i}-lag`,
          description: `Read replica ${i} is more than 60 s behind the primary: reads there are stale.`,
          namespace: 'AWS/RDS',
          metricName: 'ReplicaLag',
          dimensions: { DBInstanceIdentifier: replica.identifier },
          statistic: 'Maximum',
          threshold: 60,
          comparison: 'GreaterThanThreshold',
          periodSeconds: 60,
          evaluationPeriods: 5,
        }),
      );
    }
    const cache = dataTier.cache;
    if (cache) {
      alerts.alarm({
        name: 'cache-memory',
        description: 'Cache memory above 85 %: evictions follow. Scale the node type or review TTLs.',
        namespace: 'AWS/ElastiCache',
        metricName: 'DatabaseMemoryUsagePercentage',
        dimensions: { ReplicationGroupId: cache.replicationGroup.replicationGroupId },
        statistic: 'Maximum',
        threshold: 85,
        comparison: 'GreaterThanThreshold',
        periodSeconds: 300,
        evaluationPeriods: 2,
      });
    }
    if (dataTier.queue) {
      // The queue already watches its dead-letter queue; route that alarm here too.
      dataTier.queue.deadLetterAlarm.alarmActions = [alerts.topicArn];
      dataTier.queue.deadLetterAlarm.okActions = [alerts.topicArn];
    }

    this.dashboard = this.buildDashboard(name, lb, props.services, dataTier);

    if (ops?.auditTrail) {
      this.auditTrail = new AuditTrail(this, 'audit-trail', {
        name,
        logRetentionDays: p.logRetentionDays,
        forceDestroy: !production,
      });
    }
    if (ops) {
      this.costControls = new CostControls(this, 'cost', {
        name,
        monthlyBudgetUsd: ops.monthlyBudgetUsd,
        tagKey: 'Project',
        tagValue: p.project,
        alertTopicArn: alerts.topicArn,
        emails: ops.alertEmails,
      });
    }
    if (ops?.backup && db) {
      this.backup = new Backup(this, 'backup', {
        name,
        resourceArns: [db.primary.arn],
        dailyRetentionDays: ops.backup.dailyRetentionDays,
        monthlyRetentionDays: ops.backup.monthlyRetentionDays,
        coldStorageAfterDays: ops.backup.coldStorageAfterDays,
        drProvider: dataTier.drProvider,
        forceDestroy: !production,
      });
    }

    const stack = TerraformStack.of(this);
    new TerraformOutput(stack, 'alerts_topic_arn', { value: alerts.topicArn, description: 'SNS topic every alarm notifies; subscribe a pager here' });
    new TerraformOutput(stack, 'dashboard_name', { value: this.dashboard.dashboardName, description: 'CloudWatch dashboard for this profile' });
  }

  /** One screen for the evening the traffic comes: requests, latency, errors, capacity, data tier. */
  private buildDashboard(name: string, lb: LoadBalancer, services: Record<string, Service>, dataTier: DataTier): CloudwatchDashboard {
    const region = new DataAwsRegion(this, 'region').name;
    const alb = lb.metricDimensions().LoadBalancer;
    const widget = (title: string, metrics: unknown[][], stat = 'Sum') => ({
      type: 'metric',
      width: 12,
      height: 6,
      properties: { title, region, stat, period: 60, view: 'timeSeries', metrics },
    });
    const widgets = [
      widget('Requests', [['AWS/ApplicationELB', 'RequestCount', 'LoadBalancer', alb]]),
      widget('Response time p95 (s)', [['AWS/ApplicationELB', 'TargetResponseTime', 'LoadBalancer', alb, { stat: 'p95' }]], 'p95'),
      widget('Errors', [
        ['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', alb],
        ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'LoadBalancer', alb],
      ]),
      widget(
        'Instances in service',
        Object.values(services).map((s) => ['AWS/AutoScaling', 'GroupInServiceInstances', 'AutoScalingGroupName', s.asgName]),
        'Average',
      ),
      widget(
        'Instance CPU (%)',
        Object.values(services).map((s) => ['AWS/EC2', 'CPUUtilization', 'AutoScalingGroupName', s.asgName]),
        'Average',
      ),
    ];
    if (dataTier.database) {
      widgets.push(
        widget('Database', [
          ['AWS/RDS', 'CPUUtilization', 'DBInstanceIdentifier', dataTier.database.primary.identifier],
          ['AWS/RDS', 'DatabaseConnections', 'DBInstanceIdentifier', dataTier.database.primary.identifier],
        ], 'Average'),
      );
    }
    if (dataTier.queue) {
      widgets.push(widget('Queue backlog', [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', dataTier.queue.name]], 'Maximum'));
    }
    return new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `${name}-overview`,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}
