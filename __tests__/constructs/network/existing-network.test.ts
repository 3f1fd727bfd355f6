import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExistingNetwork, existingVpcProblems } from '../../../src/constructs/network/existing-network';
import { stacksFromFile } from '../../../src/config/load';
import { synthConstruct } from '../../support/synth';

const ids = {
  public: ['subnet-0a000000000000001', 'subnet-0a000000000000002'],
  app: ['subnet-0b000000000000001', 'subnet-0b000000000000002'],
  data: ['subnet-0c000000000000001', 'subnet-0c000000000000002'],
};

describe('ExistingNetwork (network.existingVpc)', () => {
  const { data, resource, built } = synthConstruct((stack) => new ExistingNetwork(stack, 'network', { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ids, azCount: 2 }));

  test('reads the VPC and every subnet, creates no network', () => {
    expect(resource?.aws_vpc).toBeUndefined();
    expect(resource?.aws_subnet).toBeUndefined();
    expect(Object.values<any>(data.aws_vpc)[0].id).toBe('vpc-0a1b2c3d4e5f60718');
    expect(Object.values<any>(data.aws_subnet).map((s) => s.id).sort()).toEqual([...ids.public, ...ids.app, ...ids.data].sort());
    expect(built.privateAppSubnets.map((s) => s.id)).toEqual(ids.app);
  });

  test('Terraform checks at plan: each subnet in the VPC, each tier over azCount AZs', () => {
    const subnet = Object.values<any>(data.aws_subnet)[0];
    expect(subnet.lifecycle.postcondition[0].condition).toBe('${self.vpc_id == "vpc-0a1b2c3d4e5f60718"}');
    const vpc = Object.values<any>(data.aws_vpc)[0];
    expect(vpc.lifecycle.postcondition).toHaveLength(3);
    const appSpread = vpc.lifecycle.postcondition[1].condition;
    const az = (i: number) => `data\\.aws_subnet\\.network_app-${i}_\\w+\\.availability_zone`;
    expect(appSpread).toMatch(new RegExp(`^\\$\\{\\(length\\(distinct\\(\\[${az(0)}, ${az(1)}\\]\\)\\) >= 2\\)\\}$`));
    expect(vpc.lifecycle.postcondition[1].error_message).toContain('existingVpc.subnetIds.app must span 2 Availability Zones');
  });

  test('synth-time checks: ids, one subnet per AZ per tier, no reuse', () => {
    expect(existingVpcProblems('vpc-1', { ...ids, app: [ids.app[0]] }, 2, 'network.existingVpc')).toEqual([
      'network.existingVpc.vpcId "vpc-1" is not a VPC id (vpc- and 8 or 17 hex digits)',
      'network.existingVpc.subnetIds.app has 1 subnet(s): give one per AZ, 2 (network.azCount)',
    ]);
    expect(existingVpcProblems('vpc-0a1b2c3d4e5f60718', { ...ids, data: ids.app }, 2, 'n')).toContain('n.subnetIds: subnet-0b000000000000001 is listed twice: every tier needs its own subnets');
  });

  test('config: existingVpc is validated with the stack, and refused with subnetCidrs', () => {
    const file = (network: object) => JSON.stringify({ stacks: { mine: { extends: 'cafe', network } } });
    expect(() => stacksFromFile(file({ existingVpc: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: { ...ids, public: ['subnet-x'] } } }), 'c.json')).toThrow(
      /network\.existingVpc\.subnetIds\.public: "subnet-x" is not a subnet id/,
    );
    const subnetCidrs = { public: ['10.10.0.0/24', '10.10.1.0/24'], app: ['10.10.2.0/24', '10.10.3.0/24'], data: ['10.10.4.0/24', '10.10.5.0/24'] };
    const both = { existingVpc: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ids }, subnetCidrs };
    expect(() => stacksFromFile(file(both), 'c.json')).toThrow(/network\.subnetCidrs and network\.existingVpc exclude each other/);
  });
});

describe('config: image, bundle, secrets of a service', () => {
  const root = join(__dirname, '..', '..', '..');
  const cafe = JSON.parse(readFileSync(join(root, 'examples', 'cafe-orders', 'stormproof.config.json'), 'utf8'));
  const withService = (patch: object) => {
    const copy = JSON.parse(JSON.stringify(cafe));
    Object.assign(copy.stacks['cafe-orders'].services[0], patch);
    delete copy.$schema;
    return JSON.stringify(copy);
  };
  test('clear messages naming the field', () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(() => stacksFromFile(withService({ image: { ami: 'ami-0123456789abcdef0', fromInstance: 'i-0123456789abcdef0' } }), 'c.json')).toThrow(
        /stacks\.cafe-orders\.services\[0\]\.image must set exactly one of fromInstance, ami, ssmParameter, bake \(it sets fromInstance and ami\)/,
      );
      expect(() => stacksFromFile(withService({ bundle: { path: 'examples/nope', start: 'x' } }), 'c.json')).toThrow(/services\[0\]\.bundle\.path "examples\/nope" does not exist/);
      expect(() => stacksFromFile(withService({ secrets: { Q: 'queue.url' } }), 'c.json')).toThrow(/secrets\.Q refers to queue\.url, but the stack has no queue section/);
      expect(() => stacksFromFile(withService({ container: { image: 'nginx' } }), 'c.json')).toThrow(/container applies to compute "eks" only/);
      expect(stacksFromFile(withService({ image: { fromInstance: 'i-0123456789abcdef0', snapshotWithoutReboot: true } }), 'c.json')[0].services[0].image).toEqual({
        fromInstance: 'i-0123456789abcdef0',
        snapshotWithoutReboot: true,
      });
    } finally {
      process.chdir(cwd);
    }
  });
});
