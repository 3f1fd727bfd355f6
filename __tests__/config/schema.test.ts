import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES } from '../../src/config/profiles';

const root = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'stormproof.schema.json'), 'utf8'));

describe('stormproof.schema.json', () => {
  test('is generated from src/config/types.ts, with its compiled validators, and is not stale (npm run config:schema)', () => {
    expect(execFileSync('node', ['scripts/config-schema.mjs', '--check'], { cwd: root, encoding: 'utf8' })).toMatch(/are up to date/);
  });

  test("carries the types' doc comments as descriptions, for editors", () => {
    expect(schema.definitions.ServiceConfig.properties.instanceType.description).toBe('EC2 instance type, e.g. `t3.small`.');
    expect(schema.definitions.ServiceConfigOverride.properties.instanceType.description).toBe('EC2 instance type, e.g. `t3.small`.');
    expect(schema.definitions.StackConfig.properties.extends.description).toMatch(/built-in profile/);
  });

  test('extends accepts exactly the built-in profiles', () => {
    expect(schema.definitions.ProfileName.enum).toEqual(Object.keys(PROFILES));
  });

  test('overrides are partial all the way down, except a service needs its name and a stack its profile', () => {
    expect(schema.definitions.StackConfig.required).toEqual(['extends']);
    expect(schema.definitions.ServiceConfigOverride.required).toEqual(['name']);
    expect(schema.definitions.NetworkConfigOverride.required).toBeUndefined();
    expect(schema.definitions.ServiceConfigOverride.properties.capacity.$ref).toBe('#/definitions/CapacityConfigOverride');
    // Arrays other than services replace the profile's, so their items stay complete.
    expect(schema.definitions.ServiceConfigOverride.properties.schedules.items.$ref).toBe('#/definitions/ScheduledScalingConfig');
    expect(schema.definitions.ProfileConfig.additionalProperties).toBe(false);
  });
});
