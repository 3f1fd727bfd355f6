import { Construct } from 'constructs';
import { FisExperimentTemplate, FisExperimentTemplateAction, FisExperimentTemplateTarget } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { awsAccount } from '../../util/aws-account';
import { policyDocument, PolicyStatement } from '../shared/iam';
import { fitName } from '../../util/names';
import { DrillName, FAILURE_DRILLS_DEFAULTS, failureDrillsProblems, FailureDrillsProps } from './failure-drills-props';

export { FAILURE_DRILLS_DEFAULTS } from './failure-drills-props';
export type { DrillName, FailureDrillsProps } from './failure-drills-props';

/**
 * AWS FIS experiment templates for the failures the platform claims to survive: terminate a share of every
 * Auto Scaling group's instances, an AZ outage (network connectivity of one AZ's subnets cut), a forced RDS
 * Multi-AZ failover and a cache primary failover. One FIS role, limited to exactly these targets; every
 * template stops when one of the stack's user-facing alarms fires.
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 */
export class FailureDrills extends Construct {
  readonly role: IamRole;
  /** Template per drill. */
  readonly templates: Partial<Record<DrillName, FisExperimentTemplate>> = {};

  constructor(scope: Construct, id: string, props: FailureDrillsProps) {
    super(scope, id);
    const problems = failureDrillsProblems(props);
    if (problems.length > 0) throw new Error(`FailureDrills ${props.name}: ${problems.join('; ')}`);
    const { accountId, partition } = awsAccount(this);
    this.role = new IamRole(this, 'role', {
      name: fitName(`${props.name}-fis`, 64),
      description: `AWS FIS experiments of ${props.name}: only the stack's own instances, subnets, database and cache`,
      assumeRolePolicy: policyDocument({
        Effect: 'Allow',
        Principal: { Service: 'fis.amazonaws.com' },
        Action: 'sts:AssumeRole',
        // Only experiments in this account may use the role (confused-deputy guard).
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      }),
    });
    // Each drill adds its template and what the role needs for it: statements, and the describe calls FIS makes.
    const needs = [
      this.terminateInstancesDrill(props, accountId, partition),
      props.azOutage ? this.azOutageDrill(props, props.azOutage, accountId, partition) : undefined,
      props.databaseArn ? this.databaseFailoverDrill(props, props.databaseArn) : undefined,
      props.cache ? this.cacheFailoverDrill(props, props.cache, accountId, partition) : undefined,
    ].filter((n): n is DrillNeeds => n !== undefined);
    const describe = ['ec2:DescribeInstances', 'tag:GetResources', ...needs.flatMap((n) => n.describe)];
    const statements = [
      ...needs.flatMap((n) => n.statements),
      // Describe and tag lookups have no resource-level permissions: FIS resolves the targets with them.
      { Sid: 'ResolveTargets', Effect: 'Allow' as const, Action: describe, Resource: '*' },
    ];
    new IamRolePolicy(this, 'policy', { role: this.role.id, name: `${props.name}-fis-targets`, policy: policyDocument(...statements) });
  }

  private template(props: FailureDrillsProps, drill: DrillName, description: string, target: FisExperimentTemplateTarget[], action: FisExperimentTemplateAction[]): void {
    this.templates[drill] = new FisExperimentTemplate(this, drill, {
      description: `${props.name}: ${description}`,
      roleArn: this.role.arn,
      target,
      action,
      stopCondition: props.stopAlarmArns.map((value) => ({ source: 'aws:cloudwatch:alarm', value })),
      tags: { ...(props.tags ?? {}), Name: `${props.name}-${drill}`, Drill: drill },
    });
  }

  private terminateInstancesDrill(props: FailureDrillsProps, accountId: string, partition: string): DrillNeeds {
    const percent = props.terminatePercent ?? FAILURE_DRILLS_DEFAULTS.terminatePercent;
    this.template(
      props,
      'terminate-instances',
      `terminate ${percent} % of every Auto Scaling group's running instances; the groups must replace them`,
      props.autoScalingGroupNames.map((asg, i) => ({
        name: `group-${i}`,
        resourceType: 'aws:ec2:instance',
        selectionMode: `PERCENT(${percent})`,
        resourceTag: [{ key: 'aws:autoscaling:groupName', value: asg }],
        filter: [{ path: 'State.Name', values: ['running'] }],
      })),
      props.autoScalingGroupNames.map((_, i) => ({ name: `terminate-group-${i}`, actionId: 'aws:ec2:terminate-instances', target: { key: 'Instances', value: `group-${i}` } })),
    );
    const statement: PolicyStatement = {
      Sid: 'TerminateOnlyTheStacksGroupInstances',
      Effect: 'Allow',
      Action: 'ec2:TerminateInstances',
      Resource: `arn:${partition}:ec2:*:${accountId}:instance/*`,
      // aws:-prefixed tags are set by Auto Scaling and cannot be set by users.
      Condition: { StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': props.autoScalingGroupNames } },
    };
    return { statements: [statement], describe: [] };
  }

  private azOutageDrill(props: FailureDrillsProps, azOutage: NonNullable<FailureDrillsProps['azOutage']>, accountId: string, partition: string): DrillNeeds {
    const duration = `PT${props.outageMinutes ?? FAILURE_DRILLS_DEFAULTS.outageMinutes}M`;
    this.template(
      props,
      'az-outage',
      `cut all network traffic of one AZ's subnets for ${props.outageMinutes ?? FAILURE_DRILLS_DEFAULTS.outageMinutes} minutes (an AZ outage)`,
      [{ name: 'az-subnets', resourceType: 'aws:ec2:subnet', selectionMode: 'ALL', resourceArns: azOutage.subnetArns }],
      [
        {
          name: 'disrupt-connectivity',
          actionId: 'aws:network:disrupt-connectivity',
          parameter: [
            { key: 'duration', value: duration },
            { key: 'scope', value: 'all' },
          ],
          target: { key: 'Subnets', value: 'az-subnets' },
        },
      ],
    );
    // The action swaps the subnets onto a deny-all network ACL it creates (tagged managedByFIS) and back.
    const statements: PolicyStatement[] = [
      {
        Sid: 'CreateTheOutageNetworkAcl',
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkAcl'],
        Resource: `arn:${partition}:ec2:*:${accountId}:network-acl/*`,
        Condition: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } },
      },
      { Sid: 'CreateTheOutageNetworkAclInTheVpc', Effect: 'Allow', Action: ['ec2:CreateNetworkAcl'], Resource: azOutage.vpcArn },
      {
        Sid: 'TagTheOutageNetworkAcl',
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: `arn:${partition}:ec2:*:${accountId}:network-acl/*`,
        Condition: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl' } },
      },
      {
        Sid: 'ChangeOnlyFisNetworkAcls',
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
        Resource: `arn:${partition}:ec2:*:${accountId}:network-acl/*`,
        Condition: { StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } },
      },
      {
        Sid: 'SwapNetworkAclsOfTheAzSubnetsOnly',
        Effect: 'Allow',
        Action: 'ec2:ReplaceNetworkAclAssociation',
        Resource: [...azOutage.subnetArns, `arn:${partition}:ec2:*:${accountId}:network-acl/*`],
      },
    ];
    return { statements, describe: ['ec2:DescribeSubnets', 'ec2:DescribeNetworkAcls', 'ec2:DescribeVpcs', 'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'] };
  }

  private databaseFailoverDrill(props: FailureDrillsProps, databaseArn: string): DrillNeeds {
    this.template(
      props,
      'db-failover',
      'reboot the RDS primary with a forced Multi-AZ failover to its standby',
      [{ name: 'primary', resourceType: 'aws:rds:db', selectionMode: 'ALL', resourceArns: [databaseArn] }],
      [{ name: 'reboot-with-failover', actionId: 'aws:rds:reboot-db-instances', parameter: [{ key: 'forceFailover', value: 'true' }], target: { key: 'DBInstances', value: 'primary' } }],
    );
    return { statements: [{ Sid: 'RebootOnlyThePrimary', Effect: 'Allow', Action: 'rds:RebootDBInstance', Resource: databaseArn }], describe: ['rds:DescribeDBInstances'] };
  }

  private cacheFailoverDrill(props: FailureDrillsProps, cache: NonNullable<FailureDrillsProps['cache']>, accountId: string, partition: string): DrillNeeds {
    this.template(
      props,
      'cache-failover',
      `interrupt power to the cache nodes in the primary's AZ for ${props.outageMinutes ?? FAILURE_DRILLS_DEFAULTS.outageMinutes} minutes: the primary fails over to a replica`,
      [
        {
          name: 'cache',
          resourceType: 'aws:elasticache:replicationgroup',
          selectionMode: 'ALL',
          resourceArns: [cache.replicationGroupArn],
          parameters: { availabilityZoneIdentifier: cache.primaryAz },
        },
      ],
      [
        {
          name: 'interrupt-az-power',
          actionId: 'aws:elasticache:replicationgroup-interrupt-az-power',
          parameter: [{ key: 'duration', value: `PT${props.outageMinutes ?? FAILURE_DRILLS_DEFAULTS.outageMinutes}M` }],
          target: { key: 'ReplicationGroups', value: 'cache' },
        },
      ],
    );
    const statement: PolicyStatement = {
      Sid: 'InterruptOnlyTheStacksCache',
      Effect: 'Allow',
      Action: 'elasticache:InterruptClusterAzPower',
      Resource: [cache.replicationGroupArn, `arn:${partition}:elasticache:*:${accountId}:cluster:${cache.replicationGroupId}-*`],
    };
    return { statements: [statement], describe: ['elasticache:DescribeReplicationGroups', 'elasticache:DescribeCacheClusters'] };
  }
}

/** What a drill needs on the FIS role: statements on its own targets, and the describe calls that resolve them. */
interface DrillNeeds {
  readonly statements: PolicyStatement[];
  readonly describe: string[];
}

