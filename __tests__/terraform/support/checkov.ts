/**
 * checkov gate: scans a copy of each stack's cdk.tf.json WITHOUT `terraform.required_version` (with it,
 * checkov 3.3.30 reports one parsing error, runs no check and exits 0: a silent pass), then applies the
 * project's suppressions (check id + resource + reason, one file) to checkov's JSON output. Inline
 * `checkov:skip` comments do not exist in JSON, so that file is the only place a finding is accepted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TfJson, loadStack, root, run, scratch, synthDir, toolEnv, toolPath } from './harness';

export interface Suppression {
  /** checkov check id, e.g. `CKV_AWS_338`. */
  readonly check: string;
  /** Resource address `type.logical_id`; `*` matches any characters (e.g. `aws_cloudwatch_log_group.*`). */
  readonly resource: string;
  /**
   * Only stacks of these built-in profiles: the profile itself, or a config file's stack that extends it
   * (src/config/lineage.ts). Default: every stack.
   */
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

/**
 * Scans one stack: its failed findings (for the gate) and the checks it passed with the resources they passed on
 * (for the compliance matrix's dated scan, src/tools/deliverables/compliance-scan.json).
 */
export async function scanStack(stack: string, stacksDir = synthDir): Promise<Omit<StackScan, 'suppressed'> & { findings: Finding[]; passedFindings: Finding[]; version: string }> {
  const json = loadStack(stack, stacksDir);
  const copy = JSON.parse(JSON.stringify(json));
  delete copy.terraform?.required_version;
  // The user's stacks (CI's config mode) are copied beside their synth folder: a stack may share a built-in profile's name.
  const dir = stacksDir === synthDir ? join(scratch, 'checkov', stack) : join(stacksDir, '..', 'scan', stack);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(copy));
  const checkov = toolPath('STORMPROOF_CHECKOV', '.venv', 'checkov', 'bin', 'checkov');
  // Without --quiet: the JSON then lists the passed checks too.
  const r = await run(checkov, ['-d', dir, '--framework', 'terraform_json', '--skip-download', '-o', 'json'], {
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

/**
 * Splits findings into accepted (matching a suppression) and failed. `profile` is the built-in profile the stack
 * extends (the stack's own name for a built-in profile); undefined for a stack that extends none, which then gets
 * only the suppressions that name no stack.
 */
export function applySuppressions(profile: string | undefined, findings: Finding[], suppressions: Suppression[], used: Set<Suppression>) {
  const failed: Finding[] = [];
  const suppressed: { finding: Finding; suppression: Suppression }[] = [];
  for (const finding of findings) {
    const s = suppressions.find(
      (x) => x.check === finding.check && glob(x.resource).test(finding.address) && (!x.stacks || (profile !== undefined && x.stacks.includes(profile))),
    );
    if (s) {
      used.add(s);
      suppressed.push({ finding, suppression: s });
    } else failed.push(finding);
  }
  return { failed, suppressed };
}

/**
 * What the gate scans. By default (npm test) every built-in profile the terraform project synthesized, each its own
 * profile. In CI (scripts/ci/checkov.sh) the stacks the user's config produced: STORMPROOF_CHECKOV_STACKS names their
 * synth folder and STORMPROOF_CHECKOV_PROFILES the stack -> profile map (src/config/lineage.ts).
 */
export interface ScanPlan {
  /** `built-in`: the shipped profiles (suppressions are also checked for staleness); `config`: the user's stacks. */
  readonly mode: 'built-in' | 'config';
  readonly stacksDir: string;
  readonly stacks: string[];
  /** Stack -> built-in profile whose suppressions apply (absent: only the unscoped ones). */
  readonly profiles: Readonly<Record<string, string>>;
  /** Where the per-stack report goes in `config` mode. */
  readonly report?: string;
}

export function scanPlan(env: NodeJS.ProcessEnv, builtInStacks: () => string[]): ScanPlan {
  const stacksDir = env.STORMPROOF_CHECKOV_STACKS;
  if (!stacksDir) {
    const stacks = builtInStacks();
    return { mode: 'built-in', stacksDir: synthDir, stacks, profiles: Object.fromEntries(stacks.map((s) => [s, s])) };
  }
  if (!env.STORMPROOF_CHECKOV_PROFILES) throw new Error('STORMPROOF_CHECKOV_STACKS needs STORMPROOF_CHECKOV_PROFILES (the stack -> profile map of src/config/lineage.ts)');
  const dir = isAbsolute(stacksDir) ? stacksDir : join(root, stacksDir);
  const profiles = JSON.parse(readFileSync(env.STORMPROOF_CHECKOV_PROFILES, 'utf8')) as Record<string, string>;
  const stacks = readdirSync(join(dir, 'stacks')).filter((s) => existsSync(join(dir, 'stacks', s, 'cdk.tf.json'))).sort();
  return { mode: 'config', stacksDir: dir, stacks, profiles, report: env.STORMPROOF_CHECKOV_REPORT };
}
