import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { PROFILES } from '../../src/config/profiles';
import { AWS_REGIONS } from '../../src/config/rules/regions';
import { stacksFromFile } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';

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

  test('carries what synth enforces where JSON Schema can say it: editors flag azCount 9, budget 0, eu-west-9', () => {
    // What an editor does with the file: plain JSON Schema validation, no Stormproof code.
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const bad = { stacks: { shop: { extends: 'cafe', region: 'eu-west-9', network: { azCount: 9 }, operations: { monthlyBudgetUsd: 0 }, services: [{ name: 'web', capacity: { min: 1.5 } }] } } };
    expect(validate(bad)).toBe(false);
    const at = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(at).toEqual(expect.arrayContaining([
      '/stacks/shop/region enum',
      '/stacks/shop/network/azCount maximum',
      '/stacks/shop/operations/monthlyBudgetUsd exclusiveMinimum',
      '/stacks/shop/services/0/capacity/min type',
    ]));
    expect(schema.definitions.ProfileConfig.properties.region.enum).toEqual(Object.keys(AWS_REGIONS));
    expect(schema.definitions.DisasterRecoveryConfig.properties.region.enum).toEqual(Object.keys(AWS_REGIONS));
    // Every built-in profile satisfies those bounds (as a stack restating all of it would).
    ajv.addSchema(schema, 'stormproof');
    const profile = ajv.getSchema('stormproof#/definitions/ProfileConfig')!;
    for (const p of Object.values(PROFILES)) expect([p.name, profile(p) || ajv.errorsText(profile.errors)]).toEqual([p.name, true]);
  });

  test('synth says the same, at the path written, with the nearest region', () => {
    let problems: readonly string[] = [];
    try {
      stacksFromFile(JSON.stringify({ stacks: { shop: { extends: 'cafe', region: 'eu-west-9', network: { azCount: 9 }, operations: { monthlyBudgetUsd: 0 } } } }), 'c.json');
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    expect(problems).toEqual([
      'stacks.shop.region "eu-west-9" is not an AWS region: did you mean "eu-west-1"?',
      'stacks.shop.network.azCount (9) must be <= 6',
      'stacks.shop.operations.monthlyBudgetUsd (0) must be > 0',
    ]);
  });
});
