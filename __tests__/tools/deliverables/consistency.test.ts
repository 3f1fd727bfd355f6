/** The figures design.md, before-after.md, cost.md and the simulator print for a stack agree with each other. */
import { PROFILES } from '../../../src/config/profiles';
import { costUnderOwnScenario, markdownReport } from '../../../src/tools/cost';
import { simulate } from '../../../src/tools/simulate/engine';
import { readStack as readSimulatedStack } from '../../../src/tools/simulate/model';
import { scenarioForStack } from '../../../src/tools/simulate/scenario';
import { singleServer } from '../../../src/tools/simulate/verdict';
import { beforeAfterMarkdown, startsFromOneServer } from '../../../src/tools/deliverables/before-after';
import { buildModel } from '../../../src/tools/deliverables/model';
import { profileJson } from '../../support/profiles';
import { builtInDesign } from './built-in-design';
import { tableAfter } from './support';

const names = Object.keys(PROFILES);
// Each profile as Testing.synth gives it, from the run's one synth of every profile.
const jsons = Object.fromEntries(names.map((n) => [n, profileJson(n)]));

test.each(names)('%s: instance counts, monthly dollars and failure percentages agree across design.md, cost.md and simulate', (n) => {
  const json = jsons[n];
  const design = builtInDesign(n);
  // cost.md as npm run cost writes it: the stack priced under its own scenario, the one simulate runs.
  const cost = markdownReport(costUnderOwnScenario(n, json), 'x');
  // $ a month: design.md quotes cost.md's baseline and scenario totals.
  const [, atRest, scenario] = /\$([\d.]+)(?: a month)? at rest, \$([\d.]+) with/.exec(design)!;
  const total = /\| total \| \$([\d.]+) \| \$([\d.]+) \|/.exec(cost)!;
  expect([atRest, scenario]).toEqual([total[1], total[2]]);
  const model = readSimulatedStack(n, json);
  if (!model.groups.length) return;
  const run = simulate(model, scenarioForStack(n, json), { priceLookup: undefined });
  const sizing = tableAfter(design, '## Sizing');
  for (const g of run.groups) {
    const row = sizing.find((r) => r[0] === g.name)!;
    expect(row).toBeDefined();
    expect(row[5]).toBe(`${g.failedPercent} %`);
    const gm = model.groups.find((x) => x.name === g.name)!;
    expect(row[4]).toBe(`${gm.min} / ${gm.max}`);
    // The summary's instance counts are the same group's min–max.
    expect(design).toContain(`**${g.name}**: ${gm.instanceType}, ${gm.min}–${gm.max} instances`);
  }
  if (startsFromOneServer(n, json) && model.groups.some((g) => g.kind === 'web')) {
    const ba = beforeAfterMarkdown(buildModel(n, json), json);
    const before = simulate(singleServer(model), scenarioForStack(n, json), { priceLookup: undefined });
    expect(ba).toContain(`(${before.totals.failedPercent.toFixed(1)} %) | ${run.totals.failed.toLocaleString('en-US')} (${run.totals.failedPercent.toFixed(1)} %) |`);
    expect(ba).toContain(`$${total[1]} at rest, $${total[2]} with`);
  }
});
