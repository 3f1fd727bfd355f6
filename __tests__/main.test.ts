import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from '../src/config/profiles';

// Runs the built app (the esbuild bundle cdktf.json's app runs) into a scratch outdir.
const root = join(__dirname, '..');
const run = (env: Record<string, string>) => {
  const outdir = mkdtempSync(join(tmpdir(), 'stormproof-main-'));
  const result = spawnSync('node', ['dist/main.js'], { cwd: root, env: { ...process.env, ...env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
  const stacks = existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')).sort() : [];
  const read = (stack: string) => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  return { result, stacks, read, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
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
    expect(result.stderr).toMatch(/Unknown profile\(s\) "bakery" .* use one or more of cafe, lab, exercise, fastier, ecommerce/);
    expect(stacks).toEqual([]);
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
