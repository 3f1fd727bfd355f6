import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ecommerce } from '../../src/config/profiles';
import { stacksFromFile } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';

// The README's configuration example and its refusal output, parsed out of README.md.
const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Your own configuration'), readme.indexOf('## How it is built'));
const block = (lang: string, n = 0) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))][n][1];

describe('README: Your own configuration', () => {
  const example = block('json');

  test('the example synthesizes as the README says: two stacks from one profile, staging and production', () => {
    const [staging, prod] = stacksFromFile(example, 'stormproof.config.json');
    expect(staging).toMatchObject({ name: 'shop-staging', environment: 'staging', region: 'eu-west-1', disasterRecovery: { region: 'eu-central-1' } });
    expect(staging.services.map((s) => s.name)).toEqual(['web', 'api']);
    expect(staging.services[1].capacity).toEqual({ ...ecommerce.services[1].capacity, min: 1, desired: 1 });
    expect(staging.operations).toEqual({ ...ecommerce.operations, alertEmails: ['dev@shop.example.com'], monthlyBudgetUsd: 1500 });
    expect(prod).toEqual({
      ...ecommerce,
      name: 'shop-prod',
      database: { ...ecommerce.database!, instanceClass: 'db.r6g.xlarge' },
      services: [{ ...ecommerce.services[0], capacity: { ...ecommerce.services[0].capacity, max: 60 } }, ...ecommerce.services.slice(1)],
    });
  });

  test('the refusal shown is what the app prints for those three mistakes', () => {
    const config = JSON.parse(example);
    const prod = config.stacks['shop-prod'];
    config.stacks['shop-prod'] = { ...prod, regoin: 'eu-west-1', network: { natGateways: 'per_az' }, database: { ...prod.database, multiAz: 'false' } };
    let message = '';
    try {
      stacksFromFile(JSON.stringify(config), 'stormproof.config.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    const shown = [...section.matchAll(/```\n(Invalid Stormproof configuration[\s\S]*?)```/g)][0][1];
    expect(`${message}\n`).toBe(shown);
  });
});
