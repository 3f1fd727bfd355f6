import { withDefaults } from '../../src/util/defaults';
import { cafe } from '../../src/config/profiles';
import { validateProfile } from '../../src/config/validate';
import { databaseDefaults } from '../../src/constructs/data/database';
import { only, synthProfile } from '../support/synth';

describe('withDefaults', () => {
  test('fills missing and undefined fields, keeps given ones (false and 0 included)', () => {
    const defaults = { nodes: 2, failover: true, window: 'sun:05:00-sun:06:00' };
    expect(withDefaults(defaults, { nodes: 0, failover: false, window: undefined })).toEqual({ nodes: 0, failover: false, window: 'sun:05:00-sun:06:00' });
    expect(withDefaults(defaults, {})).toEqual(defaults);
  });

  test('the engine picks its own default version', () => {
    expect(databaseDefaults('mysql')).toMatchObject({ engine: 'mysql', engineVersion: '8.0' });
    expect(databaseDefaults()).toMatchObject({ engine: 'postgres', engineVersion: '16' });
  });
});

describe('config sections left empty take the constructs\' defaults, in validation and in the stack alike', () => {
  const profile = { ...cafe, name: 'defaults', database: {}, cache: {} };

  test('a production profile with `database: {}` and `cache: {}` is valid: the defaults are Multi-AZ, 7-day backups, failover', () => {
    expect(() => validateProfile(profile)).not.toThrow();
  });

  test('a default overridden with a bad value is still refused', () => {
    expect(() => validateProfile({ ...profile, database: { multiAz: false } })).toThrow(/database.multiAz must be true in production/);
  });

  test('the stack builds what the construct defaults say', () => {
    const { resource } = synthProfile(profile);
    const db = Object.values(resource.aws_db_instance).find((i) => i.tags.Role === 'primary')!;
    expect(db).toMatchObject({ engine: 'postgres', engine_version: '16', instance_class: 'db.t4g.medium', multi_az: true, backup_retention_period: 7, max_allocated_storage: 100 });
    expect(Object.values(resource.aws_db_instance).filter((i) => i.tags.Role === 'read-replica')).toHaveLength(0);
    expect(only(resource, 'aws_elasticache_replication_group')).toMatchObject({ engine: 'valkey', engine_version: '8.0', num_cache_clusters: 2, automatic_failover_enabled: true });
  });
});
