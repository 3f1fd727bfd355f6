import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fastierBeanstalk, cafe } from '../../../src/config/profiles';
import type { ProfileConfig } from '../../../src/config/types';
import { beanstalkSourceFiles, demoBundleFiles } from '../../../src/constructs/compute/beanstalk/beanstalk-bundle';
import { GENERIC_BUILDSPEC, RELEASE_BUILDSPEC, releaseBundle } from '../../../src/tools/release/release-bundle';

const root = resolve(__dirname, '../../..');
const tmp = join(root, '.scratch', 'tmp', 'release-bundle-test');
const APP = 'examples/startup-python/app';
const withBundle = (bundle: NonNullable<ProfileConfig['services'][number]['bundle']>): ProfileConfig => ({
  ...fastierBeanstalk,
  services: fastierBeanstalk.services.map((s) => (s.kind === 'web' ? { ...s, bundle } : s)),
});
const text = (c: Buffer | string) => c.toString();

describe('a Beanstalk release packages the service as your configuration defines it (issue 27)', () => {
  test('your bundle: its files and the platform overlay, the same files synth uploads as the first version, plus a buildspec that says it runs no tests', () => {
    const profile = withBundle({ path: APP, start: 'exec python3 web.py', install: 'pip3 install -r requirements.txt' });
    const { from, files } = releaseBundle(profile, 'web', join(root, 'app'));
    expect(from).toBe(APP);
    const synthFiles = beanstalkSourceFiles(profile.services.find((s) => s.kind === 'web')!.bundle!, 'python');
    for (const [name, f] of Object.entries(synthFiles)) expect(text(files[name].content)).toBe(text(f.content));
    expect(Object.keys(files).sort()).toEqual([...Object.keys(synthFiles), RELEASE_BUILDSPEC].sort());
    expect(text(files[RELEASE_BUILDSPEC].content)).toBe(GENERIC_BUILDSPEC);
    expect(GENERIC_BUILDSPEC).toContain("- '**/*'");
    // Not the demo app.
    expect(files['app.py']).toBeUndefined();
    expect(text(files.Procfile.content)).toBe('web: python3 web.py\n');
    expect(text(files['.platform/hooks/prebuild/01-stormproof-install.sh'].content)).toContain('pip3 install -r requirements.txt');
  });

  test("a bundle's own buildspec-beanstalk.yml is the build stage's (its tests run before the deploy)", () => {
    const dir = join(tmp, 'own-buildspec');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'web.py'), 'print("hi")\n');
    writeFileSync(join(dir, RELEASE_BUILDSPEC), 'version: 0.2\nphases:\n  build:\n    commands:\n      - python3 -m unittest\n');
    const { files } = releaseBundle(withBundle({ path: dir, start: 'python3 web.py' }), 'web', join(root, 'app'));
    expect(text(files[RELEASE_BUILDSPEC].content)).toContain('python3 -m unittest');
  });

  test('a web service without a bundle releases the demo app with its tests; EC2 stacks and workers are refused with the way they release', () => {
    const { from, files } = releaseBundle(fastierBeanstalk, 'web', join(root, 'app'));
    expect(from).toBe('demo app');
    for (const [name, content] of Object.entries(demoBundleFiles())) expect(text(files[name].content)).toBe(content);
    expect(Object.keys(files)).toEqual(expect.arrayContaining([RELEASE_BUILDSPEC, 'tests/test_app.py']));
    expect(() => releaseBundle(cafe, 'web', join(root, 'app')))
      .toThrow('stack "cafe" does not run on Beanstalk (compute: ec2): its EC2 services release through the apply (scripts/ci/release-fleets.sh)');
    const worker = fastierBeanstalk.services.find((s) => s.kind === 'worker')!.name;
    expect(() => releaseBundle(fastierBeanstalk, worker, join(root, 'app'))).toThrow(`service "${worker}" of "fastier-beanstalk" is a worker`);
    expect(() => releaseBundle(fastierBeanstalk, 'nope', join(root, 'app'))).toThrow('has no service "nope"');
  });

  test('scripts/package-app.mjs --stack packages the stack from your config file, as release-app.sh calls it', () => {
    mkdirSync(tmp, { recursive: true });
    const config = join(tmp, 'stormproof.config.json');
    const services = withBundle({ path: APP, start: 'exec python3 web.py' }).services;
    writeFileSync(config, JSON.stringify({ stacks: { 'my-startup': { extends: 'fastier-beanstalk', services } } }));
    const zip = join(tmp, 'release.zip');
    const r = spawnSync('node', ['scripts/package-app.mjs', zip, '--stack', 'my-startup', '--service', 'web'], { cwd: root, encoding: 'utf8', env: { ...process.env, STORMPROOF_CONFIG: config } });
    expect(r.stderr).toContain(`package-app: ${APP} ->`);
    expect(r.status).toBe(0);
    const list = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], { encoding: 'utf8' });
    const entries = list.stdout.trim().split('\n').filter((e) => !e.endsWith('/'));
    expect(entries).toEqual(expect.arrayContaining(['web.py', 'worker.py', 'Procfile', RELEASE_BUILDSPEC, '.ebextensions/01-memory-metrics.config']));
    expect(entries).not.toContain('app.py');
    const unknown = spawnSync('node', ['scripts/package-app.mjs', zip, '--stack', 'cafe'], { cwd: root, encoding: 'utf8', env: { ...process.env, STORMPROOF_CONFIG: 'none' } });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('package-app: stack "cafe" does not run on Beanstalk');
    expect(readFileSync(join(root, 'scripts/release-app.sh'), 'utf8')).toContain('node scripts/package-app.mjs --stack "$profile" --service "$service"');
  });
});
