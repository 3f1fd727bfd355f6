import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { ProfileConfig } from '../../config/types';
import { AlarmOptions, Alerts } from '../../constructs/operations/alerts';
import { AuditTrail } from '../../constructs/operations/audit-trail';
import { Backup } from '../../constructs/operations/backup';
import { Service } from '../../constructs/compute/ec2/service';
import { BeanstalkApp } from '../../constructs/compute/beanstalk/beanstalk';
import { CostControls } from '../../constructs/operations/cost-controls';
import { LoadBalancer } from '../../constructs/network/load-balancer';
import { DataTier } from './data-tier';
import { dashboardRow, Metric } from '../../constructs/shared/metric';
import { TARGET_5XX_RATE, target5xxRateExpression } from '../../constructs/delivery/fleet-release-props';

export interface OperationsProps {
  readonly profile: ProfileConfig;
  /** Name prefix (`<project>-<environment>`). */
  readonly name: string;
  readonly alerts: Alerts;
  /** The stack's ALB; absent with compute "beanstalk" (each environment has its own, watched through enhanced health) or "eks" (the Ingress ALB is EKS Auto Mode's). */
  readonly loadBalancer?: LoadBalancer;
  readonly services: Record<string, Service>;
  /** The web service on Beanstalk, when compute is "beanstalk". */
  readonly beanstalk?: BeanstalkApp;
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

    if (lb) this.alarmOnSymptoms(alerts, lb, props.services);
    if (props.beanstalk) this.alarmOnBeanstalk(alerts, props.beanstalk);
    this.alarmOnMemory(alerts, props.services);
    this.alarmOnDataTier(alerts, dataTier);
    // The queue's dead-letter alarm notifies the topic through the queue's alarmActions (set by the data tier).

    this.dashboard = this.buildDashboard(name, lb, props.services, dataTier, props.beanstalk);

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
    const db = dataTier.database;
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

  /** What users feel first: errors and slowness at the load balancer, unhealthy or failing targets per web service. */
  private alarmOnSymptoms(alerts: Alerts, lb: LoadBalancer, services: Record<string, Service>): void {
    alerts.alarm({
      name: 'alb-5xx',
      description: 'The load balancer itself returns 5xx (no healthy target, or targets refusing connections). Check the target groups and the ASG activity.',
      metric: lb.metricElb5xx(),
      threshold: 10,
      comparison: 'GreaterThanOrEqualToThreshold',
    });
    alerts.alarm({
      name: 'alb-latency-p95',
      description: '95th percentile response time is above 1.5 s for 5 minutes. Check CPU, scaling activity and the database.',
      metric: lb.metricTargetResponseTime({ statistic: 'p95' }),
      threshold: 1.5,
      comparison: 'GreaterThanThreshold',
      evaluationPeriods: 5,
    });
    for (const [serviceName, service] of Object.entries(services)) {
      if (!service.target) continue;
      alerts.alarm({
        name: `${serviceName}-unhealthy-hosts`,
        description: `Targets of ${serviceName} fail their health check; the ASG replaces them, so a lasting alarm means a bad release or a broken dependency.`,
        metric: service.metricUnhealthyHosts(),
        threshold: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 5,
      });
      // A rate per target group, floored at a few errors a minute (TARGET_5XX_RATE says why); rolls back blue/green releases.
      const rule = TARGET_5XX_RATE;
      const period = { periodSeconds: rule.periodSeconds };
      alerts.mathAlarm({
        name: `${serviceName}-target-5xx`,
        description: `Over ${rule.thresholdPercent} % of the requests ${serviceName} answered were 5xx (at least ${rule.minErrors} a minute), ${rule.datapointsToAlarm} of ${rule.evaluationPeriods} minutes. Read its logs (SSM Session Manager); a release in progress rolls back.`,
        metrics: { errors: service.metricTarget5xx(period), requests: service.metricRequestCount(period) },
        expression: target5xxRateExpression(rule.minErrors),
        label: `${serviceName} 5xx rate (%)`,
        threshold: rule.thresholdPercent,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: rule.evaluationPeriods,
        datapointsToAlarm: rule.datapointsToAlarm,
      });
    }

  }

  /** Per Beanstalk environment (names known at synth): enhanced health, 5xx, p95 latency and memory. */
  private alarmOnBeanstalk(alerts: Alerts, eb: BeanstalkApp): void {
    for (const env of eb.environments) {
      alerts.alarm({
        name: `${env.role}-environment-health`,
        description: `Beanstalk environment ${env.name} is Degraded or Severe for 5 minutes. Check its Health page and recent deployments.`,
        metric: eb.metricEnvironmentHealth(env),
        threshold: 20,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 5,
      });
      alerts.alarm({
        name: `${env.role}-5xx`,
        description: `The app in ${env.name} answers 5xx. Read its logs (CloudWatch Logs /aws/elasticbeanstalk/${env.name}/) and recent deploys.`,
        metric: eb.metricApplication5xx(env),
        threshold: 10,
        comparison: 'GreaterThanOrEqualToThreshold',
      });
      alerts.alarm({
        name: `${env.role}-latency-p95`,
        description: `95th percentile response time in ${env.name} is above 1.5 s for 5 minutes. Check memory, CPU, scaling activity and the database.`,
        metric: eb.metricLatencyP95(env),
        threshold: 1.5,
        comparison: 'GreaterThanThreshold',
        evaluationPeriods: 5,
      });
      alerts.alarm(memoryAlarm(env.role, eb.metricMemory(env), eb.memoryTargetPercent));
    }
  }

  /** Memory of the EC2 services that publish it: a lasting high value means scaling cannot keep up. */
  private alarmOnMemory(alerts: Alerts, services: Record<string, Service>): void {
    for (const [serviceName, service] of Object.entries(services)) {
      if (service.memoryTargetPercent !== undefined) alerts.alarm(memoryAlarm(serviceName, service.metricMemory(), service.memoryTargetPercent));
    }
  }

  /** The data tier's limits: database CPU, storage and replica lag, cache memory. */
  private alarmOnDataTier(alerts: Alerts, dataTier: DataTier): void {
    const db = dataTier.database;
    if (db) {
      alerts.alarm({
        name: 'db-cpu',
        description: 'Database CPU above 80 % for 10 minutes: move reads to the replicas, add a replica, or scale the instance class.',
        metric: db.metricCpu({ periodSeconds: 300 }),
        threshold: 80,
        comparison: 'GreaterThanThreshold',
        evaluationPeriods: 2,
      });
      alerts.alarm({
        name: 'db-free-storage',
        description: 'Less than 5 GiB free on the database: storage autoscaling may be at its ceiling (maxAllocatedStorageGb).',
        metric: db.metricFreeStorage({ periodSeconds: 300 }),
        threshold: 5 * 1024 ** 3,
        comparison: 'LessThanThreshold',
        evaluationPeriods: 1,
      });
      db.replicas.forEach((_, i) =>
        alerts.alarm({
          name: `db-replica-${i}-lag`,
          description: `Read replica ${i} is more than 60 s behind the primary: reads there are stale.`,
          metric: db.metricReplicaLag(i),
          threshold: 60,
          comparison: 'GreaterThanThreshold',
          evaluationPeriods: 5,
        }),
      );
    }
    const cache = dataTier.cache;
    if (cache) {
      alerts.alarm({
        name: 'cache-memory',
        description: 'Cache memory above 85 %: evictions follow. Scale the node type or review TTLs.',
        metric: cache.metricMemory({ periodSeconds: 300 }),
        threshold: 85,
        comparison: 'GreaterThanThreshold',
        evaluationPeriods: 2,
      });
    }
  }

  /** One screen for the evening the traffic comes: requests, latency, errors, capacity, data tier. */
  private buildDashboard(name: string, lb: LoadBalancer | undefined, services: Record<string, Service>, dataTier: DataTier, eb?: BeanstalkApp): CloudwatchDashboard {
    const region = new DataAwsRegion(this, 'region').name;
    const widget = (title: string, metrics: Metric[], stat = 'Sum') => ({
      type: 'metric',
      width: 12,
      height: 6,
      properties: { title, region, stat, period: 60, view: 'timeSeries', metrics: metrics.map(dashboardRow) },
    });
    const all = Object.values(services);
    const envs = eb?.environments ?? [];
    const widgets = [
      ...(lb
        ? [
            widget('Requests', [lb.metricRequestCount()]),
            widget('Response time p95 (s)', [lb.metricTargetResponseTime({ statistic: 'p95' })], 'p95'),
            widget('Errors', [lb.metricElb5xx(), lb.metricTarget5xx()]),
          ]
        : []),
      ...(eb && envs.length
        ? [
            widget('Beanstalk health (0 ok ... 25 severe)', envs.map((e) => eb.metricEnvironmentHealth(e)), 'Maximum'),
            widget('Beanstalk p95 latency (s)', envs.map((e) => eb.metricLatencyP95(e)), 'Maximum'),
            widget('Beanstalk 5xx', envs.map((e) => eb.metricApplication5xx(e))),
          ]
        : []),
      // Auto Scaling groups (none with compute "eks": pods and nodes are Kubernetes' to show).
      ...(all.length
        ? [widget('Instances in service', all.map((s) => s.metricInServiceInstances()), 'Average'), widget('Instance CPU (%)', all.map((s) => s.metricCpu()), 'Average')]
        : []),
    ];
    const memory = [...all.filter((s) => s.memoryTargetPercent !== undefined).map((s) => s.metricMemory()), ...(eb ? envs.map((e) => eb.metricMemory(e)) : [])];
    if (memory.length) widgets.push(widget('Instance memory (%)', memory, 'Average'));
    const db = dataTier.database;
    if (db) widgets.push(widget('Database', [db.metricCpu(), db.metricConnections()], 'Average'));
    if (dataTier.queue) widgets.push(widget('Queue backlog', [dataTier.queue.metricVisibleMessages()], 'Maximum'));
    return new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `${name}-overview`,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}

/** Memory above target + 15 points (at least 85 %) for 10 minutes: scaling is not keeping up, or the app leaks. */
function memoryAlarm(label: string, memory: Metric, targetPercent: number): AlarmOptions {
  const threshold = Math.max(85, Math.min(targetPercent + 15, 95));
  return {
    name: `${label}-memory`,
    description: `Average memory of ${label} above ${threshold} % for 10 minutes (target ${targetPercent} %): scaling is not keeping up or the app leaks memory. Check the group's activity and the app's memory use.`,
    metric: memory,
    threshold,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 10,
  };
}
