import { exercise, fastier } from '../../src/config/profiles';
import { CacheConfig, DatabaseConfig, ProfileConfig, QueueConfig, ServiceConfig } from '../../src/config/types';
import { withDefaults } from '../../src/util/defaults';
import { databaseDefaults } from '../../src/constructs/data/database';
import { CACHE_DEFAULTS } from '../../src/constructs/data/cache';
import { problemsOf } from '../support/problems';


const withDatabase = (base: ProfileConfig, change: Partial<DatabaseConfig>): ProfileConfig => ({ ...base, database: { ...base.database!, ...change } });
const withCache = (base: ProfileConfig, change: Partial<CacheConfig>): ProfileConfig => ({ ...base, cache: { ...base.cache!, ...change } });
const withQueue = (base: ProfileConfig, change: Partial<QueueConfig>): ProfileConfig => ({ ...base, queue: { ...base.queue!, ...change } });
const withWorker = (base: ProfileConfig, change: Partial<ServiceConfig>): ProfileConfig => ({
  ...base,
  services: base.services.map((s) => (s.kind === 'worker' ? { ...s, ...change } : s)),
});

describe('data-tier profiles', () => {
  test('exercise: Multi-AZ database with read replicas and a failover cache, valid as shipped', () => {
    expect(problemsOf(exercise)).toEqual([]);
    // What the constructs get: the profile's settings over their defaults.
    const db = withDefaults(databaseDefaults(), exercise.database!);
    expect(db).toMatchObject({ multiAz: true, readReplicas: { count: 2 } });
    expect(db.backupRetentionDays).toBeGreaterThanOrEqual(7);
    expect(withDefaults(CACHE_DEFAULTS, exercise.cache!)).toMatchObject({ automaticFailover: true, nodes: 2 });
  });
  test('fastier: PITR backups, a worker on a queue and a DR region, valid as shipped', () => {
    expect(problemsOf(fastier)).toEqual([]);
    expect(fastier.environment).toBe('production');
    expect(fastier.database!.backupRetentionDays).toBeGreaterThanOrEqual(7); // stated: 14
    expect(fastier.services.filter((s) => s.kind === 'worker')).toHaveLength(1);
    expect(fastier.queue).toBeDefined();
    expect(fastier.disasterRecovery!.region).not.toBe(fastier.region);
  });
});

describe('data-tier validation names the field and the fix', () => {
  test('read replicas need automated backups', () => {
    expect(problemsOf(withDatabase(exercise, { backupRetentionDays: 0 }))).toContainEqual(
      expect.stringMatching(/database\.readReplicas\.count \(2\) needs automated backups: set database\.backupRetentionDays >= 1/),
    );
  });
  test('a cross-region replica needs automated backups', () => {
    expect(problemsOf(withDatabase({ ...fastier, environment: 'staging' }, { backupRetentionDays: 0, readReplicas: { count: 0 } }))).toContainEqual(
      expect.stringMatching(/disasterRecovery needs a cross-region replica.*backupRetentionDays >= 1/),
    );
  });
  test('cache automatic failover needs at least 2 nodes', () => {
    expect(problemsOf(withCache(exercise, { nodes: 1 }))).toContainEqual(expect.stringMatching(/cache\.automaticFailover needs at least 2 nodes \(cache\.nodes is 1\)/));
    expect(problemsOf(withCache(exercise, { nodes: 1, automaticFailover: false }))).toEqual([]);
  });
  test("a worker's processing time must fit in the queue's visibility timeout", () => {
    expect(problemsOf(withQueue(fastier, { visibilityTimeoutSeconds: 20 }))).toContainEqual(
      expect.stringMatching(/queue\.visibilityTimeoutSeconds \(20\) must be >= services\[1\] \(worker\)\.processingTimeSeconds \(30\)/),
    );
    expect(problemsOf(withWorker(fastier, { processingTimeSeconds: 180 }))).toEqual([]);
  });
  test('a worker needs a backlog target and a processing time', () => {
    const problems = problemsOf(withWorker(fastier, { backlogPerInstance: undefined, processingTimeSeconds: undefined }));
    expect(problems).toContainEqual(expect.stringMatching(/\(worker\)\.backlogPerInstance must be > 0/));
    expect(problems).toContainEqual(expect.stringMatching(/\(worker\)\.processingTimeSeconds must be > 0/));
  });
  test('a worker needs a queue', () => {
    expect(problemsOf({ ...fastier, queue: undefined })).toContainEqual(expect.stringMatching(/a worker service needs a queue/));
  });
  test('database instance class and engine version shapes', () => {
    expect(problemsOf(withDatabase(exercise, { instanceClass: 't4g.medium' }))).toContainEqual(expect.stringMatching(/database\.instanceClass "t4g\.medium" is not an RDS instance class: did you mean "db\.t4g\.medium"\?/));
    expect(problemsOf(withDatabase(exercise, { readReplicas: { count: 1, instanceClass: 'db.large' } }))).toContainEqual(
      expect.stringMatching(/database\.readReplicas\.instanceClass "db\.large"/),
    );
    expect(problemsOf(withDatabase(exercise, { engineVersion: 'latest' }))).toContainEqual(expect.stringMatching(/database\.engineVersion "latest" must look like/));
    expect(problemsOf(withDatabase(exercise, { engineVersion: '9.6' }))).toContainEqual(expect.stringMatching(/PostgreSQL majors 13-17/));
    expect(problemsOf(withDatabase(exercise, { engine: 'mysql', engineVersion: '5.7' }))).toContainEqual(expect.stringMatching(/MySQL needs "8\.0" or "8\.4"/));
    expect(problemsOf(withDatabase(exercise, { engine: 'mysql', engineVersion: '8.0.39' }))).toEqual([]);
  });
  test('Performance Insights is refused on the smallest burstable classes', () => {
    expect(problemsOf(withDatabase(exercise, { instanceClass: 'db.t4g.micro' }))).toContainEqual(
      expect.stringMatching(/database\.performanceInsights is not available on db\.t4g\.micro/),
    );
    expect(problemsOf(withDatabase(exercise, { instanceClass: 'db.t4g.micro', performanceInsights: false }))).toEqual([]);
  });
  test('cache node type and an engine version with IAM authentication', () => {
    expect(problemsOf(withCache(exercise, { nodeType: 't4g.small' }))).toContainEqual(expect.stringMatching(/cache\.nodeType "t4g\.small" is not an ElastiCache node type: did you mean "cache\.t4g\.small"\?/));
    expect(problemsOf(withCache(exercise, { engineVersion: '7.1' }))).toContainEqual(expect.stringMatching(/cache\.engineVersion "7\.1" does not support IAM authentication/));
    expect(problemsOf(withCache(exercise, { engine: 'redis', engineVersion: '6.2' }))).toContainEqual(expect.stringMatching(/cache\.engineVersion "6\.2" does not support IAM/));
    expect(problemsOf(withCache(exercise, { engine: 'redis', engineVersion: '7.1' }))).toEqual([]);
    expect(problemsOf(withCache(exercise, { engineVersion: '7.2' }))).toEqual([]);
  });
  test('the DR VPC range must be valid and must not overlap the primary VPC', () => {
    const dr = (cidr: string): ProfileConfig => ({ ...fastier, disasterRecovery: { region: 'eu-central-1', cidr } });
    expect(problemsOf(dr(fastier.network.cidr))).toContainEqual(expect.stringMatching(/disasterRecovery\.cidr "10\.40\.0\.0\/16" overlaps network\.cidr/));
    expect(problemsOf(dr('10.41.0.1/16'))).toContainEqual(expect.stringMatching(/disasterRecovery\.cidr "10\.41\.0\.1\/16" must be an aligned IPv4 CIDR/));
    expect(problemsOf({ ...fastier, disasterRecovery: { region: 'eu-central-1' } })).toEqual([]);
  });
  test('the DR region must differ from the primary region', () => {
    expect(problemsOf({ ...fastier, disasterRecovery: { region: fastier.region } })).toContainEqual(expect.stringMatching(/disasterRecovery\.region must differ/));
  });
});
