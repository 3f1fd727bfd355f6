import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEMO_APP_PY } from '../../../assets/demo-app';

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

/**
 * The source bundle Beanstalk deploys: the demo app, a Procfile (Python platform), a Dockerfile (Docker
 * platform; each platform ignores the other's file) and an .ebextensions file that adds memory metrics to
 * the CloudWatch agent the platform already runs (installing it when missing). File name -> content.
 */
export function demoBundleFiles(): Record<string, string> {
  return {
    'app.py': DEMO_APP_PY,
    Procfile: 'web: python3 app.py\n',
    Dockerfile: [
      '# Docker platform: nginx on the instance proxies port 80 to the exposed port.',
      'FROM public.ecr.aws/docker/library/python:3.12-slim',
      'COPY app.py /app/app.py',
      `ENV APP_PORT=${BEANSTALK_APP_PORT}`,
      `EXPOSE ${BEANSTALK_APP_PORT}`,
      'USER nobody',
      'CMD ["python3", "/app/app.py"]',
      '',
    ].join('\n'),
    '.ebextensions/01-memory-metrics.config': [
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
    ].join('\n'),
  };
}

/**
 * Writes `files` into a content-addressed folder under the OS temp dir (once; an existing folder with the
 * same hash is reused) and returns its path, for a `TerraformAsset` to zip. Written whole to a temporary
 * name and renamed, so parallel synths never see half a bundle.
 */
export function stageBundle(files: Record<string, string>, root = join(tmpdir(), 'stormproof-beanstalk')): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(name).update('\0').update(files[name]).update('\0');
  const dir = join(root, hash.digest('hex').slice(0, 16));
  if (existsSync(dir)) return dir;
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const [name, content] of Object.entries(files)) {
    const file = join(staging, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  try {
    renameSync(staging, dir);
  } catch {
    // Another synth staged the same bundle first: theirs is identical.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
