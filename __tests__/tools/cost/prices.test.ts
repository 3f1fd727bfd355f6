import { PROFILES } from '../../../src/config/profiles';
import { ec2HourlyUsd, estimateStack, price, PRICE_TABLES, readStack, TRAFFIC } from '../../../src/tools/cost';
import { withDefaults } from '../../../src/util/defaults';
import { databaseDefaults } from '../../../src/constructs/data/database';
import { cacheDefaults } from '../../../src/constructs/data/cache';
import { fleetHours, weeklyMinutes } from '../../../src/tools/cost/fleet';

const profileRegions = [...new Set(Object.values(PROFILES).flatMap((p) => [p.region, ...(p.disasterRecovery ? [p.disasterRecovery.region] : [])]))];

describe('price table', () => {
  it('has a table for every region a shipped profile uses, DR regions included, and the global services', () => {
    expect(profileRegions.sort()).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
    for (const region of [...profileRegions, 'global']) expect(PRICE_TABLES[region]?.region).toBe(region);
  });

  it('names the AWS pricing page and the date read for every section, and how unconfirmed prices are marked', () => {
    for (const [region, table] of Object.entries(PRICE_TABLES)) {
      for (const [name, s] of Object.entries(table.sections)) {
        const where = `${region}/${name}`;
        expect([where, s.source]).toEqual([where, expect.stringMatching(/^https:\/\/aws\.amazon\.com\//)]);
        expect([where, s.read]).toEqual([where, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
        expect([where, typeof s.estimate]).toEqual([where, 'boolean']);
        if (!s.estimate) expect([where, s.confirmedBy]).toEqual([where, expect.stringMatching(/^https:\/\//)]);
        for (const [key, usd] of Object.entries(s.prices)) expect([where, key, usd >= 0 && Number.isFinite(usd)]).toEqual([where, key, true]);
      }
    }
  });

  it('prices the same things in every region: the same sections and keys', () => {
    const keys = (r: string) => Object.entries(PRICE_TABLES[r].sections).map(([n, s]) => `${n}:${Object.keys(s.prices).sort().join(',')}`);
    for (const region of profileRegions) expect(keys(region)).toEqual(keys('eu-west-1'));
  });

  it('prices every size of the t3, t4g, m6g, m7g and c7g families (medium to 2xlarge) and what the profiles choose', () => {
    for (const region of profileRegions) {
      for (const family of ['t3', 't4g', 'm6g', 'm7g', 'c7g']) {
        for (const size of ['medium', 'large', 'xlarge', '2xlarge']) expect(ec2HourlyUsd(region, `${family}.${size}`)).toBeGreaterThan(0);
      }
    }
    for (const p of Object.values(PROFILES)) {
      for (const region of [p.region, ...(p.disasterRecovery ? [p.disasterRecovery.region] : [])]) {
        for (const s of p.services) expect(ec2HourlyUsd(region, s.instanceType)).toBeGreaterThan(0);
        // The settings the constructs use: the profile's over the constructs' defaults.
        const db = p.database && withDefaults(databaseDefaults(p.database.engine), p.database);
        const cache = p.cache && withDefaults(cacheDefaults(p.cache.engine), p.cache);
        if (db) expect(price(region, 'rds', `${db.engine}:${db.instanceClass}`).usd).toBeGreaterThan(0);
        if (cache) expect(price(region, 'elasticache', cache.nodeType).usd).toBeGreaterThan(0);
      }
    }
  });

  it('gives the spike simulator an hourly instance price, and a clear error for what it does not know', () => {
    expect(ec2HourlyUsd('eu-west-1', 't3.small')).toBe(0.0228);
    expect(() => ec2HourlyUsd('eu-west-1', 'm7i.4xlarge')).toThrow('no ec2 price for "m7i.4xlarge" in eu-west-1: add it to src/tools/cost/prices/eu-west-1.json (sections.ec2.prices)');
    expect(() => ec2HourlyUsd('eu-west-1', 'x9.huge')).toThrow('is not an EC2 instance type');
    expect(() => ec2HourlyUsd('mars-north-1', 't3.small')).toThrow('no price table for region "mars-north-1": add src/tools/cost/prices/mars-north-1.json');
  });
});

describe('fleet hours', () => {
  it('reads weekly and daily crons, and nothing else', () => {
    expect(weeklyMinutes('30 19 * * 5')).toEqual([5 * 1440 + 19 * 60 + 30]);
    expect(weeklyMinutes('0 8 * * *')).toHaveLength(7);
    expect(weeklyMinutes('0 8 1 * *')).toBeUndefined();
  });

  it('prices the café week: 3 h at 12 inside the 5-hour scheduled window at 6, min 2 otherwise', () => {
    const before = weeklyMinutes('30 19 * * 5')![0];
    const after = weeklyMinutes('30 0 * * 6')![0];
    const h = fleetHours(2, 12, [{ at: before, min: 6 }, { at: after, min: 2 }], (3 * 730) / 168);
    // (3 × 12 + 2 × 6 + 163 × 2) = 374 instance-hours a week.
    expect(h.scenario).toBeCloseTo((374 * 730) / 168, 6);
    expect([h.baseline, h.peak]).toEqual([1460, 8760]);
  });
});

describe('types other features are adding', () => {
  it('prices an EKS cluster and node group, CodeBuild, CodePipeline, FIS and Route 53 without new code', () => {
    const stack = readStack('future', {
      provider: { aws: [{ region: 'us-east-1' }] },
      resource: {
        aws_eks_cluster: { c: { name: 'c' } },
        aws_eks_node_group: { ng: { instance_types: ['t4g.medium'], scaling_config: [{ min_size: 2, max_size: 5, desired_size: 2 }], disk_size: 20 } },
        aws_codebuild_project: { b: { environment: [{ compute_type: 'BUILD_GENERAL1_SMALL' }] } },
        aws_codepipeline: { p: { pipeline_type: 'V1' } },
        aws_fis_experiment_template: { f: { action: [{ name: 'stop', parameter: [{ key: 'duration', value: 'PT15M' }] }] } },
        aws_route53_zone: { z: { name: 'example.com' } },
        aws_route53_health_check: { h: { type: 'HTTPS', fqdn: '${aws_lb.alb.dns_name}', request_interval: 30 } },
        aws_acm_certificate: { cert: { domain_name: 'example.com' } },
      },
    });
    const lines = estimateStack(stack, TRAFFIC['tv-evening']).baseline.lines.map((l) => [l.address, l.quantity, l.unitPriceUsd, l.monthlyUsd]);
    // In address order, as the shared reader (src/tools/tfjson) lists resources.
    expect(lines).toEqual([
      ['aws_codebuild_project.b', 300, 0.005, 1.5],
      ['aws_codepipeline.p', 1, 1, 1],
      ['aws_eks_cluster.c', 730, 0.1, 73],
      ['aws_eks_node_group.ng', 1460, 0.0336, 49.06],
      ['aws_eks_node_group.ng', 40, 0.08, 3.2],
      ['aws_fis_experiment_template.f', 15, 0.1, 1.5],
      ['aws_route53_health_check.h', 1, 0.5, 0.5],
      ['aws_route53_health_check.h', 1, 1, 1],
      ['aws_route53_zone.z', 1, 0.5, 0.5],
    ]);
  });
});
