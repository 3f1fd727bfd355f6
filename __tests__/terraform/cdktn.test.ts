/**
 * Stormproof on CDK Terrain (README "On CDK Terrain"): `npm run check:cdktn` as CI runs it on a fresh clone.
 * It installs cdktn 0.24 as the cdktf alias and Node 22 from the npm registry (cached in .scratch/cdktn), runs
 * `cdktn synth` over every stack, diffs it against this tree's cdktf synth, then tsc and the construct and
 * stack tests on the cdktn core. Then it proves the check bites: copies of this tree that use a cdktn-only
 * API fail it, one at the cdktf synth (the API does not exist there), one with a diff (the output differs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { log, record, root, seconds, skipRequested, synthDir } from './support/harness';

const suite = skipRequested ? describe.skip : describe;

function check(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('node', ['scripts/check-cdktn.mjs', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out, ms: Date.now() - started }));
  });
}

/** A copy of this tree (git's files, this node_modules) with main.ts edited by `edit`. */
function brokenCopy(name: string, edit: (mainTs: string) => string): string {
  const dir = join(root, '.scratch', 'tmp', `cdktn-bite-${name}`);
  rmSync(dir, { recursive: true, force: true });
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    if (/^(node_modules|\.venv)(\/|$)/.test(f) || !existsSync(join(root, f))) continue;
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(root, f), join(dir, f));
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const main = readFileSync(join(dir, 'main.ts'), 'utf8');
  const edited = edit(main);
  expect(edited).not.toBe(main);
  writeFileSync(join(dir, 'main.ts'), edited);
  return dir;
}

suite('Stormproof on CDK Terrain (cdktn): npm run check:cdktn', () => {
  let run: { code: number; out: string; ms: number };

  beforeAll(async () => {
    run = await check(root);
    log(`check:cdktn exit ${run.code} in ${seconds(run.ms)}:\n${run.out.trim().split('\n').map((l) => `  ${l}`).join('\n')}`);
    record('cdktn', { ms: run.ms, code: run.code });
  }, 20 * 60_000);

  // The copies' package.json would collide with this one in jest's module map on the next run.
  afterAll(() => {
    for (const name of ['api', 'diff']) rmSync(join(root, '.scratch', 'tmp', `cdktn-bite-${name}`), { recursive: true, force: true });
  });

  test('every stack synthesizes through the cdktn CLI identical to the cdktf synth, apart from the listed metadata', () => {
    expect({ code: run.code, tail: run.code === 0 ? '' : run.out.split('\n').slice(-60).join('\n') }).toEqual({ code: 0, tail: '' });
    const stacks = readdirSync(join(synthDir, 'stacks')).sort();
    expect(stacks.length).toBeGreaterThanOrEqual(8);
    expect(run.out).toContain(`check-cdktn: ${stacks.length} stacks compared`);
    for (const s of stacks) expect(run.out).toMatch(new RegExp(`\\n  ${s.replace(/[-]/g, '\\-')}\\s+\\d+ resources\\n`));
    expect(run.out).toContain('cdktf and cdktn synth agree');
    // The Beanstalk bundle's zip is compared entry by entry (its bytes differ: cdktn stamps fixed times).
    expect(run.out).toMatch(/[1-9]\d* asset zips by their [1-9]\d* entries/);
  });

  test('tsc and the construct and stack unit tests pass on the cdktn core', () => {
    expect(run.out).toContain('tsc --noEmit against the cdktn core: clean');
    expect(run.out).toMatch(/unit tests on the cdktn core .*Tests:\s+\d+ passed, \d+ total/);
  });

  // The copies share this tree's installs (STORMPROOF_CDKTN_CACHE): same package.json and lock, same key.
  const cache = { STORMPROOF_CDKTN_CACHE: join(root, '.scratch', 'cdktn') };

  test('a cdktn-only API used in the app fails the check: the cdktf synth of the same tree breaks', async () => {
    const dir = brokenCopy('api', (main) =>
      main
        .replace("import { App } from 'cdktf';", "import { App, TerraformEphemeralResource } from 'cdktf';")
        .replace('  app.synth();', '  if (stacks.some((s) => TerraformEphemeralResource.isTerraformEphemeralResource(s))) throw new Error("unreachable");\n  app.synth();'),
    );
    const r = await check(dir, ['--no-tests'], cache);
    log(`check:cdktn on a copy using cdktn's TerraformEphemeralResource: exit ${r.code} in ${seconds(r.ms)}`);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL: npm run --silent synth .* exited 1/);
    expect(r.out).toContain('isTerraformEphemeralResource');
  }, 5 * 60_000);

  test('an app whose output depends on the core fails the check with the diff', async () => {
    const dir = brokenCopy('diff', (main) =>
      main
        .replace("import { App } from 'cdktf';", "import { App, TerraformOutput } from 'cdktf';\nimport * as core from 'cdktf';")
        .replace('  app.synth();', "  if ('TerraformEphemeralResource' in core) new TerraformOutput(stacks[0], 'core', { value: 'cdktn' });\n  app.synth();"),
    );
    const r = await check(dir, ['--no-tests'], cache);
    log(`check:cdktn on a copy whose output depends on the core: exit ${r.code} in ${seconds(r.ms)}`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL: 2 difference(s) between the cdktf and the cdktn synth:');
    expect(r.out).toMatch(/\n {2}stacks\/[^/]+\/cdk\.tf\.json: output\.core: \(absent\) \(cdktf\) -> \{"value":"cdktn"\} \(cdktn\)\n/);
    expect(r.out).toMatch(/\n {2}stacks\/[^/]+\/cdk\.tf\.json: \/\/\.outputs\.[^.]+\.core: \(absent\) \(cdktf\) -> "core" \(cdktn\)\n/);
  }, 5 * 60_000);
});
