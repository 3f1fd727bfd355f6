/**
 * checkov gate: scans a copy of each stack's cdk.tf.json WITHOUT `terraform.required_version` (with it,
 * checkov 3.3.30 reports one parsing error, runs no check and exits 0: a silent pass), then applies the
 * project's suppressions (check id + resource + reason, one file) to checkov's JSON output. Inline
 * `checkov:skip` comments do not exist in JSON, so that file is the only place a finding is accepted.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TfJson, loadStack, root, run, scratch, toolEnv } from './harness';

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

/** checkov of the toolchain: STORMPROOF_CHECKOV (scripts/toolchain.sh --print-env) or this checkout's .venv/checkov. */
export const checkovBin = () => process.env.STORMPROOF_CHECKOV || join(root, '.venv', 'checkov', 'bin', 'checkov');

/**
 * Scans one stack: its failed findings (for the gate) and the checks it passed with the resources they passed on
 * (for the compliance matrix's dated scan, src/tools/deliverables/compliance-scan.json).
 */
export async function scanStack(stack: string, dir?: string): Promise<Omit<StackScan, 'suppressed'> & { findings: Finding[]; passedFindings: Finding[]; version: string }> {
  const json = dir ? loadStack(stack, dir) : loadStack(stack);
  const copy = JSON.parse(JSON.stringify(json));
  delete copy.terraform?.required_version;
  const work = join(scratch, 'checkov', stack);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'cdk.tf.json'), JSON.stringify(copy));
  // Without --quiet: the JSON then lists the passed checks too.
  const r = await run(checkovBin(), ['-d', work, '--framework', 'terraform_json', '--skip-download', '-o', 'json'], {
    env: toolEnv({ BC_SKIP_MAPPING: 'TRUE', LOG_LEVEL: 'WARNING' }),
  });
  if (r.code !== 0 && r.code !== 1) throw new Error(`checkov exited ${r.code} for ${stack}: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout);
  const report = Array.isArray(out) ? out.find((o: any) => o.check_type === 'terraform_json') : out;
  const summary = report?.summary ?? { passed: 0, failed: 0, parsing_errors: 0 };
  const finding = (c: any): Finding => ({ check: c.check_id, name: c.check_name, address: addressOf(c.resource, json) });
  const findings: Finding[] = (report?.results?.failed_checks ?? []).map(finding);
  const passedFindings: Finding[] = (report?.results?.passed_checks ?? []).map(finding);
  return { stack, passed: summary.passed, failed: findings, findings, passedFindings, version: String(summary.checkov_version ?? ''), parsingErrors: summary.parsing_errors, ms: r.ms };
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
