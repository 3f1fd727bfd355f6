import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from '../src/config/profiles';
import { synthesizedProfiles } from './support/profiles';

// Runs the built app (the esbuild bundle cdktf.json's app runs) into a scratch outdir.
const root = join(__dirname, '..');
const run = (env: Record<string, string>, staleStacks: string[] = []) => {
  const outdir = mkdtempSync(join(tmpdir(), 'stormproof-main-'));
  // Output a previous synth left behind, which a refused synth must not leave for `terraform plan`.
  for (const s of staleStacks) {
    mkdirSync(join(outdir, 'stacks', s), { recursive: true });
    writeFileSync(join(outdir, 'stacks', s, 'cdk.tf.json'), '{}');
  }
  const result = spawnSync('node', ['dist/main.js'], { cwd: root, env: { ...process.env, ...env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
  const stacks = existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')).sort() : [];
  const read = (stack: string) => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  return { result, stacks, read, outdir, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
};

beforeAll(() => execFileSync('node', ['scripts/build.mjs'], { cwd: root }));

describe('main.ts', () => {
  // This run's shared synth (support/profiles.ts) is this very app run: the bundle, no selection, no config file. It
  // fails the whole run when the app exits non-zero, so the tests read its output instead of synthesizing it again.
  const tree = synthesizedProfiles();
  const all = { outdir: tree.dir, stacks: readdirSync(join(tree.dir, 'stacks')).sort(), read: tree.read };

  test('synthesizes every profile by default', () => {
    expect(all.stacks).toEqual(expect.arrayContaining(Object.keys(PROFILES).sort()));
  });

  test('stacks with compute "eks" get their Kubernetes manifests beside them, EC2 stacks none', () => {
    const eks = Object.values(PROFILES)
      .filter((p) => p.compute === 'eks')
      .map((p) => p.name);
    expect(eks).toEqual(['ecommerce-eks']);
    expect(readdirSync(join(all.outdir, 'k8s'))).toEqual(eks);
    const files = readdirSync(join(all.outdir, 'k8s', 'ecommerce-eks'));
    expect(files).toEqual(expect.arrayContaining(['00-namespace.yaml', 'service-web.yaml', 'service-api.yaml', 'service-orders.yaml', '01-nodes.yaml', '01-ingress-class.yaml']));
    expect(readFileSync(join(all.outdir, 'k8s', 'ecommerce-eks', 'service-web.yaml'), 'utf8')).toMatch(/^kind: HorizontalPodAutoscaler$/m);
  });

  test('STORMPROOF_PROFILES selects profiles', () => {
    const { result, stacks, read, cleanup } = run({ STORMPROOF_PROFILES: 'cafe,lab' });
    expect(result.status).toBe(0);
    expect(stacks.filter((s) => s in PROFILES)).toEqual(['cafe', 'lab']);
    expect(read('cafe').provider.aws[0].region).toBe(PROFILES.cafe.region);
    cleanup();
  });

  test('the cdktf context "profiles" selects profiles', () => {
    const { result, stacks, cleanup } = run({ STORMPROOF_PROFILES: '', CDKTF_CONTEXT_JSON: JSON.stringify({ profiles: 'lab' }) });
    expect(result.status).toBe(0);
    expect(stacks.filter((s) => s in PROFILES)).toEqual(['lab']);
    cleanup();
  });

  test('an unknown profile fails the synth with the list of known ones', () => {
    const { result, stacks, cleanup } = run({ STORMPROOF_PROFILES: 'bakery' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unknown profile\(s\) "bakery" .* use one or more of cafe, lab, exercise, fastier, fastier-beanstalk, ecommerce/);
    expect(stacks).toEqual([]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    cleanup();
  });

  test('every stack tags everything through the provider default tags', () => {
    for (const stack of all.stacks.filter((s) => s in PROFILES)) {
      for (const provider of all.read(stack).provider.aws) {
        expect(provider.default_tags[0].tags).toEqual(
          expect.objectContaining({ Project: PROFILES[stack].project, Environment: PROFILES[stack].environment, ManagedBy: 'stormproof-cdktf' })
        );
      }
    }
  });
});

describe('main.ts with a config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-config-'));
  const file = (name: string, config: unknown) => {
    writeFileSync(join(dir, name), JSON.stringify(config));
    return join(dir, name);
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const two = {
    $schema: './stormproof.schema.json',
    stacks: { 'my-cafe': { extends: 'cafe', region: 'eu-west-2' }, 'my-app': { extends: 'fastier', project: 'myapp' } },
  };

  test('two stacks extending cafe and fastier synthesize both (STORMPROOF_CONFIG)', () => {
    const { result, stacks, read, cleanup } = run({ STORMPROOF_PROFILES: '', STORMPROOF_CONFIG: file('two.json', two) });
    expect(result.status).toBe(0);
    expect(stacks).toEqual(['my-app', 'my-cafe']);
    expect(read('my-cafe').provider.aws[0].region).toBe('eu-west-2');
    expect(read('my-app').provider.aws[0].default_tags[0].tags).toMatchObject({ Project: 'myapp', Profile: 'my-app' });
    cleanup();
  });

  test('the cdktf context (cdktf.json "context", handed over as CDKTF_CONTEXT_JSON) names the file too, and its profiles key picks its stacks', () => {
    const context = JSON.stringify({ config: file('two.json', two), profiles: 'my-cafe' });
    const { result, stacks, cleanup } = run({ STORMPROOF_PROFILES: '', STORMPROOF_CONFIG: '', CDKTF_CONTEXT_JSON: context });
    expect(result.status).toBe(0);
    expect(stacks).toEqual(['my-cafe']);
    cleanup();
  });

  test.each([
    [
      'a typo in a key',
      { 'my-cafe': { extends: 'cafe', loadBalancer: { idleTimeoutSecond: 30 } } },
      'stacks.my-cafe.loadBalancer.idleTimeoutSecond is not a known setting: did you mean "idleTimeoutSeconds"?',
    ],
    [
      'a wrong type',
      { 'my-cafe': { extends: 'cafe', network: { azCount: '3' } } },
      'stacks.my-cafe.network.azCount must be a whole number, not the string "3": write 3 without quotes',
    ],
    [
      'an out-of-domain value',
      { 'my-cafe': { extends: 'cafe', network: { azCount: 4 } } },
      'stacks.my-cafe.network.azCount (4) is more than the 3 AZs eu-west-1 has: use at most 3, or a region with more AZs',
    ],
  ])('%s is refused: the path, reason and suggestion only, exit 1, no stack directory left', (_, stacksConfig, problem) => {
    const { result, stacks, cleanup } = run({ STORMPROOF_PROFILES: '', STORMPROOF_CONFIG: file('bad.json', { stacks: stacksConfig }) }, ['my-cafe']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`Invalid Stormproof configuration ${join(dir, 'bad.json')}:\n  - ${problem}\n`);
    expect(result.stdout).toBe('');
    expect(stacks).toEqual([]);
    cleanup();
  });

  test("a built-in profile stays addressable by name next to the file's stacks; all = the file's stacks only", () => {
    const { result, stacks, cleanup } = run({ STORMPROOF_PROFILES: 'my-cafe,lab', STORMPROOF_CONFIG: file('two.json', two) });
    expect(result.status).toBe(0);
    expect(stacks).toEqual(['lab', 'my-cafe']);
    cleanup();
  });

  test('a successful synth prints one line per stack written: path and resource count, nothing else', () => {
    const { result, outdir, cleanup } = run({ STORMPROOF_PROFILES: 'my-cafe', STORMPROOF_CONFIG: file('two.json', two) });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${join(outdir, 'stacks', 'my-cafe', 'cdk.tf.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ resources\n$`));
    expect(result.stderr).toBe('');
    cleanup();
  });

  test('a config file named explicitly that does not exist fails with a clear message (exit 1)', () => {
    const { result, cleanup } = run({ STORMPROOF_PROFILES: '', STORMPROOF_CONFIG: join(dir, 'missing.json') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/missing\.json does not exist: give the path of your config file/);
    cleanup();
  });

  test('with a stormproof.config.json in the working directory, STORMPROOF_CONFIG=none (what the test suites set) ignores it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'stormproof-userroot-'));
    writeFileSync(join(cwd, 'stormproof.config.json'), JSON.stringify({ stacks: { mine: { extends: 'cafe', regoin: 'x' } } }));
    const outdir = mkdtempSync(join(tmpdir(), 'stormproof-main-'));
    try {
      const app = (env: Record<string, string>) =>
        spawnSync('node', [join(root, 'dist/main.js')], {
          cwd,
          env: { ...process.env, STORMPROOF_PROFILES: 'lab', CDKTF_OUTDIR: outdir, ...env },
          encoding: 'utf8',
        });
      expect(process.env.STORMPROOF_CONFIG).toBe('none'); // setup.js, for every test file and the apps they spawn
      const ignored = app({ STORMPROOF_CONFIG: 'none' });
      expect(ignored.status).toBe(0);
      expect(readdirSync(join(outdir, 'stacks'))).toEqual(['lab']);
      const read = app({ STORMPROOF_CONFIG: '' }); // a user's run: the file in the working directory is read
      expect(read.status).toBe(1);
      expect(read.stderr).toMatch(/stacks\.mine\.regoin is not a known setting/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test.each([
    ['a traversal key', '../../../victim'],
    ['an empty key', ''],
    ['the key ".."', '..'],
  ])('a refused config with %s deletes nothing outside its own output (victim directory and symlink planted)', (_, key) => {
    const base = mkdtempSync(join(tmpdir(), 'stormproof-victim-'));
    const outdir = join(base, 'project', 'cdktf.out');
    const victim = join(base, 'victim');
    const linked = join(base, 'linked-victim');
    try {
      for (const d of [victim, linked, join(outdir, 'stacks', 'keep'), join(outdir, 'k8s', 'keep')]) mkdirSync(d, { recursive: true });
      for (const d of [victim, linked, join(outdir, 'stacks', 'keep')]) writeFileSync(join(d, 'precious.txt'), 'x');
      symlinkSync(linked, join(outdir, 'stacks', 'shop')); // a valid stack name whose output is a link out
      const config = file('evil.json', { stacks: { [key]: { extends: 'cafe' }, shop: { extends: 'cafe', regoin: 'x' } } });
      const r = spawnSync('node', ['dist/main.js'], {
        cwd: root,
        env: { ...process.env, STORMPROOF_CONFIG: config, STORMPROOF_PROFILES: '', CDKTF_OUTDIR: outdir },
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/stack name "[^"]*" must be 1-20 lowercase letters/);
      expect(readFileSync(join(victim, 'precious.txt'), 'utf8')).toBe('x');
      expect(readFileSync(join(linked, 'precious.txt'), 'utf8')).toBe('x');
      expect(readFileSync(join(outdir, 'stacks', 'keep', 'precious.txt'), 'utf8')).toBe('x');
      expect(existsSync(join(outdir, 'k8s', 'keep'))).toBe(true);
      expect(existsSync(join(outdir, 'stacks', 'shop'))).toBe(false); // the refused stack's own output (the link) is gone
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  test('malformed JSON (and a comment in broken JSON) still removes the output of the stacks the file names', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  // mine\n  "stacks": { "my-cafe": { "extends": "cafe" } "my-app": {} }\n}');
    const { result, stacks, cleanup } = run({ STORMPROOF_PROFILES: '', STORMPROOF_CONFIG: broken }, ['my-cafe', 'my-app', 'other']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.json line 3, column \d+: a comma is missing/);
    expect(stacks).toEqual(['other']);
    cleanup();
  });

  test('STORMPROOF_DEBUG=1 adds the stack trace', () => {
    const bad = file('bad.json', { stacks: { 'my-cafe': { extends: 'cafe', network: { azCount: 4 } } } });
    const { result, cleanup } = run({ STORMPROOF_PROFILES: '', STORMPROOF_CONFIG: bad, STORMPROOF_DEBUG: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^ConfigError: Invalid Stormproof configuration .*\n {2}- stacks\.my-cafe\.network\.azCount \(4\)[^\n]*\n\s+at /);
    cleanup();
  });
});
