import { FailureDrills } from '../../../src/constructs/operations/failure-drills';
import { synthConstruct } from '../../support/synth';

const base = {
  name: 'shop-dev',
  autoScalingGroupNames: ['shop-dev-web', 'shop-dev-api'],
  stopAlarmArns: ['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:shop-dev-alb-5xx'],
};

describe('FailureDrills', () => {
  const all = synthConstruct((stack) =>
    new FailureDrills(stack, 'drills', {
      ...base,
      azOutage: { vpcArn: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1', subnetArns: ['arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-a', 'arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-b'] },
      databaseArn: 'arn:aws:rds:eu-west-1:111122223333:db:shop-dev',
      cache: { replicationGroupArn: 'arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:shop-dev', replicationGroupId: 'shop-dev', primaryAz: 'eu-west-1a' },
      terminatePercent: 50,
      outageMinutes: 10,
    }),
  );
  const templates = Object.values(all.resource.aws_fis_experiment_template);
  const byDrill = Object.fromEntries(templates.map((t) => [t.tags.Drill, t]));
  const policy = JSON.parse(Object.values(all.resource.aws_iam_role_policy)[0].policy);
  const statement = (sid: string) => policy.Statement.find((s: any) => s.Sid === sid);

  test('one template per drill, each stopped by the given alarms', () => {
    expect(Object.keys(byDrill).sort()).toEqual(['az-outage', 'cache-failover', 'db-failover', 'terminate-instances']);
    for (const t of templates) {
      expect(t.stop_condition).toEqual([{ source: 'aws:cloudwatch:alarm', value: base.stopAlarmArns[0] }]);
      expect(t.tags.Name).toBe(`shop-dev-${t.tags.Drill}`);
    }
  });

  test('terminate: a share of each group\'s running instances, found by the Auto Scaling group tag', () => {
    const t = byDrill['terminate-instances'];
    expect(t.target).toEqual(
      base.autoScalingGroupNames.map((asg, i) => ({
        name: `group-${i}`,
        resource_type: 'aws:ec2:instance',
        selection_mode: 'PERCENT(50)',
        resource_tag: [{ key: 'aws:autoscaling:groupName', value: asg }],
        filter: [{ path: 'State.Name', values: ['running'] }],
      })),
    );
    expect(t.action.map((a: any) => a.action_id)).toEqual(['aws:ec2:terminate-instances', 'aws:ec2:terminate-instances']);
  });

  test('AZ outage, database and cache failover target exactly the given resources', () => {
    expect(byDrill['az-outage'].target[0]).toMatchObject({ resource_type: 'aws:ec2:subnet', selection_mode: 'ALL', resource_arns: expect.arrayContaining([expect.stringContaining('subnet-a')]) });
    expect(byDrill['az-outage'].action[0]).toMatchObject({ action_id: 'aws:network:disrupt-connectivity', parameter: [{ key: 'duration', value: 'PT10M' }, { key: 'scope', value: 'all' }] });
    expect(byDrill['db-failover'].action[0]).toMatchObject({ action_id: 'aws:rds:reboot-db-instances', parameter: [{ key: 'forceFailover', value: 'true' }] });
    expect(byDrill['db-failover'].target[0].resource_arns).toEqual(['arn:aws:rds:eu-west-1:111122223333:db:shop-dev']);
    expect(byDrill['cache-failover'].target[0]).toMatchObject({ resource_type: 'aws:elasticache:replicationgroup', parameters: { availabilityZoneIdentifier: 'eu-west-1a' } });
  });

  test('least privilege: FIS may assume the role from this account only, and act only on the stack\'s targets', () => {
    const trust = JSON.parse(Object.values(all.resource.aws_iam_role)[0].assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: 'fis.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': expect.any(String) } } });
    expect(statement('TerminateOnlyTheStacksGroupInstances').Condition).toEqual({ StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': base.autoScalingGroupNames } });
    expect(statement('RebootOnlyThePrimary').Resource).toBe('arn:aws:rds:eu-west-1:111122223333:db:shop-dev');
    expect(statement('ChangeOnlyFisNetworkAcls').Condition).toEqual({ StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } });
    expect(statement('SwapNetworkAclsOfTheAzSubnetsOnly').Resource).toEqual(expect.arrayContaining(['arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-a']));
    // Only describe/lookup calls (no resource-level permissions exist for them) are on "*".
    for (const s of policy.Statement.filter((x: any) => x.Resource === '*')) {
      for (const action of [s.Action].flat()) expect(action).toMatch(/^(ec2:Describe|ec2:GetManagedPrefixListEntries|rds:Describe|elasticache:Describe|tag:GetResources)/);
    }
  });

  test('without a database, cache or AZ, only the terminate drill exists', () => {
    const { resource } = synthConstruct((stack) => new FailureDrills(stack, 'drills', base));
    expect(Object.values(resource.aws_fis_experiment_template).map((t) => t.tags.Drill)).toEqual(['terminate-instances']);
  });

  test('bad props are refused with the field and the fix', () => {
    expect(() => synthConstruct((stack) => new FailureDrills(stack, 'd', { ...base, stopAlarmArns: [] }))).toThrow(/stopAlarmArns holds 0 alarms: give 1 to 5/);
    expect(() => synthConstruct((stack) => new FailureDrills(stack, 'd', { ...base, terminatePercent: 0 }))).toThrow(/terminatePercent \(0\) must be a whole number from 1 to 100/);
    expect(() => synthConstruct((stack) => new FailureDrills(stack, 'd', { ...base, outageMinutes: 1000 }))).toThrow(/outageMinutes \(1000\) must be/);
  });
});
