import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { DEMO_APP_PY } from '../../../assets/demo-app';
import type { AppBundle } from '../ec2/app-source-props';

/** Port the app listens on behind the platform's nginx (Beanstalk's Python and Docker default). */
export const BEANSTALK_APP_PORT = 8000;

/**
 * CloudWatch agent config that publishes memory (and root-disk) use, aggregated per Auto Scaling group, so
 * target tracking and alarms can use `CWAgent mem_used_percent {AutoScalingGroupName}`. `${aws:...}` are the
 * agent's own placeholders, resolved on the instance (this text never passes through Terraform).
 */
export const MEMORY_AGENT_CONFIG = JSON.stringify(
  {
    agent: { metrics_collection_interval: 60 },
    metrics: {
      namespace: 'CWAgent',
      append_dimensions: { AutoScalingGroupName: '${aws:AutoScalingGroupName}', InstanceId: '${aws:InstanceId}' },
      aggregation_dimensions: [['AutoScalingGroupName']],
      metrics_collected: {
        mem: { measurement: ['mem_used_percent'] },
        disk: { measurement: ['used_percent'], resources: ['/'] },
      },
    },
  },
  null,
  2,
);

/** The demo app's start command, on EC2 (run-app.sh) and on Beanstalk (Procfile, Dockerfile) alike. */
export const DEMO_START = 'exec python3 app.py';

/** Memory use per Auto Scaling group for scaling and alarms (CPU alone misses a box running out of memory). */
function memoryExtension(): string {
  return [
    '# Memory use per Auto Scaling group for scaling and alarms (CPU alone misses a box running out of memory).',
    'files:',
    '  "/opt/aws/amazon-cloudwatch-agent/etc/stormproof-memory.json":',
    '    mode: "000644"',
    '    owner: root',
    '    group: root',
    '    content: |',
    ...MEMORY_AGENT_CONFIG.split('\n').map((line) => `      ${line}`),
    'commands:',
    '  01_install_agent:',
    '    command: command -v amazon-cloudwatch-agent-ctl || dnf install -y amazon-cloudwatch-agent',
    '  02_append_memory_config:',
    '    command: /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a append-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/stormproof-memory.json',
    '',
  ].join('\n');
}

/**
 * What the platform adds to a bundle to make it a Beanstalk source bundle, per platform (file name -> content):
 * - `python`: a Procfile `web: <start>` (a leading `exec` dropped), and `install` as a prebuild platform hook (run
 *   as root in the staging folder before the app starts, as on EC2);
 * - `docker`: a Dockerfile on Python 3.12 that copies the bundle, runs `install` and starts `start` as `nobody` on
 *   APP_PORT (8000, where the platform's nginx proxies), unless the bundle has its own Dockerfile;
 * - both: an .ebextensions file that adds memory metrics to the CloudWatch agent the platform runs.
 */
export function beanstalkOverlay(start: string, install: string | undefined, platform: 'python' | 'docker', ownDockerfile = false): Record<string, string> {
  const command = start.replace(/^exec\s+/, '');
  const files: Record<string, string> = { '.ebextensions/01-memory-metrics.config': memoryExtension() };
  if (platform === 'python') {
    files.Procfile = `web: ${command}\n`;
    if (install) {
      const hook = ['#!/bin/bash', '# bundle.install, run as root in the staging folder before the app starts.', 'set -euo pipefail', 'cd /var/app/staging', install, ''];
      files['.platform/hooks/prebuild/01-stormproof-install.sh'] = hook.join('\n');
    }
  } else if (!ownDockerfile) {
    files.Dockerfile = [
      '# Docker platform: nginx on the instance proxies port 80 to the exposed port.',
      'FROM public.ecr.aws/docker/library/python:3.12-slim',
      'WORKDIR /app',
      'COPY . /app',
      ...(install ? [`RUN ${install}`] : []),
      `ENV APP_PORT=${BEANSTALK_APP_PORT}`,
      `EXPOSE ${BEANSTALK_APP_PORT}`,
      'USER nobody',
      `CMD ${JSON.stringify(['/bin/sh', '-c', start])}`,
      '',
    ].join('\n');
  }
  return files;
}

/**
 * The demo app as a release bundle for either platform (file name -> content): app.py, the Procfile and the
 * Dockerfile (each platform ignores the other's file) and the memory-metrics extension, from the same overlay a
 * service's bundle gets (scripts/package-app.mjs packages it for the release pipeline without a bundle).
 */
export function demoBundleFiles(): Record<string, string> {
  return { 'app.py': DEMO_APP_PY, ...beanstalkOverlay(DEMO_START, undefined, 'docker'), ...beanstalkOverlay(DEMO_START, undefined, 'python') };
}

/** A file of a source bundle: its content and mode. */
export interface BundleFile {
  readonly content: Buffer | string;
  readonly mode: number;
}

/**
 * The Beanstalk source bundle of `bundle` as files (name -> content and mode): its folder's files (modes kept) plus
 * the platform overlay (which wins over a file of the same name). What synth uploads as the first version and what
 * scripts/package-app.mjs packages for every release after it.
 */
export function beanstalkSourceFiles(bundle: AppBundle, platform: 'python' | 'docker'): Record<string, BundleFile> {
  const own = folderFiles(bundle.path);
  const overlay = beanstalkOverlay(bundle.start, bundle.install, platform, 'Dockerfile' in own);
  const files: Record<string, BundleFile> = { ...own };
  for (const [name, content] of Object.entries(overlay)) files[name] = { content, mode: name.endsWith('.sh') ? 0o755 : 0o644 };
  return files;
}

/** A folder's files (name with `/` separators -> content and mode), recursively; `keep` filters by relative name. */
export function folderFiles(dir: string, keep: (name: string) => boolean = () => true): Record<string, BundleFile> {
  const files: Record<string, BundleFile> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = join(dir, name);
    const st = statSync(file);
    if (st.isFile() && keep(name)) files[relative(dir, file).split(sep).join('/')] = { content: readFileSync(file), mode: st.mode & 0o777 };
  }
  return files;
}

/** beanstalkSourceFiles staged content-addressed like stageBundle, for a `TerraformAsset` to zip. */
export function stageBeanstalkSource(bundle: AppBundle, platform: 'python' | 'docker', root = join(tmpdir(), 'stormproof-beanstalk')): string {
  return stageFiles(beanstalkSourceFiles(bundle, platform), root);
}
/**
 * Writes `files` into a content-addressed folder under the OS temp dir (once; an existing folder with the
 * same hash is reused) and returns its path, for a `TerraformAsset` to zip. Written whole to a temporary
 * name and renamed, so parallel synths never see half a bundle.
 */
export function stageBundle(files: Record<string, string>, root = join(tmpdir(), 'stormproof-beanstalk')): string {
  return stageFiles(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, { content, mode: 0o644 }])), root, false);
}

/** stageBundle with contents and modes; `withModes` puts the modes into the hash (a chmod is a new bundle). */
function stageFiles(files: Record<string, BundleFile>, root: string, withModes = true): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    hash.update(name).update('\0').update(files[name].content).update('\0');
    if (withModes) hash.update(files[name].mode.toString(8)).update('\0');
  }
  const dir = join(root, hash.digest('hex').slice(0, 16));
  if (existsSync(dir)) return dir;
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const [name, { content, mode }] of Object.entries(files)) {
    const file = join(staging, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { mode });
  }
  try {
    renameSync(staging, dir);
  } catch {
    // Another synth staged the same bundle first: theirs is identical.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
