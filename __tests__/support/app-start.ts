/**
 * Runs the app-start part of a service's user data for real, in a temporary folder: the scripts user data writes
 * (fetch-env.sh, fetch-bundle.sh, run-app.sh) are cut out of the synthesized launch template and executed as they
 * are. Nothing is installed on this machine: `aws` is a small stand-in on PATH that answers `ssm get-parameter`
 * from the values the stack's JSON gives its SSM parameters (`values` for those only known after apply; others get a
 * `known-after-apply:` placeholder) and
 * `s3 cp` from the bundle's local asset (the source folder, zipped here as cdktf zips it), so no moto is needed.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_START_BEGIN, APP_START_END } from '../../src/constructs/compute/ec2/user-data';
import type { Service } from '../../src/constructs/compute/ec2/service';

const AWS_STAND_IN = `#!/usr/bin/env python3
import json, shutil, sys
state = json.load(open(__file__ + ".json"))
args = sys.argv[1:]
def opt(name):
    return args[args.index(name) + 1]
if args[:2] == ["ssm", "get-parameter"]:
    name = opt("--name")
    if name not in state["parameters"]:
        sys.exit("ParameterNotFound: " + name)
    print(state["parameters"][name])
elif args[:2] == ["secretsmanager", "get-secret-value"]:
    print(state["secrets"][opt("--secret-id")])
elif args[:2] == ["s3", "cp"]:
    src, dst = [a for a in args[2:] if not a.startswith("--") and args[args.index(a) - 1] != "--region"]
    if src not in state["objects"]:
        sys.exit("NoSuchKey: " + src)
    shutil.copyfile(state["objects"][src], dst)
else:
    sys.exit("aws stand-in: unsupported " + " ".join(args))
`;

export interface StartedApp {
  readonly proc: ChildProcess;
  readonly base: string;
  readonly url: string;
  readonly env: Record<string, string>;
  output(): string;
  stop(): void;
}

/** The scripts user data writes between the app-start markers, by file name. */
export function appStartScripts(userData: string): Record<string, string> {
  const start = userData.indexOf(APP_START_BEGIN);
  const end = userData.indexOf(APP_START_END, start);
  if (start < 0 || end < 0) throw new Error('user data has no app-start part');
  const part = userData.slice(start, end);
  const scripts: Record<string, string> = {};
  for (const m of part.matchAll(/cat > \/opt\/stormproof\/(\S+) <<'(\w+)'\n([\s\S]*?)\n\2\n/g)) scripts[m[1]] = `${m[3]}\n`;
  return scripts;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * Fetches env and bundle with the service's own scripts, then starts run-app.sh with app.env as its environment
 * (what systemd's EnvironmentFile does) on a free loopback port, and waits for the health path.
 * `values`: SSM parameter name -> value for parameters whose value is only known after apply (endpoints, URLs).
 */
export async function startServiceApp(
  json: any,
  service: Service,
  values: Record<string, string> = {},
  extraEnv: Record<string, string> = {},
): Promise<StartedApp> {
  const template = Object.values<any>(json.resource.aws_launch_template).find((t) => t.name === service.launchTemplate.nameInput);
  if (!template) throw new Error(`no launch template named ${service.launchTemplate.nameInput}`);
  const userData = Buffer.from(template.user_data, 'base64').toString('utf8');
  const scripts = appStartScripts(userData);
  const base = mkdtempSync(join(tmpdir(), 'stormproof-app-start-'));
  for (const [name, text] of Object.entries(scripts)) {
    writeFileSync(join(base, name), text);
    chmodSync(join(base, name), 0o755);
  }
  // The bundle as cdktf zips it: the folder's files at the archive root (a .zip bundle is used as is).
  const zip = join(base, 'asset.zip');
  const source = service.bundle.sourcePath;
  if (source.endsWith('.zip')) writeFileSync(zip, readFileSync(source));
  else {
    const zipFolder = [
      'import os, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1], "w")',
      'for d, _, fs in os.walk(sys.argv[2]):',
      '    for f in fs:',
      '        p = os.path.join(d, f); z.write(p, os.path.relpath(p, sys.argv[2]))',
      'z.close()',
    ].join('\n');
    execFileSync('python3', ['-c', zipFolder, zip, source]);
  }
  process.stderr.write(`[app-start] ${service.serviceName}: bundle served from the local asset ${source} (no S3 here), SSM values from the synthesized JSON\n`);
  const parameters: Record<string, string> = { ...values };
  for (const p of Object.values<any>(json.resource.aws_ssm_parameter ?? {})) {
    if (typeof p.name !== 'string' || typeof p.value !== 'string' || p.name in parameters) continue;
    // A value known only after apply (an endpoint) that the test did not supply: a visible placeholder.
    parameters[p.name] = p.value.includes('${') ? `known-after-apply:${p.value}` : p.value;
  }
  const bucketParameter = [...userData.matchAll(/fetch BUNDLE_BUCKET '([^']+)'/g)][0][1];
  parameters[bucketParameter] = 'bundle-bucket';
  const key = /KEY='([^']+)'/.exec(scripts['fetch-bundle.sh'])![1];
  mkdirSync(join(base, 'bin'));
  writeFileSync(join(base, 'bin', 'aws'), AWS_STAND_IN);
  writeFileSync(join(base, 'bin', 'aws.json'), JSON.stringify({ parameters, secrets: {}, objects: { [`s3://bundle-bucket/${key}`]: zip } }));
  chmodSync(join(base, 'bin', 'aws'), 0o755);
  const path = `${join(base, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  const shellEnv = { PATH: path, AWS_REGION: 'eu-west-1', HOME: base };
  execFileSync(join(base, 'fetch-env.sh'), { env: shellEnv, stdio: 'pipe' });
  execFileSync(join(base, 'fetch-bundle.sh'), { env: shellEnv, stdio: 'pipe' });

  const env: Record<string, string> = {};
  for (const line of readFileSync(join(base, 'app.env'), 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  const port = await freePort();
  const runEnv = { ...env, APP_PORT: String(port), APP_BIND: '127.0.0.1', PATH: process.env.PATH ?? '/usr/bin:/bin', STATE_DIR: join(base, 'state'), ...extraEnv };
  let output = '';
  const proc = spawn(join(base, 'run-app.sh'), [], { env: runEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(`${url}${env.HEALTH_PATH ?? '/health'}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${service.serviceName} did not answer its health check:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, base, url, env: runEnv, output: () => output, stop: () => proc.exitCode === null && proc.kill('SIGTERM') };
}
