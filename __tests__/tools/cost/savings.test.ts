import { PROFILES } from '../../../src/config/profiles';
import { costUnderOwnScenario, markdownReport } from '../../../src/tools/cost';
import { usd } from '../../../src/tools/cost/prices';
import type { StackCost } from '../../../src/tools/cost';
import { synthProfile } from '../simulate/support';

const costs: Record<string, StackCost> = Object.fromEntries(Object.keys(PROFILES).map((name) => [name, costUnderOwnScenario(name, synthProfile(PROFILES[name]))]));
const saving = (stack: string, title: string) => costs[stack].savings.find((s) => s.title.startsWith(title));
const line = (stack: string, type: string, unit: string) => costs[stack].scenario.lines.filter((l) => l.type === type && l.unit === unit);

describe('savings, each with its arithmetic', () => {
  it.each(Object.keys(PROFILES))('%s: every saving shows inputs × price = its figure', (name) => {
    for (const s of costs[name].savings) {
      expect([s.title, s.arithmetic.length > 0]).toEqual([s.title, true]);
      if (s.monthlyUsd !== 0) {
        expect([s.title, s.arithmetic]).toEqual([s.title, expect.stringContaining(' × ')]);
        expect([s.title, s.arithmetic]).toEqual([s.title, expect.stringContaining(usd(Math.abs(s.monthlyUsd)))]);
      }
    }
    const md = markdownReport(costs[name], 'x');
    expect(md).toContain('| option | saves / month | for this stack | how | arithmetic |');
  });

  it('CloudFront in front of the café\'s ALB: costs more on list prices, saves with the always-free 1 TB and 10 M requests', () => {
    const s = saving('cafe', 'CloudFront in front of the ALB')!;
    const out = line('cafe', 'aws_lb', 'GB out to the internet')[0];
    const lcu = line('cafe', 'aws_lb', 'LCU-hour')[0];
    const requests = costs.cafe.usage.scenario.requests;
    // ALB out + 60 % of LCU-hours + its public addresses − CloudFront's first-tier GB − requests per 10,000.
    const ipv4 = line('cafe', 'aws_lb', 'public IPv4 address-hour (one per AZ)')[0].monthlyUsd;
    const list = out.monthlyUsd + Math.round(lcu.monthlyUsd * 0.6 * 100) / 100 + ipv4 - Math.round(out.quantity * 0.085 * 100) / 100 - Math.round((requests / 1e4) * 0.01 * 100) / 100;
    expect(s.monthlyUsd).toBeCloseTo(list, 1);
    expect(s.monthlyUsd).toBeLessThan(0);
    const withFree = list + 1024 * 0.085 + 10 - 100 * 0.09;
    expect(s.arithmetic).toContain(`: ${usd(Math.round(withFree * 100) / 100)}`);
    expect(s.recommended).toBe(true);
    // Stacks whose ALB is already behind CloudFront (or internal) are not offered it.
    expect(saving('ecommerce', 'CloudFront in front')).toBeUndefined();
    expect(saving('exercise', 'CloudFront in front')).toBeUndefined();
  });

  it('NAT alternatives: one NAT, and VPC endpoints priced against the NATs they would replace', () => {
    const single = saving('cafe', 'single NAT')!;
    expect(single.arithmetic).toBe('eu-west-1: 1 NAT × 730 h × ($0.048 + $0.005 address) = $38.69');
    const endpoints = saving('cafe', 'VPC endpoints instead of NAT')!;
    const nats = costs.cafe.scenario.lines.filter((l) => l.type === 'aws_nat_gateway' || l.type === 'aws_eip').reduce((a, l) => a + l.monthlyUsd, 0);
    const gb = line('cafe', 'aws_nat_gateway', 'GB processed').reduce((a, l) => a + l.quantity, 0);
    expect(endpoints.monthlyUsd).toBeCloseTo(nats - (8 * 2 * 730 * 0.011 + gb * 0.01), 1);
    expect(endpoints.recommended).toBe(false);
    expect(endpoints.detail).toContain('the S3 gateway endpoint is already there');
    expect(saving('ecommerce-eks', 'VPC endpoints')!.detail).toContain('ecr.api, ecr.dkr');
  });

  it('right-sizes the data tier one size down, line by line (exercise: staging, so recommended)', () => {
    const s = saving('exercise', 'right-size the data tier')!;
    expect(s.recommended).toBe(true);
    expect(s.arithmetic).toContain('db.t4g.medium → db.t4g.small: 1,460 h × ($0.068 − $0.034) = $49.64');
    const prod = saving('ecommerce', 'right-size the data tier')!;
    expect(prod.recommended).toBe(false);
    expect(prod.detail).toMatch(/^the data tier is \$[\d.]+ of the \$[\d.]+ month \(\d+ %\); measure first/);
    expect(prod.arithmetic).toContain('db.r6g.large → db.m6g.large: 1,460 h × ($0.225 − $0.159) = $96.36');
  });

  it('Spot: only capacity above min in production (queue workers all of it), the whole fleet outside it', () => {
    expect(saving('cafe', 'Spot')!.arithmetic).toMatch(/^service-web_asg [\d.,]+ h above min × \$0\.0228 × 60 % = \$[\d.]+/);
    expect(saving('fastier', 'Spot')!.arithmetic).toMatch(/service-worker_asg [\d.,]+ h × \$0\.0228 × 60 %/);
    expect(saving('lab', 'Spot')!.arithmetic).not.toContain('above min');
    // Spot NodePools are Spot already.
    expect(saving('ecommerce-eks', 'Spot')!.arithmetic).not.toContain('_spot');
  });

  it('calls out paying twice: a regional WAF behind CloudFront\'s on an internal ALB, and RDS backups next to AWS Backup', () => {
    const waf = saving('ecommerce', 'paying twice: a regional WAF')!;
    const acl = costs.ecommerce.scenario.lines.filter((l) => l.type === 'aws_wafv2_web_acl' && l.address.includes('alb-waf'));
    // One ACL per internal ALB behind CloudFront: the primary's and the DR region's standby (which inspects nothing yet).
    const perAcl = [...new Set(acl.map((l) => l.address))].map((a) => Math.round(acl.filter((l) => l.address === a).reduce((x, l) => x + l.monthlyUsd, 0) * 100) / 100);
    expect(perAcl).toHaveLength(2);
    for (const usdOfAcl of perAcl) expect(waf.arithmetic).toContain(`= ${usd(usdOfAcl)}, and its logs`);
    expect(waf.arithmetic).toContain('dr_region_alb-waf_acl: 1 web ACL-month × $5 + 5 rule-month × $1 + 0 million requests inspected');
    const aclUsd = Math.round(acl.reduce((a, l) => a + l.monthlyUsd, 0) * 100) / 100;
    expect(waf.monthlyUsd).toBeGreaterThan(aclUsd);
    expect(waf.recommended).toBe(true);
    expect(waf.detail).toContain('load-balancer_alb is internal and reached only through CloudFront');
    // fastier-beanstalk's regional ACL sits on internet-facing Beanstalk ALBs: no double inspection.
    expect(saving('fastier-beanstalk', 'paying twice: a regional WAF')).toBeUndefined();
    const backups = saving('ecommerce', 'paying twice: RDS automated backups')!;
    expect(backups.arithmetic).toMatch(/RDS retention 35 → 7 days: \d+ GB × 3 % a day × 28 days × \$0\.095 = \$[\d.]+/);
    expect(saving('cafe', 'paying twice')).toBeUndefined();
    expect(saving('exercise', 'paying twice: RDS')).toBeUndefined();
  });
});
