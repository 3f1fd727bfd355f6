import { PROFILES } from '../../../src/config/profiles';
import { costUnderOwnScenario } from '../../../src/tools/cost';
import { parseUsageFile } from '../../../src/tools/cost/usage-file';
import { synthProfile } from '../simulate/support';

const cafe = () => synthProfile(PROFILES.cafe);

describe('budget fit', () => {
  it.each(Object.keys(PROFILES))('%s: its own scenario stays under its budget\'s first alert (lab and exercise included)', (name) => {
    const c = costUnderOwnScenario(name, synthProfile(PROFILES[name]));
    expect(c.budget.budgetUsd).toBe(PROFILES[name].operations!.monthlyBudgetUsd);
    expect(c.budget.alertPercent).toBe(80);
    expect([name, c.budget.verdict]).toEqual([name, 'fits']);
    expect(c.scenario.totalUsd).toBeLessThan((c.budget.alertPercent! / 100) * c.budget.budgetUsd!);
    expect(c.budget.message).toContain('under its 80 % alert');
  });

  it('says which budget to set when an ordinary month would pass the alert', () => {
    const json = cafe();
    const alb = `aws_lb.${Object.keys(json.resource.aws_lb)[0]}`;
    const c = costUnderOwnScenario('cafe', json, undefined, { usage: parseUsageFile(`resource_usage:\n  ${alb}: { monthly_data_transfer_out_gb: 2300 }\n`, 'u.yml') });
    expect(c.scenario.totalUsd).toBeGreaterThan(0.8 * 450);
    expect(c.scenario.totalUsd).toBeLessThan(450);
    const suggest = Math.ceil((c.scenario.totalUsd * 1.25) / 0.8 / 25) * 25;
    expect(c.budget.verdict).toBe('tight');
    expect(c.budget.message).toContain(`past its 80 % alert, so an ordinary month warns; set operations.monthlyBudgetUsd to about $${suggest.toFixed(2)}`);
    expect(c.scenario.totalUsd / suggest).toBeLessThan(0.8);
  });

  it('reads the alert threshold from the budget itself, and names a budget when the stack has none', () => {
    const json = cafe();
    for (const b of Object.values<any>(json.resource.aws_budgets_budget)) for (const n of b.notification) if (n.threshold === 80) n.threshold = 70;
    const c = costUnderOwnScenario('cafe', json);
    expect([c.budget.alertPercent, c.budget.verdict]).toEqual([70, 'tight']);
    delete json.resource.aws_budgets_budget;
    expect(costUnderOwnScenario('cafe', json).budget.message).toMatch(/^no monthly USD budget in this stack: nothing warns before the bill; set operations.monthlyBudgetUsd to about \$\d+\.00$/);
  });
});
