import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackProfiles } from '../../src/config/lineage';
import { PROFILES } from '../../src/config/profiles';

/** Which built-in profile each stack starts from: what CI's checkov step scopes profile suppressions by. */
describe('stackProfiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-lineage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const builtIns = Object.keys(PROFILES);

  test('without a config file (or with none), every built-in profile is its own', () => {
    for (const sources of [{ configPath: 'none' }, { cwd: dir }]) {
      const map = stackProfiles(sources);
      expect(Object.keys(map).sort()).toEqual([...builtIns].sort());
      for (const p of builtIns) expect(map[p]).toBe(p);
    }
  });

  test('a config file\'s stacks map to the profile they extend; a redefined built-in name follows its extends', () => {
    writeFileSync(join(dir, 'stormproof.config.json'), `{
      // JSONC, as the loader reads it
      "stacks": {
        "my-shop": { "extends": "cafe" },
        "lab": { "extends": "fastier" },
        "Bad Name": { "extends": "cafe" },
        "orphan": { "extends": "nothing" },
      },
    }`);
    const map = stackProfiles({ cwd: dir });
    expect(map['my-shop']).toBe('cafe');
    expect(map.lab).toBe('fastier');
    expect(map.cafe).toBe('cafe'); // a built-in a selection may still name
    expect(map).not.toHaveProperty('Bad Name');
    expect(map).not.toHaveProperty('orphan');
  });

  test('a config path that does not exist is refused, as synth refuses it', () => {
    expect(() => stackProfiles({ configPath: join(dir, 'missing.json') })).toThrow(/does not exist/);
  });
});
