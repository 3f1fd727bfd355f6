/**
 * A user who commits stormproof.config.json keeps `npm test` green: in a copy of the project with such a file at
 * its root, and STORMPROOF_CONFIG unset as in a user's shell, the unit tests that read configuration (main.test.ts,
 * the config file and config:show tests, the README examples, simulate and deliverables on a config file) pass,
 * because __tests__'s setup.js pins STORMPROOF_CONFIG=none for every test file and every app they spawn. The same
 * copy's `npm run synth` builds only the file's stack, so the file is really in effect there.
 * A focused subset, not the whole unit project: the 8 files that read configuration ran in 143 s in the copy (plus
 * its first bundle and profile synth) on a loaded 2-core machine; the whole unit project is ~100 files and would
 * repeat every construct test that never reads a config file.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { log, root, run, seconds, skipRequested } from './support/harness';

const suite = skipRequested ? describe.skip : describe;

/** The unit test files that read a config file, spawn the app or a tool, or read the synthesized profiles. */
const READS_CONFIG = [
  '__tests__/main.test.ts',
  '__tests__/config/config-file.test.ts',
  '__tests__/config/show.test.ts',
  '__tests__/config/readme.test.ts',
  '__tests__/tools/simulate/config-file.test.ts',
  '__tests__/tools/simulate/cli.test.ts',
  '__tests__/tools/deliverables/render.test.ts',
  '__tests__/examples/cafe-orders.test.ts',
];

suite('unit tests with a user stormproof.config.json committed at the root', () => {
  const copy = mkdtempSync(join(tmpdir(), 'stormproof-user-config-'));
  // A user's shell: no STORMPROOF_CONFIG (this jest's setup.js set it to `none`), no selection.
  const { STORMPROOF_CONFIG: _config, STORMPROOF_PROFILES: _profiles, JEST_WORKER_ID: _worker, ...userEnv } = process.env;
  let synth: { code: number; stdout: string; stderr: string };
  let unit: { code: number; stdout: string; stderr: string; ms: number };

  beforeAll(async () => {
    // The project as committed (tracked and new files), node_modules shared, plus the user's file.
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of files) {
      if (f === 'node_modules') continue;
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      try {
        cpSync(join(root, f), join(copy, f));
      } catch {
        // deleted in the work tree but still in the index
      }
    }
    symlinkSync(realpathSync(join(root, 'node_modules')), join(copy, 'node_modules'));
    writeFileSync(join(copy, 'stormproof.config.json'), '{\n  // my shop\n  "stacks": { "my-shop": { "extends": "cafe", "project": "myshop", "region": "eu-central-1" } }\n}\n');
    synth = await run('node', ['scripts/build.mjs', '--synth'], { cwd: copy, env: userEnv, timeoutMs: 2 * 60_000 });
    unit = await run('npx', ['jest', ...READS_CONFIG, '--selectProjects', 'unit'], { cwd: copy, env: userEnv, timeoutMs: 8 * 60_000 });
    log(`unit tests reading config, with a user stormproof.config.json at the root: exit ${unit.code} in ${seconds(unit.ms)}`);
  }, 10 * 60_000);

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  test('the file is in effect for the user: npm run synth builds only its stack', () => {
    expect(synth.code).toBe(0);
    expect(synth.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^cdktf\.out\/stacks\/my-shop\/cdk\.tf\.json: \d+ resources$/)]);
  });

  test('the unit tests that read configuration still pass, every file of them', () => {
    const summary = unit.stderr.match(/^Tests: .*$/m)?.[0] ?? '';
    expect({ code: unit.code, summary, failures: unit.code === 0 ? '' : unit.stderr.slice(-4000) }).toEqual({ code: 0, summary: expect.stringMatching(/\d+ passed/), failures: '' });
    expect(unit.stderr).toMatch(new RegExp(`Test Suites: ${READS_CONFIG.length} passed, ${READS_CONFIG.length} total`));
    expect(summary).not.toMatch(/failed/);
  });
});
