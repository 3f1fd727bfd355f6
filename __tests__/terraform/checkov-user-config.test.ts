/**
 * CI's checkov step (scripts/ci/checkov.sh, as .github/workflows/infrastructure.yml runs it) scans the stacks the
 * user's config produces, not the built-in profiles: a user stack gets the suppressions written for the profile it
 * extends, and a stack that extends none gets only the unscoped ones.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySuppressions, Finding, loadSuppressions, Suppression } from './support/checkov';
import { log, root, run, seconds, skipRequested, toolEnv } from './support/harness';

const suite = skipRequested ? describe.skip : describe;

interface StackReport {
  stack: string;
  profile: string | null;
  passed: number;
  failed: { check: string; address: string }[];
  suppressed: { check: string; address: string; scopedTo: string[] | null }[];
}

describe('suppressions follow the profile a stack extends', () => {
  const suppressions = loadSuppressions();
  // The café's plain-HTTP listener: accepted for cafe (a declared plain-HTTP demo) and the profiles listed with it.
  const listener: Finding = { check: 'CKV_AWS_2', name: 'Ensure ALB protocol is HTTPS', address: 'aws_lb_listener.load-balancer_http_44626CBC' };
  const logGroup: Finding = { check: 'CKV_AWS_158', name: 'Ensure CloudWatch logs are encrypted by KMS', address: 'aws_cloudwatch_log_group.network_flow-logs_1' };
  const split = (profile: string | undefined) => applySuppressions(profile, [listener, logGroup], suppressions, new Set<Suppression>());

  test('a stack extending cafe gets cafe\'s listener exception', () => {
    expect(split('cafe').failed).toEqual([]);
  });

  test('a stack extending fastier (which has a certificate) does not', () => {
    expect(split('fastier').failed).toEqual([listener]);
  });

  test('a stack that extends no built-in profile gets only the unscoped suppressions', () => {
    const { failed, suppressed } = split(undefined);
    expect(failed).toEqual([listener]);
    expect(suppressed.map((s) => s.finding)).toEqual([logGroup]);
  });
});

suite('CI checkov step with a user config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-checkov-'));
  const config = join(dir, 'stormproof.config.json');
  let result: { code: number; stdout: string; stderr: string; ms: number };
  let report: StackReport[];

  beforeAll(async () => {
    // The café under another name and project, as `npm run config:init -- --extends cafe` starts a user off.
    writeFileSync(config, '{\n  // my shop, started from the café\n  "stacks": { "my-shop": { "extends": "cafe", "project": "myshop" } },\n}\n');
    const { JEST_WORKER_ID: _worker, ...env } = toolEnv({ STORMPROOF_CONFIG: config, STORMPROOF_CHECKOV_DIR: join(dir, 'ci') });
    result = await run('bash', ['scripts/ci/checkov.sh'], { cwd: root, env, timeoutMs: 8 * 60_000 });
    log(`scripts/ci/checkov.sh with a config extending cafe as my-shop: exit ${result.code} in ${seconds(result.ms)}`);
    report = result.code === 0 ? JSON.parse(readFileSync(join(dir, 'ci', 'report.json'), 'utf8')) : [];
  }, 9 * 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the step passes and scans exactly the config\'s stack, as extending cafe', () => {
    expect({ code: result.code, tail: result.code === 0 ? '' : (result.stdout + result.stderr).slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(report.map((r) => [r.stack, r.profile])).toEqual([['my-shop', 'cafe']]);
    expect(result.stderr).toMatch(/my-shop \(extends cafe\): checkov passed \d+, failed 0, suppressed \d+/);
    expect(result.stderr).not.toMatch(/\[terraform\] (cafe|lab|fastier|ecommerce)\b/);
  });

  test('cafe\'s scoped suppressions applied to my-shop, with 0 failed', () => {
    const [shop] = report;
    expect(shop.failed).toEqual([]);
    expect(shop.passed).toBeGreaterThan(50);
    const scoped = shop.suppressed.filter((s) => s.scopedTo !== null);
    expect(scoped.map((s) => s.check)).toEqual(expect.arrayContaining(['CKV_AWS_2', 'CKV_AWS_260']));
    for (const s of scoped) expect(s.scopedTo).toContain('cafe');
    // Without the mapping these would have failed the step: the stack name appears in no suppression.
    expect(loadSuppressions().some((s) => s.stacks?.includes('my-shop'))).toBe(false);
  });
});
