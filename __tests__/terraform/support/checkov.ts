/**
 * checkov gate: scans a copy of each stack's cdk.tf.json WITHOUT `terraform.required_version` (with it,
 * checkov 3.3.30 reports one parsing error, runs no check and exits 0: a silent pass), then applies the
 * project's suppressions (check id + resource + reason, one file) to checkov's JSON output. Inline
 * `checkov:skip` comments do not exist in JSON, so that file is the only place a finding is accepted.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TfJson, loadStack, root, run, scratch, toolchainFromEnv, toolEnv } from './harness';

export interface Suppression {
  /** checkov check id, e.g. `CKV_AWS_338`. */
  readonly check: string;
  /** Resource address `type.logical_id`; `*` matches any characters (e.g. `aws_cloudwatch_log_group.*`). */
  readonly resource: string;
  /** Only these stacks (default: every stack). */
  readonly stacks?: readonly string[];
  /** Why the finding is accepted (required, specific). */
  readonly reason: string;
}

export const suppressionsFile = join(root, '__tests__', 'terraform', 'checkov-suppressions.json');
export const loadSuppressions = (): Suppression[] => JSON.parse(readFileSync(suppressionsFile, 'utf8')).suppressions;

export interface Finding {
  readonly check: string;
  readonly name: string;
  /** `type.logical_id` (checkov names single-resource results `resource.<id>`; this maps them back). */
  readonly address: string;
}

export interface StackScan {
  readonly stack: string;
  readonly passed: number;
  readonly failed: Finding[];
  readonly suppressed: { finding: Finding; suppression: Suppression }[];
  readonly parsingErrors: number;
  readonly ms: number;
}

const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Maps checkov's resource label to the Terraform address. */
function addressOf(label: string, json: TfJson): string {
  const [kind, ...rest] = label.split('.');
  const id = rest.join('.');
  if (kind === 'resource' || kind === 'data') {
    const section = kind === 'resource' ? json.resource : json.data;
    const type = Object.keys(section ?? {}).find((t) => id in section[t]);
    if (type) return kind === 'data' ? `data.${type}.${id}` : `${type}.${id}`;
  }
  return label;
}

export async function scanStack(stack: string): Promise<Omit<StackScan, 'suppressed'> & { findings: Finding[] }> {
  const json = loadStack(stack);
  const copy = JSON.parse(JSON.stringify(json));
  delete copy.terraform?.required_version;
  const dir = join(scratch, 'checkov', stack);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(copy));
  const checkov = toolchainFromEnv() ? process.env.STORMPROOF_CHECKOV! : join(root, '.venv', 'checkov', 'bin', 'checkov');
  const r = await run(checkov, ['-d', dir, '--framework', 'terraform_json', '--skip-download', '-o', 'json', '--quiet'], {
    env: toolEnv({ BC_SKIP_MAPPING: 'TRUE', LOG_LEVEL: 'WARNING' }),
  });
  if (r.code !== 0 && r.code !== 1) throw new Error(`checkov exited ${r.code} for ${stack}: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout);
  const report = Array.isArray(out) ? out.find((o: any) => o.check_type === 'terraform_json') : out;
  const summary = report?.summary ?? { passed: 0, failed: 0, parsing_errors: 0 };
  const findings: Finding[] = (report?.results?.failed_checks ?? []).map((c: any) => ({
    check: c.check_id,
    name: c.check_name,
    address: addressOf(c.resource, json),
  }));
  return { stack, passed: summary.passed, failed: findings, findings, parsingErrors: summary.parsing_errors, ms: r.ms };
}

/** Splits findings into accepted (matching a suppression) and failed. */
export function applySuppressions(stack: string, findings: Finding[], suppressions: Suppression[], used: Set<Suppression>) {
  const failed: Finding[] = [];
  const suppressed: { finding: Finding; suppression: Suppression }[] = [];
  for (const finding of findings) {
    const s = suppressions.find(
      (x) => x.check === finding.check && glob(x.resource).test(finding.address) && (!x.stacks || x.stacks.includes(stack)),
    );
    if (s) {
      used.add(s);
      suppressed.push({ finding, suppression: s });
    } else failed.push(finding);
  }
  return { failed, suppressed };
}
