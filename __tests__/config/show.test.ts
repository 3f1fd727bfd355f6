import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { showStack, showText } from '../../src/config/show';
import { ConfigError } from '../../src/config/validate';

describe('config:show: the effective config of a stack, each value with its origin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-show-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'stormproof.config.json'),
    '{\n  // JSONC, as synth reads it\n  "stacks": {\n    "my-cafe": { "extends": "cafe", "region": "eu-west-2", "services": [{ "name": "web", "capacity": { "max": 20 }, "cpuTargetPercent": 60 }], },\n  },\n}\n',
  );
  const shown = showStack('my-cafe', dir, undefined);
  const origin = (path: string) => shown.values.find((v) => v.path === path);

  test('your file, the profile it extends, or the construct default', () => {
    expect(shown).toMatchObject({ stack: 'my-cafe', profile: 'cafe', file: 'stormproof.config.json' });
    expect(origin('region')).toEqual({ path: 'region', value: 'eu-west-2', origin: 'your file' });
    expect(origin('services[web].capacity.max')).toEqual({ path: 'services[web].capacity.max', value: 20, origin: 'your file' });
    expect(origin('services[web].cpuTargetPercent')).toEqual({ path: 'services[web].cpuTargetPercent', value: 60, origin: 'your file' });
    expect(origin('services[web].capacity.min')).toEqual({ path: 'services[web].capacity.min', value: 2, origin: 'profile cafe' });
    expect(origin('services[web].healthCheckPath')).toEqual({ path: 'services[web].healthCheckPath', value: '/health', origin: 'default' });
    expect(origin('loadBalancer.idleTimeoutSeconds')).toEqual({ path: 'loadBalancer.idleTimeoutSeconds', value: 60, origin: 'default' });
  });

  test("inherited behaviour is visible: the café's TV-show schedules stay on a stack that extends cafe", () => {
    expect(origin('services[web].schedules[0].name')).toEqual({ path: 'services[web].schedules[0].name', value: 'before-tv-show', origin: 'profile cafe' });
    expect(showText(shown)).toMatch(/^my-cafe: extends profile cafe, from stormproof\.config\.json\n/);
    expect(showText(shown)).toMatch(/\n {2}region +"eu-west-2" +your file\n/);
  });

  test('a built-in profile by name, and a refused config refuses the same way synth does', () => {
    const lab = showStack('lab', dir, undefined);
    expect(lab).toMatchObject({ stack: 'lab', profile: 'lab', file: undefined });
    expect(lab.values.find((v) => v.path === 'region')?.origin).toBe('profile lab');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ stacks: { 'my-cafe': { extends: 'cafe', regoin: 'x' } } }));
    expect(() => showStack('my-cafe', dir, 'bad.json')).toThrow(ConfigError);
  });
});
