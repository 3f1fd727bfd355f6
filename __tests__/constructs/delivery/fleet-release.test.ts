import { TerraformOutput, TerraformStack } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { FleetRelease } from '../../../src/constructs/delivery/fleet-release';
import { TARGET_5XX_RATE, target5xxAlarmFires, target5xxRate, target5xxRateExpression } from '../../../src/constructs/delivery/fleet-release-props';
import { LoadBalancer } from '../../../src/constructs/network/load-balancer';
import { Service } from '../../../src/constructs/compute/ec2/service';
import { Alerts } from '../../../src/constructs/operations/alerts';
import { cafe, ecommerce, fastier } from '../../../src/config/profiles';
import { ProfileConfig } from '../../../src/config/types';
import { only, Resources, synthConstruct, synthProfile } from '../../support/synth';

const webProps = { vpcId: 'vpc-1', subnetIds: ['subnet-c', 'subnet-d'], instanceType: 't3.small', appPort: 8080, capacity: { min: 2, max: 4, desired: 2 } };

function build(stack: TerraformStack, deploy: 'rolling' | 'blue-green' = 'blue-green') {
  const lb = new LoadBalancer(stack, 'lb', { name: 'x', vpcId: 'vpc-1', publicSubnetIds: ['subnet-a', 'subnet-b'], accessLogs: false });
  const service = new Service(stack, 'web', { ...webProps, name: 'x-web', loadBalancer: lb, deploy });
  const alerts = new Alerts(stack, 'alerts', { name: 'x' });
  const alarm = alerts.alarm({ name: 'web-unhealthy-hosts', description: 'd', metric: service.metricUnhealthyHosts(), threshold: 1, comparison: 'GreaterThanOrEqualToThreshold' });
  const release = new FleetRelease(stack, 'release', { service, alarms: [alarm] });
  new TerraformOutput(stack, 'request', { value: release.request });
  return { service, release, alarm };
}

describe('FleetRelease', () => {
  const { resource, output } = synthConstruct((s) => build(s));
  const resolved = () => output.request.value;

  test('the request rolls the newest launch template version, launch before terminate, with auto rollback on the alarms', () => {
    const r = resolved();
    expect(r.AutoScalingGroupName).toMatch(/^\$\{aws_autoscaling_group\.web_asg_\w+\.name\}$/);
    expect(r.DesiredConfiguration.LaunchTemplate).toEqual({
      LaunchTemplateId: expect.stringMatching(/^\$\{aws_launch_template\.web_launch-template_\w+\.id\}$/),
      // A number, never $Latest/$Default (rollback refuses those); tostring because the CLI wants a string.
      Version: expect.stringMatching(/^\$\{tostring\(aws_launch_template\.web_launch-template_\w+\.latest_version\)\}$/),
    });
    expect(r.Preferences).toEqual({
      MinHealthyPercentage: 100,
      MaxHealthyPercentage: 200,
      InstanceWarmup: 120,
      SkipMatching: true,
      AutoRollback: true,
      AlarmSpecification: { Alarms: [expect.stringMatching(/^\$\{aws_cloudwatch_metric_alarm\.alerts_alarm-web-unhealthy-hosts_\w+\.alarm_name\}$/)] },
      CheckpointPercentages: [50, 100],
      CheckpointDelay: 180,
      BakeTime: 300,
    });
    expect(r.Strategy).toBe('Rolling');
  });

  test('Terraform keeps the group but leaves its launch template to the release: no Terraform refresh, no CodeDeploy', () => {
    const asg = only(resource, 'aws_autoscaling_group');
    expect(asg.instance_refresh).toBeUndefined();
    expect(asg.lifecycle.ignore_changes).toEqual(['desired_capacity', 'launch_template', 'name']);
    expect(asg.launch_template.version).toMatch(/latest_version/);
    expect(resource.aws_codedeploy_deployment_group).toBeUndefined();
    expect(resource.aws_codedeploy_app).toBeUndefined();
    const userData = Buffer.from(only(resource, 'aws_launch_template').user_data, 'base64').toString('utf8');
    expect(userData).not.toContain('codedeploy');
  });

  test('refuses a worker, a rolling service, no alarms, and bad checkpoints, naming each', () => {
    expect(() =>
      synthConstruct((s) => {
        const worker = new Service(s, 'w', { ...webProps, name: 'x-w' });
        new FleetRelease(s, 'r', { service: worker, alarms: [], checkpointPercentages: [50, 90] });
      }),
    ).toThrow(/FleetRelease r: service has no target group.*deploy: 'blue-green'.*alarms is empty.*checkpointPercentages \(50, 90\) must ascend from 1 to 100 and end at 100/);
    expect(() => synthConstruct((s) => build(s, 'rolling'))).toThrow(/Terraform's rolling refresh: give the Service deploy: 'blue-green'/);
  });

  test('a blue-green service refuses a minHealthyPercentage below 100 (it would terminate before launching)', () => {
    expect(() =>
      synthConstruct((s) => {
        const lb = new LoadBalancer(s, 'lb', { name: 'x', vpcId: 'vpc-1', publicSubnetIds: ['subnet-a', 'subnet-b'], accessLogs: false });
        new Service(s, 'web', { ...webProps, name: 'x-web', loadBalancer: lb, deploy: 'blue-green', minHealthyPercentage: 90 });
      }),
    ).toThrow("minHealthyPercentage (90) must be 100 with deploy 'blue-green' (launch before terminate) or left out");
  });
});

describe('the 5xx-rate rule', () => {
  test('the alarm expression is the rule the offline model evaluates', () => {
    expect(target5xxRateExpression()).toBe('IF(FILL(errors, 0) >= 3, 100 * FILL(errors, 0) / FILL(requests, 1), 0)');
  });

  // [errors, requests] per minute, oldest first; undefined = nothing published that minute.
  test.each<[string, Array<[number | undefined, number | undefined]>, boolean]>([
    ['no traffic at all', [[undefined, undefined], [undefined, undefined], [undefined, undefined]], false],
    ['quiet hour, one flaky 500 a minute (33 %)', [[1, 3], [1, 3], [1, 3]], false],
    ['quiet hour, a bad release failing every request (4 a minute)', [[4, 4], [4, 4], [4, 4]], true],
    ['busy: 10 errors in 20,000 requests (0.05 %) is noise, whatever the count', [[10, 20000], [12, 20000], [11, 20000]], false],
    ['busy: a bad release on half the fleet (50 %)', [[10000, 20000], [9000, 20000], [11000, 20000]], true],
    ['one bad minute only', [[0, 100], [50, 100], [0, 100]], false],
    ['two bad minutes of three', [[0, 100], [6, 100], [7, 100]], true],
    ['just under the threshold (4.9 %)', [[49, 1000], [49, 1000], [49, 1000]], false],
  ])('%s', (_why, minutes, fires) => {
    expect(target5xxAlarmFires(minutes)).toBe(fires);
  });

  test('a rate, not a count: the same 10 errors are an outage at 20 requests and noise at 20,000', () => {
    expect(target5xxRate(10, 20)).toBe(50);
    expect(target5xxRate(10, 20000)).toBeLessThan(TARGET_5XX_RATE.thresholdPercent);
    expect(target5xxRate(2, 2)).toBe(0);
  });
});

describe('releases in the profiles', () => {
  const synth = (profile: ProfileConfig) => synthProfile(profile).json;
  const fast = synth(fastier);
  const resource = fast.resource as Resources;
  const release = fast.output.fleet_releases.value.web;
  const alarmsByAddress = resource.aws_cloudwatch_metric_alarm;

  test('fastier: no pipeline, no CodeDeploy group copying the Auto Scaling group; the web release rolls back by itself', () => {
    expect(resource.aws_codepipeline).toBeUndefined();
    expect(resource.aws_codedeploy_deployment_group).toBeUndefined();
    expect(fast.output.release_sources).toBeUndefined();
    expect(release.Preferences.AutoRollback).toBe(true);
    expect(release.Preferences.MinHealthyPercentage).toBe(100);
    expect(release.Preferences.MaxHealthyPercentage).toBe(200);
    expect(Object.keys(fast.output.fleet_releases.value)).toEqual(['web']);
  });

  test('fastier: the alarm specification names alarms of this stack, by reference (so they exist first)', () => {
    const names = release.Preferences.AlarmSpecification.Alarms.map((ref: string) => {
      const address = /^\$\{aws_cloudwatch_metric_alarm\.([\w-]+)\.alarm_name\}$/.exec(ref)![1];
      return alarmsByAddress[address].alarm_name;
    });
    expect(names).toEqual(['fastier-production-web-unhealthy-hosts', 'fastier-production-web-target-5xx']);
  });

  test('fastier: both rollback alarms watch the web target group, not the whole load balancer', () => {
    const tg = /aws_lb_target_group\.load-balancer_tg-fastier-production-web_\w+\.arn_suffix/;
    const unhealthy = Object.values(alarmsByAddress).find((a) => a.alarm_name === 'fastier-production-web-unhealthy-hosts')!;
    expect(unhealthy.dimensions.TargetGroup).toMatch(tg);
    const rate = Object.values(alarmsByAddress).find((a) => a.alarm_name === 'fastier-production-web-target-5xx')!;
    expect(rate.metric_name).toBeUndefined();
    expect(rate.metric_query[0]).toMatchObject({ id: 'result', expression: target5xxRateExpression(), return_data: true });
    const inputs = rate.metric_query.slice(1);
    expect(inputs.map((q: any) => [q.id, q.metric.metric_name, q.metric.stat])).toEqual([
      ['errors', 'HTTPCode_Target_5XX_Count', 'Sum'],
      ['requests', 'RequestCount', 'Sum'],
    ]);
    for (const q of inputs) expect(q.metric.dimensions.TargetGroup).toMatch(tg);
    expect(rate).toMatchObject({ threshold: 5, evaluation_periods: 3, datapoints_to_alarm: 2, treat_missing_data: 'notBreaching' });
  });

  test('fastier: the web group leaves its launch template to the release; the rolling worker keeps Terraform\'s refresh', () => {
    const asgs = Object.values(resource.aws_autoscaling_group);
    const web = asgs.find((a) => a.name === 'fastier-production-web')!;
    expect(web.instance_refresh).toBeUndefined();
    expect(web.lifecycle.ignore_changes).toContain('launch_template');
    const worker = asgs.find((a) => a.name === 'fastier-production-worker')!;
    expect(worker.instance_refresh.strategy).toBe('Rolling');
    expect(worker.lifecycle.ignore_changes).toEqual(['desired_capacity']);
  });

  test('ecommerce: web and api each roll back on their own target group\'s alarms; cafe (rolling) has no release output', () => {
    const shop = synth(ecommerce);
    const value = shop.output.fleet_releases.value;
    expect(Object.keys(value).sort()).toEqual(['api', 'web']);
    const names = (svc: string) => value[svc].Preferences.AlarmSpecification.Alarms.map((ref: string) => /alarm-([\w-]+?)_\w+\.alarm_name/.exec(ref)![1]);
    expect(names('web')).toEqual(['web-unhealthy-hosts', 'web-target-5xx']);
    expect(names('api')).toEqual(['api-unhealthy-hosts', 'api-target-5xx']);
    expect(shop.resource.aws_codedeploy_app).toBeUndefined();
    expect(synth(cafe).output.fleet_releases).toBeUndefined();
  });
});

describe('Alerts.mathAlarm', () => {
  test('refuses metric ids CloudWatch would not take', () => {
    expect(() =>
      synthConstruct((s) => {
        const alerts = new Alerts(s, 'alerts', { name: 'x' });
        const metrics = { Errors: { namespace: 'n', metricName: 'm', dimensions: {}, statistic: 'Sum' } };
        alerts.mathAlarm({ name: 'm', description: 'd', metrics, expression: 'Errors', label: 'l', threshold: 1, comparison: 'GreaterThanThreshold' });
      }),
    ).toThrow('Alerts x: mathAlarm m needs metric ids starting with a lower-case letter (got Errors)');
  });

  test('builds a metric-math alarm whose only returned series is the expression', () => {
    const { built, resource } = synthConstruct((s) => {
      const alerts = new Alerts(s, 'alerts', { name: 'x' });
      const metrics = { a: { namespace: 'n', metricName: 'm', dimensions: { D: 'v' }, statistic: 'Sum' } };
      return alerts.mathAlarm({ name: 'm', description: 'd', metrics, expression: 'a * 2', label: 'l', threshold: 1, comparison: 'GreaterThanThreshold' });
    });
    expect(built).toBeInstanceOf(CloudwatchMetricAlarm);
    expect(only(resource, 'aws_cloudwatch_metric_alarm').metric_query).toEqual([
      { id: 'result', expression: 'a * 2', label: 'l', return_data: true },
      { id: 'a', return_data: false, metric: { namespace: 'n', metric_name: 'm', dimensions: { D: 'v' }, stat: 'Sum', period: 60 } },
    ]);
  });
});
