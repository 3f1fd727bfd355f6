import { ProfileConfig, ServiceConfig } from './types';
import { ProfileName } from './file';

/**
 * Named, ready-made profiles, one per scenario Stormproof serves. Each starts from the constructs' secure,
 * highly available defaults (documented once, on each construct's props) and says only what differs.
 */

const webService = (overrides: Partial<ServiceConfig> = {}): ServiceConfig => ({
  name: 'web',
  kind: 'web',
  instanceType: 't3.small',
  appPort: 8080,
  capacity: { min: 2, max: 6, desired: 2 },
  requestsPerTarget: 1000,
  ...overrides,
});

/** A queue worker: no load balancer, scales on its backlog per instance. */
const worker = (overrides: Partial<ServiceConfig> & Pick<ServiceConfig, 'name' | 'capacity' | 'backlogPerInstance' | 'processingTimeSeconds'>): ServiceConfig => ({
  kind: 'worker',
  instanceType: 't3.small',
  appPort: 8080,
  ...overrides,
});

/** Storage grows to 200 GiB before anyone has to look (the construct's default ceiling is 100). */
const DATABASE_STORAGE = { maxAllocatedStorageGb: 200 };
/** Workers take up to 30 s per message; 180 s of invisibility leaves room for retries within one receive. */
const QUEUE_VISIBILITY = { visibilityTimeoutSeconds: 180 };

const base = {
  region: 'eu-west-1',
  project: 'stormproof',
  owner: 'platform-team',
  costCenter: 'web',
  backend: { type: 'local' as const },
  logRetentionDays: 30,
  loadBalancer: {},
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
  // Runs without a domain, so without a certificate: set dns to serve HTTPS (README, "Turning HTTPS on").
  loadBalancer: { ...base.loadBalancer, plainHttp: 'demo-only' },
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
  // npm run cost: average month with weekly TV evenings ~$343, 76 % of $450 (under the 80 % alert; $400 was 86 %).
  operations: { alertEmails: ['owner@cafe.example.com'], monthlyBudgetUsd: 450, auditTrail: true },
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
  loadBalancer: { accessLogs: false },
  logRetentionDays: 7,
  services: [
    webService({
      instanceType: 't3.micro',
      capacity: { min: 2, max: 4, desired: 2 },
      requestsPerTarget: undefined,
      minHealthyPercentage: 50,
      rootVolumeGb: 8,
      cpuAlarms: { highPercent: 70, lowPercent: 20 },
    }),
  ],
  // npm run cost: baseline ~$118, average month with a class day ~$120 (NAT, ALB, two instances): 69 % of $175, under the 80 % alert.
  operations: { alertEmails: [], monthlyBudgetUsd: 175, auditTrail: false },
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
  database: { ...DATABASE_STORAGE, readReplicas: { count: 2 } },
  cache: {},
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
    // Releases launch before terminate (instance refresh, min 100 %), rolled back on the web target group's 5xx rate or unhealthy hosts.
    // t3.medium: 4 GiB, what the crashing single server had; memory is watched and scaled on, not only CPU.
    webService({ capacity: { min: 2, max: 8, desired: 2 }, minHealthyPercentage: 100, deploy: 'blue-green', instanceType: 't3.medium', memoryTargetPercent: 70 }),
    worker({ name: 'worker', capacity: { min: 2, max: 4, desired: 2 }, backlogPerInstance: 100, processingTimeSeconds: 30 }),
  ],
  database: { ...DATABASE_STORAGE, backupRetentionDays: 14, readReplicas: { count: 1 } },
  cache: {},
  queue: { ...QUEUE_VISIBILITY },
  // Warm standby: the web and worker groups run one instance each in eu-central-1 behind their own ALB, so the
  // domain fails over by itself (Route 53 PRIMARY/SECONDARY) within minutes of the primary's health check failing.
  disasterRecovery: { region: 'eu-central-1', cidr: '10.41.0.0/16', strategy: 'warm-standby', standby: { min: 1 } },
  // SSL terminates at the ALB (certificate issued for the domain); Route 53 health-checks the ALB and fails
  // the name over to the CloudFront maintenance page. Replace the zone and domain with your own.
  dns: { hostedZoneId: 'Z0FASTIEREXAMPLE0000', domainName: 'app.fastier.example.com', failover: 'maintenance-page' },
  cdn: { priceClass: 'PriceClass_100', albOrigin: false, glacierTransitionDays: 90, noncurrentExpirationDays: 30 },
  operations: {
    alertEmails: ['oncall@fastier.example.com'],
    monthlyBudgetUsd: 1500,
    auditTrail: true,
    backup: { dailyRetentionDays: 35, monthlyRetentionDays: 365, coldStorageAfterDays: 30 },
  },
};

/**
 * Fastier's chosen design: the same data tier, queue worker, DR and edge, with the web service on Elastic Beanstalk
 * (blue/green environments over 2 AZs, HTTPS on a certificate the stack issues, managed platform updates).
 */
export const fastierBeanstalk: ProfileConfig = {
  ...fastier,
  name: 'fastier-beanstalk',
  description: 'Python/PostgreSQL startup on Elastic Beanstalk: blue/green deploys, memory-aware scaling, PITR and cross-region DR',
  // Its own project so it can run beside `fastier` in one account during a migration (names never collide).
  project: 'fastier-eb',
  network: { ...fastier.network, cidr: '10.42.0.0/16' },
  // backup-restore: a pilot light copies EC2 Auto Scaling groups; a Beanstalk application's environments would
  // need their own standby environment (and a second blue/green pair) in the DR region, not built yet.
  disasterRecovery: { region: 'eu-central-1', cidr: '10.43.0.0/16' },
  // fastier's edge: SSL terminates at both environments' ALBs on a certificate issued for the domain; Route 53 aliases
  // the live CNAME (a swap moves it, the record never changes), health-checks it and fails over to CloudFront's
  // maintenance page; CloudFront serves the static assets. Its own name, so it can run beside fastier (a migration
  // moves the real name: deliverables' migration.md); replace the zone and domain with your own.
  dns: { ...fastier.dns!, domainName: 'eb.fastier.example.com' },
  // A regional ACL on each environment's ALB and a CloudFront one, 2,000 requests per 5 minutes per client IP.
  waf: { rateLimit: 2000, logRetentionDays: 90 },
  compute: 'beanstalk',
  beanstalk: { platform: 'python', solutionStack: 'pinned', deployment: 'blue-green', versionsToKeep: 20, platformUpdateWindow: 'Sun:04:00' },
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
    worker({ name: 'orders', capacity: { min: 2, max: 20, desired: 2 }, backlogPerInstance: 50, processingTimeSeconds: 20 }),
  ],
  database: { ...DATABASE_STORAGE, instanceClass: 'db.r6g.large', backupRetentionDays: 35, readReplicas: { count: 2 } },
  cache: { nodeType: 'cache.r7g.large', nodes: 3 },
  queue: { ...QUEUE_VISIBILITY, maxReceiveCount: 3 },
  cdn: { priceClass: 'PriceClass_All', albOrigin: true, glacierTransitionDays: 90, noncurrentExpirationDays: 90 },
  waf: { rateLimit: 2000, logRetentionDays: 90 },
  // Pilot light: the three services' groups stand at 0 in us-west-2 with their ALB, queues, parameters and
  // replicated buckets; failover promotes the replica and scales the groups up (npm run drill -- ecommerce region-failover).
  disasterRecovery: { region: 'us-west-2', cidr: '10.51.0.0/16', strategy: 'pilot-light' },
  operations: {
    alertEmails: ['oncall@shop.example.com', 'finance@shop.example.com'],
    monthlyBudgetUsd: 8000,
    auditTrail: true,
    // Seven years of monthly recovery points for the order history, cold after 90 days.
    backup: { dailyRetentionDays: 35, monthlyRetentionDays: 2557, coldStorageAfterDays: 90 },
  },
};

/**
 * The e-commerce platform with its services on EKS: same tiers, data and operations as `ecommerce`, the
 * services as pods (HPA on CPU, KEDA on queue depth) on EKS Auto Mode nodes (Spot preferred, on-demand fallback,
 * spread over every AZ). Auto Mode creates the ALB from the Ingress (WAF attached by name); CloudFront serves static assets.
 */
export const ecommerceEks: ProfileConfig = {
  ...ecommerce,
  name: 'ecommerce-eks',
  description: 'Resilient e-commerce platform on EKS Auto Mode: nodes across AZs, services as cdk8s manifests',
  project: 'shop-eks',
  costCenter: 'ecommerce',
  network: { ...ecommerce.network, cidr: '10.60.0.0/16' },
  // The Ingress ALB belongs to EKS Auto Mode's load balancing: no stack ALB, so no access-log bucket for it.
  // Without a domain it listens on HTTP only, said here as the TLS rule asks: set loadBalancer.certificateArn
  // and the Ingress gets an HTTPS listener with a redirect (docs/eks.md).
  loadBalancer: { ...ecommerce.loadBalancer, accessLogs: false, plainHttp: 'demo-only' },
  compute: 'eks',
  eks: {
    // Standard support 2026-01-28 to 2027-03-27 (EKS release calendar): plan 1.36 before then.
    version: '1.35',
    publicAccessCidrs: [],
    logRetentionDays: 90,
    onDemand: { instanceTypes: ['m6i.large'], min: 3, max: 12, desired: 3, diskGb: 50 },
    spot: { instanceTypes: ['m6i.large', 'm6a.large', 'm5.large', 'm7i.large'], min: 0, max: 20, desired: 0, diskGb: 50 },
    // Auto Mode runs vpc-cni, kube-proxy, CoreDNS and the Pod Identity agent itself; metrics-server feeds the HPA and KEDA's CPU trigger.
    addons: { metricsServer: 'v0.8.1-eksbuild.5' },
    adminRoleNames: ['platform-admin'],
    viewerRoleNames: ['platform-oncall'],
    namespace: 'shop',
    image: 'public.ecr.aws/docker/library/python:3.12-slim',
    defaultPod: { cpuMillis: 250, cpuLimitMillis: 1000, memoryMiB: 256 },
  },
  // Same services; capacity now counts pods (the HPA's min/max), the worker's backlog target is per pod.
  // A release is a Deployment rollout (no CodeDeploy blue-green: that copies Auto Scaling groups).
  services: ecommerce.services.map(({ deploy: _rollout, ...s }) => (s.kind === 'worker' ? { ...s, pod: { cpuMillis: 200, cpuLimitMillis: 500, memoryMiB: 256 } } : s)),
  delivery: undefined,
  cdn: { ...ecommerce.cdn!, albOrigin: false },
  // backup-restore: a pilot light would be a second EKS cluster (control plane billed around the clock) and
  // its Auto Mode nodes; on failover the cluster is rebuilt from this code and the manifests re-applied.
  disasterRecovery: { region: 'us-west-2', cidr: '10.61.0.0/16' },
};

// `satisfies` keeps ProfileName (what a config file's `extends` accepts) and this list in step.
export const PROFILES: Readonly<Record<string, ProfileConfig>> = {
  cafe,
  lab,
  exercise,
  fastier,
  'fastier-beanstalk': fastierBeanstalk,
  ecommerce,
  'ecommerce-eks': ecommerceEks,
} satisfies Record<ProfileName, ProfileConfig>;
