/**
 * The shipped GitHub Actions workflows, read as text: actions pinned by full commit SHA, least
 * permissions per job, OIDC only where AWS is called, the apply gated by the production environment with
 * per-stack concurrency, and every step a command the README names (one recipe, no drift). actionlint
 * itself runs with the Terraform/toolchain checks (__tests__/terraform/workflows.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GithubOidc } from '../../src/constructs/delivery/github-oidc';
import { synthConstruct } from '../support/synth';

const root = resolve(__dirname, '../..');
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const text = (f: string) => readFileSync(join(dir, f), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** Jobs of a workflow: name -> its text block (2-space indented keys under `jobs:`). */
function jobs(workflow: string): Record<string, string> {
  const body = workflow.slice(workflow.indexOf('\njobs:\n') + 7);
  const out: Record<string, string> = {};
  for (const block of body.split(/\n(?= {2}[a-z][\w-]*:\n)/)) {
    const m = /^\s*([a-z][\w-]*):\n/.exec(block);
    if (m) out[m[1]] = block;
  }
  return out;
}
const runCommands = (workflow: string) => [...workflow.matchAll(/^\s*(?:- )?run: (.+)$/gm)].map((m) => m[1].trim());

describe('shipped workflows', () => {
  test('there is an infrastructure workflow for pull requests and pushes to main', () => {
    expect(files).toContain('infrastructure.yml');
    const wf = text('infrastructure.yml');
    expect(wf).toMatch(/on:\n {2}pull_request:\n {4}branches: \[main\]\n {2}push:\n {4}branches: \[main\]/);
    expect(Object.keys(jobs(wf))).toEqual(['check', 'checkov', 'stacks']);
    expect(jobs(wf).stacks).toContain('uses: ./.github/workflows/stack.yml');
    expect(Object.keys(jobs(text('stack.yml')))).toEqual(['plan', 'apply']);
  });

  test.each(files)('%s: every action is pinned by a full commit SHA (with its tag as a comment)', (f) => {
    const uses = [...text(f).matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, comment] of uses.filter(([, ref]) => !ref.startsWith('./'))) {
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  test.each(files)('%s: no default permissions; each job asks for its own, write only for the OIDC token', (f) => {
    const wf = text(f);
    expect(wf).toMatch(/^permissions: \{\}$/m);
    for (const [name, job] of Object.entries(jobs(wf))) {
      const perms = /\n {4}permissions:\n((?: {6}.+\n)+)/.exec(`${job}\n`);
      expect({ name, perms: !!perms }).toEqual({ name, perms: true });
      const granted = perms![1].trim().split('\n').map((l) => l.trim());
      expect(granted.filter((g) => g.endsWith('write'))).toEqual(['plan', 'apply', 'stacks'].includes(name) ? ['id-token: write'] : []);
      expect(granted).toContain('contents: read');
    }
  });

  test('AWS is reached through OIDC only: no secrets, the plan role for plans, the apply role for applies', () => {
    for (const f of files) {
      expect(text(f)).not.toMatch(/secrets\./);
      expect(text(f)).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
    }
    const j = jobs(text('infrastructure.yml'));
    const s = jobs(text('stack.yml'));
    expect(s.plan).toContain('role-to-assume: ${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(s.apply).toContain('role-to-assume: ${{ vars.AWS_APPLY_ROLE_ARN }}');
    expect(j.check + j.checkov).not.toContain('configure-aws-credentials');
  });

  test('apply: main pushes only, production stacks in the environment with reviewers, staging ones without waiting, one apply per stack, the saved plan', () => {
    const apply = jobs(text('stack.yml')).apply;
    expect(apply).toContain("if: github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(apply).toContain('environment: ${{ inputs.environment }}');
    // The bootstrap's apply role trusts exactly the two environments synth.sh hands out.
    const { built } = synthConstruct((stack) =>
      new GithubOidc(stack, 'gh', { repository: 'o/r', name: 'x', stateBucketArn: 'arn:aws:s3:::b', stateKeyArn: 'k', resourcePrefixes: ['p'], environments: ['production', 'staging'] }),
    );
    expect(built.applySubjects).toEqual(['repo:o/r:environment:production', 'repo:o/r:environment:staging']);
    expect(built.planSubjects).toEqual(['repo:o/r:pull_request', 'repo:o/r:ref:refs/heads/main']);
    expect(readFileSync(join(root, 'main.ts'), 'utf8')).toContain("environments: ['production', 'staging']");
    const synth = readFileSync(join(root, 'scripts/ci/synth.sh'), 'utf8');
    expect(synth).toContain('environment: tags.Environment === "production" ? "production" : "staging"');
    expect(apply).toMatch(/concurrency:\n {6}group: terraform-apply-\$\{\{ inputs\.stack \}\}\n {6}cancel-in-progress: false/);
    expect(apply).toContain('name: plan-${{ inputs.stack }}');
    const applyScript = readFileSync(join(root, 'scripts/ci/apply.sh'), 'utf8');
    expect(applyScript).toMatch(/terraform -chdir="\$dir" apply -input=false -no-color tfplan$/m);
    expect(applyScript).not.toMatch(/terraform [^\n]*\bplan\b(?! from)/);
  });

  test('stacks plan and apply independently: one stack\'s failed plan blocks only its own apply', () => {
    const wf = jobs(text('infrastructure.yml'));
    // One matrix leg (a stack.yml call) per stack, none cancelled when another fails.
    expect(wf.stacks).toMatch(/strategy:\n {6}fail-fast: false\n {6}matrix:\n {8}include: \$\{\{ fromJSON\(needs\.check\.outputs\.stacks\) \}\}/);
    expect(wf.stacks).toContain('stack: ${{ matrix.stack }}');
    // Inside a leg the apply waits for that stack's plan only; no job waits on the whole matrix.
    expect(/\n {4}needs: (.+)/.exec(jobs(text('stack.yml')).apply)![1]).toBe('plan');
    expect(Object.values(wf).filter((j) => /needs: \[?[^\n]*\bstacks\b/.test(j))).toEqual([]);
    expect(jobs(text('stack.yml')).plan).not.toMatch(/\n {4}needs:/);
  });

  test('the apply checks the artifact against its plan job\'s digest output, not a file inside the artifact', () => {
    const s = jobs(text('stack.yml'));
    expect(s.plan).toContain('digest: ${{ steps.plan.outputs.digest }}');
    expect(s.apply).toContain('needs: plan');
    expect(s.apply).toContain('PLAN_DIGEST: ${{ needs.plan.outputs.digest }}');
    expect(readFileSync(join(root, 'scripts/ci/plan.sh'), 'utf8')).toContain('echo "digest=$digest" >>"$GITHUB_OUTPUT"');
    expect(readFileSync(join(root, 'scripts/ci/apply.sh'), 'utf8')).not.toContain('.sha256');
  });

  test('plan and synth artifacts are kept one day (a saved plan may hold secrets); the state region is its own variable', () => {
    const retention = files.flatMap((f) => [...text(f).matchAll(/retention-days: (\d+)/g)].map((m) => Number(m[1])));
    expect(retention.length).toBeGreaterThanOrEqual(2);
    expect(retention.every((d) => d === 1)).toBe(true);
    expect(text('stack.yml')).toMatch(/# A saved plan can hold secret values[^\n]*\n\s+retention-days: 1/);
    const check = jobs(text('infrastructure.yml')).check;
    expect(check).toContain('STORMPROOF_STATE_REGION: ${{ vars.STORMPROOF_STATE_REGION }}');
    expect(check).not.toContain('STORMPROOF_STATE_REGION: ${{ vars.AWS_REGION }}');
  });

  test('every step runs a command the README names, and every script it calls exists (one recipe, no drift)', () => {
    const commands = files.flatMap((f) => runCommands(text(f)));
    expect(commands.length).toBeGreaterThan(4);
    for (const cmd of commands) {
      const npmRun = /^npm run (\S+)$/.exec(cmd);
      const script = /^bash (scripts\/\S+\.sh)\b/.exec(cmd);
      if (npmRun) {
        expect(Object.keys(scripts)).toContain(npmRun[1]);
        expect(readme).toContain(`npm run ${npmRun[1]}`);
      } else if (script) {
        expect(existsSync(join(root, script[1]))).toBe(true);
        expect(readme).toContain(script[1]);
      } else {
        expect(cmd).toBe('npm ci --no-audit --no-fund');
        expect(readme).toContain('npm ci');
      }
    }
  });
});
