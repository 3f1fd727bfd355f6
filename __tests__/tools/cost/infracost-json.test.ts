import Ajv from 'ajv';
import schema from './infracost-output.schema.json';
import { PROFILES } from '../../../src/config/profiles';
import { costUnderOwnScenario, markdownReport, toJson } from '../../../src/tools/cost';
import type { CostJson } from '../../../src/tools/cost';
import { dec } from '../../../src/tools/cost/infracost-json';
import { synthProfile } from '../simulate/support';

const validate = new Ajv({ allErrors: true }).compile(schema);
const problems = (json: unknown) => (validate(json) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
const costs = Object.keys(PROFILES).map((name) => costUnderOwnScenario(name, synthProfile(PROFILES[name])));

describe('--json: Infracost\'s breakdown shape', () => {
  const json = toJson(costs) as CostJson;

  it('validates against the shape test modelled on Infracost\'s documented output, every profile in one run', () => {
    expect(problems(JSON.parse(JSON.stringify(json)))).toEqual([]);
    expect(json.projects.map((p) => p.name)).toEqual(Object.keys(PROFILES));
  });

  it.each(Object.keys(PROFILES))('%s alone validates, and its components multiply out: monthlyQuantity × price = monthlyCost', (name) => {
    const one = toJson(costs.filter((c) => c.stack === name));
    expect(problems(JSON.parse(JSON.stringify(one)))).toEqual([]);
    for (const r of one.projects[0].breakdown.resources) {
      for (const x of r.costComponents) expect([r.name, x.name, Number(x.monthlyCost)]).toEqual([r.name, x.name, Math.round(Number(x.monthlyQuantity) * Number(x.price) * 100) / 100]);
      const sum = Math.round(r.costComponents.reduce((a, x) => a + Number(x.monthlyCost), 0) * 100) / 100;
      expect([r.name, Number(r.monthlyCost)]).toEqual([r.name, sum]);
    }
  });

  it('rejects what is not Infracost\'s shape (the test can fail): numbers for decimals, a missing component field, an unknown key', () => {
    const copy = () => JSON.parse(JSON.stringify(toJson(costs.slice(0, 1))));
    const a = copy();
    a.projects[0].breakdown.resources[0].costComponents[0].monthlyCost = 12.5;
    expect(problems(a).join()).toContain('/projects/0/breakdown/resources/0/costComponents/0/monthlyCost must be string,null');
    const b = copy();
    delete b.projects[0].breakdown.resources[0].costComponents[0].price;
    expect(problems(b).join()).toContain("must have required property 'price'");
    const c = copy();
    c.projects[0].extra = 1;
    expect(problems(c).join()).toContain('must NOT have additional properties');
    const d = copy();
    delete d.projects[0].stormproof.priceTables;
    expect(problems(d).join()).toContain("must have required property 'priceTables'");
  });

  it('carries everything cost.md does: per-event cost, months, estimate and idle flags, savings, budget, assumptions, not priced, price-table dates', () => {
    const ecommerce = json.projects.find((p) => p.name === 'ecommerce')!;
    const c = costs.find((x) => x.stack === 'ecommerce')!;
    const md = markdownReport(c, 'x');
    const x = ecommerce.stormproof;
    expect(x.perEvent?.perEventUsd).toBe(c.perEvent!.perEventUsd);
    expect(md).toContain(`$${x.perEvent!.perEventUsd.toFixed(2)} over the baseline`);
    expect([x.months.baseline.totalMonthlyCost, x.months.scenario.totalMonthlyCost, x.months.peak.totalMonthlyCost]).toEqual([c.baseline, c.scenario, c.peak].map((m) => dec(m.totalUsd)));
    expect(ecommerce.breakdown.totalMonthlyCost).toBe(dec(c.scenario.totalUsd));
    expect(x.savings.map((s) => s.title)).toEqual(c.savings.map((s) => s.title));
    for (const s of x.savings) expect(md).toContain(s.title);
    expect(x.budget.message).toBe(c.budget.message);
    expect(x.notPriced.map((n) => n.type)).toEqual(c.notPriced.map((n) => n.type));
    expect(x.assumptions[0]).toContain('black-friday');
    expect(x.priceTables.find((t) => t.section === 'cloudfrontEdge')).toMatchObject({ table: 'global', read: '2026-12-06', estimate: false });
    expect(x.idle.length).toBeGreaterThan(0);
    const db = ecommerce.breakdown.resources.find((r) => r.resourceType === 'aws_db_instance')!;
    expect(db.metadata.stormproof.components[0]).toEqual({ tier: 'data', estimate: true, idle: true, fromUsageFile: false });
    expect(db.costComponents[0].usageBased).toBe(false);
    const lb = ecommerce.breakdown.resources.find((r) => r.resourceType === 'aws_lb')!;
    expect(lb.costComponents.find((k) => k.unit === 'LCU-hour')?.usageBased).toBe(true);
    expect(json.summary.totalNoPriceResources).toBeGreaterThan(0);
    expect(json.summary.unsupportedResourceCounts).toEqual({});
  });

  it('writes decimals as Infracost does: strings, never in exponent form', () => {
    expect([dec(0), dec(1460), dec(0.0114), dec(1e-7), dec(16.64 / 730)]).toEqual(['0', '1460', '0.0114', '0.0000001', '0.0227945205']);
  });
});
