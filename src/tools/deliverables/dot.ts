/**
 * Graphviz DOT for an architecture model, drawn the way AWS diagrams are: a box per region, the VPC
 * inside it, one dashed box per Availability Zone holding its public / private / isolated subnets,
 * spread resources (ALB, Auto Scaling groups) across the AZs, regional services beside the VPC, the
 * global edge (CloudFront, its WAF) on top. Clean labelled shapes in AWS's category colours (no icon
 * artwork: the AWS Architecture Icons come under AWS's own terms). Output depends only on the model, so
 * the same JSON always gives the same picture.
 */
import { ArchitectureModel, GraphEdge, GraphNode, NodeKind, Subnet, SubnetTier } from './model';

const FONT = 'Helvetica,Arial,sans-serif';
// AWS Architecture Icons' category colours (as plain colours): compute, database, networking, storage,
// application integration, security, management.
const COLOURS: Record<NodeKind, string> = {
  'load balancer': '#8C4FFF', gateway: '#8C4FFF', cdn: '#8C4FFF', dns: '#8C4FFF',
  'autoscaling group': '#ED7100', compute: '#ED7100', instances: '#ED7100',
  database: '#C925D1', standby: '#C925D1', cache: '#C925D1', 'replica member': '#C925D1', store: '#C925D1',
  queue: '#E7157B', topic: '#E7157B', operations: '#E7157B',
  bucket: '#7AA116', firewall: '#DD344C', internet: '#232F3E', cidr: '#232F3E',
};
const SUBNET_STYLE: Record<SubnetTier, { label: string; fill: string; border: string }> = {
  public: { label: 'Public subnet', fill: '#EEF6EC', border: '#7AA116' },
  private: { label: 'Private subnet (NAT)', fill: '#E8F2FA', border: '#147EBA' },
  isolated: { label: 'Isolated subnet', fill: '#EFEFF6', border: '#5A6B86' },
};
const TIER_ORDER: readonly SubnetTier[] = ['public', 'private', 'isolated'];

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function nodeLine(n: GraphNode, indent: string): string {
  const colour = COLOURS[n.kind] ?? '#545B64';
  const lines = [`<b>${esc(n.title)}</b>`, esc(n.name), ...n.details.filter(Boolean).map((d) => `<font point-size="9">${esc(d)}</font>`)];
  if (n.spans?.length) lines.push(`<font point-size="9">across ${esc(n.spans.join(', '))}</font>`);
  const shape = n.kind === 'internet' ? 'ellipse' : n.kind === 'bucket' || n.kind === 'database' || n.kind === 'standby' ? 'cylinder' : n.kind === 'queue' ? 'cds' : 'box';
  const style = n.kind === 'instances' || n.kind === 'standby' || n.kind === 'replica member' ? 'rounded,filled,dashed' : 'rounded,filled';
  const label = n.kind === 'instances' ? `<b>EC2 instances</b><br/>${n.details.map(esc).join('<br/>')}` : lines.join('<br/>');
  return `${indent}${n.id} [label=<${label}>, shape=${shape}, style=${q(style)}, color=${q(colour)}, fillcolor="white", penwidth=1.6, tooltip=${q(n.address)}];`;
}

function edgeLine(e: GraphEdge, prefix = ''): string {
  // Only the request path and replication shape the layout; logs, policies and egress float.
  const free = e.kind === 'reference' && e.label !== 'origin' || e.to === 'internet';
  const style: Record<GraphEdge['kind'], string> = {
    traffic: 'color="#232F3E", penwidth=1.3',
    reference: 'color="#7D8998", style=dashed',
    replication: 'color="#C925D1", style=dashed, penwidth=1.3',
    membership: 'color="#ED7100", style=dotted, arrowhead=none',
  };
  const label = e.label ? `, label=${q(e.label)}, fontsize=9` : '';
  return `  ${prefix}${e.from} -> ${prefix}${e.to} [${style[e.kind]}${label}${free ? ', constraint=false' : ''}];`;
}

/** DOT statements of the model (without the `digraph { }` around them), ids prefixed to allow side-by-side graphs. */
export function dotBody(m: ArchitectureModel, prefix = ''): string[] {
  const out: string[] = [];
  const p = (n: GraphNode) => ({ ...n, id: `${prefix}${n.id}` });
  const emit = (n: GraphNode, indent: string) => out.push(nodeLine(p(n), indent));
  const inSubnet = (s: Subnet) => m.nodes.filter((n) => n.subnet === s.address);

  const outside = m.nodes.filter((n) => !n.vpc && !n.scope);
  for (const n of outside) emit(n, '  ');
  const global = m.nodes.filter((n) => n.scope === 'global');
  if (global.length) {
    out.push(`  subgraph cluster_${prefix}global {`, `    label=<<b>Global edge</b>>; style="rounded"; color="#8C4FFF"; fontcolor="#232F3E";`);
    global.forEach((n) => emit(n, '    '));
    out.push('  }');
  }
  m.regions.forEach((region, ri) => {
    const vpcs = m.vpcs.filter((v) => v.region === region);
    const regional = m.nodes.filter((n) => n.scope === 'regional' && n.region === region);
    if (!vpcs.length && !regional.length) return;
    out.push(
      `  subgraph cluster_${prefix}region_${ri} {`,
      `    label=<<b>Region ${esc(region)}</b>${ri === 0 ? '' : ' (standby region)'}>; style="dashed,rounded"; color="#00A4A6"; fontcolor="#00A4A6";`,
    );
    vpcs.forEach((vpc, vi) => {
      out.push(`    subgraph cluster_${prefix}vpc_${ri}_${vi} {`, `      label=<<b>VPC</b> ${esc(vpc.name)} ${esc(vpc.cidr)}>; style="rounded"; color="#8C4FFF"; fontcolor="#8C4FFF";`);
      m.nodes.filter((n) => n.vpc === vpc.address && !n.subnet).forEach((n) => emit(n, '      '));
      const subnets = m.subnets.filter((s) => s.vpc === vpc.address);
      const azs = [...new Set(subnets.map((s) => s.az))].sort();
      // Zones left to right in order: their first subnets share a rank and are chained invisibly.
      const firsts = azs.map((_, ai) => `${prefix}anchor_${ri}_${vi}_${ai}_${TIER_ORDER.find((t) => subnets.some((s) => s.az === azs[ai] && s.tier === t))}_0`);
      if (firsts.length > 1) out.push(`      { rank=same; ${firsts.join('; ')}; }`, `      ${firsts.join(' -> ')} [style=invis];`);
      azs.forEach((az, ai) => {
        out.push(`      subgraph cluster_${prefix}az_${ri}_${vi}_${ai} {`, `        label=<${esc(az)}>; style="dashed,rounded"; color="#147EBA"; fontcolor="#147EBA";`);
        const anchors: string[] = [];
        for (const tier of TIER_ORDER) {
          subnets.filter((s) => s.az === az && s.tier === tier).sort((a, b) => a.cidr.localeCompare(b.cidr, 'en', { numeric: true })).forEach((s, si) => {
            const st = SUBNET_STYLE[tier];
            const anchor = `${prefix}anchor_${ri}_${vi}_${ai}_${tier}_${si}`;
            anchors.push(anchor);
            out.push(
              `        subgraph cluster_${anchor} {`,
              `          label=<${esc(st.label)}<br/><font point-size="9">${esc(s.cidr)}</font>>; style="filled,rounded"; fillcolor=${q(st.fill)}; color=${q(st.border)}; fontsize=10;`,
              `          ${anchor} [shape=point, width=0.01, style=invis];`,
            );
            inSubnet(s).forEach((n) => emit(n, '          '));
            out.push('        }');
          });
        }
        // Public above private above isolated, as architects draw the tiers.
        for (let i = 1; i < anchors.length; i++) out.push(`        ${anchors[i - 1]} -> ${anchors[i]} [style=invis, weight=4];`);
        out.push('      }');
      });
      out.push('    }');
    });
    if (regional.length) {
      out.push(`    subgraph cluster_${prefix}services_${ri} {`, `      label=<<b>Regional services</b>>; style="rounded"; color="#AAB7B8"; fontcolor="#545B64";`);
      regional.forEach((n) => emit(n, '      '));
      // Two columns instead of one wide row.
      for (let i = 2; i < regional.length; i++) out.push(`      ${prefix}${regional[i - 2].id} -> ${prefix}${regional[i].id} [style=invis];`);
      out.push('    }');
    }
    out.push('  }');
  });
  for (const e of m.edges) out.push(edgeLine(e, prefix));
  return out;
}

const header = (label: string) => [
  `  graph [fontname=${q(FONT)}, fontsize=12, rankdir=TB, newrank=true, compound=true, nodesep=0.25, ranksep=0.5, pad=0.3, labelloc=t, label=<${label}>];`,
  `  node [fontname=${q(FONT)}, fontsize=10, margin="0.12,0.06"];`,
  `  edge [fontname=${q(FONT)}, fontsize=9, arrowsize=0.7];`,
];

export function toDot(m: ArchitectureModel): string {
  const count = m.resources.length;
  return [`digraph ${q(m.stack)} {`, ...header(`${esc(m.stack)}: architecture generated from cdk.tf.json (${count} resources)`), ...dotBody(m), '}', ''].join('\n');
}

/**
 * The starting point the café scenario describes (one instance in one AZ, its database on the same box,
 * no load balancer, no scaling) beside the stack as synthesized.
 */
export function beforeAfterDot(m: ArchitectureModel): string {
  const region = m.regions[0] ?? 'region';
  return [
    `digraph ${q(`${m.stack}-before-after`)} {`,
    ...header(`${esc(m.stack)}: before (one server) and after (this stack)`),
    '  subgraph cluster_before {',
    `    label=<<b>Before</b>: a single EC2 instance>; style="rounded"; color="#DD344C"; fontcolor="#DD344C";`,
    `    before_internet [label=<<b>Internet</b><br/>users>, shape=ellipse, style="rounded,filled", color="#232F3E", fillcolor="white"];`,
    '    subgraph cluster_before_region {',
    `      label=<Region ${esc(region)}>; style="dashed,rounded"; color="#00A4A6"; fontcolor="#00A4A6";`,
    '      subgraph cluster_before_az {',
    `        label=<one Availability Zone>; style="dashed,rounded"; color="#147EBA"; fontcolor="#147EBA";`,
    '        subgraph cluster_before_subnet {',
    `          label=<Public subnet>; style="filled,rounded"; fillcolor="#EEF6EC"; color="#7AA116";`,
    `          before_server [label=<<b>EC2 instance</b><br/>web server + app + database<br/><font point-size="9">public IP, no load balancer, no scaling</font><br/><font point-size="9">one instance, one AZ: any failure is an outage</font>>, shape=box, style="rounded,filled", color="#ED7100", fillcolor="white", penwidth=1.6];`,
    '        }',
    '      }',
    '    }',
    '    before_internet -> before_server [label="HTTP 80", fontsize=9];',
    '  }',
    '  subgraph cluster_after {',
    `    label=<<b>After</b>: ${esc(m.stack)} as synthesized>; style="rounded"; color="#7AA116"; fontcolor="#7AA116";`,
    ...dotBody(m, 'after_').map((l) => `  ${l}`),
    '  }',
    '}',
    '',
  ].join('\n');
}
