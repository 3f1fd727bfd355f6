import { DatabaseConfig, CacheConfig, ProfileConfig, QueueConfig, ServiceConfig } from './types';
import { ProfileName } from './file';

/**
 * Named, ready-made profiles, one per scenario Stormproof serves. Each starts from the same secure,
 * highly available defaults and says only what differs for its users.
 */

const webService = (overrides: Partial<ServiceConfig> = {}): ServiceConfig => ({
  name: 'web',
  kind: 'web',
  pathPatterns: ['/*'],
  instanceType: 't3.small',
  appPort: 8080,
  healthCheckPath: '/health',
  capacity: { min: 2, max: 6, desired: 2 },
  cpuTargetPercent: 50,
  requestsPerTarget: 1000,
  healthCheckGraceSeconds: 120,
  warmupSeconds: 120,
  minHealthyPercentage: 90,
  rootVolumeGb: 20,
  ...overrides,
});

const postgres = (overrides: Partial<DatabaseConfig> = {}): DatabaseConfig => ({
  engine: 'postgres',
  // A major prefix: RDS applies minor upgrades in the maintenance window and plans show no drift.
  engineVersion: '16',
  instanceClass: 'db.t4g.medium',
  databaseName: 'app',
  masterUsername: 'app_admin',
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 200,
  multiAz: true,
  backupRetentionDays: 7,
  backupWindow: '02:00-03:00',
  maintenanceWindow: 'sun:04:00-sun:05:00',
  performanceInsights: true,
  monitoringIntervalSeconds: 60,
  readReplicas: { count: 1 },
  ...overrides,
});

const valkey = (overrides: Partial<CacheConfig> = {}): CacheConfig => ({
  engine: 'valkey',
  engineVersion: '8.0',
  nodeType: 'cache.t4g.small',
  nodes: 2,
  automaticFailover: true,
  snapshotRetentionDays: 3,
  maintenanceWindow: 'sun:05:00-sun:06:00',
  snapshotWindow: '03:00-04:00',
  ...overrides,
});

const queue = (overrides: Partial<QueueConfig> = {}): QueueConfig => ({
  maxReceiveCount: 5,
  fifo: false,
  visibilityTimeoutSeconds: 180,
  retentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  ...overrides,
});

const base = {
  region: 'eu-west-1',
  project: 'stormproof',
  owner: 'platform-team',
  costCenter: 'web',
  backend: { type: 'local' as const },
  logRetentionDays: 30,
  loadBalancer: { deregistrationDelaySeconds: 30, idleTimeoutSeconds: 60, accessLogs: true },
};

/** The café featured on TV: tens of thousands of visitors in an evening, quiet the rest of the week. */
export const cafe: ProfileConfig = {
  ...base,
  name: 'cafe',
  description: 'Café web app expecting tens of thousands of users after a TV feature',
  environment: 'production',
  project: 'cafe',
  costCenter: 'cafe-marketing',
  network: { cidr: '10.10.0.0/16', azCount: 2, natGateways: 'per-az', flowLogRetentionDays: 30 },
  services: [
    webService({
      capacity: { min: 2, max: 12, desired: 2 },
      // Scale out ahead of the broadcast (Friday 19:30 local time), back down after midnight.
      schedules: [
        { name: 'before-tv-show', recurrence: '30 19 * * 5', timeZone: 'Europe/London', min: 6, desired: 6 },
        { name: 'after-tv-show', recurrence: '30 0 * * 6', timeZone: 'Europe/London', min: 2 },
      ],
    }),
  ],
  operations: { alertEmails: ['owner@cafe.example.com'], monthlyBudgetUsd: 400, auditTrail: true },
};

/** The ELB + Auto Scaling lab: web servers in private subnets, CloudWatch CPU alarms driving scaling. */
export const lab: ProfileConfig = {
  ...base,
  name: 'lab',
  description: 'ELB + Auto Scaling lab: web servers in private subnets with CloudWatch CPU alarms',
  environment: 'dev',
  region: 'us-east-1',
  project: 'lab',
  costCenter: 'training',
  network: { cidr: '10.20.0.0/16', azCount: 2, natGateways: 'single', flowLogRetentionDays: 7 },
  loadBalancer: { ...base.loadBalancer, accessLogs: false },
  logRetentionDays: 7,
  services: [
    webService({
      instanceType: 't3.micro',
      capacity: { min: 2, max: 4, desired: 2 },
      requestsPerTarget: undefined,
      minHealthyPercentage: 50,
      rootVolumeGb: 8,
      cpuAlarms: { highPercent: 70, lowPercent: 20, periodSeconds: 60, evaluationPeriods: 2 },
    }),
  ],
  operations: { alertEmails: [], monthlyBudgetUsd: 50, auditTrail: false },
};

/** The HA exercise: load balancing, auto scaling, multi-AZ, DB failover, read replicas, cache, CDN. */
export const exercise: ProfileConfig = {
  ...base,
  name: 'exercise',
  description: 'HA exercise: ALB, Auto Scaling, multi-AZ, RDS failover + read replicas, cache and CDN',
  environment: 'staging',
  project: 'exercise',
  costCenter: 'training',
  network: { cidr: '10.30.0.0/16', azCount: 3, natGateways: 'single', flowLogRetentionDays: 14 },
  logRetentionDays: 14,
  services: [webService({ capacity: { min: 2, max: 6, desired: 3 } })],
  database: postgres({ readReplicas: { count: 2 } }),
  cache: valkey(),
  cdn: { priceClass: 'PriceClass_100', albOrigin: true, glacierTransitionDays: 90, noncurrentExpirationDays: 30 },
  operations: { alertEmails: [], monthlyBudgetUsd: 600, auditTrail: false },
};

/** Fastier, a Python/PostgreSQL startup whose single EC2 box crashed: zero-downtime deploys and DR. */
export const fastier: ProfileConfig = {
  ...base,
  name: 'fastier',
  description: 'Python/PostgreSQL startup: zero-downtime deploys, point-in-time recovery and cross-region DR',
  environment: 'production',
  project: 'fastier',
  costCenter: 'engineering',
  network: { cidr: '10.40.0.0/16', azCount: 2, natGateways: 'per-az', flowLogRetentionDays: 90 },
  logRetentionDays: 90,
  services: [
    // Releases go blue/green through CodePipeline + CodeDeploy, rolled back on failure or on the alarms.
    webService({ capacity: { min: 2, max: 8, desired: 2 }, minHealthyPercentage: 100, deploy: 'blue-green' }),
    {
      ...webService({ name: 'worker', kind: 'worker', capacity: { min: 2, max: 4, desired: 2 } }),
      pathPatterns: undefined,
      requestsPerTarget: undefined,
      backlogPerInstance: 100,
      processingTimeSeconds: 30,
    },
  ],
  database: postgres({ backupRetentionDays: 14, readReplicas: { count: 1 } }),
  cache: valkey(),
  queue: queue(),
  disasterRecovery: { region: 'eu-central-1', cidr: '10.41.0.0/16' },
  operations: {
    alertEmails: ['oncall@fastier.example.com'],
    monthlyBudgetUsd: 1500,
    auditTrail: true,
    backup: { dailyRetentionDays: 35, monthlyRetentionDays: 365, coldStorageAfterDays: 30 },
  },
};

/** A resilient e-commerce platform for Black Friday: microservices, queues, CDN, WAF and DR. */
export const ecommerce: ProfileConfig = {
  ...base,
  name: 'ecommerce',
  description: 'Resilient e-commerce platform: microservices, SQS decoupling, S3 + CloudFront, WAF and DR',
  environment: 'production',
  region: 'us-east-1',
  project: 'shop',
  costCenter: 'ecommerce',
  network: { cidr: '10.50.0.0/16', azCount: 3, natGateways: 'per-az', flowLogRetentionDays: 90 },
  logRetentionDays: 90,
  services: [
    webService({ capacity: { min: 3, max: 30, desired: 3 }, instanceType: 't3.medium', deploy: 'blue-green' }),
    webService({ name: 'api', pathPatterns: ['/api/*'], capacity: { min: 3, max: 30, desired: 3 }, instanceType: 't3.medium', deploy: 'blue-green' }),
    {
      ...webService({ name: 'orders', kind: 'worker', capacity: { min: 2, max: 20, desired: 2 } }),
      pathPatterns: undefined,
      requestsPerTarget: undefined,
      backlogPerInstance: 50,
      processingTimeSeconds: 20,
    },
  ],
  database: postgres({ instanceClass: 'db.r6g.large', backupRetentionDays: 35, readReplicas: { count: 2 } }),
  cache: valkey({ nodeType: 'cache.r7g.large', nodes: 3 }),
  queue: queue({ maxReceiveCount: 3 }),
  cdn: { priceClass: 'PriceClass_All', albOrigin: true, glacierTransitionDays: 90, noncurrentExpirationDays: 90 },
  waf: { rateLimit: 2000, logRetentionDays: 90 },
  disasterRecovery: { region: 'us-west-2', cidr: '10.51.0.0/16' },
  operations: {
    alertEmails: ['oncall@shop.example.com', 'finance@shop.example.com'],
    monthlyBudgetUsd: 8000,
    auditTrail: true,
    // Seven years of monthly recovery points for the order history, cold after 90 days.
    backup: { dailyRetentionDays: 35, monthlyRetentionDays: 2557, coldStorageAfterDays: 90 },
  },
};

// `satisfies` keeps ProfileName (what a config file's `extends` accepts) and this list in step.
export const PROFILES: Readonly<Record<string, ProfileConfig>> = { cafe, lab, exercise, fastier, ecommerce } satisfies Record<ProfileName, ProfileConfig>;
