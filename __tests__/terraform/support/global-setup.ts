/**
 * globalSetup of the `terraform` jest project: prepares the toolchain (scripts/toolchain.sh: terraform
 * check, CLI config with the provider mirror, moto and checkov virtualenvs), then synthesizes every
 * stack (all profiles + bootstrap) once into .scratch/terraform/synth for all Terraform checks.
 * Fails with one line naming what is missing; skips only when STORMPROOF_SKIP_TERRAFORM=1.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { log, oneLine, root, skipRequested, synthDir, toolEnv, reportDir } from './harness';

/** Bootstrap is synthesized with GitHub OIDC roles for this (example) repository, so they are validated and planned. */
export const GITHUB_REPOSITORY = 'stormproof-example/stormproof';

export default function globalSetup(): void {
  if (skipRequested) {
    log('STORMPROOF_SKIP_TERRAFORM=1: skipping every Terraform check (init/validate/plan, moto apply, cdktf deploy, checkov)');
    return;
  }
  const toolchain = spawnSync('bash', ['scripts/toolchain.sh'], { cwd: root, env: toolEnv(), encoding: 'utf8' });
  process.stderr.write(toolchain.stdout);
  if (toolchain.status !== 0) {
    const line = toolchain.stderr.trim().split('\n').filter(Boolean).pop() ?? 'scripts/toolchain.sh failed';
    throw oneLine(`${line}; or set STORMPROOF_SKIP_TERRAFORM=1 to skip the Terraform checks`);
  }
  // CI's checkov step scans the user's own stacks (STORMPROOF_CHECKOV_STACKS, see scripts/ci/checkov.sh): no built-in
  // synth, and the shared synth and report folders of a run going on beside it stay untouched.
  if (process.env.STORMPROOF_CHECKOV_STACKS) return;
  rmSync(synthDir, { recursive: true, force: true });
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(synthDir, { recursive: true });
  const started = Date.now();
  for (const [cmd, args, env] of [
    ['node', ['scripts/build.mjs'], {}],
    ['node', ['dist/main.js'], { CDKTF_OUTDIR: synthDir, STORMPROOF_CONFIG: 'none', STORMPROOF_PROFILES: '', STORMPROOF_BOOTSTRAP: '1', STORMPROOF_GITHUB_REPOSITORY: GITHUB_REPOSITORY }],
  ] as const) {
    const r = spawnSync(cmd, [...args], { cwd: root, env: toolEnv(env), encoding: 'utf8' });
    if (r.status !== 0) throw oneLine(`${cmd} ${args.join(' ')} failed: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  }
  log(`synthesized every stack into ${synthDir} in ${Date.now() - started} ms`);
}
