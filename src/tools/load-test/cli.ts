/**
 * npm run load-test -- --url <site> [--profile spike|steady] [--seconds 60] [--connections 2] [--json] [--svg] [--stack <name>]
 * npm run load-test -- --local 3 ...   the same against demo apps on 127.0.0.1 behind a round-robin proxy
 * npm run load-test -- --local 3 --service web [--stack <name>]   ... running that service's bundle from stormproof.config.json
 * npm run load-test -- --local 3 --bundle <folder|zip> --start '<command>' [--health /health]   ... running that bundle
 * Prints requests/s, latency p50/p95/p99, errors and the distinct instances and AZs that answered; saves
 * result.json (and chart.svg with --svg) into deliverables/<stack>/load-test/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { phasesFor, PROFILES } from './phases';
import { loadTestSummary, runLoadTest } from './run';
import { LocalApp, startLocalFleet } from './local-fleet';

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
  /** The bundle the local fleet runs (`--bundle`/`--start`, or `--service` from the config file). @default - the demo app */
  readonly app?: LocalApp;
  /** `--service`: take the bundle of this service of the config file's stack (`--stack`, else its first). */
  readonly service?: string;
}

const USAGE = [
  `usage: npm run load-test -- (--url <site> | --local <n>) [--profile ${PROFILES.join('|')}] [--seconds 60] [--connections 2]`,
  '  [--json] [--svg] [--stack <name>] [--out <dir>] [--service <name> | --bundle <path> --start <cmd> [--health <path>]]',
].join('\n');

export function parseLoadTestArgs(argv: readonly string[]): LoadTestArgs {
  const args: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json' || a === '--svg') args[a.slice(2)] = true;
    else if (['--url', '--local', '--profile', '--seconds', '--connections', '--stack', '--out', '--service', '--bundle', '--start', '--health'].includes(a)) {
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
    seconds: args.seconds === undefined ? 60 : Number(args.seconds),
    connections: args.connections === undefined ? 2 : Number(args.connections),
    json: args.json === true,
    svg: args.svg === true,
    stack: typeof args.stack === 'string' ? args.stack : url ? new URL(url).hostname.split('.')[0] : 'local',
    out: typeof args.out === 'string' ? args.out : undefined,
  };
}

export async function main(argv: readonly string[]): Promise<void> {
  const args = parseLoadTestArgs(argv);
  const phases = phasesFor(args.profile, args.seconds, args.connections);
  const app = args.app ?? (args.service ? await serviceApp(args.service, args.stack) : undefined);
  const fleet = args.local !== undefined ? await startLocalFleet(args.local, undefined, app) : undefined;
  try {
    const result = await runLoadTest({ url: fleet?.url ?? args.url!, phases });
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
