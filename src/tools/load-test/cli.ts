/**
 * npm run load-test -- --url <site> [--profile spike|steady] [--seconds 600] [--connections 2] [--asg <group>] [--region <r>]
 *   [--json] [--svg] [--stack <name>]
 * npm run load-test -- --local 3 ...   the same against demo apps on 127.0.0.1 behind a round-robin proxy (loopback
 *   figures: labelled so, and never a capacity for the simulator)
 * npm run load-test -- --local 3 --service web [--stack <name>]   ... running that service's bundle from stormproof.config.json
 * npm run load-test -- --local 3 --bundle <folder|zip> --start '<command>' [--health /health]   ... running that bundle
 * Prints, per phase and per 30 s window, requests/s, p95, errors and the distinct instances and AZs that answered,
 * and with --asg the group's desired and in-service counts over time (AWS CLI); saves result.json (and chart.svg
 * with --svg) into deliverables/<stack>/load-test/. The default run lasts 10 minutes: long enough for target
 * tracking to see 3 one-minute datapoints, publish them and launch at least one instance.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { phasesFor, PROFILES } from './phases';
import { loadTestSummary, runLoadTest } from './run';
import { LocalApp, startLocalFleet } from './local-fleet';
import { asgReader } from './asg';

/** Default length: 3 datapoints + publication + a launch fit several times over. */
export const DEFAULT_SECONDS = 600;

export interface LoadTestArgs {
  readonly url?: string;
  readonly local?: number;
  readonly profile: string;
  readonly seconds: number;
  readonly connections: number;
  readonly json: boolean;
  readonly svg: boolean;
  readonly stack: string;
  readonly out?: string;
  readonly asg?: string;
  readonly region?: string;
  /** The bundle the local fleet runs (`--bundle`/`--start`, or `--service` from the config file). @default - the demo app */
  readonly app?: LocalApp;
  /** `--service`: take the bundle of this service of the config file's stack (`--stack`, else its first). */
  readonly service?: string;
}

const USAGE = [
  `usage: npm run load-test -- (--url <site> | --local <n>) [--profile ${PROFILES.join('|')}] [--seconds ${DEFAULT_SECONDS}] [--connections 2]`,
  '  [--asg <group>] [--region <region>] [--json] [--svg] [--stack <name>] [--out <dir>]',
  '  [--service <name> | --bundle <path> --start <cmd> [--health <path>]]',
].join('\n');

export function parseLoadTestArgs(argv: readonly string[]): LoadTestArgs {
  const args: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json' || a === '--svg') args[a.slice(2)] = true;
    else if (['--url', '--local', '--profile', '--seconds', '--connections', '--stack', '--out', '--asg', '--region', '--service', '--bundle', '--start', '--health'].includes(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value\n${USAGE}`);
      args[a.slice(2)] = v;
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (!args.url === !args.local) throw new Error(`give exactly one of --url <site> or --local <n>\n${USAGE}`);
  let url: string | undefined;
  if (typeof args.url === 'string') {
    try {
      const parsed = new URL(args.url);
      if (!/^https?:$/.test(parsed.protocol)) throw new Error();
      url = parsed.toString();
    } catch {
      throw new Error(`--url "${args.url}" must be an http(s) URL, e.g. the stack's site_url output`);
    }
  }
  const local = args.local === undefined ? undefined : Number(args.local);
  if ((args.bundle || args.service) && local === undefined) throw new Error(`--bundle and --service need --local <n>\n${USAGE}`);
  if (args.bundle && args.service) throw new Error(`give --bundle or --service, not both\n${USAGE}`);
  if (!args.bundle !== !args.start) throw new Error(`--bundle and --start go together\n${USAGE}`);
  const app = typeof args.bundle === 'string' ? { path: args.bundle, start: String(args.start), healthPath: typeof args.health === 'string' ? args.health : undefined } : undefined;
  return {
    app,
    service: typeof args.service === 'string' ? args.service : undefined,
    url,
    local,
    profile: typeof args.profile === 'string' ? args.profile : 'spike',
    seconds: args.seconds === undefined ? DEFAULT_SECONDS : Number(args.seconds),
    connections: args.connections === undefined ? 2 : Number(args.connections),
    json: args.json === true,
    svg: args.svg === true,
    stack: typeof args.stack === 'string' ? args.stack : url ? new URL(url).hostname.split('.')[0] : 'local',
    out: typeof args.out === 'string' ? args.out : undefined,
    asg: typeof args.asg === 'string' ? args.asg : undefined,
    region: typeof args.region === 'string' ? args.region : undefined,
  };
}

export async function main(argv: readonly string[]): Promise<void> {
  const args = parseLoadTestArgs(argv);
  const phases = phasesFor(args.profile, args.seconds, args.connections);
  const total = phases.reduce((n, p) => n + p.seconds, 0);
  process.stderr.write(
    `load test: ${args.profile} profile for ${total} s` +
      (total >= DEFAULT_SECONDS
        ? ' (>= 10 min: long enough for at least one scale-out: 3 one-minute datapoints, their publication, a launch)\n'
        : ` (under 10 min: likely too short to see a scale-out; the default is ${DEFAULT_SECONDS} s)\n`),
  );
  const asg = args.asg ? { name: args.asg, ...asgReader(args.asg, args.region) } : undefined;
  if (asg?.skipped) process.stderr.write(`${asg.skipped}\n`);
  const app = args.app ?? (args.service ? await serviceApp(args.service, args.stack) : undefined);
  const fleet = args.local !== undefined ? await startLocalFleet(args.local, undefined, app) : undefined;
  try {
    const result = await runLoadTest({ url: fleet?.url ?? args.url!, phases, loopback: fleet !== undefined, asg });
    const dir = args.out ?? join(process.cwd(), 'deliverables', args.stack, 'load-test');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
    process.stdout.write((args.json ? JSON.stringify(result, null, 2) : loadTestSummary(result)) + '\n');
    if (args.svg) {
      const { renderLoadTestSvg } = await import('./chart');
      writeFileSync(join(dir, 'chart.svg'), await renderLoadTestSvg(result));
    }
    process.stderr.write(`saved ${join(dir, 'result.json')}${args.svg ? ` and ${join(dir, 'chart.svg')}` : ''}\n`);
  } finally {
    await fleet?.stop();
  }
}

/** A service's bundle, health path and plain env from the config file (loaded and validated as synth does). */
async function serviceApp(service: string, stack: string): Promise<LocalApp | undefined> {
  const { loadStacks } = await import('../../config/load');
  const stacks = loadStacks({ configPath: process.env.STORMPROOF_CONFIG });
  const profile = stacks.find((p) => p.name === stack) ?? stacks[0];
  const s = profile.services.find((x) => x.name === service);
  if (!s) throw new Error(`--service ${service}: stack ${profile.name} has no such service (${profile.services.map((x) => x.name).join(', ')})`);
  if (!s.bundle) process.stderr.write(`--service ${service} has no bundle: running the demo app, its default\n`);
  return s.bundle ? { path: s.bundle.path, start: s.bundle.start, healthPath: s.healthCheckPath, env: { ...(s.env ?? {}) } } : undefined;
}
