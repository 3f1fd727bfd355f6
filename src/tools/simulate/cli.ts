/**
 * npm run simulate -- <stack> [--traffic <scenario|file.csv>] [--json] [--svg [file]] [--fail az:<n>@<minute>]...
 *   [--capacity <req/s>] [--capacity-from <load-test.json>] [--share web=0.7,api=0.3] [--refresh <minute>]
 *   [--boot <seconds>] [--lag <seconds>] [--on-time] [--no-verdict] [--price-per-hour <usd>] [--file <cdk.tf.json>]
 * Reads cdktf.out/stacks/<stack>/cdk.tf.json (synthesizing it first when it is missing) and nothing else. The
 * scenario defaults to the stack's own (scenario.ts: its profile's, or its `stormproof_scenario` output).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readStack } from './model';
import { Failure, simulate, SimulateOptions, SimulationResult } from './engine';
import { SCENARIOS, Traffic, trafficFromCsv } from './traffic';
import { scenarioNameForStack } from './scenario';
import { verdict } from './verdict';
import { describeFailure, parseFailure, summaryText } from './report';
import { hasPrice, ec2HourlyUsd } from '../cost/prices';
import { synthesizedStack } from '../../util/synthesized';

/** USD per instance-hour for (instanceType, region); `--price-per-hour` overrides the cost table's on-demand price. */
export type PriceLookup = NonNullable<SimulateOptions['priceLookup']>;

/** The cost table's EC2 on-demand Linux price (src/tools/cost/prices); undefined where the table has no entry. */
export const tablePrice: PriceLookup = (instanceType, region) =>
  region && hasPrice(region, 'ec2', instanceType) ? ec2HourlyUsd(region, instanceType) : undefined;

export interface CliArgs {
  readonly stack: string;
  /** undefined: the stack's own scenario (scenario.ts). */
  readonly traffic?: string;
  readonly json: boolean;
  readonly bootSeconds?: number;
  readonly lagSeconds?: number;
  readonly onTime: boolean;
  readonly verdict: boolean;
  readonly svg?: string | true;
  readonly failures: Failure[];
  readonly capacity?: number;
  readonly capacityFrom?: string;
  readonly shares?: Record<string, number>;
  readonly refreshMinute?: number;
  readonly pricePerHour?: number;
  readonly file?: string;
}

const USAGE = `usage: npm run simulate -- <stack> [--traffic ${Object.keys(SCENARIOS).join('|')}|<file.csv>] [--json] [--svg [file]]
       [--fail az:<n>@<minute>[+<minutes>]] [--fail instances:<k>[:<service>]@<minute>] [--capacity <req/s at the CPU target>]
       [--capacity-from <load-test JSON>] [--share web=0.7,api=0.3] [--refresh <minute>] [--price-per-hour <usd>] [--file <cdk.tf.json>]
       [--boot <seconds from InService to app up>] [--lag <seconds of metric publication lag>] [--on-time (scheduled actions not late)] [--no-verdict]`;

export function parseArgs(argv: readonly string[]): CliArgs {
  let stack: string | undefined;
  let traffic: string | undefined;
  let json = false;
  let bootSeconds: number | undefined;
  let lagSeconds: number | undefined;
  let onTime = false;
  let withVerdict = true;
  let svg: string | true | undefined;
  const failures: Failure[] = [];
  let capacity: number | undefined;
  let capacityFrom: string | undefined;
  let shares: Record<string, number> | undefined;
  let refreshMinute: number | undefined;
  let pricePerHour: number | undefined;
  let file: string | undefined;
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    return v;
  };
  const positive = (v: string, flag: string) => {
    const n = Number(v);
    if (!(n > 0)) throw new Error(`${flag} "${v}" must be a positive number`);
    return n;
  };
  const seconds = (v: string, flag: string) => {
    const n = Number(v);
    if (!(n >= 0) || v.trim() === '') throw new Error(`${flag} "${v}" must be a number of seconds >= 0`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--traffic') traffic = value(i++, a);
    else if (a === '--json') json = true;
    else if (a === '--boot') bootSeconds = seconds(value(i++, a), a);
    else if (a === '--lag') lagSeconds = seconds(value(i++, a), a);
    else if (a === '--on-time') onTime = true;
    else if (a === '--no-verdict') withVerdict = false;
    else if (a === '--svg') svg = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : true;
    else if (a === '--fail') failures.push(parseFailure(value(i++, a)));
    else if (a === '--capacity') capacity = positive(value(i++, a), a);
    else if (a === '--capacity-from') capacityFrom = value(i++, a);
    else if (a === '--refresh') refreshMinute = Number(value(i++, a));
    else if (a === '--price-per-hour') pricePerHour = positive(value(i++, a), a);
    else if (a === '--file') file = value(i++, a);
    else if (a === '--share') {
      shares = {};
      for (const pair of value(i++, a).split(',')) {
        const [k, v] = pair.split('=');
        if (!k || !(Number(v) >= 0)) throw new Error(`--share "${pair}": use <service>=<fraction>, e.g. web=0.7,api=0.3`);
        shares[k] = Number(v);
      }
    } else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (stack === undefined) stack = a;
    else throw new Error(`unexpected argument "${a}"\n${USAGE}`);
  }
  if (!stack && !file) throw new Error(`name a stack (e.g. cafe)\n${USAGE}`);
  if (refreshMinute !== undefined && !(refreshMinute >= 0)) throw new Error('--refresh must be a minute >= 0');
  return {
    stack: stack ?? basename(dirname(file!)),
    traffic,
    json,
    bootSeconds,
    lagSeconds,
    onTime,
    verdict: withVerdict,
    svg,
    failures,
    capacity,
    capacityFrom,
    shares,
    refreshMinute,
    pricePerHour,
    file,
  };
}

export function loadTraffic(name: string, cwd = process.cwd()): Traffic {
  if (SCENARIOS[name]) return SCENARIOS[name]();
  if (name.endsWith('.csv')) {
    const path = join(cwd, name);
    if (!existsSync(name) && !existsSync(path)) throw new Error(`--traffic ${name}: no such CSV file`);
    return trafficFromCsv(readFileSync(existsSync(name) ? name : path, 'utf8'), basename(name, '.csv'));
  }
  throw new Error(`--traffic "${name}": use one of ${Object.keys(SCENARIOS).join(', ')} or a .csv file (time,requests_per_second)`);
}

/** Requests/s per instance from a load-test result (`npm run load-test -- --json`): its `capacityPerInstance`. */
export function capacityFromLoadTest(path: string): number {
  const data = JSON.parse(readFileSync(path, 'utf8'));
  if (data.loopback === true) {
    throw new Error(`--capacity-from ${path}: a --local load test measures loopback figures (demo apps on this machine), not an instance's capacity; load-test the deployed site with --url`);
  }
  const n = Number(data.capacityPerInstance);
  if (!(n > 0)) throw new Error(`--capacity-from ${path}: no positive capacityPerInstance in the file (write it with npm run load-test -- --json)`);
  return n;
}

export function run(args: CliArgs, root: string, priceLookup?: PriceLookup): SimulationResult {
  const path = args.file ?? synthesizedStack(root, args.stack);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const model = readStack(args.stack, json);
  if (model.groups.length === 0) throw new Error(`${path} has no Auto Scaling groups to simulate`);
  const traffic = loadTraffic(args.traffic ?? scenarioNameForStack(args.stack, json).name, root);
  const options: SimulateOptions = {
    capacityPerInstance: args.capacity ?? (args.capacityFrom ? capacityFromLoadTest(args.capacityFrom) : undefined),
    shares: args.shares,
    failures: args.failures,
    refreshAtSeconds: args.refreshMinute === undefined ? undefined : args.refreshMinute * 60,
    bootSeconds: args.bootSeconds,
    metricLagSeconds: args.lagSeconds,
    scheduleDelaySeconds: args.onTime ? 0 : undefined,
    priceLookup: priceLookup ?? (args.pricePerHour !== undefined ? () => args.pricePerHour : tablePrice),
  };
  const result = simulate(model, traffic, options);
  return args.verdict && model.groups.some((g) => g.kind === 'web') ? { ...result, verdict: verdict(model, traffic, options, result) } : result;
}

/** The command (scripts/tool.mjs calls it with the arguments after the entry). */
export async function main(argv: readonly string[]): Promise<void> {
  const root = process.cwd();
  const args = parseArgs(argv);
  const result = run(args, root);
  if (args.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write(summaryText(result) + '\n');
  if (args.svg) {
    const { renderSvg } = await import('./chart');
    const suffix = args.failures.length ? '-' + args.failures.map(describeFailure).join('_').replace(/[^A-Za-z0-9_.@+-]/g, '-') : '';
    const out = args.svg === true ? join(root, 'deliverables', args.stack, 'simulate', `${result.traffic.name}${suffix}.svg`) : args.svg;
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, await renderSvg(result));
    process.stderr.write(`chart: ${out}\n`);
  }
}
