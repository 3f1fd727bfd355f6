import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cafe, fastier, PROFILES } from '../../src/config/profiles';
import { loadStacks, stacksFromFile } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';
import { mergeStack } from '../../src/config/merge';

/** The problems a config file is refused with (none when it is accepted). */
function refusedWith(config: unknown): string[] {
  try {
    stacksFromFile(JSON.stringify(config), 'stormproof.config.json');
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
}
const stacks = (config: unknown) => stacksFromFile(JSON.stringify(config), 'stormproof.config.json');

describe('a config file: stacks extending built-in profiles', () => {
  test('two stacks extending cafe and fastier', () => {
    const [shop, app] = stacks({ stacks: { 'my-cafe': { extends: 'cafe' }, 'my-app': { extends: 'fastier', project: 'myapp' } } });
    expect(shop).toEqual({ ...cafe, name: 'my-cafe' });
    expect(app).toEqual({ ...fastier, name: 'my-app', project: 'myapp' });
  });

  test('objects deep-merge over the profile; other values and arrays replace', () => {
    const [p] = stacks({
      stacks: { x: { extends: 'cafe', region: 'eu-west-2', network: { azCount: 3 }, operations: { alertEmails: ['a@b.example.com'] } } },
    });
    expect(p.region).toBe('eu-west-2');
    expect(p.network).toEqual({ ...cafe.network, azCount: 3 });
    expect(p.operations).toEqual({ ...cafe.operations, alertEmails: ['a@b.example.com'] });
  });

  test('services merge by name: override, add, remove; schedules replace whole', () => {
    const api = { ...cafe.services[0], name: 'api', pathPatterns: ['/api/*'], schedules: undefined };
    const [p] = stacks({
      stacks: {
        x: {
          extends: 'fastier',
          services: [
            { name: 'web', capacity: { max: 20 }, schedules: [{ name: 'peak', recurrence: '0 8 * * MON-FRI', min: 4 }] },
            { name: 'worker', remove: true },
            api,
          ],
        },
      },
    });
    expect(p.services.map((s) => s.name)).toEqual(['web', 'api']);
    expect(p.services[0].capacity).toEqual({ ...fastier.services[0].capacity, max: 20 });
    expect(p.services[0].schedules).toEqual([{ name: 'peak', recurrence: '0 8 * * MON-FRI', min: 4 }]);
    expect(p.services[1]).toEqual(api);
  });

  test('several stacks from one profile need their own project or environment', () => {
    expect(refusedWith({ stacks: { a: { extends: 'cafe' }, b: { extends: 'cafe' } } })).toEqual([
      expect.stringMatching(/stacks\.b and stacks\.a both name their resources "cafe-production" .* set a different project or environment/),
    ]);
    expect(refusedWith({ stacks: { a: { extends: 'cafe' }, b: { extends: 'cafe', environment: 'staging' } } })).toEqual([]);
  });
});

describe('a config file is refused with every problem at the path the user wrote', () => {
  test('a typo in a key suggests the known one', () => {
    expect(refusedWith({ stacks: { shop: { extends: 'cafe', loadBalancer: { certificateArm: 'x' } } } })).toEqual([
      'stacks.shop.loadBalancer.certificateArm is not a known setting: did you mean "certificateArn"?',
    ]);
    expect(refusedWith({ stack: {} })).toContain('stack is not a known setting: did you mean "stacks"?');
  });

  test('an unknown key with no near match lists the known ones', () => {
    expect(refusedWith({ stacks: { shop: { extends: 'cafe', cdn: { zzz: 1 } } } })).toEqual([
      expect.stringMatching(/^stacks\.shop\.cdn\.zzz is not a known setting: use one of priceClass, albOrigin, /),
    ]);
  });

  test('a wrong type names the expected type, and the fix when only quotes are wrong', () => {
    expect(refusedWith({ stacks: { shop: { extends: 'fastier', database: { multiAz: 'false' }, services: [{ name: 'web', capacity: { min: '3' } }] } } })).toEqual([
      'stacks.shop.services[0].capacity.min must be a whole number, not the string "3": write 3 without quotes',
      'stacks.shop.database.multiAz must be a boolean (true or false), not the string "false": write false without quotes',
    ]);
    expect(refusedWith({ stacks: { shop: { extends: 'cafe', services: { name: 'web' } } } })).toEqual([
      'stacks.shop.services must be an array ([ ... ]), not an object',
    ]);
  });

  test('enumerations list their values and suggest the nearest', () => {
    expect(refusedWith({ stacks: { shop: { extends: 'ecomerce' }, lab2: { extends: 'lab', network: { natGateways: 'per_az' } } } })).toEqual([
      'stacks.shop.extends "ecomerce" is not one of "cafe", "lab", "exercise", "fastier", "fastier-beanstalk", "ecommerce", "ecommerce-eks": did you mean "ecommerce"?',
      'stacks.lab2.network.natGateways "per_az" is not one of "per-az", "single": did you mean "per-az"?',
    ]);
  });

  test('out-of-domain values, located at the user\'s service index', () => {
    expect(refusedWith({ stacks: { shop: { extends: 'fastier', services: [{ name: 'worker', capacity: { min: 1, desired: 1 } }] } } })).toEqual([
      'stacks.shop.services[0].capacity.min (1) must be >= 2 in production so an instance or AZ loss keeps processing the queue',
    ]);
    expect(refusedWith({ stacks: { shop: { extends: 'cafe', region: 'eu-wset-1' } } })).toEqual(['stacks.shop.region "eu-wset-1" is not an AWS region: did you mean "eu-west-1"?']);
  });

  test('problems in inherited services and cross-field rules name the stack and the profile', () => {
    expect(refusedWith({ stacks: { shop: { extends: 'fastier', environment: 'production', queue: { visibilityTimeoutSeconds: 10 } } } })).toEqual([
      'stacks.shop.queue.visibilityTimeoutSeconds (10) must be >= services[1] (worker).processingTimeSeconds (30), or messages are delivered twice: raise the timeout',
    ]);
    expect(refusedWith({ stacks: { shop: { extends: 'fastier', services: [{ name: 'web', remove: true }] } } })).toEqual([
      'stacks.shop.services must include at least one service with kind "web" to serve the site',
    ]);
    expect(refusedWith({ stacks: { shop: { extends: 'fastier', environment: 'production', services: [{ name: 'web', capacity: { min: 1 } }], network: { azCount: 2 } } } })).toEqual([
      'stacks.shop.services[0].capacity.min (1) must be >= 2 in production so an instance or AZ loss keeps serving',
    ]);
    // A rule on a service the stack inherits names the profile it came from.
    const { locate } = mergeStack('shop', { extends: 'fastier', services: [{ name: 'web', capacity: { max: 9 } }] }, fastier);
    expect(locate('services[1] (worker).capacity.min (1) must be >= 2')).toBe('stacks.shop (from profile "fastier"): services[1] (worker).capacity.min (1) must be >= 2');
    expect(locate('services[0] (web).capacity.max (9) must be 1-8')).toBe('stacks.shop.services[0].capacity.max (9) must be 1-8');
    expect(locate('disasterRecovery needs a cross-region replica')).toBe('stacks.shop.disasterRecovery needs a cross-region replica');
    expect(locate('a worker service needs a queue')).toBe('stacks.shop: a worker service needs a queue');
  });

  test('a new service must give every field; removing an unknown one suggests the nearest', () => {
    expect(refusedWith({ stacks: { shop: { extends: 'cafe', services: [{ name: 'api', kind: 'web', pathPatterns: ['/api/*'] }, { name: 'wbe', remove: true }] } } })).toEqual([
      'stacks.shop.services[1] removes "wbe", which profile "cafe" does not have: did you mean "web"?',
      'stacks.shop.services[0] misses instanceType, appPort, capacity: a new service needs every required field (see stormproof.schema.json)',
    ]);
  });

  test('every problem of every stack at once; stack names and extends are checked', () => {
    const problems = refusedWith({ stacks: { Shop: { extends: 'cafe' }, ok: { regoin: 'x' }, also: { extends: 'lab', network: { azCount: 'two' } } } });
    expect(problems).toEqual([
      'stacks: stack name "Shop" must be 1-20 lowercase letters, digits or dashes, starting with a letter',
      'stacks.ok.extends is required: name the built-in profile this stack starts from',
      'stacks.ok.regoin is not a known setting: did you mean "region"?',
      'stacks.also.network.azCount must be a whole number, not the string "two"',
    ]);
    expect(refusedWith({ stacks: {} })).toEqual(['stacks is empty: add a stack, e.g. "my-site": { "extends": "cafe" }']);
  });

  test('invalid JSON is refused with the line and column', () => {
    expect(() => stacksFromFile('{\n  "stacks": {,}\n}', 'stormproof.config.json')).toThrow(
      'stormproof.config.json is not valid JSON (comments and trailing commas are fine):\n  - stormproof.config.json line 2, column 14: a value was expected (ValueExpected)',
    );
  });

  test('JSON with comments and trailing commas (JSONC, as tsconfig.json) is accepted', () => {
    const text = '{\n  // my café\n  "stacks": {\n    /* the one */ "my-cafe": { "extends": "cafe", "region": "eu-west-2", },\n  },\n}\n';
    const [p] = stacksFromFile(text, 'stormproof.config.json');
    expect(p).toEqual({ ...cafe, name: 'my-cafe', region: 'eu-west-2' });
  });

  test('a broken file still names the stacks it can read, so their old output goes; invalid names never', () => {
    try {
      stacksFromFile('{ "stacks": { "shop": { "extends": "cafe" }, "../victim": {}, "": {}, "..": {} "x": 1 } }', 'c.json');
      throw new Error('accepted');
    } catch (e) {
      expect((e as Error).message).toMatch(/^c\.json is not valid JSON .*\n {2}- c\.json line 1, column \d+: a comma is missing/);
      expect((e as ConfigError).stacks).toEqual(['shop', 'x']);
    }
  });

  test('type errors do not hide range errors: every problem at once', () => {
    const problems = refusedWith({
      stacks: {
        shop: { extends: 'cafe', database: { multiAz: 'false' }, network: { azCount: 9 }, region: 'eu-west-1', services: [{ name: 'web', instanceType: 't9.small', capacity: { min: 'two' } }] },
      },
    });
    expect(problems).toEqual(expect.arrayContaining([
      'stacks.shop.database.multiAz must be a boolean (true or false), not the string "false": write false without quotes',
      expect.stringMatching(/^stacks\.shop\.services\[0\]\.capacity\.min must be a/),
      expect.stringMatching(/^stacks\.shop\.network\.azCount/),
      expect.stringMatching(/^stacks\.shop\.services\[0\]\.instanceType "t9\.small"/),
    ]));
  });

  test('invalid stack names are never handed to the refusal (their output paths are never touched)', () => {
    try {
      stacksFromFile(JSON.stringify({ stacks: { '../../victim': { extends: 'cafe' }, '': { extends: 'cafe' }, '..': { extends: 'cafe' }, ok: { extends: 'cafe', regoin: 1 } } }), 'c.json');
      throw new Error('accepted');
    } catch (e) {
      expect((e as ConfigError).stacks).toEqual(['ok']);
    }
  });

  test('the refusal lists the problems under the file name and names the refused stacks', () => {
    try {
      stacksFromFile(JSON.stringify({ stacks: { a: { extends: 'cafe', regoin: 'x' } } }), 'my.json');
      throw new Error('accepted');
    } catch (e) {
      expect((e as Error).message).toBe('Invalid Stormproof configuration my.json:\n  - stacks.a.regoin is not a known setting: did you mean "region"?');
      expect((e as ConfigError).stacks).toEqual(['a']);
    }
  });
});

describe('where the config comes from', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stormproof-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('no file: the built-in profiles, all or selected', () => {
    expect(loadStacks({ cwd: dir }).map((p) => p.name)).toEqual(Object.keys(PROFILES));
    expect(loadStacks({ cwd: dir, selection: 'lab' })).toEqual([PROFILES.lab]);
  });

  test('stormproof.config.json in the working directory, or the file a path names', () => {
    writeFileSync(join(dir, 'stormproof.config.json'), JSON.stringify({ stacks: { here: { extends: 'lab' } } }));
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ stacks: { there: { extends: 'cafe' }, too: { extends: 'lab' } } }));
    expect(loadStacks({ cwd: dir }).map((p) => p.name)).toEqual(['here']);
    expect(loadStacks({ cwd: dir, configPath: 'other.json' }).map((p) => p.name)).toEqual(['there', 'too']);
    expect(loadStacks({ cwd: dir, configPath: 'other.json', selection: 'too' }).map((p) => p.name)).toEqual(['too']);
    expect(() => loadStacks({ cwd: dir, configPath: 'other.json', selection: 'thre' })).toThrow(
      /Unknown profile\(s\) "thre" \(did you mean "there"\?\).*use one or more of there, too \(the stacks of other\.json\)/,
    );
  });

  test('a named file that does not exist is refused', () => {
    expect(() => loadStacks({ cwd: dir, configPath: 'missing.json' })).toThrow(/missing\.json does not exist: give the path of your config file/);
  });
});

describe('inherited behaviour does not surprise', () => {
  test("a stack extending cafe that raises capacity.min is refused while the café's after-show schedule would scale it under that", () => {
    expect(refusedWith({ stacks: { shop: { extends: 'cafe', services: [{ name: 'web', capacity: { min: 3, desired: 3 } }] } } })).toEqual([
      'stacks.shop.services[0].schedules[1] (after-tv-show).min (2) is below capacity.min (3): at 30 0 * * 6 it would scale the group down to 2; set this schedule\'s min to 3 (give "schedules" in full: they replace the profile\'s), or lower capacity.min',
    ]);
    const schedules = cafe.services[0].schedules!.map((s) => (s.name === 'after-tv-show' ? { ...s, min: 3 } : s));
    expect(refusedWith({ stacks: { shop: { extends: 'cafe', services: [{ name: 'web', capacity: { min: 3, desired: 3 }, schedules }] } } })).toEqual([]);
  });
});
