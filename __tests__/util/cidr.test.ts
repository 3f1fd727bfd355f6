import { cidrContains, cidrSubnet, cidrsOverlap, parseCidr, planSubnets } from '../../src/util/cidr';

describe('cidr arithmetic', () => {
  test('parses aligned CIDRs and refuses malformed or unaligned ones', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({ base: 0x0a000000, prefix: 16 });
    expect(parseCidr('10.0.0.1/16')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('256.0.0.0/8')).toBeUndefined();
    expect(parseCidr('10.0.0/16')).toBeUndefined();
  });

  test('cidrSubnet matches Terraform cidrsubnet()', () => {
    // terraform console: cidrsubnet("10.0.0.0/16", 5, 9) = "10.0.72.0/21"
    expect(cidrSubnet('10.0.0.0/16', 5, 9)).toBe('10.0.72.0/21');
    expect(cidrSubnet('172.16.0.0/12', 4, 15)).toBe('172.31.0.0/16');
    expect(() => cidrSubnet('10.0.0.0/16', 5, 32)).toThrow(/does not fit/);
  });

  test('containment and overlap', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.4.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.0/24')).toBe(false);
    expect(cidrsOverlap('10.0.0.0/24', '10.0.0.128/25')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/25', '10.0.0.128/25')).toBe(false);
  });

  test('planSubnets gives one subnet per tier per AZ, all inside the VPC and disjoint', () => {
    const plan = planSubnets('10.10.0.0/16', 3);
    expect(plan.public).toEqual(['10.10.0.0/21', '10.10.8.0/21', '10.10.16.0/21']);
    expect(plan.app).toEqual(['10.10.64.0/21', '10.10.72.0/21', '10.10.80.0/21']);
    expect(plan.data).toEqual(['10.10.128.0/21', '10.10.136.0/21', '10.10.144.0/21']);
    const all = [...plan.public, ...plan.app, ...plan.data];
    all.forEach((a, i) => {
      expect(cidrContains('10.10.0.0/16', a)).toBe(true);
      all.slice(i + 1).forEach((b) => expect(cidrsOverlap(a, b)).toBe(false));
    });
  });
});
