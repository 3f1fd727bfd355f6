/**
 * The documented command lines that __tests__/config/commands.test.ts marks RUN, run as written with bash in a
 * sandbox that mirrors the project through links (so a user's stormproof.config.json, cdktf.out/ and
 * deliverables/ are never touched). No Terraform needed; here for their time (~35 s), not the unit loop's.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVEN, root, RUN } from '../support/documented-commands';
const ran = new Set<string>();

afterAll(() => {
  // Every line marked RUN was run by one of the tests below.
  expect(Object.entries(PROVEN).filter(([, how]) => how === RUN).map(([c]) => c).filter((c) => !ran.has(c))).toEqual([]);
});

describe('documented command lines, run as written in a sandbox of the project', () => {
  const sandbox = mkdtempSync(join(tmpdir(), 'stormproof-commands-'));
  const own = new Set(['cdktf.out', 'deliverables', 'stormproof.config.json', 'dist', '.build', 'node_modules', '.git', '.scratch']);
  beforeAll(() => {
    for (const entry of readdirSync(root)) if (!own.has(entry)) symlinkSync(join(root, entry), join(sandbox, entry));
    symlinkSync(join(root, 'node_modules'), join(sandbox, 'node_modules'));
  });
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  const sh = (line: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', INIT_CWD: sandbox };
    // A user's shell: no test-suite overrides.
    for (const k of ['STORMPROOF_CONFIG', 'STORMPROOF_PROFILES', 'CDKTF_OUTDIR', 'CDKTF_CONTEXT_JSON', 'STORMPROOF_BACKEND', 'STORMPROOF_STATE_BUCKET']) delete env[k];
    ran.add(line);
    const r = spawnSync('bash', ['-c', line], { cwd: sandbox, env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${line} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const stacks = () => (existsSync(join(sandbox, 'cdktf.out', 'stacks')) ? readdirSync(join(sandbox, 'cdktf.out', 'stacks')).sort() : []);
  const out = (stack: string) => JSON.parse(readFileSync(join(sandbox, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8'));

  test('cat help; without a config file: npm run synth, STORMPROOF_PROFILES=cafe,lab npm run synth, the S3 backend line', () => {
    expect(sh('cat help').stdout).toMatch(/Stormproof/);
    const all = sh('npm run synth');
    expect(synthLines(all.stdout)).toHaveLength(7);
    expect(stacks()).toEqual(['cafe', 'ecommerce', 'ecommerce-eks', 'exercise', 'fastier', 'fastier-beanstalk', 'lab']);
    const some = sh('STORMPROOF_PROFILES=cafe,lab npm run --silent synth');
    expect(some.stdout).toMatch(/^cdktf\.out\/stacks\/cafe\/cdk\.tf\.json: \d+ resources\ncdktf\.out\/stacks\/lab\/cdk\.tf\.json: \d+ resources\n$/);
    sh('STORMPROOF_BACKEND=s3 STORMPROOF_STATE_BUCKET=my-state npm run synth');
    expect(out('cafe').terraform.backend.s3.bucket).toBe('my-state');
  });

  test('STORMPROOF_PROFILES=cafe npx cdktf synth selects through the cdktf CLI', () => {
    rmSync(join(sandbox, 'cdktf.out'), { recursive: true, force: true });
    sh('STORMPROOF_PROFILES=cafe npx cdktf synth');
    expect(stacks()).toEqual(['cafe']);
  });

  test('npm run drill -- exercise az-outage; npm run simulate -- cafe --traffic tv-evening (--json)', () => {
    expect(sh('npm run drill -- exercise az-outage').stdout).toMatch(/aws fis start-experiment/);
    expect(sh('npm run simulate -- cafe --traffic tv-evening').stdout).toMatch(/dropped/i);
    expect(JSON.parse(sh('npm run simulate -- cafe --traffic tv-evening --json').stdout.replace(/^[^{]*/, ''))).toHaveProperty('stack', 'cafe');
  });

  test('your own configuration: config:init, npm run synth builds the file\'s stacks; built-in names stay addressable', () => {
    rmSync(join(sandbox, 'cdktf.out'), { recursive: true, force: true });
    sh('npm run config:init -- --extends cafe');
    expect(existsSync(join(sandbox, 'stormproof.config.json'))).toBe(true);
    expect(synthLines(sh('npm run synth').stdout)).toEqual([`cdktf.out/stacks/my-cafe/cdk.tf.json: ${resourceCount('my-cafe')} resources`]);
    expect(stacks()).toEqual(['my-cafe']);
    expect(sh('npm run config:show -- my-cafe').stdout).toMatch(/my-cafe: extends profile cafe, from stormproof\.config\.json\n[\s\S]*services\[web\]\.schedules\[0\]\.name +"before-tv-show" +profile cafe\n/);
    // The tools synthesize a built-in profile by name beside the file's stacks.
    expect(sh('npm run simulate -- cafe').stdout).toMatch(/dropped/i);
    expect(stacks()).toEqual(['cafe', 'my-cafe']);
    sh('STORMPROOF_PROFILES=my-cafe,cafe npm run synth');
    copyFileSync(join(sandbox, 'stormproof.config.json'), join(sandbox, 'my.json'));
    rmSync(join(sandbox, 'cdktf.out'), { recursive: true, force: true });
    sh('STORMPROOF_CONFIG=my.json STORMPROOF_PROFILES=my-cafe npx cdktf synth');
    expect(stacks()).toEqual(['my-cafe']);
  });

  /** The app's own lines (npm adds its `> script` banner around them). */
  const synthLines = (stdout: string) => stdout.split('\n').filter((l) => / resources$/.test(l));
  const resourceCount = (stack: string) => Object.values(out(stack).resource as Record<string, object>).reduce((a, byName) => a + Object.keys(byName).length, 0);
});
