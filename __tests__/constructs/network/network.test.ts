import { synthConstruct } from '../../support/synth';
import { Network } from '../../../src/constructs/network/network';

const synthNetwork = (props: Partial<ConstructorParameters<typeof Network>[2]> = {}) => {
  const { raw, resource } = synthConstruct((stack) => new Network(stack, 'network', { name: 'demo', cidr: '10.0.0.0/16', ...props }));
  return { raw, resource };
};

describe('Network', () => {
  const { raw, resource } = synthNetwork({ azCount: 3 });
  const subnets = Object.values(resource.aws_subnet);
  const tier = (t: string) => subnets.filter((s) => s.tags.Tier === t);

  test('one public, one app and one data subnet per AZ, non-overlapping, carved from the VPC CIDR', () => {
    expect(raw).toHaveResourceWithProperties({ tfResourceType: 'aws_vpc' }, { cidr_block: '10.0.0.0/16', enable_dns_hostnames: true });
    for (const t of ['public', 'app', 'data']) expect(tier(t)).toHaveLength(3);
    expect(tier('public').map((s) => s.cidr_block)).toEqual(['10.0.0.0/21', '10.0.8.0/21', '10.0.16.0/21']);
    expect(tier('app').map((s) => s.cidr_block)).toEqual(['10.0.64.0/21', '10.0.72.0/21', '10.0.80.0/21']);
    expect(tier('data').map((s) => s.cidr_block)).toEqual(['10.0.128.0/21', '10.0.136.0/21', '10.0.144.0/21']);
    // Each tier spreads over distinct AZs (element i of the available-zones list).
    for (const t of ['public', 'app', 'data']) {
      const azs = tier(t).map((s) => s.availability_zone);
      expect(new Set(azs).size).toBe(3);
      azs.forEach((az, i) => expect(az).toContain(`, ${i})`));
    }
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  test('a NAT gateway per AZ by default, each app subnet routes through the NAT in its AZ', () => {
    expect(Object.keys(resource.aws_nat_gateway)).toHaveLength(3);
    expect(Object.keys(resource.aws_eip)).toHaveLength(3);
    const routes = Object.entries(resource.aws_route);
    const appRoutes = routes.filter(([id]) => id.includes('app-default'));
    expect(appRoutes).toHaveLength(3);
    appRoutes.forEach(([, r], i) => {
      expect(r.destination_cidr_block).toBe('0.0.0.0/0');
      expect(r.nat_gateway_id).toMatch(new RegExp(`aws_nat_gateway\\.network_nat-${i}_`));
      expect(r.gateway_id).toBeUndefined();
    });
    const publicRoute = routes.find(([id]) => id.includes('public-default'))![1];
    expect(publicRoute.gateway_id).toMatch(/aws_internet_gateway/);
  });

  test('route tables per tier and AZ; data subnets have no route to the internet', () => {
    const tables = Object.keys(resource.aws_route_table);
    expect(tables.filter((t) => t.includes('app-rt'))).toHaveLength(3);
    expect(tables.filter((t) => t.includes('data-rt'))).toHaveLength(3);
    expect(tables.filter((t) => t.includes('public-rt'))).toHaveLength(1);
    const dataTableRefs = tables.filter((t) => t.includes('data-rt'));
    const routesOnData = Object.values(resource.aws_route).filter((r) =>
      dataTableRefs.some((t) => String(r.route_table_id).includes(t)),
    );
    expect(routesOnData).toEqual([]);
    expect(Object.keys(resource.aws_route_table_association)).toHaveLength(9);
  });

  test('S3 gateway endpoint on every route table', () => {
    const endpoint = Object.values(resource.aws_vpc_endpoint)[0];
    expect(endpoint.vpc_endpoint_type).toBe('Gateway');
    expect(endpoint.service_name).toMatch(/^com\.amazonaws\.\$\{data\.aws_region\..*\.name\}\.s3$/);
    expect(endpoint.route_table_ids).toHaveLength(7);
  });

  test('flow logs go to a log group with retention through a role scoped to that group', () => {
    expect(raw).toHaveResourceWithProperties({ tfResourceType: 'aws_flow_log' }, { traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    expect(raw).toHaveResourceWithProperties({ tfResourceType: 'aws_cloudwatch_log_group' }, { retention_in_days: 30 });
    const policy = JSON.parse(Object.values(resource.aws_iam_role_policy)[0].policy);
    expect(policy.Statement[0].Action).not.toContain('*');
    expect(policy.Statement[0].Resource[0]).toMatch(/aws_cloudwatch_log_group\..*\.arn\}:\*$/);
    const trust = JSON.parse(Object.values(resource.aws_iam_role)[0].assume_role_policy);
    expect(trust.Statement[0].Principal.Service).toBe('vpc-flow-logs.amazonaws.com');
  });

  test('the default security group is emptied', () => {
    const sg = Object.values(resource.aws_default_security_group)[0];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test('a single shared NAT gateway as a cost option', () => {
    const single = synthNetwork({ azCount: 3, natGateways: 'single' }).resource;
    expect(Object.keys(single.aws_nat_gateway)).toHaveLength(1);
    const appRoutes = Object.entries(single.aws_route).filter(([id]) => id.includes('app-default'));
    expect(appRoutes.every(([, r]) => /network_nat-0_/.test(r.nat_gateway_id))).toBe(true);
  });

  test('no NAT at all for a standby network: app subnets keep only the local route', () => {
    const none = synthNetwork({ natGateways: 'none' }).resource;
    expect(none.aws_nat_gateway).toBeUndefined();
    expect(none.aws_eip).toBeUndefined();
    expect(Object.keys(none.aws_route)).toEqual([expect.stringMatching(/public-default/)]);
    expect(Object.keys(none.aws_route_table).filter((t) => t.includes('app-rt'))).toHaveLength(2);
  });

  test('defaults to two AZs and honours explicit subnet CIDRs', () => {
    const subnetCidrs = {
      public: ['10.0.0.0/24', '10.0.1.0/24'],
      app: ['10.0.16.0/20', '10.0.32.0/20'],
      data: ['10.0.2.0/24', '10.0.3.0/24'],
    };
    const two = synthNetwork({ subnetCidrs }).resource;
    const cidrs = Object.values(two.aws_subnet).map((s) => s.cidr_block).sort();
    expect(cidrs).toEqual([...subnetCidrs.public, ...subnetCidrs.app, ...subnetCidrs.data].sort());
  });
});
