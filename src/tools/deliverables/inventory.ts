/**
 * inventory.json / inventory.md: every resource of the stack by tier and type, with counts and the
 * settings a reviewer checks (sizes, encryption, protection, exposure, retention). Types nobody listed
 * land in their prefix family's tier or in `other`, so nothing is left out.
 */
import { TIER_ORDER, Tier, familyOf } from './families';
import { table } from './markdown';
import { ArchitectureModel } from './model';
import { displayName } from './tfjson';

export interface InventoryEntry {
  readonly address: string;
  readonly name: string;
  readonly region: string;
  readonly settings: Record<string, unknown>;
}

export interface Inventory {
  readonly stack: string;
  readonly regions: readonly string[];
  readonly total: number;
  readonly tiers: readonly { tier: Tier; count: number; types: { type: string; count: number; resources: InventoryEntry[] }[] }[];
}

// Arguments a reviewer looks at first, wherever they appear (top level or one block down).
const REVIEWED =
  /^(instance_type|instance_class|node_type|engine|engine_version|min_size|max_size|desired_capacity|multi_az|multi_az_enabled|automatic_failover_enabled|num_cache_clusters|allocated_storage|max_allocated_storage|storage_encrypted|at_rest_encryption_enabled|transit_encryption_enabled|kms_key_id|kms_master_key_id|sqs_managed_sse_enabled|enable_key_rotation|deletion_protection|enable_deletion_protection|skip_final_snapshot|backup_retention_period|publicly_accessible|internal|load_balancer_type|port|protocol|http_tokens|force_destroy|retention_in_days|message_retention_seconds|visibility_timeout_seconds|price_class|scope|is_multi_region_trail|enable_log_file_validation|cidr_block|availability_zone|map_public_ip_on_launch|block_public_acls|block_public_policy|ignore_public_acls|restrict_public_buckets|status|sse_algorithm|deregistration_delay|health_check_type|policy_type|recurrence|threshold|limit_amount)$/;

function settings(config: Record<string, any>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (obj: Record<string, any>, prefix: string, depth: number) => {
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (REVIEWED.test(key) && (typeof v !== 'object' || v === null)) out[`${prefix}${key}`] = v;
      else if (depth < 2 && v && typeof v === 'object' && !Array.isArray(v) && key !== 'tags' && key !== 'tags_all') visit(v, `${prefix}${key}.`, depth + 1);
      else if (depth < 2 && Array.isArray(v) && v.length === 1 && v[0] && typeof v[0] === 'object') visit(v[0], `${prefix}${key}.`, depth + 1);
    }
  };
  visit(config, '', 0);
  return out;
}

export function buildInventory(m: ArchitectureModel): Inventory {
  const tiers = new Map<Tier, Map<string, InventoryEntry[]>>();
  for (const r of m.resources) {
    const tier = familyOf(r.type).tier;
    const types = tiers.get(tier) ?? new Map<string, InventoryEntry[]>();
    tiers.set(tier, types);
    types.set(r.type, [...(types.get(r.type) ?? []), { address: r.address, name: displayName(r), region: r.region, settings: settings(r.config) }]);
  }
  return {
    stack: m.stack,
    regions: m.regions,
    total: m.resources.length,
    tiers: TIER_ORDER.filter((t) => tiers.has(t)).map((tier) => {
      const types = [...tiers.get(tier)!.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, resources]) => ({ type, count: resources.length, resources }));
      return { tier, count: types.reduce((n, t) => n + t.count, 0), types };
    }),
  };
}

export function inventoryMarkdown(inv: Inventory): string {
  const out = [
    `# ${inv.stack}: inventory`,
    '',
    `${inv.total} resources in ${inv.regions.join(', ')}, by tier and type (generated; the same data is in inventory.json).`,
    '',
    table(['tier', 'resources', 'types'], inv.tiers.map((t) => [t.tier, t.count, t.types.map((x) => `${x.type.replace(/^aws_/, '')} ×${x.count}`).join(', ')])),
    '',
  ];
  for (const t of inv.tiers) {
    out.push(`## ${t.tier} (${t.count})`, '');
    for (const type of t.types) {
      out.push(`### ${type.type} ×${type.count}`, '');
      out.push(
        table(
          ['name', 'region', 'settings'],
          type.resources.map((r) => [
            r.name,
            r.region,
            Object.entries(r.settings)
              .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .join(', '),
          ]),
        ),
        '',
      );
    }
  }
  return out.join('\n');
}
