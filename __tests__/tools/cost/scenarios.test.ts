import { PROFILES } from '../../../src/config/profiles';
import { TRAFFIC, estimateStack, markdownReport, readStack } from '../../../src/tools/cost';
import { monthlyBaselineUsd, perEventCost } from '../../../src/tools/cost/estimate';
import { savingsOf } from '../../../src/tools/cost/savings';
import { readFleets } from '../../../src/tools/cost/fleet';
import { scenarioNameForStack } from '../../../src/tools/simulate/scenario';
import { SCENARIOS } from '../../../src/tools/simulate/traffic';
import { synthProfile } from '../simulate/support';
import { readStack as readSimulated } from '../../../src/tools/simulate/model';
import { tablePrice } from '../../../src/tools/simulate/cli';
import { cloudfrontGbOutUsd, httpsPer10k, tieredGbOut, usEuShare } from '../../../src/tools/cost/cloudfront';

/** What `npm run cost` does for one stack: its own scenario (the one simulate uses), or another event on the same baseline. */
const priced = (name: string, asked?: string) => {
  const json = synthProfile(PROFILES[name]);
  const own = TRAFFIC[scenarioNameForStack(name, json).name];
  return { json, cost: estimateStack(readStack(name, json), asked ? TRAFFIC[asked] : own, own) };
};

describe('each stack is priced under its own scenario', () => {
  it.each([
    ['cafe', 'tv-evening'],
    ['ecommerce', 'black-friday'],
    ['lab', 'load-test-day'],
  ])('%s: cost.md names %s, the scenario simulate uses, and puts one event\'s cost at the top', (name, scenario) => {
    const { cost } = priced(name);
    expect(cost.traffic.name).toBe(scenario);
    const md = markdownReport(cost, 'x');
    expect(md).toContain(`## What one event costs (${scenario})`);
    expect(md.indexOf('## What one event costs')).toBeLessThan(md.indexOf('## Summary'));
    if (name !== 'cafe') expect(md).not.toContain('café');
    const e = perEventCost(cost);
    expect(e).toBeDefined();
    expect(e!.perEventUsd).toBeCloseTo((cost.scenario.totalUsd - cost.baseline.totalUsd) / cost.traffic.eventsPerMonth, 1);
    expect(e!.perEventUsd).toBeGreaterThan(0);
  });

  it('takes the event from the simulator\'s curve: same peak rate, and its extra requests as hours at that peak', () => {
    for (const name of ['tv-evening', 'black-friday', 'load-test-day', 'launch-week']) {
      const sim = SCENARIOS[name]();
      let peak = 0;
      let excess = 0;
      for (let t = 0; t < sim.durationSeconds; t += 60) {
        peak = Math.max(peak, sim.rate(t));
        excess += Math.max(0, sim.rate(t) - TRAFFIC[name].quietRequestsPerSecond) * 60;
      }
      expect([name, TRAFFIC[name].peakRequestsPerSecond]).toEqual([name, Math.round(peak * 1000) / 1000]);
      const perEvent = TRAFFIC[name].peakHoursPerMonth / TRAFFIC[name].eventsPerMonth;
      // Within 1 % (the table rounds hours and events a month to 3 decimals).
      expect([name, Math.abs(perEvent * 3600 * (peak - TRAFFIC[name].quietRequestsPerSecond) / excess - 1) < 0.01]).toEqual([name, true]);
    }
  });

  it('charges Black Friday once a year, not every month', () => {
    expect(TRAFFIC['black-friday'].eventsPerMonth).toBeCloseTo(1 / 12, 3);
    const { cost } = priced('ecommerce');
    // The average month carries a twelfth of the event.
    expect(cost.scenario.totalUsd - cost.baseline.totalUsd).toBeCloseTo(perEventCost(cost)!.perEventUsd / 12, 0);
  });

  it('keeps a stack\'s baseline whatever scenario is asked for', () => {
    const own = priced('ecommerce');
    for (const asked of ['tv-evening', 'steady', 'flash-sale']) {
      const other = priced('ecommerce', asked);
      expect([asked, monthlyBaselineUsd(other.cost)]).toEqual([asked, monthlyBaselineUsd(own.cost)]);
    }
    expect(priced('ecommerce', 'steady').cost.perEvent).toBeUndefined();
  });
});

describe('savings: fewer AZs', () => {
  it('counts no public IPv4 address for an internal ALB', () => {
    const json = synthProfile(PROFILES.ecommerce);
    const albs = Object.values<any>(json.resource.aws_lb);
    expect(albs.every((l) => l.internal === true)).toBe(true);
    const stack = readStack('ecommerce', json);
    const fleets = readFleets(stack, TRAFFIC['black-friday']);
    const before = savingsOf(stack, TRAFFIC['black-friday'], fleets, { totalUsd: 0, lines: [] }, { totalUsd: 0, lines: [] }).find((s) => s.title.startsWith('fewer AZs'));
    // Mark the ALBs internet-facing: the saving grows by one address per extra AZ per ALB.
    for (const l of albs) l.internal = false;
    const pub = readStack('ecommerce', json);
    const empty = { totalUsd: 0, lines: [] };
    const after = savingsOf(pub, TRAFFIC['black-friday'], readFleets(pub, TRAFFIC['black-friday']), empty, empty).find((s) => s.title.startsWith('fewer AZs'));
    expect(before && after).toBeTruthy();
    expect(after!.monthlyUsd).toBeGreaterThan(before!.monthlyUsd);
  });
});

describe('CloudFront: priced by edge region, in volume tiers', () => {
  it('charges 5 TB from US/EU edges at $0.085/GB, all in the first 10 TB tier', () => {
    const tiers = tieredGbOut('usEu', 5 * 1024);
    expect(tiers.map((t) => [t.label, t.gb, t.price.usd])).toEqual([['first 10 TB', 5120, 0.085]]);
    expect(cloudfrontGbOutUsd('usEu', 5 * 1024)).toBeCloseTo(435.2, 2);
  });

  it('charges 15 TB as 10 TB at $0.085 and 5 TB at $0.080', () => {
    expect(tieredGbOut('usEu', 15 * 1024).map((t) => [t.label, t.gb, t.price.usd])).toEqual([['first 10 TB', 10240, 0.085], ['10-50 TB', 5120, 0.08]]);
    expect(cloudfrontGbOutUsd('usEu', 15 * 1024)).toBeCloseTo(870.4 + 409.6, 2);
  });

  it('serves PriceClass_100 from US/EU edges only, and wider classes partly from dearer edges', () => {
    expect(usEuShare('PriceClass_100', 0.9)).toBe(1);
    expect(usEuShare('PriceClass_All', 0.9)).toBe(0.9);
    expect(cloudfrontGbOutUsd('other', 1024)).toBeGreaterThan(cloudfrontGbOutUsd('usEu', 1024));
    expect(httpsPer10k('usEu').usd).toBe(0.01);
  });
});

describe('WAF logs', () => {
  it('writes one ~1.5 KB record per inspected request (AWS\'s example records run 1-2 KB), not ~100 B', () => {
    const json = synthProfile(PROFILES.ecommerce);
    const { cost } = priced('ecommerce');
    const logging = Object.values<any>(json.resource.aws_wafv2_web_acl_logging_configuration ?? {});
    expect(logging.length).toBeGreaterThan(0);
    const refOf = (v: string) => /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./.exec(v)![1];
    const groups = new Set(logging.map((l) => refOf(l.log_destination_configs[0])));
    const acls = new Set(logging.map((l) => refOf(l.resource_arn)));
    const inspected = cost.baseline.lines.filter((l) => acls.has(l.address) && l.unit === 'million requests inspected').reduce((a, l) => a + l.quantity * 1e6, 0);
    const ingested = cost.baseline.lines.filter((l) => groups.has(l.address) && l.unit === 'GB ingested').reduce((a, l) => a + l.quantity - TRAFFIC['black-friday'].baseLogGbPerGroup, 0);
    expect(inspected).toBeGreaterThan(0);
    const bytesPerRecord = (ingested * 1024 ** 3) / inspected;
    expect(bytesPerRecord).toBeGreaterThan(1000);
    expect(bytesPerRecord).toBeCloseTo(1500, -1);
  });
});

describe('backups kept for years', () => {
  it('prices 7-year monthly points as they accumulate: month one now, the steady state after 85 months stated', () => {
    const { cost } = priced('ecommerce');
    const vault = cost.baseline.lines.find((l) => l.type === 'aws_backup_vault' && l.unit.startsWith('GB-month'))!;
    const m = /accumulate to (\d+) after \d+ months, ([\d.]+) USD a month then \(([\d.]+) GB\)/.exec(vault.unit);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(85);
    const steadyGb = Number(m![3]);
    // Month one holds the full copy, a month of daily points and one monthly point; the steady state 84 more monthly points.
    expect(vault.quantity).toBeLessThan(steadyGb / 5);
    expect(Number(m![2])).toBeCloseTo(steadyGb * vault.unitPriceUsd, 1);
  });
});

describe('simulate and cost agree on one scenario', () => {
  it.each(['cafe', 'ecommerce', 'lab'])('%s: same scenario, same groups, instance counts and $/instance-hour', (name) => {
    const json = synthProfile(PROFILES[name]);
    const { cost } = priced(name);
    const scenario = scenarioNameForStack(name, json).name;
    expect(cost.traffic.name).toBe(scenario);
    const model = readSimulated(name, json);
    const fleets = readFleets(readStack(name, json), cost.traffic);
    for (const g of model.groups) {
      const f = fleets.get(`aws_autoscaling_group.${g.id}`)!;
      expect([g.id, f.instanceType, f.min, f.max]).toEqual([g.id, g.instanceType, g.min, g.max]);
      const costPerHour = cost.baseline.lines.find((l) => l.address === f.address && l.unit.startsWith('instance-hour'))!.unitPriceUsd;
      expect([g.id, tablePrice(g.instanceType!, model.region)]).toEqual([g.id, costPerHour]);
    }
    // The simulated event's peak rate is the rate cost prices the event's peak hours at.
    let peak = 0;
    const sim = SCENARIOS[scenario]();
    for (let t = 0; t < sim.durationSeconds; t += 60) peak = Math.max(peak, sim.rate(t));
    expect(cost.traffic.peakRequestsPerSecond).toBeCloseTo(peak, 2);
  });
});
