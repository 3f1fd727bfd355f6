/**
 * npm run bluegreen -- <stack> swap|status|deploy [--version <label>] [--run] [--synth-dir <dir>] (src/tools/bluegreen/cli.ts)
 * Blue/green releases of a stack's Beanstalk web service. Names come from the synthesized stack's outputs
 * (plain strings at synth, so no state is needed): prints the exact `aws elasticbeanstalk` command, or runs it
 * with --run. `deploy` puts a version on the idle environment (the one not holding the live CNAME); `swap`
 * exchanges the two environments' CNAMEs, so the idle one goes live and the old one stays warm for a swap back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BlueGreen {
  readonly stack: string;
  readonly region: string;
  readonly application: string;
  readonly blue: string;
  readonly green: string;
  /** The version built from this synth. */
  readonly versionLabel: string;
}

const USAGE = 'usage: npm run bluegreen -- <stack> swap|status|deploy [--version <label>] [--run] [--synth-dir <dir>]';

/** The blue/green names of a stack's JSON; refuses stacks without two Beanstalk environments. */
export function readBlueGreen(stack: string, json: any): BlueGreen {
  const out = json.output ?? {};
  const envs = out.beanstalk_environments?.value;
  if (!envs) throw new Error(`${stack} has no Beanstalk environments (compute is not "beanstalk"): nothing to swap`);
  if (!envs.blue || !envs.green) {
    throw new Error(
      `${stack} runs one Beanstalk environment (${Object.values(envs).join(', ')}), deployed in place by its policy: set beanstalk.deployment to "blue-green" for two environments to swap`,
    );
  }
  const aws = json.provider?.aws;
  const region = (Array.isArray(aws) ? aws.find((p: any) => !p.alias) : aws)?.region;
  return { stack, region, application: out.beanstalk_application.value, blue: envs.blue, green: envs.green, versionLabel: out.beanstalk_version_label.value };
}

export const swapCommand = (b: BlueGreen): string[] => [
  'aws', 'elasticbeanstalk', 'swap-environment-cnames', '--region', b.region,
  '--source-environment-name', b.blue, '--destination-environment-name', b.green,
];

export const statusCommand = (b: BlueGreen, output: 'table' | 'json' = 'table'): string[] => [
  'aws', 'elasticbeanstalk', 'describe-environments', '--region', b.region, '--application-name', b.application,
  '--environment-names', b.blue, b.green, '--no-include-deleted',
  '--query', 'Environments[].{Name:EnvironmentName,CNAME:CNAME,Version:VersionLabel,Health:Health,Status:Status}', '--output', output,
];

export const deployCommand = (b: BlueGreen, environment: string, label = b.versionLabel): string[] => [
  'aws', 'elasticbeanstalk', 'update-environment', '--region', b.region, '--environment-name', environment, '--version-label', label,
];

/** The idle environment: the one whose CNAME is not the application's live name (`<application>.<region>...`). */
export function idleEnvironment(b: BlueGreen, environments: { Name: string; CNAME: string }[]): string {
  const live = environments.filter((e) => e.CNAME?.startsWith(`${b.application}.`));
  if (live.length !== 1)
    throw new Error(
      `cannot tell the live environment of ${b.application}: expected one CNAME starting with "${b.application}.", got ${environments.map((e) => `${e.Name}=${e.CNAME}`).join(', ') || 'none'}`,
    );
  return live[0].Name === b.blue ? b.green : b.blue;
}

/** Shell-quotes a command for printing. */
export const shell = (argv: string[]): string => argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

export interface Io {
  readonly log: (line: string) => void;
  /** Runs a command; returns its stdout (throws on failure). */
  readonly run: (argv: string[]) => string;
}

export function main(argv: readonly string[], io: Io): number {
  const positional: string[] = [];
  let run = false;
  let version: string | undefined;
  let synthDir = 'cdktf.out';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--run') run = true;
    else if (a === '--version') version = argv[++i];
    else if (a === '--synth-dir') synthDir = argv[++i];
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else positional.push(a);
  }
  const [stack, action] = positional;
  if (!stack || !['swap', 'status', 'deploy'].includes(action ?? '') || positional.length > 2) throw new Error(USAGE);
  const file = join(synthDir, 'stacks', stack, 'cdk.tf.json');
  if (!existsSync(file)) throw new Error(`no synthesized stack ${file}: run STORMPROOF_PROFILES=${stack} npm run synth first`);
  const b = readBlueGreen(stack, JSON.parse(readFileSync(file, 'utf8')));
  const act = (cmd: string[], why: string) => {
    io.log(`# ${why}`);
    io.log(shell(cmd));
    if (run) io.log(io.run(cmd).trimEnd());
  };
  if (action === 'status') act(statusCommand(b), `which of ${b.blue} / ${b.green} holds the live CNAME ${b.application}.${b.region}.elasticbeanstalk.com`);
  if (action === 'swap') act(swapCommand(b), `swap the CNAMEs of ${b.blue} and ${b.green}: the idle environment goes live, the other stays warm (run again to swap back)`);
  if (action === 'deploy') {
    const label = version ?? b.versionLabel;
    if (!run) {
      io.log(`# 1. find the idle environment (its CNAME is ${b.application}-idle.${b.region}.elasticbeanstalk.com)`);
      io.log(shell(statusCommand(b)));
      io.log(`# 2. deploy ${label} to it (the version Terraform registered), wait for Health Green, test it on its CNAME, then swap`);
      io.log(shell(deployCommand(b, '<idle environment>', label)));
      return 0;
    }
    const idle = idleEnvironment(b, JSON.parse(io.run(statusCommand(b, 'json'))));
    act(deployCommand(b, idle, label), `deploy ${label} to the idle environment ${idle}; swap when its health is Green`);
  }
  return 0;
}
