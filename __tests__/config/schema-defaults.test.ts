import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DEFAULTS } from '../../src/constructs/data/cache-props';
import { DATABASE_DEFAULTS } from '../../src/constructs/data/database-props';
import { QUEUE_DEFAULTS } from '../../src/constructs/data/queue-props';
import { CPU_ALARM_DEFAULTS } from '../../src/constructs/compute/ec2/auto-scaling-props';
import { SERVICE_DEFAULTS } from '../../src/constructs/compute/ec2/service-props';
import { LOAD_BALANCER_DEFAULTS } from '../../src/constructs/network/load-balancer-props';

/**
 * The defaults a config-file user reads in stormproof.schema.json (from the `@default` tags of config/types.ts)
 * are the ones the constructs apply (`*_DEFAULTS` in their leaf props files): a default changed in one place
 * and not the other fails here.
 */
const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'stormproof.schema.json'), 'utf8'));

/** The value a schema `default` states: numbers and booleans as they are, `'valkey' (why)` -> valkey, `345600 (4 days)` -> 345600. */
function stated(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const quoted = /^'([^']*)'/.exec(value);
  if (quoted) return quoted[1];
  const number = /^(\d+(?:\.\d+)?)(?:\s|$)/.exec(value);
  return number ? Number(number[1]) : value;
}

const PAIRS: [string, Record<string, unknown>][] = [
  ['DatabaseConfig', DATABASE_DEFAULTS],
  ['CacheConfig', CACHE_DEFAULTS],
  ['QueueConfig', QUEUE_DEFAULTS],
  ['CpuAlarmConfig', CPU_ALARM_DEFAULTS],
  ['LoadBalancerConfig', LOAD_BALANCER_DEFAULTS],
  ['ServiceConfig', SERVICE_DEFAULTS],
];

describe('schema defaults equal the constructs\' *_DEFAULTS', () => {
  test.each(PAIRS)('%s', (definition, defaults) => {
    for (const name of [definition, `${definition}Override`]) {
      const properties: Record<string, { default?: unknown }> = schema.definitions[name].properties;
      const compared: string[] = [];
      const problems: string[] = [];
      for (const [key, value] of Object.entries(defaults)) {
        if (typeof value === 'object') continue; // shapes (readReplicas) document "- none" in words
        const property = properties[key];
        if (!property) continue; // a construct default config does not expose
        if (!('default' in property)) {
          problems.push(`${name}.${key} has no @default in config/types.ts (the construct's is ${JSON.stringify(value)})`);
          continue;
        }
        compared.push(key);
        if (stated(property.default) !== value) {
          problems.push(`${name}.${key}: the schema says ${JSON.stringify(property.default)}, the construct applies ${JSON.stringify(value)}`);
        }
      }
      expect(problems).toEqual([]);
      expect(compared.length).toBeGreaterThanOrEqual(Math.min(2, Object.keys(defaults).length));
    }
  });

  test('reads the stated value out of a documented default', () => {
    expect(stated("'valkey' (costs less than Redis OSS)")).toBe('valkey');
    expect(stated('345600 (4 days)')).toBe(345600);
    expect(stated('db.t4g.medium')).toBe('db.t4g.medium');
    expect(stated(true)).toBe(true);
    expect(stated("- '16' for postgres")).toBe("- '16' for postgres");
  });
});
