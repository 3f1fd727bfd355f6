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
    expect(Object.keys(jobs(wf))).toEqual(['check', 'checkov', 'plan', 'apply']);
  });

  test.each(files)('%s: every action is pinned by a full commit SHA (with its tag as a comment)', (f) => {
    const uses = [...text(f).matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, comment] of uses) {
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
      expect(granted.filter((g) => g.endsWith('write'))).toEqual(name === 'plan' || name === 'apply' ? ['id-token: write'] : []);
      expect(granted).toContain('contents: read');
    }
  });

  test('AWS is reached through OIDC only: no secrets, the plan role for plans, the apply role for applies', () => {
    const wf = text('infrastructure.yml');
    expect(wf).not.toMatch(/secrets\./);
    expect(wf).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
    const j = jobs(wf);
    expect(j.plan).toContain('role-to-assume: ${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(j.apply).toContain('role-to-assume: ${{ vars.AWS_APPLY_ROLE_ARN }}');
    expect(j.check + j.checkov).not.toContain('configure-aws-credentials');
  });

  test('apply: main pushes only, in the environment the apply role trusts, one apply per stack at a time, the saved plan', () => {
    const apply = jobs(text('infrastructure.yml')).apply;
    expect(apply).toContain("if: github.event_name == 'push' && github.ref == 'refs/heads/main'");
    const { built } = synthConstruct((stack) => new GithubOidc(stack, 'gh', { repository: 'o/r', name: 'x', stateBucketArn: 'arn:aws:s3:::b', stateKeyArn: 'k', resourcePrefixes: ['p'] }));
    const environment = /\n {4}environment: (\S+)/.exec(apply)![1];
    expect(built.applySubjects).toEqual([`repo:o/r:environment:${environment}`]);
    expect(built.planSubjects).toEqual(['repo:o/r:pull_request', 'repo:o/r:ref:refs/heads/main']);
    expect(apply).toMatch(/concurrency:\n {6}group: terraform-apply-\$\{\{ matrix\.stack \}\}\n {6}cancel-in-progress: false/);
    expect(apply).toContain('name: plan-${{ matrix.stack }}');
    const applyScript = readFileSync(join(root, 'scripts/ci/apply.sh'), 'utf8');
    expect(applyScript).toMatch(/terraform -chdir="\$dir" apply -input=false -no-color tfplan$/m);
    expect(applyScript).not.toMatch(/terraform [^\n]*\bplan\b(?! from)/);
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
