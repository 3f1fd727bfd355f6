/**
 * Before / after for the scenarios that start from one server (the café, the startup, the lab): the single EC2
 * instance beside this stack's overview, and a table of the same traffic on both from the simulator (src/tools/simulate)
 * with the monthly cost from the cost tool (cost-figures.ts). Written by default for those profiles.
 */
import { simulate } from '../simulate/engine';
import { singleServer } from '../simulate/verdict';
import type { SimulationResult } from '../simulate/result';
import { ArchitectureModel } from './model';
import { singleServerMonthUsd, stackMonth } from './cost-figures';
import { table as mdTable } from './markdown';
import { scenarioRun } from './scenario-run';
import type { TfJson } from './tfjson';
import { bold, overviewBody } from './views';

/** Profiles whose scenario starts from one server (a user's stack inherits its profile through the Profile tag). */
export const SINGLE_SERVER_PROFILES: readonly string[] = ['cafe', 'fastier', 'fastier-beanstalk', 'lab'];

/** The profile a stack was built from: its name when it is one, else the `Profile` default tag of its provider. */
export function profileOf(stack: string, json: TfJson): string | undefined {
  if (SINGLE_SERVER_PROFILES.includes(stack)) return stack;
  for (const p of [json.provider?.aws ?? []].flat()) {
    const tag = [p?.default_tags ?? []].flat()[0]?.tags?.Profile;
    if (typeof tag === 'string') return tag;
  }
  return undefined;
}

export const startsFromOneServer = (stack: string, json: TfJson) => SINGLE_SERVER_PROFILES.includes(profileOf(stack, json) ?? '');

export function beforeAfterDot(m: ArchitectureModel): string {
  const region = m.regions[0] ?? 'region';
  const font = 'Helvetica,Arial,sans-serif';
  return [
    `digraph "${m.stack}-before-after" {`,
    `  graph [fontname="${font}", fontsize=13, rankdir=TB, newrank=true, nodesep=0.3, ranksep=0.45, pad=0.25, labelloc=t, label=<<b>${m.stack}: before (one server) and after (this stack)</b>>];`,
    `  node [fontname="${font}", fontsize=11, margin="0.12,0.06"];`,
    `  edge [fontname="${font}", fontsize=10, arrowsize=0.7, color="#232F3E"];`,
    '  subgraph cluster_before {',
    `    label=<${bold(`Before: a single EC2 instance in ${region}`)}>; style="rounded"; color="#DD344C"; fontcolor="#DD344C";`,
    '    before_users [shape=box, style="rounded", label=<<b>Users</b><br/>the internet>];',
    '    before_server [shape=box, style="rounded,filled", fillcolor="white", color="#ED7100", penwidth=1.4, label=<<b>EC2 instance (one AZ, public IP)</b><br/>web server + app + database<br/>no load balancer, no scaling, no standby<br/>any failure or deploy is an outage>];',
    '    before_users -> before_server [xlabel="HTTP 80"];',
    '  }',
    '  subgraph cluster_after {',
    `    label=<${bold(`After: ${m.stack} as synthesized`)}>; style="rounded"; color="#7AA116"; fontcolor="#7AA116";`,
    ...overviewBody(m, 'after_').map((l) => `  ${l}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

const peakCpu = (r: SimulationResult) => Math.round(Math.max(0, ...r.groups.filter((g) => g.kind === 'web').flatMap((g) => g.series.map((p) => p.cpu))));
const count = (n: number) => n.toLocaleString('en-US');

/** Where the database lives after: from the model (RDS primary and its placement, cache), or none. */
function databaseAfter(m: ArchitectureModel): string {
  const dbs = m.resources.filter((r) => r.type === 'aws_db_instance' && r.config.replicate_source_db === undefined);
  const caches = m.resources.filter((r) => r.type === 'aws_elasticache_replication_group');
  const parts = [
    ...dbs.map(
      (d) =>
        `RDS ${String(d.config.engine ?? '')} ${String(d.config.identifier ?? d.name)} (${
          d.config.multi_az === true ? 'Multi-AZ, synchronous standby' : 'Single-AZ'
        }) in isolated subnets`
    ),
    ...caches.map((c) => `ElastiCache ${String(c.config.replication_group_id ?? c.name)} (sessions and hot reads)`),
  ];
  return parts.length ? parts.join('; ') : 'none in this stack: the app keeps no state on the instances, so nothing moved';
}

/** The before-after table (markdown): the scenario's traffic on one server vs this stack. */
export function beforeAfterMarkdown(m: ArchitectureModel, json: TfJson): string {
  const { model, traffic, result: after } = scenarioRun(m.stack, json);
  const month = stackMonth(m.stack, json);
  const web = model.groups.find((g) => g.kind === 'web');
  const out = [`# ${m.stack}: before and after`, '', '![before and after](before-after.svg)', ''];
  if (!web || !after) {
    out.push(
      `The simulator models Auto Scaling groups and this stack has none it can read (${
        model.warnings[0] ?? 'e.g. Elastic Beanstalk manages its own group'
      }): only the pictures and the cost compare here.`,
      '',
      mdTable(
        ['figure', 'before: one server', `after: ${m.stack}`],
        [
          [
            'monthly cost',
            'one instance (see cost.md for its type)',
            `$${month.baselineUsd.toFixed(2)} at rest, $${month.scenarioUsd.toFixed(2)} with ${month.traffic} traffic (cost.md)`,
          ],
          ['database', 'on the same server, its local disk', databaseAfter(m)],
        ]
      )
    );
    return `${out.join('\n')}\n`;
  }
  const before = simulate(singleServer(model), traffic, { priceLookup: undefined });
  const region = model.region ?? m.regions[0] ?? 'us-east-1';
  const serverMonth = web.instanceType ? singleServerMonthUsd(region, web.instanceType) : undefined;
  out.push(
    `The same traffic (scenario **${traffic.name}**: ${traffic.description}) simulated on one ${web.instanceType ?? ''} instance and on this stack` +
      ` (npm run simulate -- ${m.stack}). Monthly costs: the single instance on demand, and this stack as cost.md prices it.`,
    '',
    mdTable(
      ['figure', 'before: one server', `after: ${m.stack}`],
      [
        ['requests offered', count(before.totals.offered), count(after.totals.offered)],
        [
          'requests dropped or timed out',
          `${count(before.totals.failed)} (${before.totals.failedPercent.toFixed(1)} %)`,
          `${count(after.totals.failed)} (${after.totals.failedPercent.toFixed(1)} %)`,
        ],
        ['peak CPU (web)', `${peakCpu(before)} %`, `${peakCpu(after)} %`],
        ['minutes over the CPU target', String(before.totals.minutesAboveCpuTarget), String(after.totals.minutesAboveCpuTarget)],
        ['p95 latency at the peak', `${before.totals.peakP95Ms} ms`, `${after.totals.peakP95Ms} ms`],
        [
          'monthly cost',
          serverMonth === undefined ? 'not in the price table' : `$${serverMonth.toFixed(2)} (one ${web.instanceType}, 730 h)`,
          `$${month.baselineUsd.toFixed(2)} at rest, $${month.scenarioUsd.toFixed(2)} with ${month.traffic} traffic (cost.md)`,
        ],
        ['database', 'on the same server, its local disk', databaseAfter(m)],
      ]
    )
  );
  return `${out.join('\n')}\n`;
}
