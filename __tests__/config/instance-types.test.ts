import { instanceTypeProblem, isKnownType, knownTypes } from '../../src/config/rules/instance-types';
import { PRICE_TABLES, price } from '../../src/tools/cost/prices';
import { PROFILES } from '../../src/config/profiles';
import { stacksFromFile } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';

const refused = (stack: object): string[] => {
  try {
    stacksFromFile(JSON.stringify({ stacks: { shop: { extends: 'exercise', ...stack } } }), 'c.json');
    return [];
  } catch (e) {
    return [...(e as ConfigError).problems];
  }
};

describe('instance types: one dated list for validation and the price tables', () => {
  test('fake EC2 types are refused with a suggestion', () => {
    expect(refused({ services: [{ name: 'web', instanceType: 't9.small' }] })).toEqual([
      'stacks.shop.services[0].instanceType "t9.small" is not an EC2 instance type (list of 2026-12-06 in src/config/rules/instance-types.ts): did you mean "t2.small"?',
    ]);
    expect(refused({ services: [{ name: 'web', instanceType: 't3.gigantic' }] })).toEqual([
      'stacks.shop.services[0].instanceType "t3.gigantic" is not an EC2 instance type: t3 comes in nano, micro, small, medium, large, xlarge, 2xlarge',
    ]);
  });

  test('RDS and ElastiCache classes: db.t2.nano says why, typos get the nearest size', () => {
    expect(refused({ database: { instanceClass: 'db.t2.nano', performanceInsights: false } })).toEqual([
      'stacks.shop.database.instanceClass "db.t2.nano" is not an RDS instance class: db.t2 is a previous generation that current RDS PostgreSQL and MySQL versions no longer offer (and it never had a nano size): use db.t4g or db.t3',
    ]);
    expect(refused({ database: { instanceClass: 'db.r6g.xlarg' } })).toEqual([
      'stacks.shop.database.instanceClass "db.r6g.xlarg" is not an RDS instance class: db.r6g comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge: did you mean "db.r6g.xlarge"?',
    ]);
    expect(refused({ cache: { nodeType: 'cache.t4g.large' } })).toEqual([
      'stacks.shop.cache.nodeType "cache.t4g.large" is not an ElastiCache node type: cache.t4g comes in micro, small, medium',
    ]);
  });

  test('every type the cost tables price is a known type (one source), and every built-in profile uses known types', () => {
    for (const table of Object.values(PRICE_TABLES)) {
      const s = table.sections;
      for (const t of Object.keys(s.ec2?.prices ?? {})) expect([table.region, t, isKnownType('ec2', t)]).toEqual([table.region, t, true]);
      for (const k of Object.keys(s.rds?.prices ?? {}).filter((k) => k.includes(':'))) {
        const t = k.split(':')[1];
        expect([table.region, t, isKnownType('rds', t)]).toEqual([table.region, t, true]);
      }
      for (const t of Object.keys(s.elasticache?.prices ?? {}).filter((k) => k.startsWith('cache.'))) expect([table.region, t, isKnownType('elasticache', t)]).toEqual([table.region, t, true]);
    }
    for (const p of Object.values(PROFILES)) {
      for (const s of p.services) expect(instanceTypeProblem('ec2', s.name, s.instanceType)).toBeUndefined();
      if (p.database?.instanceClass) expect(instanceTypeProblem('rds', 'db', p.database.instanceClass)).toBeUndefined();
      if (p.cache?.nodeType) expect(instanceTypeProblem('elasticache', 'cache', p.cache.nodeType)).toBeUndefined();
    }
    expect(knownTypes('rds')).toContain('db.t4g.micro');
  });
});

test('the cost tables use the same list: a type that does not exist is called so, a real unpriced one names the file to edit', () => {
  expect(() => price('eu-west-1', 'ec2', 't9.small')).toThrow('ec2 type "t9.small" is not an EC2 instance type (list of 2026-12-06 in src/config/rules/instance-types.ts): did you mean "t2.small"?');
  expect(() => price('eu-west-1', 'rds', 'postgres:db.t2.nano')).toThrow(/rds type "db\.t2\.nano" is not an RDS instance class: db\.t2 is a previous generation/);
  expect(() => price('eu-west-1', 'ec2', 'm7i.4xlarge')).toThrow(/^no ec2 price for "m7i\.4xlarge" in eu-west-1: add it to src\/tools\/cost\/prices\/eu-west-1\.json/);
});
