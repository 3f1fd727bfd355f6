/**
 * The architecture as four views a reviewer reads on one page each, instead of one picture of every resource:
 * - overview: users → edge → load balancers → services → data, one box per tier, the AZs as a count;
 * - network: AZ columns (ascending, left to right) of subnets with what runs in each, NAT, endpoints; regional
 *   services outside the VPC, never inside a subnet;
 * - data: primaries, standbys, replicas (Multi-AZ or Single-AZ, as configured), cross-region copies, backups, RPO/RTO;
 * - delivery: pipelines, their stages and blue/green deployments (only where the stack has them).
 * Every view is rendered twice (top-down and left-right) and the one nearer a page's shape is kept.
 */
import { ArchitectureModel, GraphNode, Subnet, SubnetTier } from './model';
import { failureModes } from './failure-modes';
import { StackIndex } from './stack-index';
import type { Resource } from './tfjson';
import { asArray, displayName } from './tfjson';
import { renderSvg } from './render';

export type ViewName = 'overview' | 'network' | 'data' | 'delivery';
export interface ViewDot {
  readonly name: ViewName;
  /** DOT with `RANKDIR` standing for the direction (renderView tries these in order). */
  readonly dot: string;
  /** The network view stays top-down: its AZ columns must read left to right. */
  readonly directions: readonly ('TB' | 'LR')[];
}

const FONT = 'Helvetica,Arial,sans-serif';
/** Widest page ratio a view may have (width/height and height/width). */
export const MAX_RATIO = 2.5;
/** Characters per line in a box. */
const WRAP = 52;
const TIER_ORDER: readonly SubnetTier[] = ['public', 'private', 'isolated'];
const TIER_LABEL: Record<SubnetTier, string> = { public: 'Public subnet', private: 'Private subnet (NAT)', isolated: 'Isolated subnet' };
const TIER_FILL: Record<SubnetTier, string> = { public: '#EEF6EC', private: '#E8F2FA', isolated: '#EFEFF6' };
const TIER_BORDER: Record<SubnetTier, string> = { public: '#7AA116', private: '#147EBA', isolated: '#5A6B86' };

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Bold text, padded with no-break spaces: Graphviz measures bold labels with the regular face's widths (~7 % short),
 * and a cell as wide as its bold title would otherwise let the title run into its neighbour. */
export const bold = (text: string) => `<b>${esc(text)}</b>${'&#160;'.repeat(Math.ceil(text.length * 0.14))}`;

/** Breaks a sentence into lines of at most `width` characters (HTML labels do not wrap by themselves). */
export function wrap(text: string, width = 48): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A box: a bold title, then one line per item (already plain text; escaped here). */
function box(id: string, title: string, items: readonly string[], colour: string, fill = 'white'): string {
  const rows = [
    `<tr><td align="left">${bold(title)}</td></tr>`,
    ...items.map((i) => `<tr><td align="left">${wrap(i, WRAP).map(esc).join('<br align="left"/>')}<br align="left"/></td></tr>`),
  ];
  return `  ${id} [shape=box, style="rounded,filled", color=${q(colour)}, fillcolor=${q(
    fill
  )}, penwidth=1.4, label=<<table border="0" cellborder="0" cellspacing="1" cellpadding="1">${rows.join('')}</table>>];`;
}

const header = (label: string) => [
  `  graph [fontname=${q(FONT)}, fontsize=13, rankdir=RANKDIR, newrank=true, nodesep=0.3, ranksep=0.45, pad=0.25, labelloc=t, label=<<b>${esc(label)}</b>>];`,
  `  node [fontname=${q(FONT)}, fontsize=11, margin="0.12,0.06"];`,
  `  edge [fontname=${q(FONT)}, fontsize=10, arrowsize=0.7, color="#232F3E"];`,
];

const resourceOf = (m: ArchitectureModel) => {
  const by = new Map(m.resources.map((r) => [r.address, r]));
  return (n: GraphNode): Resource | undefined => (n.resource ? by.get(n.resource) : undefined);
};
const primaryAzs = (m: ArchitectureModel) => {
  const vpcs = new Set(m.vpcs.filter((v) => v.region === m.regions[0]).map((v) => v.address));
  return [...new Set(m.subnets.filter((s) => vpcs.has(s.vpc)).map((s) => s.az))].sort();
};
const line = (n: GraphNode) => [n.title, n.name !== n.title ? n.name : '', ...n.details.filter(Boolean)].filter(Boolean).join(' · ');
const dedupe = (xs: string[]) => [...new Set(xs)];
/** Ports on the traffic edges from one group of nodes to another (edge labels). */
function ports(m: ArchitectureModel, from: readonly GraphNode[], to: readonly GraphNode[]): string {
  const a = new Set(from.map((n) => n.id));
  const b = new Set(to.map((n) => n.id));
  const labels = dedupe(m.edges.filter((e) => e.kind === 'traffic' && a.has(e.from) && b.has(e.to) && e.label).map((e) => e.label)).sort();
  return labels.length > 3 ? `${labels.slice(0, 3).join(', ')} +${labels.length - 3}` : labels.join(', ');
}

/** The overview: one box per tier in the order a request flows. */
export function overviewDot(m: ArchitectureModel): string {
  const azs = primaryAzs(m).length;
  const regions = m.regions.length > 1 ? ` in ${m.regions.length} regions` : '';
  return [
    `digraph ${q(`${m.stack}-overview`)} {`,
    ...header(`${m.stack}: overview (${m.resources.length} resources, ${azs ? `${azs} AZ${azs === 1 ? '' : 's'}` : 'no VPC'}${regions})`),
    ...overviewBody(m),
    '}',
    '',
  ].join('\n');
}

/** The overview's statements, node ids prefixed with `p` (before-after draws it beside the single server). */
export function overviewBody(m: ArchitectureModel, p = ''): string[] {
  const res = resourceOf(m);
  const azs = primaryAzs(m);
  const of = (pred: (n: GraphNode) => boolean) => m.nodes.filter(pred);
  const edge = of((n) => n.scope === 'global' || (n.kind === 'firewall' && n.scope === 'regional'));
  const lbs = of((n) => n.kind === 'load balancer');
  const services = of((n) => n.kind === 'autoscaling group' || n.kind === 'compute');
  const data = of((n) => n.kind === 'database' || n.kind === 'cache' || n.kind === 'store');
  const async = of((n) => n.kind === 'queue' || n.kind === 'topic' || n.kind === 'bucket');
  const ops = of((n) => n.kind === 'operations');
  const serviceRegions = new Set(m.nodes.filter((n) => n.kind === 'autoscaling group' || n.kind === 'compute').map((n) => n.region));
  const serviceText = serviceRegions.size > 1 ? ` in ${serviceRegions.size} regions` : '';
  const azText = azs.length ? `${azs.length} AZ${azs.length === 1 ? '' : 's'}` : 'no VPC';
  const dataLine = (n: GraphNode) => {
    const r = res(n);
    if (n.kind === 'database' && r) {
      const placement = r.config.multi_az === true ? 'Multi-AZ' : 'Single-AZ';
      return `${n.title} · ${n.name} · ${String(r.config.instance_class ?? '')} · ${placement}${r.region !== m.regions[0] ? ` · ${r.region}` : ''}`;
    }
    if (n.kind === 'cache' && r) {
      const members = m.nodes.filter((x) => x.resource === r.address && x.kind === 'replica member').length;
      return `${n.title} · ${n.name} · ${String(r.config.node_type ?? '')} · ${members + 1} node${members ? 's' : ''}`;
    }
    return line(n);
  };
  const tiers: { id: string; title: string; items: string[]; colour: string; nodes: GraphNode[] }[] = [
    { id: 't_users', title: 'Users', items: ['the internet'], colour: '#232F3E', nodes: of((n) => n.kind === 'internet') },
    { id: 't_edge', title: 'Edge', items: edge.map(line), colour: '#8C4FFF', nodes: edge },
    { id: 't_lb', title: `Load balancing (${azText})`, items: lbs.map(line), colour: '#8C4FFF', nodes: lbs },
    { id: 't_services', title: `Services (${azText}${serviceText})`, items: services.map(line), colour: '#ED7100', nodes: services },
    { id: 't_data', title: 'Data', items: data.map(dataLine), colour: '#C925D1', nodes: data },
  ].filter((t) => t.items.length);
  const out: string[] = [];
  for (const t of tiers) out.push(box(p + t.id, t.title, t.items, t.colour));
  for (let i = 1; i < tiers.length; i++) {
    const label = ports(m, tiers[i - 1].nodes, tiers[i].nodes) || (tiers[i - 1].id === 't_edge' && tiers[i].id === 't_lb' ? 'origin' : '');
    out.push(`  ${p}${tiers[i - 1].id} -> ${p}${tiers[i].id}${label ? ` [xlabel=${q(label)}]` : ''};`);
  }
  const side = [
    { id: 't_async', title: 'Messaging and storage', items: async.map(line), colour: '#E7157B' },
    {
      id: 't_ops',
      title: 'Operations',
      items: dedupe(ops.map((n) => n.title)).map((t) => `${t} × ${ops.filter((n) => n.title === t).length}`),
      colour: '#545B64',
    },
  ].filter((t) => t.items.length);
  for (const s of side) {
    out.push(box(p + s.id, s.title, s.items, s.colour));
    if (tiers.some((t) => t.id === 't_services')) out.push(`  ${p}t_services -> ${p}${s.id} [style=dashed, color="#7D8998"];`);
  }
  if (side.length && tiers.some((t) => t.id === 't_data')) out.push(`  { rank=same; ${p}t_data; ${side.map((s) => p + s.id).join('; ')}; }`);
  return out;
}

// Groups draw their instances per subnet; a database without Multi-AZ sits in one AZ RDS picks (VPC-wide box).
const SPREAD_ELSEWHERE = new Set<string>(['autoscaling group', 'compute', 'database', 'cache', 'store']);
const spreadNote = (n: GraphNode) =>
  n.kind === 'database' ? ` · Single-AZ, in one of ${(n.spans ?? []).join(', ')} (RDS picks)` : n.spans?.length ? ` · in ${n.spans.join(', ')}` : '';

/** What a subnet holds: its own nodes, the instances launched into it, the spread resources with a node in it. */
function subnetItems(m: ArchitectureModel, s: Subnet): string[] {
  const items: string[] = [];
  for (const n of m.nodes.filter((x) => x.subnet === s.address)) {
    if (n.kind === 'instances') items.push(`instances of ${n.details.join(', ')}`);
    else items.push(`${n.title} · ${n.name}`);
  }
  for (const n of m.nodes.filter((x) => x.vpc === s.vpc && !x.subnet && x.spans?.includes(s.az) && x.spanTier === s.tier && !SPREAD_ELSEWHERE.has(x.kind))) {
    items.push(`${n.title} · ${n.name}`);
  }
  return dedupe(items);
}

/** A cell of lines: a bold title, then items wrapped to `width` characters. */
function cellLines(title: string, items: readonly string[], width: number): string {
  return [bold(title), ...items.flatMap((i) => wrap(i, width).map(esc))].join('<br align="left"/>') + '<br align="left"/>';
}

/**
 * The network: one table per VPC whose columns are the AZs in ascending order and whose rows are the subnet tiers
 * (public above private above isolated), each cell naming what runs in that subnet. A table, not clusters: Graphviz
 * keeps table columns in the order written, so the AZs always read left to right. Regional services sit in a box
 * of their own below the VPC, never in a subnet.
 */
export function networkDot(m: ArchitectureModel): string {
  const out = [`digraph ${q(`${m.stack}-network`)} {`, ...header(`${m.stack}: network (Availability Zones left to right)`)];
  const regionalNodes = m.nodes.filter((n) => n.scope === 'regional');
  // Regions one below the other (the primary first), so the AZ columns keep the page's width.
  let previous: string | undefined;
  m.regions.forEach((region, ri) => {
    const vpcs = m.vpcs.filter((v) => v.region === region);
    const regional = regionalNodes.filter((n) => n.region === region);
    if (!vpcs.length && !regional.length) return;
    out.push(
      `  subgraph cluster_region_${ri} {`,
      `    label=<<b>Region ${esc(region)}${ri ? ' (standby region)' : ''}</b>>; style="dashed,rounded"; color="#00A4A6"; fontcolor="#00A4A6";`
    );
    const chain: string[] = [];
    vpcs.forEach((vpc, vi) => {
      const subnets = m.subnets.filter((s) => s.vpc === vpc.address);
      const azs = [...new Set(subnets.map((s) => s.az))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      const rows: { tier: SubnetTier; index: number }[] = [];
      for (const tier of TIER_ORDER) {
        const most = Math.max(0, ...azs.map((az) => subnets.filter((s) => s.az === az && s.tier === tier).length));
        for (let i = 0; i < most; i++) rows.push({ tier, index: i });
      }
      const width = azs.length > 2 ? 38 : 46;
      const cell = (az: string, tier: SubnetTier, index: number) => {
        const s = subnets.filter((x) => x.az === az && x.tier === tier).sort((a, b) => a.cidr.localeCompare(b.cidr, 'en', { numeric: true }))[index];
        if (!s) return '<td></td>';
        return `<td align="left" valign="top" bgcolor="${TIER_FILL[tier]}" color="${TIER_BORDER[tier]}" border="1" cellpadding="6">${cellLines(
          `${TIER_LABEL[tier]} ${s.cidr}`,
          subnetItems(m, s),
          width
        )}</td>`;
      };
      const wide = m.nodes.filter(
        (n) =>
          n.vpc === vpc.address &&
          !n.subnet &&
          (!n.spans?.length || !n.spanTier || SPREAD_ELSEWHERE.has(n.kind)) &&
          n.kind !== 'autoscaling group' &&
          n.kind !== 'compute'
      );
      const endpoints = m.resources
        .filter((r) => r.type === 'aws_vpc_endpoint' && JSON.stringify(r.config.vpc_id ?? '').includes(`.${vpc.address.split('.')[1]}.`))
        .map(
          (r) =>
            `${String(r.config.vpc_endpoint_type ?? 'Gateway')} endpoint ${String(r.config.service_name ?? '')
              .split('.')
              .pop()}`
        );
      const vpcWide = dedupe([...wide.map((n) => `${n.title} · ${n.name}${spreadNote(n)}`), ...endpoints]);
      const cols = Math.max(1, azs.length);
      const table = [
        `<table border="1" style="rounded" color="#8C4FFF" cellborder="0" cellspacing="6" cellpadding="4">`,
        `<tr><td colspan="${cols}" align="left"><font color="#8C4FFF">${bold(`VPC ${vpc.name} ${vpc.cidr}`)}</font></td></tr>`,
        ...(vpcWide.length
          ? [`<tr><td colspan="${cols}" align="left" border="1" color="#8C4FFF" cellpadding="6">${cellLines('VPC-wide', vpcWide, width * cols)}</td></tr>`]
          : []),
        `<tr>${azs.map((az) => `<td><font color="#147EBA"><b>${esc(az)}</b></font></td>`).join('')}</tr>`,
        ...rows.map((r) => `<tr>${azs.map((az) => cell(az, r.tier, r.index)).join('')}</tr>`),
        '</table>',
      ].join('');
      const id = `vpc_${ri}_${vi}`;
      out.push(`    ${id} [shape=plain, label=<${table}>];`);
      chain.push(id);
    });
    if (regional.length) {
      const titles = dedupe(regional.map((n) => n.title));
      out.push(
        box(
          `regional_${ri}`,
          'Regional services (outside the VPC)',
          titles.map((t) => `${t} × ${regional.filter((n) => n.title === t).length}`),
          '#AAB7B8'
        )
      );
      chain.push(`regional_${ri}`);
    }
    out.push('  }');
    if (previous && chain[0]) out.push(`  ${previous} -> ${chain[0]} [style=invis];`);
    for (let i = 1; i < chain.length; i++) out.push(`  ${chain[i - 1]} -> ${chain[i]} [style=invis];`);
    previous = chain[chain.length - 1] ?? previous;
  });
  const global = m.nodes.filter((n) => n.scope === 'global');
  if (global.length)
    out.push(
      box(
        'global',
        'Global edge (outside every region)',
        global.map((n) => `${n.title} · ${n.name}`),
        '#8C4FFF'
      )
    );
  out.push('}', '');
  return out.join('\n');
}

/** Data and DR: where each copy of the data lives, how it gets there, and the RPO/RTO of each failure. */
export function dataDot(m: ArchitectureModel): string {
  const res = resourceOf(m);
  const subnetAz = new Map(m.subnets.map((s) => [s.address, s.az]));
  const data = m.nodes.filter((n) => ['database', 'standby', 'cache', 'replica member', 'store'].includes(n.kind));
  const out = [`digraph ${q(`${m.stack}-data`)} {`, ...header(`${m.stack}: data and disaster recovery`)];
  const items = (n: GraphNode): string[] => {
    const r = res(n);
    const az = n.subnet ? subnetAz.get(n.subnet) : undefined;
    if (n.kind === 'database' && r) {
      const multi = r.config.multi_az === true;
      const replica = r.config.replicate_source_db !== undefined;
      return [
        n.name,
        `${String(r.config.instance_class ?? '')}${r.config.allocated_storage ? ` · ${r.config.allocated_storage} GB` : ''}`,
        multi ? `Multi-AZ: primary in ${az ?? 'an AZ'}` : `Single-AZ${az ? ` in ${az}` : ''}`,
        replica
          ? `read-only copy${r.config.storage_encrypted === true ? ' · encrypted' : ''}`
          : `backups kept ${Number(r.config.backup_retention_period ?? 0)} days${r.config.storage_encrypted === true ? ' · encrypted' : ''}`,
      ];
    }
    if (n.kind === 'standby') return [n.name, `in ${az ?? 'another AZ'} (chosen by RDS)`, 'takes over on failover'];
    if (n.kind === 'cache' && r)
      return [
        n.name,
        String(r.config.node_type ?? ''),
        `primary in ${az ?? 'an AZ'}`,
        r.config.automatic_failover_enabled === true ? 'automatic failover' : 'no automatic failover',
      ];
    if (n.kind === 'replica member') return [n.name, `replica in ${az ?? 'an AZ'}`];
    return [n.name, ...n.details];
  };
  m.regions.forEach((region, ri) => {
    const here = data.filter((n) => (n.region ?? m.regions[0]) === region);
    const vaults = m.nodes.filter((n) => n.kind === 'operations' && n.title === 'Backup vault' && n.region === region);
    if (!here.length && !vaults.length) return;
    out.push(
      `  subgraph cluster_region_${ri} {`,
      `    label=<<b>Region ${esc(region)}${ri ? ' (DR region)' : ''}</b>>; style="dashed,rounded"; color="#00A4A6"; fontcolor="#00A4A6";`
    );
    for (const n of here) out.push(`  ${box(n.id, n.title, items(n), '#C925D1')}`);
    for (const v of vaults) out.push(`  ${box(v.id, 'AWS Backup vault', [v.name], '#7AA116')}`);
    out.push('  }');
  });
  const ids = new Set([...data.map((n) => n.id), ...m.nodes.filter((n) => n.title === 'Backup vault').map((n) => n.id)]);
  for (const e of m.edges.filter((x) => x.kind === 'replication' && ids.has(x.from) && ids.has(x.to)))
    out.push(`  ${e.from} -> ${e.to} [style=dashed, color="#C925D1", xlabel=${q(e.label)}];`);
  // Backup plans: what they copy to which vault, on which schedule.
  for (const plan of m.resources.filter((r) => r.type === 'aws_backup_plan')) {
    const rules = asArray<any>(plan.config.rule);
    const id = `plan_${plan.name.replace(/[^A-Za-z0-9]/g, '_')}`;
    out.push(
      box(
        id,
        `Backup plan ${displayName(plan)}`,
        rules.map(
          (r) =>
            `${r.rule_name}: ${r.schedule}, kept ${r.lifecycle?.delete_after ?? '∞'} days${asArray(r.copy_action).length ? ', copied to the DR vault' : ''}`
        ),
        '#7AA116'
      )
    );
    for (const v of m.nodes.filter((n) => n.title === 'Backup vault')) {
      const named = rules.some((r) => JSON.stringify(r).includes(v.address.split('.')[1]));
      if (named) out.push(`  ${id} -> ${v.id} [style=dashed, color="#7AA116"];`);
    }
  }
  if (!data.length)
    out.push(
      box(
        'nodata',
        'No database or cache in this stack',
        ['nothing to replicate or fail over: instances keep no state', 'a data tier would appear here with its standby, replicas and backups'],
        '#C925D1'
      )
    );
  const modes = failureModes(new StackIndex(m), m).filter((f) => /^(Database|Cache|Region)/.test(f.failure));
  // A region failover's RTO as its headline ("about 25 min (pilot-light)"): its parts are in design.md and the drill.
  const headline = (rto: string) => rto.replace(/^(about \d+ min) \((backup-restore|pilot-light|warm-standby): .*\)$/, '$1 ($2)');
  if (modes.length) {
    const lines = (t: string) => wrap(t, 34).map(esc).join('<br align="left"/>') + '<br align="left"/>';
    const rows = modes.map(
      (f) =>
        `<tr><td align="left" valign="top">${lines(f.failure)}</td><td align="left" valign="top">${lines(headline(f.rto))}</td><td align="left" valign="top">${lines(
          f.rpo
        )}</td></tr>`
    );
    out.push(
      `  rporto [shape=plain, label=<<table border="1" cellborder="1" cellspacing="0" cellpadding="6" color="#AAB7B8"><tr><td><b>failure</b></td><td><b>RTO (back in service)</b></td><td><b>RPO (data lost)</b></td></tr>${rows.join(
        ''
      )}</table>>];`
    );
    if (!data.length) out.push('  nodata -> rporto [style=invis];');
  }
  out.push('}', '');
  return out.join('\n');
}

/** Delivery: each pipeline's stages and the deployment they end in (blue/green or in place). */
export function deliveryDot(m: ArchitectureModel): string | undefined {
  const pipelines = m.resources.filter((r) => r.type === 'aws_codepipeline');
  const envs = m.resources.filter((r) => r.type === 'aws_elastic_beanstalk_environment');
  // Blue/green EC2 services: Terraform writes launch template versions, the release's instance refresh moves the group.
  const released = m.resources.filter(
    (r) => r.type === 'aws_autoscaling_group' && asArray<any>(r.config.lifecycle?.ignore_changes).includes('launch_template'),
  );
  if (!pipelines.length && envs.length < 2 && !released.length) return undefined;
  const groups = m.resources.filter((r) => r.type === 'aws_codedeploy_deployment_group');
  const out = [`digraph ${q(`${m.stack}-delivery`)} {`, ...header(`${m.stack}: delivery`)];
  pipelines.forEach((p, pi) => {
    out.push(
      `  subgraph cluster_pipeline_${pi} {`,
      `    label=<<b>CodePipeline ${esc(displayName(p))}</b>>; style="rounded"; color="#E7157B"; fontcolor="#E7157B";`
    );
    const stages = asArray<any>(p.config.stage);
    stages.forEach((s, si) =>
      out.push(
        `  ${box(
          `p${pi}_s${si}`,
          s.name,
          asArray<any>(s.action).map((a) => `${a.provider}: ${a.name}`),
          '#E7157B'
        )}`
      )
    );
    for (let i = 1; i < stages.length; i++) out.push(`    p${pi}_s${i - 1} -> p${pi}_s${i};`);
    out.push('  }');
    const deploy = stages.flatMap((s) => asArray<any>(s.action)).find((a) => a.provider === 'CodeDeploy');
    const group =
      groups.find((gr) => deploy && JSON.stringify(deploy.configuration ?? {}).includes(String(gr.config.deployment_group_name ?? '\u0000'))) ??
      groups.find((gr) => JSON.stringify(p.config).includes(gr.name));
    if (group) {
      const style = String(group.config.deployment_style?.deployment_type ?? 'IN_PLACE');
      const bg = group.config.blue_green_deployment_config ?? {};
      const asgs = m.resources.filter(
        (r) => r.type === 'aws_autoscaling_group' && JSON.stringify(group.config.autoscaling_groups ?? []).includes(r.address.split('.')[1])
      );
      const items = [
        style === 'BLUE_GREEN' ? 'blue/green: a copy of the Auto Scaling group (green) takes the traffic' : 'in place, instance by instance',
        ...asgs.map((a) => `fleet: ${displayName(a)}`),
        ...(bg.terminate_blue_instances_on_deployment_success
          ? [`old (blue) fleet terminated after ${bg.terminate_blue_instances_on_deployment_success.termination_wait_time_in_minutes ?? 0} min`]
          : []),
        ...(group.config.auto_rollback_configuration?.enabled
          ? [`rolls back on ${asArray(group.config.alarm_configuration?.alarms).length} alarms or a failure`]
          : []),
      ];
      const id = `dg_${pi}`;
      out.push(box(id, `CodeDeploy ${displayName(group)}`, items, '#ED7100'));
      out.push(`  p${pi}_s${stages.length - 1} -> ${id};`);
    }
  });
  if (released.length) {
    out.push(`  apply [shape=box, style="rounded", label=<<b>terraform apply (CI)</b><br/>a new launch template version<br/>(new AMI or bundle key)>];`);
    released.forEach((g, gi) => {
      const items = [
        'instance refresh: min 100 % / max 200 % healthy',
        'checkpoints 50 % and 100 %, then bake time',
        'auto rollback on the target group\'s 5xx rate and unhealthy hosts',
      ];
      out.push(box(`release_${gi}`, `Release of ${displayName(g)}`, items, '#ED7100'));
      out.push(`  apply -> release_${gi} [xlabel="release-fleets.sh"];`);
    });
  }
  if (envs.length >= 2) {
    envs.forEach((e, ei) =>
      out.push(
        box(
          `env_${ei}`,
          `Beanstalk environment ${displayName(e)}`,
          [e.config.cname_prefix ? `CNAME prefix ${e.config.cname_prefix}` : '', `tier ${String(e.config.tier ?? 'WebServer')}`].filter(Boolean),
          '#ED7100'
        )
      )
    );
    out.push(`  swap [shape=box, style="rounded,dashed", label=<CNAME swap: the idle environment<br/>takes the live URL>];`);
    envs.forEach((_, ei) => out.push(`  env_${ei} -> swap [dir=both, style=dashed];`));
    // The pipeline deploys to the idle environment it names.
    pipelines.forEach((p, pi) => {
      const stages = asArray<any>(p.config.stage);
      const target = envs.findIndex((e) =>
        stages.some((st) =>
          asArray<any>(st.action).some((a) => a.configuration?.EnvironmentName && String(a.configuration.EnvironmentName) === String(e.config.name))
        )
      );
      if (target >= 0) out.push(`  p${pi}_s${stages.length - 1} -> env_${target} [xlabel="deploys to"];`);
    });
  }
  out.push('}', '');
  return out.join('\n');
}

export function viewDots(m: ArchitectureModel): ViewDot[] {
  const d = deliveryDot(m);
  return [
    { name: 'overview' as const, dot: overviewDot(m), directions: ['TB', 'LR'] as const },
    { name: 'network' as const, dot: networkDot(m), directions: ['TB'] as const },
    { name: 'data' as const, dot: dataDot(m), directions: ['TB', 'LR'] as const },
    ...(d ? [{ name: 'delivery' as const, dot: d, directions: ['TB', 'LR'] as const }] : []),
  ];
}

/** Width and height (pt) of a Graphviz SVG. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg);
  return { width: Number(m?.[1] ?? 0), height: Number(m?.[2] ?? 0) };
}
const ratio = (s: { width: number; height: number }) => Math.max(s.width / s.height, s.height / s.width);

/** Renders a view in its first direction and, if that is too wide or tall for a page, the next; keeps the squarer one. */
export async function renderView(v: ViewDot): Promise<string> {
  let best: string | undefined;
  for (const dir of v.directions) {
    const svg = await renderSvg(v.dot.replace('rankdir=RANKDIR', `rankdir=${dir}`));
    if (ratio(svgSize(svg)) <= MAX_RATIO) return svg;
    if (!best || ratio(svgSize(svg)) < ratio(svgSize(best))) best = svg;
  }
  return best!;
}

export async function renderViews(m: ArchitectureModel): Promise<{ name: ViewName; svg: string }[]> {
  const out: { name: ViewName; svg: string }[] = [];
  for (const v of viewDots(m)) out.push({ name: v.name, svg: await renderView(v) });
  return out;
}
