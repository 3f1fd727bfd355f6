import { ecommerce, fastier, lab } from '../../../src/config/profiles';
import { ProfileConfig } from '../../../src/config/types';
import { Resources, synthProfile } from '../../support/synth';

const synth = (profile: ProfileConfig) => synthProfile(profile);
const alarmNames = (resource: Resources) => Object.values(resource.aws_cloudwatch_metric_alarm).map((a) => a.alarm_name as string);

describe('Operations in the ecommerce stack', () => {
  const { resource, output } = synth(ecommerce);

  test('alarms on what users feel: ALB 5xx and p95 latency, unhealthy hosts and 5xx per web service', () => {
    expect(alarmNames(resource)).toEqual(
      expect.arrayContaining([
        'shop-production-alb-5xx',
        'shop-production-alb-latency-p95',
        'shop-production-web-unhealthy-hosts',
        'shop-production-api-unhealthy-hosts',
        'shop-production-web-target-5xx',
        'shop-production-api-target-5xx',
      ]),
    );
    // Workers have no target group, so no ALB alarms.
    expect(alarmNames(resource).some((n) => n.includes('orders-unhealthy'))).toBe(false);
  });

  test('alarms on the data tier: database CPU, free storage, lag of each replica, cache memory', () => {
    expect(alarmNames(resource)).toEqual(
      expect.arrayContaining([
        'shop-production-db-cpu',
        'shop-production-db-free-storage',
        'shop-production-db-replica-0-lag',
        'shop-production-db-replica-1-lag',
        'shop-production-cache-memory',
      ]),
    );
  });

  test('every operations alarm and the dead-letter alarm notify the alerts topic', () => {
    const topic = Object.keys(resource.aws_sns_topic).find((t) => !t.startsWith('dr_'))!;
    // Alarms that drive scaling policies act on the ASG; every other alarm must reach a human (the DR region's alarms: its own topic).
    const notifying = Object.values(resource.aws_cloudwatch_metric_alarm).filter(
      (a) => a.provider !== 'aws.dr' && !(a.alarm_actions ?? []).some((x: string) => x.includes('aws_autoscaling_policy')),
    );
    const drTopic = Object.keys(resource.aws_sns_topic).find((t) => t.startsWith('dr_'))!;
    for (const alarm of Object.values(resource.aws_cloudwatch_metric_alarm).filter((a) => a.provider === 'aws.dr')) {
      expect(alarm.alarm_actions).toEqual([`\${aws_sns_topic.${drTopic}.arn}`]);
    }
    expect(notifying.length).toBeGreaterThanOrEqual(12);
    for (const alarm of notifying) {
      expect(alarm.alarm_actions).toEqual([`\${aws_sns_topic.${topic}.arn}`]);
    }
    const dlq = Object.values(resource.aws_cloudwatch_metric_alarm).find((a) => a.provider !== 'aws.dr' && String(a.alarm_name).endsWith('dlq-not-empty'))!;
    expect(dlq.alarm_actions).toEqual([`\${aws_sns_topic.${topic}.arn}`]);
  });

  test('a dashboard with traffic, errors, capacity, database and queue widgets', () => {
    const dashboard = Object.values(resource.aws_cloudwatch_dashboard)[0];
    const titles = JSON.parse(dashboard.dashboard_body).widgets.map((w: any) => w.properties.title);
    expect(titles).toEqual(['Requests', 'Response time p95 (s)', 'Errors', 'Instances in service', 'Instance CPU (%)', 'Database', 'Queue backlog']);
    expect(output.dashboard_name).toBeDefined();
    expect(output.alerts_topic_arn).toBeDefined();
  });

  test('an audit trail, a budget with cost-anomaly report, and backups copied to the DR region', () => {
    expect(Object.keys(resource.aws_cloudtrail)).toHaveLength(1);
    expect(Object.values(resource.aws_budgets_budget)[0].limit_amount).toBe('8000.00');
    expect(Object.values(resource.aws_ce_anomaly_subscription).map((s) => s.frequency).sort()).toEqual(['DAILY', 'IMMEDIATE']);
    const plan = Object.values(resource.aws_backup_plan)[0];
    expect(plan.rule[1].lifecycle).toMatchObject({ cold_storage_after: 90, delete_after: 2557 });
    expect(plan.rule[0].copy_action[0].destination_vault_arn).toMatch(/aws_backup_vault\./);
    expect(Object.values(resource.aws_backup_vault).filter((v) => v.provider === 'aws.dr')).toHaveLength(1);
    expect(Object.values(resource.aws_backup_selection)[0].resources[0]).toMatch(/aws_db_instance\..*primary.*\.arn/);
  });
});

describe('Operations per profile', () => {
  test('the lab gets alarms and a budget but no audit trail or backups', () => {
    const { resource } = synth(lab);
    expect(alarmNames(resource)).toEqual(expect.arrayContaining(['lab-dev-alb-5xx', 'lab-dev-web-unhealthy-hosts']));
    expect(resource.aws_cloudtrail).toBeUndefined();
    expect(resource.aws_backup_plan).toBeUndefined();
    expect(Object.values(resource.aws_budgets_budget)[0].limit_amount).toBe('175.00');
  });

  test('fastier backs its database up to a vault in its DR region', () => {
    const { resource } = synth(fastier);
    expect(Object.values(resource.aws_backup_vault).map((v) => v.provider ?? 'home').sort()).toEqual(['aws.dr', 'home']);
  });
});
