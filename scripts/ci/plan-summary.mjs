#!/usr/bin/env node
// Renders `terraform show -json <plan>` as the Markdown a reviewer needs before approving an apply:
// totals, adds/changes/destroys/replacements per resource type, and every replacement and destroy by
// address (replacements with the attributes forcing them).
// Usage: node scripts/ci/plan-summary.mjs <stack> <plan.json>
import { readFileSync } from 'node:fs';

export function summarize(stack, plan) {
  const kinds = ['add', 'change', 'destroy', 'replace'];
  const byType = new Map();
  const replaced = [];
  const destroyed = [];
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change?.actions ?? [];
    const kind = a.includes('create') && a.includes('delete') ? 'replace'
      : a[0] === 'create' ? 'add' : a[0] === 'update' ? 'change' : a[0] === 'delete' ? 'destroy' : null;
    if (!kind) continue;
    const row = byType.get(rc.type) ?? { add: 0, change: 0, destroy: 0, replace: 0 };
    row[kind]++;
    byType.set(rc.type, row);
    if (kind === 'replace') {
      const paths = (rc.change.replace_paths ?? []).map((p) => p.join('.')).join(', ');
      replaced.push(`- \`${rc.address}\`${paths ? ` (forced by ${paths})` : ''}`);
    }
    if (kind === 'destroy') destroyed.push(`- \`${rc.address}\``);
  }
  const total = Object.fromEntries(kinds.map((k) => [k, [...byType.values()].reduce((n, r) => n + r[k], 0)]));
  const lines = [
    `### ${stack}: ${total.add + total.replace} to add, ${total.change} to change, ${total.destroy + total.replace} to destroy` +
      (total.replace ? ` (${total.replace} replacement${total.replace > 1 ? 's' : ''})` : ''),
    '',
  ];
  if (byType.size === 0) {
    lines.push('No changes: the infrastructure matches the configuration.', '');
    return lines.join('\n');
  }
  if (total.replace) lines.push(`> [!WARNING]\n> ${total.replace} resource(s) will be destroyed and re-created:`, '', ...replaced, '');
  if (total.destroy) lines.push(`> [!CAUTION]\n> ${total.destroy} resource(s) will be destroyed:`, '', ...destroyed, '');
  lines.push('| resource type | add | change | destroy | replace |', '|---|---:|---:|---:|---:|');
  for (const [type, r] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${type}\` | ${r.add || ''} | ${r.change || ''} | ${r.destroy || ''} | ${r.replace || ''} |`);
  }
  lines.push('');
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [stack, file] = process.argv.slice(2);
  if (!stack || !file) {
    console.error('usage: node scripts/ci/plan-summary.mjs <stack> <plan.json>');
    process.exit(2);
  }
  const plan = JSON.parse(readFileSync(file, 'utf8'));
  process.stdout.write(summarize(stack, plan));
}
