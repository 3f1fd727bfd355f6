/**
 * actionlint v1.7.12 (built by scripts/toolchain.sh into .scratch/bin) on every shipped workflow: zero
 * findings (syntax, expressions, job outputs and needs, runner labels, action inputs it knows).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { log, oneLine, root, run, seconds, skipRequested, toolPath } from './support/harness';

const suite = skipRequested ? describe.skip : describe;

suite('actionlint on .github/workflows', () => {
  const actionlint = toolPath('STORMPROOF_ACTIONLINT', '.scratch', 'bin', 'actionlint');
  const workflows = readdirSync(join(root, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join('.github', 'workflows', f));
  let findings: { message: string; filepath: string; line: number; kind: string }[] = [];
  let version = '';

  beforeAll(async () => {
    if (!existsSync(actionlint)) throw oneLine('actionlint is not built in .scratch/bin: run `bash scripts/toolchain.sh` (needs Go)');
    version = (await run(actionlint, ['-version'])).stdout.split('\n')[0];
    const r = await run(actionlint, ['-no-color', '-format', '{{json .}}', ...workflows]);
    if (r.code !== 0 && r.code !== 1) throw new Error(`actionlint exited ${r.code}: ${r.stderr}`);
    findings = JSON.parse(r.stdout || '[]');
    log(`actionlint ${version}: ${workflows.length} workflow(s), ${findings.length} finding(s) in ${seconds(r.ms)}`);
  });

  test('is the pinned version', () => {
    expect(version).toBe('v1.7.12');
  });

  test('every shipped workflow is clean', () => {
    expect(workflows.length).toBeGreaterThan(0);
    expect(findings.map((f) => `${f.filepath}:${f.line} ${f.message} [${f.kind}]`)).toEqual([]);
  });

  test('catches a broken workflow (the check is live)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ needs.nothing.outputs.x }}\n';
    const r = await run('bash', ['-c', `printf '%s' "$1" | "${actionlint}" -no-color -oneline -`, '_', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/property "nothing" is not defined/);
  });
});
