/**
 * Summary of a saved plan (`terraform show -json plan.tfplan`): adds / changes / destroys / replacements
 * by resource type and tier.
 */
import { Tier, TIER_ORDER, familyOf } from './families';

export interface PlanRow {
  readonly tier: Tier;
  readonly type: string;
  create: number;
  update: number;
  delete: number;
  replace: number;
}

export interface PlanSummary {
  readonly source: string;
  readonly totals: { create: number; update: number; delete: number; replace: number };
  readonly rows: readonly PlanRow[];
}

export function summarizePlan(plan: any, source = 'the plan'): PlanSummary {
  if (!plan || !Array.isArray(plan.resource_changes)) {
    throw new Error(`${source} has no resource_changes: pass the JSON of a saved plan (terraform show -json plan.tfplan > plan.json)`);
  }
  const rows = new Map<string, PlanRow>();
  const totals = { create: 0, update: 0, delete: 0, replace: 0 };
  for (const rc of plan.resource_changes) {
    if (rc.mode !== 'managed') continue;
    const actions: string[] = rc.change?.actions ?? [];
    const row = rows.get(rc.type) ?? { tier: familyOf(rc.type).tier, type: rc.type, create: 0, update: 0, delete: 0, replace: 0 };
    rows.set(rc.type, row);
    if (actions.includes('create') && actions.includes('delete')) {
      row.replace++;
      totals.replace++;
      row.create++;
      row.delete++;
      totals.create++;
      totals.delete++;
    } else if (actions.includes('create')) {
      row.create++;
      totals.create++;
    } else if (actions.includes('delete')) {
      row.delete++;
      totals.delete++;
    } else if (actions.includes('update')) {
      row.update++;
      totals.update++;
    }
  }
  const sorted = [...rows.values()]
    .filter((r) => r.create + r.update + r.delete > 0)
    .sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) || a.type.localeCompare(b.type));
  return { source, totals, rows: sorted };
}
