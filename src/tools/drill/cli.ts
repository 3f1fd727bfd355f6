/**
 * npm run drill -- <stack> <experiment> [--file <cdk.tf.json>]
 * Prints the exact `aws fis start-experiment` command for one of the stack's failure drills (template id from
 * the local state's outputs when the stack is deployed from here, else read with `terraform output`), what to
 * watch while it runs, and what the simulator expects to happen. `region-failover` prints the stack's runbook for
 * losing its region instead (src/tools/dr/runbook.ts): no FIS experiment can take a region down.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStack } from '../simulate/model';
import { Failure, simulate, SimulationResult } from '../simulate/engine';
import { Traffic } from '../simulate/traffic';
import { synthesizedStack } from '../../util/synthesized';
import { planRegionFailover, regionFailoverText, watchAndExpected } from '../dr/runbook';

/** The drill that is a runbook rather than an FIS experiment. */
export const REGION_FAILOVER = 'region-failover';

type Json = Record<string, any>;

export interface DrillPlan {
  readonly stack: string;
  readonly drill: string;
  readonly description: string;
  readonly region?: string;
  /** The template id when the local state has it, else undefined (the command reads it from `terraform output`). */
  readonly templateId?: string;
  readonly command: string;
  readonly watch: readonly string[];
  readonly expected: readonly string[];
}

const ref = (value: unknown, type: string) => (typeof value === 'string' ? new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(value)?.[1] : undefined);

/** Drill name -> template config, from the `Drill` tag of each aws_fis_experiment_template. */
export function drillsOf(json: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const t of Object.values<Json>(json.resource?.aws_fis_experiment_template ?? {})) if (t.tags?.Drill) out[t.tags.Drill] = t;
  return out;
}

/** Steady traffic that keeps every web group at about 60 % of its CPU target at its current desired capacity. */
function steadyTraffic(minutes: number, rps: number): Traffic {
  return { name: 'steady', description: `steady ${rps} req/s`, startMs: Date.parse('2026-01-06T12:00:00Z'), durationSeconds: minutes * 60, spikeAtSeconds: 600, rate: () => rps };
}

function outcome(r: SimulationResult, atMinute: number): string[] {
  return r.groups.map((g) => {
    const before = g.series[atMinute - 1]?.inService ?? 0;
    const dip = Math.min(...g.series.slice(atMinute, atMinute + 10).map((p) => p.inService));
    const back = g.series.find((p) => p.minute > atMinute && p.inService >= before);
    const dropped = g.kind === 'web'
      ? `; ${g.failedTotal} requests failed (${g.failedPercent} %: ${g.droppedTotal} dropped, ${g.timedOutTotal} timed out)`
      : `; peak backlog ${g.peakBacklog} messages`;
    return `${g.service}: ${before} in service -> ${dip} at minute ${atMinute}, back to ${before} ${back ? `after ${back.minute - atMinute} min` : 'not within the run'}${dropped}`;
  });
}

export function planDrill(stack: string, drill: string, json: Json, root: string, capacityPerInstance?: number): DrillPlan {
  const drills = drillsOf(json);
  if (Object.keys(drills).length === 0) {
    throw new Error(`stack "${stack}" has no failure drills: set failureDrills: true in its profile (on by default unless environment is production), synthesize, deploy`);
  }
  const t = drills[drill];
  if (!t) throw new Error(`stack "${stack}" has no drill "${drill}": use one of ${[...Object.keys(drills).sort(), REGION_FAILOVER].join(', ')}`);
  const provider = (json.provider?.aws ?? []).find((p: Json) => !p.alias);
  const region: string | undefined = provider?.region;
  const statePath = join(root, 'cdktf.out', 'stacks', stack, json.terraform?.backend?.local?.path ?? `terraform.${stack}.tfstate`);
  let templateId: string | undefined;
  if (existsSync(statePath)) templateId = JSON.parse(readFileSync(statePath, 'utf8')).outputs?.fis_experiment_templates?.value?.[drill];
  const idExpr = templateId ?? `$(terraform -chdir=cdktf.out/stacks/${stack} output -json fis_experiment_templates | python3 -c 'import json,sys; print(json.load(sys.stdin)["${drill}"])')`;
  const command = `aws fis start-experiment --region ${region ?? '<region>'} --experiment-template-id ${templateId ?? `"${idExpr}"`} --tags Name=${stack}-${drill}`;

  const alarms = json.resource?.aws_cloudwatch_metric_alarm ?? {};
  const stopAlarms = (t.stop_condition ?? []).map((c: Json) => alarms[ref(c.value, 'aws_cloudwatch_metric_alarm') ?? '']?.alarm_name).filter(Boolean);
  const dashboard = Object.values<Json>(json.resource?.aws_cloudwatch_dashboard ?? {})[0]?.dashboard_name;
  const watch = [
    dashboard ? `dashboard ${dashboard}: requests, p95 latency, errors, instances in service` : 'the CloudWatch dashboard',
    `stop conditions (the experiment halts when one fires): ${stopAlarms.join(', ') || 'none'}`,
    `experiment state: aws fis get-experiment --region ${region ?? '<region>'} --id <id printed by start-experiment>`,
  ];

  const model = readStack(stack, json);
  const webs = model.groups.filter((g) => g.kind === 'web');
  const capacity = capacityPerInstance ?? 30;
  const rps = Math.max(1, Math.round(webs.reduce((n, g) => n + g.desired * capacity * 0.6, 0)));
  const at = 10;
  const expected: string[] = [];
  const param = (name: string) => (t.action ?? []).flatMap((a: Json) => a.parameter ?? []).find((p: Json) => p.key === name)?.value as string | undefined;
  if (drill === 'terminate-instances' || drill === 'az-outage') {
    const failures: Failure[] = [];
    if (drill === 'az-outage') {
      const minutes = Number(/^PT(\d+)M$/.exec(param('duration') ?? 'PT5M')?.[1] ?? 5);
      failures.push({ kind: 'az', az: 0, atSeconds: at * 60, durationSeconds: minutes * 60 });
      watch.push(`ASG activity: launches move to the other AZs while AZ 0 is cut off (${minutes} min), instances there fail their health checks`);
    } else {
      const percent = Number(/PERCENT\((\d+)\)/.exec(t.target?.[0]?.selection_mode ?? '')?.[1] ?? 33);
      for (const g of model.groups) failures.push({ kind: 'instances', count: Math.max(1, Math.ceil((g.desired * percent) / 100)), service: g.service, atSeconds: at * 60 });
      watch.push(`ASG activity: each group replaces the ${percent} % it lost; UnHealthyHostCount rises then falls`);
    }
    const r = simulate(model, steadyTraffic(40, rps), { failures, capacityPerInstance: capacity });
    expected.push(`simulator, steady ${rps} req/s at ${capacity} req/s per instance, failure at minute ${at}:`, ...outcome(r, at).map((l) => `  ${l}`));
  } else if (drill === 'db-failover') {
    expected.push(
      'RDS reboots the primary and promotes the Multi-AZ standby: writes fail for about 1-2 minutes while the writer endpoint moves; the app reconnects (the simulator does not model the data tier)',
    );
  } else {
    expected.push("ElastiCache promotes a replica in another AZ, usually within a minute; the primary endpoint follows and clients reconnect (the simulator does not model the data tier)");
  }
  return { stack, drill, description: t.description, region, templateId, command, watch, expected };
}

export function drillText(p: DrillPlan): string {
  return [
    `${p.stack} / ${p.drill}: ${p.description}`,
    '',
    'run:',
    `  ${p.command}`,
    ...(p.templateId ? [] : ['  (template id read from the stack\'s Terraform outputs: deploy the stack first)']),
    '',
    ...watchAndExpected(p.watch, p.expected),
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<void> {
  const positional = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--file' && argv[i - 1] !== '--capacity');
  const fileIndex = argv.indexOf('--file');
  const capacityIndex = argv.indexOf('--capacity');
  const [stack, drill] = positional;
  if (!stack || !drill) throw new Error('usage: npm run drill -- <stack> <terminate-instances|az-outage|db-failover|cache-failover|region-failover> [--capacity <req/s>] [--file <cdk.tf.json>]');
  const root = process.cwd();
  const path = fileIndex >= 0 ? argv[fileIndex + 1] : synthesizedStack(root, stack);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const capacity = capacityIndex >= 0 ? Number(argv[capacityIndex + 1]) : undefined;
  if (drill === REGION_FAILOVER) {
    process.stdout.write(regionFailoverText(planRegionFailover(stack, json, capacity)) + '\n');
    return;
  }
  process.stdout.write(drillText(planDrill(stack, drill, json, root, capacity)) + '\n');
}
