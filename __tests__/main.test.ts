import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from '../src/config/profiles';

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
  let all: ReturnType<typeof run>;
  beforeAll(() => {
    all = run({ STORMPROOF_PROFILES: '' });
  });
  afterAll(() => all.cleanup());

  test('synthesizes every profile by default', () => {
    expect(all.result.status).toBe(0);
    expect(all.stacks).toEqual(expect.arrayContaining(Object.keys(PROFILES).sort()));
  });

  test('stacks with compute "eks" get their Kubernetes manifests beside them, EC2 stacks none', () => {
    const eks = Object.values(PROFILES).filter((p) => p.compute === 'eks').map((p) => p.name);
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
          expect.objectContaining({ Project: PROFILES[stack].project, Environment: PROFILES[stack].environment, ManagedBy: 'stormproof-cdktf' }),
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
  const two = { $schema: './stormproof.schema.json', stacks: { 'my-cafe': { extends: 'cafe', region: 'eu-west-2' }, 'my-app': { extends: 'fastier', project: 'myapp' } } };

  test('two stacks extending cafe and fastier synthesize both (STORMPROOF_CONFIG)', () => {
    const { result, stacks, read, cleanup } = run({ STORMPROOF_PROFILES: '', STORMPROOF_CONFIG: file('two.json', two) });
    expect(result.status).toBe(0);
    expect(stacks).toEqual(['my-app', 'my-cafe']);
    expect(read('my-cafe').provider.aws[0].region).toBe('eu-west-2');
    expect(read('my-app').provider.aws[0].default_tags[0].tags).toMatchObject({ Project: 'myapp', Profile: 'my-app' });
    cleanup();
  });

  test('-c config=<path> (cdktf context) names the file too, and -c profiles picks its stacks', () => {
    const context = JSON.stringify({ config: file('two.json', two), profiles: 'my-cafe' });
    const { result, stacks, cleanup } = run({ STORMPROOF_PROFILES: '', CDKTF_CONTEXT_JSON: context });
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
    ['a wrong type', { 'my-cafe': { extends: 'cafe', network: { azCount: '3' } } }, 'stacks.my-cafe.network.azCount must be a number, not the string "3": write 3 without quotes'],
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

  test('STORMPROOF_DEBUG=1 adds the stack trace', () => {
    const bad = file('bad.json', { stacks: { 'my-cafe': { extends: 'cafe', network: { azCount: 4 } } } });
    const { result, cleanup } = run({ STORMPROOF_PROFILES: '', STORMPROOF_CONFIG: bad, STORMPROOF_DEBUG: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^ConfigError: Invalid Stormproof configuration .*\n {2}- stacks\.my-cafe\.network\.azCount \(4\)[^\n]*\n\s+at /);
    cleanup();
  });
});
