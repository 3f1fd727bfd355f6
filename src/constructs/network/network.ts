import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { planSubnets } from '../../util/cidr';
import { useProvider } from '../../util/provider-scope';
import { LogGroup } from '../shared/log-group';
import { assumeRolePolicy } from '../shared/iam';
import { LOG_GROUP_DEFAULTS } from '../shared/log-group-props';
import type { NetworkProps } from './network-props';

export { DEFAULT_DR_CIDR } from './network-props';
export type { NetworkProps } from './network-props';

/**
 * A VPC over several AZs with three tiers of subnets per AZ: public (ALB, NAT), private app (instances,
 * egress through NAT) and private data (databases and caches, no route to the internet at all).
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly availabilityZones: string[];
  readonly publicSubnets: Subnet[] = [];
  readonly privateAppSubnets: Subnet[] = [];
  readonly privateDataSubnets: Subnet[] = [];
  readonly natGateways: NatGateway[] = [];
  /** The VPC's internet gateway (CloudFront VPC origins need one attached even to reach private subnets). */
  readonly internetGateway: InternetGateway;
  readonly flowLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if (props.provider) useProvider(this, props.provider);
    const azCount = props.azCount ?? 2;
    const cidrs = props.subnetCidrs ?? planSubnets(props.cidr, azCount);
    const name = props.name;

    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    this.availabilityZones = Array.from({ length: azCount }, (_, i) => Fn.element(zones.names, i));

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${name}-vpc` },
    });
    this.vpcId = this.vpc.id;

    // The default security group allows all traffic between its members; strip it so nothing uses it by accident.
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, tags: { Name: `${name}-default-deny` } });

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: `${name}-igw` } });
    this.internetGateway = igw;

    const subnet = (tier: string, i: number, cidr: string) =>
      new Subnet(this, `${tier}-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidr,
        availabilityZone: this.availabilityZones[i],
        mapPublicIpOnLaunch: false,
        tags: { ...(tier === 'public' ? props.publicSubnetTags : {}), Name: `${name}-${tier}-${i}`, Tier: tier },
      });

    const publicRoutes = new RouteTable(this, 'public-rt', { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, 'public-default', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });

    const natCount = { 'per-az': azCount, single: 1, none: 0 }[props.natGateways ?? 'per-az'];
    const appRouteTables: RouteTable[] = [];
    const dataRouteTables: RouteTable[] = [];
    for (let i = 0; i < azCount; i++) {
      const pub = subnet('public', i, cidrs.public[i]);
      this.publicSubnets.push(pub);
      new RouteTableAssociation(this, `public-${i}-rta`, { subnetId: pub.id, routeTableId: publicRoutes.id });

      if (i < natCount) {
        const eip = new Eip(this, `nat-eip-${i}`, { domain: 'vpc', tags: { Name: `${name}-nat-${i}` } });
        this.natGateways.push(
          new NatGateway(this, `nat-${i}`, {
            allocationId: eip.id,
            subnetId: pub.id,
            tags: { Name: `${name}-nat-${i}` },
            dependsOn: [igw],
          }),
        );
      }
    }

    for (let i = 0; i < azCount; i++) {
      // App subnets leave through the NAT in their own AZ (or the shared one), never the IGW.
      const app = subnet('app', i, cidrs.app[i]);
      this.privateAppSubnets.push(app);
      const appRt = new RouteTable(this, `app-rt-${i}`, { vpcId: this.vpc.id, tags: { Name: `${name}-app-${i}` } });
      if (natCount > 0) {
        new Route(this, `app-default-${i}`, {
          routeTableId: appRt.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: this.natGateways[Math.min(i, natCount - 1)].id,
        });
      }
      new RouteTableAssociation(this, `app-${i}-rta`, { subnetId: app.id, routeTableId: appRt.id });
      appRouteTables.push(appRt);

      // Data subnets get a route table with only the local route: no path to or from the internet.
      const data = subnet('data', i, cidrs.data[i]);
      this.privateDataSubnets.push(data);
      const dataRt = new RouteTable(this, `data-rt-${i}`, { vpcId: this.vpc.id, tags: { Name: `${name}-data-${i}` } });
      new RouteTableAssociation(this, `data-${i}-rta`, { subnetId: data.id, routeTableId: dataRt.id });
      dataRouteTables.push(dataRt);
    }

    // S3 traffic (packages, logs, assets) stays on the AWS network and costs no NAT data processing.
    new VpcEndpoint(this, 's3-endpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${new DataAwsRegion(this, 'region').name}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...appRouteTables, ...dataRouteTables, publicRoutes].map((rt) => rt.id),
      tags: { Name: `${name}-s3` },
    });

    this.flowLogGroup = this.createFlowLogs(name, props.flowLogRetentionDays ?? LOG_GROUP_DEFAULTS.retentionDays);
  }

  /** VPC flow logs (all traffic, 1-minute aggregation) to a log group with retention. */
  private createFlowLogs(name: string, retentionDays: number): LogGroup {
    const group = new LogGroup(this, 'flow-logs', {
      name: `/stormproof/${name}/vpc-flow-logs`,
      retentionDays,
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: `${name}-vpc-flow-logs`,
      assumeRolePolicy: assumeRolePolicy('vpc-flow-logs.amazonaws.com'),
    });
    new IamRolePolicy(this, 'flow-log-policy', {
      role: role.id,
      name: 'write-flow-logs',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: [`${group.arn}:*`],
          },
        ],
      }),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${name}-flow-log` },
    });
    return group;
  }
}
