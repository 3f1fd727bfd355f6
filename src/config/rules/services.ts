import { ProfileConfig, ServiceConfig } from '../types';
import { nearest } from '../suggest';
import { cronProblems } from './cron';
import { withDefaults } from '../../util/defaults';
import { CPU_ALARM_DEFAULTS } from '../../constructs/compute/ec2/auto-scaling-props';
import { LOAD_BALANCER_DEFAULTS } from '../../constructs/network/load-balancer-props';
import { SERVICE_DEFAULTS } from '../../constructs/compute/ec2/service-props';
import { checkAppPort, checkCapacity, checkCpuAlarmThresholds, checkWarmPool } from '../../util/rules';
import { NAME, Problems } from './shared';
import { instanceTypeProblem } from './instance-types';
import { beanstalkBundleProblems } from '../../constructs/compute/beanstalk/beanstalk-props';
import { bundleProblems, containerProblems, environmentProblems, imageSourceProblems, parseSecretReference, PLATFORM_REFERENCES } from '../../constructs/compute/ec2/app-source-props';

const AMI = /^ami-[0-9a-f]{8,17}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

/** The load balancer's certificate and timeouts. */
export function checkLoadBalancer(p: ProfileConfig, out: Problems): void {
  const lb = withDefaults(LOAD_BALANCER_DEFAULTS, p.loadBalancer);
  if (lb.certificateArn !== undefined) {
    out.need(ACM_ARN.test(lb.certificateArn), `loadBalancer.certificateArn "${lb.certificateArn}" is not an ACM certificate ARN: use arn:aws:acm:<region>:<account>:certificate/<id>`);
  }
  out.need(
    lb.deregistrationDelaySeconds >= 0 && lb.deregistrationDelaySeconds <= 3600,
    `loadBalancer.deregistrationDelaySeconds (${lb.deregistrationDelaySeconds}) must be 0-3600`,
  );
  out.need(lb.idleTimeoutSeconds >= 1 && lb.idleTimeoutSeconds <= 4000, `loadBalancer.idleTimeoutSeconds (${lb.idleTimeoutSeconds}) must be 1-4000`);
}

/** Services as a set: one default web service, unique names and path patterns, a queue for workers. */
export function checkServices(p: ProfileConfig, out: Problems): void {
  const web = p.services.filter((s) => s.kind === 'web');
  out.need(web.length > 0, 'services must include at least one service with kind "web" to serve the site');
  const names = new Set<string>();
  const claimed = new Map<string, string>();
  p.services.forEach((s, i) => {
    const f = `services[${i}] (${s.name})`;
    out.need(!names.has(s.name), `${f}.name "${s.name}" is used twice: give every service its own name`);
    names.add(s.name);
    checkService(withDefaults(SERVICE_DEFAULTS, s), f, p, out);
    if (s.kind !== 'web') return;
    (s.pathPatterns ?? ['/*']).forEach((pattern, j) => {
      const owner = claimed.get(pattern);
      // Listener rules match by priority: the second service claiming a pattern never gets that traffic.
      if (owner && pattern !== '/*') out.add(`${f}.pathPatterns[${j}] "${pattern}" is already routed to ${owner}: give each path pattern to one service`);
      else claimed.set(pattern, f);
    });
  });
  const defaults = web.filter((s) => (s.pathPatterns ?? ['/*']).includes('/*'));
  if (web.length > 0) {
    out.need(defaults.length === 1, `exactly one web service must route "/*" (the default action); found ${defaults.length}: set pathPatterns so one service has "/*"`);
  }
  if (p.services.some((s) => s.kind === 'worker')) {
    out.need(!!p.queue, 'a worker service needs a queue: add a queue section or remove the worker');
  }
}

function checkService(s: ServiceConfig & typeof SERVICE_DEFAULTS, f: string, p: ProfileConfig, out: Problems): void {
  out.need(NAME.test(s.name), `${f}.name "${s.name}" must be lowercase letters, digits or dashes, starting with a letter`);
  out.report(instanceTypeProblem('ec2', `${f}.instanceType`, s.instanceType));
  if (s.amiId !== undefined) out.need(AMI.test(s.amiId), `${f}.amiId "${s.amiId}" must look like "ami-0123456789abcdef0"`);
  checkAppSource(s, f, p, out);
  out.report(checkAppPort(s.appPort, `${f}.`));
  out.need(s.healthCheckPath.startsWith('/'), `${f}.healthCheckPath "${s.healthCheckPath}" must start with '/': use e.g. "/health"`);
  checkServiceCapacity(s, f, p, out);
  out.need(s.cpuTargetPercent > 0 && s.cpuTargetPercent <= 100, `${f}.cpuTargetPercent (${s.cpuTargetPercent}) must be 1-100`);
  out.need(s.minHealthyPercentage >= 0 && s.minHealthyPercentage <= 100, `${f}.minHealthyPercentage (${s.minHealthyPercentage}) must be 0-100`);
  out.need(s.rootVolumeGb >= 8 && s.rootVolumeGb <= 16384, `${f}.rootVolumeGb (${s.rootVolumeGb}) must be 8-16384`);
  out.need(s.healthCheckGraceSeconds >= 0, `${f}.healthCheckGraceSeconds must be >= 0`);
  out.need(s.warmupSeconds >= 0, `${f}.warmupSeconds must be >= 0`);
  if (s.kind === 'web') {
    (s.pathPatterns ?? ['/*']).forEach((pp, j) => out.need(pp.startsWith('/'), `${f}.pathPatterns[${j}] "${pp}" must start with '/'`));
    if (s.requestsPerTarget !== undefined) out.need(s.requestsPerTarget > 0, `${f}.requestsPerTarget must be > 0`);
    out.need(s.backlogPerInstance === undefined && s.processingTimeSeconds === undefined, `${f}: backlogPerInstance and processingTimeSeconds are for worker services; remove them or set kind "worker"`);
  } else {
    out.need(s.pathPatterns === undefined && s.requestsPerTarget === undefined, `${f}: pathPatterns and requestsPerTarget are for web services; a worker has no target group`);
    out.need((s.backlogPerInstance ?? 0) > 0, `${f}.backlogPerInstance must be > 0 for a worker (messages one instance can fall behind by)`);
    out.need((s.processingTimeSeconds ?? 0) > 0, `${f}.processingTimeSeconds must be > 0 for a worker`);
  }
  if (s.warmPool) out.report(checkWarmPool(s.warmPool.minSize, s.capacity.max, `${f}.`));
  if (s.cpuAlarms) {
    const a = withDefaults(CPU_ALARM_DEFAULTS, s.cpuAlarms);
    out.report(checkCpuAlarmThresholds(a.lowPercent, a.highPercent, `${f}.`));
    out.need(a.highPercent <= 100 && a.lowPercent >= 0, `${f}.cpuAlarms thresholds must be 0-100`);
    out.need(a.periodSeconds >= 60 && a.periodSeconds % 60 === 0, `${f}.cpuAlarms.periodSeconds (${a.periodSeconds}) must be a multiple of 60`);
    out.need(a.evaluationPeriods >= 1, `${f}.cpuAlarms.evaluationPeriods must be >= 1`);
  }
  (s.schedules ?? []).forEach((_, j) => checkSchedule(s, `${f}.schedules[${j}]`, j, out));
}

/** The group's own order (the rule Service applies), a ceiling, and room to lose an instance in production. */
function checkServiceCapacity(s: ServiceConfig, f: string, p: ProfileConfig, out: Problems): void {
  const { min, max } = s.capacity;
  out.report(...checkCapacity(s.capacity, `${f}.`));
  out.need(max >= 1 && max <= 1000, `${f}.capacity.max (${max}) must be 1-1000`);
  if (p.environment === 'production') {
    // One worker means queue processing stops while its AZ is down, as one web instance stops serving.
    const keeps = s.kind === 'web' ? 'keeps serving' : 'keeps processing the queue';
    out.need(min >= 2, `${f}.capacity.min (${min}) must be >= 2 in production so an instance or AZ loss ${keeps}`);
  }
}

function checkSchedule(s: ServiceConfig, sf: string, j: number, out: Problems): void {
  const sch = s.schedules![j];
  out.need(/^[a-z0-9-]+$/.test(sch.name), `${sf}.name "${sch.name}" must be lowercase letters, digits or dashes`);
  for (const problem of cronProblems(sch.recurrence)) out.add(`${sf}.recurrence "${sch.recurrence}"${problem.startsWith('must') ? ' ' : ': '}${problem}`);
  if (sch.timeZone !== undefined && !isTimeZone(sch.timeZone)) {
    const guess = nearest(sch.timeZone, Intl.supportedValuesOf('timeZone'));
    out.add(`${sf}.timeZone "${sch.timeZone}" is not an IANA time zone: ${guess ? `did you mean "${guess}"?` : 'use e.g. "Europe/London" or "UTC"'}`);
  }
  out.need(sch.min !== undefined || sch.max !== undefined || sch.desired !== undefined, `${sf} must set at least one of min, max, desired`);
  // A schedule that lowers the group under its own minimum undoes the floor the stack asked for (an inherited
  // "after the peak" schedule written for a smaller capacity.min): refuse it, naming both fixes.
  if (sch.min !== undefined) {
    out.need(
      sch.min >= s.capacity.min,
      `${sf} (${sch.name}).min (${sch.min}) is below capacity.min (${s.capacity.min}): at ${sch.recurrence} it would scale the group down to ${sch.min}; set this schedule's min to ${s.capacity.min} (give "schedules" in full: they replace the profile's), or lower capacity.min`,
    );
  }
  const smin = sch.min ?? s.capacity.min;
  const smax = sch.max ?? s.capacity.max;
  out.need(smin <= smax, `${sf}.min (${smin}) must be <= max (${smax})`);
  if (sch.desired !== undefined) out.need(sch.desired >= smin && sch.desired <= smax, `${sf}.desired (${sch.desired}) must be within [${smin}, ${smax}]`);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Image source, bundle, env and secrets of one service (issue 27): exactly one image source, a bundle that exists, references the stack provides. */
function checkAppSource(s: ServiceConfig, f: string, p: ProfileConfig, out: Problems): void {
  out.need(s.amiId === undefined || s.image === undefined, `${f}: set amiId or image, not both (amiId is image: { "ami": ... })`);
  out.report(...imageSourceProblems(s.image, `${f}.image`));
  out.report(...bundleProblems(s.bundle, `${f}.bundle`));
  out.report(...environmentProblems(s.env as Record<string, string> | undefined, s.secrets as Record<string, string> | undefined, f));
  const ec2 = p.compute === undefined || p.compute === 'ec2' || (p.compute === 'beanstalk' && s.kind === 'worker');
  if (!ec2) {
    // A Beanstalk web service's bundle is its application version's source bundle.
    const fields = p.compute === 'beanstalk' ? (['image', 'userData'] as const) : (['image', 'bundle', 'userData'] as const);
    for (const field of fields) {
      if (s[field] !== undefined) out.add(`${f}.${field} applies to EC2 services only: with compute "${p.compute}" ${p.compute === 'eks' ? 'use container' : 'the web service runs on Beanstalk'}`);
    }
  }
  out.report(...containerProblems(s.container, `${f}.container`));
  if (p.compute === 'beanstalk' && s.kind === 'web' && s.bundle && bundleProblems(s.bundle, 'bundle').length === 0) {
    out.report(...beanstalkBundleProblems(s.bundle, p.beanstalk?.platform ?? 'python', `${f}.bundle`));
  }
  if (s.container !== undefined && p.compute !== 'eks') out.add(`${f}.container applies to compute "eks" only: on EC2 use bundle (and image)`);
  for (const [name, value] of Object.entries(s.secrets ?? {})) {
    const ref = parseSecretReference(value);
    if (typeof ref === 'string') {
      out.add(`${f}.secrets.${name}: ${ref}`);
      continue;
    }
    const platform = PLATFORM_REFERENCES[value];
    if (platform && !p[platform.needs]) out.add(`${f}.secrets.${name} refers to ${value}, but the stack has no ${platform.needs} section: add one or remove the reference`);
  }
}
