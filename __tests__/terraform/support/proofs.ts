/**
 * `npm run deliverables -- <stack> --state <file>` on the state a lifecycle run applied: proofs.md must list
 * what the apply created (ALB DNS names, Auto Scaling groups, database endpoints, queue URLs).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, run, synthDir, terraform, toolEnv } from './harness';

export interface StateProofs {
  /** proofs.md as generated. */
  readonly markdown: string;
  /** What the state holds that proofs.md must show. */
  readonly expected: string[];
}

export async function proofsFromState(stack: string, dir: string, env: Record<string, string>, from = synthDir): Promise<StateProofs> {
  // `state pull` works for local and S3 backends alike.
  const pulled = await terraform(dir, ['state', 'pull'], env);
  const stateFile = join(dir, 'applied-state.json');
  writeFileSync(stateFile, pulled.stdout);
  const out = join(dir, 'deliverables');
  mkdirSync(out, { recursive: true });
  const r = await run('node', [join(root, 'scripts', 'tool.mjs'), 'src/tools/deliverables/cli.ts', stack, '--state', stateFile, '--synth-dir', from, '--out', out, '--no-png'], { env: toolEnv() });
  if (r.code !== 0) throw new Error(`npm run deliverables -- ${stack} --state failed:\n${r.stdout}\n${r.stderr}`);
  const state = JSON.parse(pulled.stdout);
  const attrs = (type: string, key: string) =>
    (state.resources ?? [])
      .filter((x: any) => x.mode === 'managed' && x.type === type)
      .flatMap((x: any) => x.instances.map((i: any) => i.attributes[key]))
      // What moto leaves empty cannot be shown; everything it answered must be.
      .filter((v: unknown): v is string => typeof v === 'string' && v !== '');
  return {
    markdown: readFileSync(join(out, stack, 'proofs.md'), 'utf8'),
    expected: [...attrs('aws_lb', 'dns_name'), ...attrs('aws_autoscaling_group', 'name'), ...attrs('aws_db_instance', 'endpoint'), ...attrs('aws_sqs_queue', 'url'), ...attrs('aws_elasticache_replication_group', 'primary_endpoint_address')],
  };
}
