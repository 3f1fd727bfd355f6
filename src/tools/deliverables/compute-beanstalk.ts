/**
 * Elastic Beanstalk environments as the deliverables see them: their settings (namespace/name/value
 * blocks) read into what an architect asks for (instances, ALB, capacity, triggers, deployment policy),
 * the design.md section and the failure-mode rows for this compute option.
 */
import { Resource, asArray, referencesIn } from './tfjson';

export interface BeanstalkEnv {
  readonly address: string;
  readonly name: string;
  /** `blue`, `green` or `single`, from the name. */
  readonly colour: string;
  readonly instanceTypes: string;
  readonly min: number;
  readonly max: number;
  /** Subnets the instances launch into / the environment's ALB spans (resource addresses). */
  readonly instanceSubnets: readonly string[];
  readonly elbSubnets: readonly string[];
  readonly loadBalancer: string;
  readonly deploymentPolicy: string;
  readonly platformUpdates: string;
  readonly trigger: string;
  readonly health: string;
  readonly listeners: string;
}

/** The value of one `setting` block, or undefined. */
export function setting(r: Resource, namespace: string, name: string): string | undefined {
  const s = asArray<any>(r.config.setting).find((x) => x.namespace === namespace && x.name === name);
  return s === undefined ? undefined : String(s.value);
}

/** Reads an `aws_elastic_beanstalk_environment` (undefined for other types). */
export function beanstalkEnv(r: Resource, known: ReadonlySet<string>): BeanstalkEnv | undefined {
  if (r.type !== 'aws_elastic_beanstalk_environment') return undefined;
  const s = (ns: string, name: string) => setting(r, ns, name);
  const subnets = (name: string) => referencesIn(s('aws:ec2:vpc', name), known).filter((a) => a.startsWith('aws_subnet.'));
  const name = typeof r.config.name === 'string' ? r.config.name : r.name;
  const single = s('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance';
  const rolling = s('aws:autoscaling:updatepolicy:rollingupdate', 'RollingUpdateType');
  const listeners = asArray<any>(r.config.setting)
    .filter((x) => /^aws:elbv2:listener:/.test(x.namespace) && x.name === 'ListenerEnabled')
    .map((x) => `${x.namespace.split(':').pop()} ${String(x.value) === 'true' ? 'on' : 'off'}${s(x.namespace, 'Protocol') ? ` (${s(x.namespace, 'Protocol')})` : ''}`);
  return {
    address: r.address,
    name,
    colour: /-blue$/.test(name) ? 'blue' : /-green$/.test(name) ? 'green' : 'single',
    instanceTypes: s('aws:ec2:instances', 'InstanceTypes') ?? s('aws:autoscaling:launchconfiguration', 'InstanceType') ?? 't3.micro',
    min: single ? 1 : Number(s('aws:autoscaling:asg', 'MinSize') ?? 1),
    max: single ? 1 : Number(s('aws:autoscaling:asg', 'MaxSize') ?? 4),
    instanceSubnets: subnets('Subnets'),
    elbSubnets: single ? [] : subnets('ELBSubnets'),
    loadBalancer: single ? 'none (single instance)' : `${s('aws:elasticbeanstalk:environment', 'LoadBalancerType') ?? 'classic'} (${s('aws:ec2:vpc', 'ELBScheme') ?? 'public'})`,
    deploymentPolicy: `${s('aws:elasticbeanstalk:command', 'DeploymentPolicy') ?? 'AllAtOnce'}${s('aws:elasticbeanstalk:command', 'BatchSize') ? `, batch ${s('aws:elasticbeanstalk:command', 'BatchSize')}${s('aws:elasticbeanstalk:command', 'BatchSizeType') === 'Percentage' ? ' %' : ''}` : ''}${rolling ? `; configuration changes ${rolling}` : ''}`,
    platformUpdates:
      s('aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled') === 'true'
        ? `managed, ${s('aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel') ?? 'minor'} updates ${s('aws:elasticbeanstalk:managedactions', 'PreferredStartTime') ?? ''}`.trim()
        : 'manual',
    trigger: `${s('aws:autoscaling:trigger', 'MeasureName') ?? 'NetworkOut'} ${s('aws:autoscaling:trigger', 'Statistic') ?? 'Average'}: out above ${s('aws:autoscaling:trigger', 'UpperThreshold') ?? '6000000'}, in below ${s('aws:autoscaling:trigger', 'LowerThreshold') ?? '2000000'}${s('aws:autoscaling:trigger', 'Unit') ? ` ${s('aws:autoscaling:trigger', 'Unit')}` : ''}`,
    health: `${s('aws:elasticbeanstalk:healthreporting:system', 'SystemType') ?? 'basic'} health, check ${s('aws:elasticbeanstalk:environment:process:default', 'HealthCheckPath') ?? '/'}`,
    listeners: listeners.join(', ') || 'default (HTTP 80)',
  };
}

/** Whether an expression (an association's `resource_arn`) names the environment's ALB, which Beanstalk reports in `load_balancers`. */
export const namesEnvironmentAlb = (expr: unknown, envAddress: string): boolean => String(expr ?? '').includes(`${envAddress}.load_balancers`);

/** Every environment of the stack. */
export function beanstalkEnvs(all: readonly Resource[]): BeanstalkEnv[] {
  const known = new Set(all.map((r) => r.address));
  return all.map((r) => beanstalkEnv(r, known)).filter((e): e is BeanstalkEnv => !!e);
}

export interface ComputeSectionHelpers {
  readonly table: (head: readonly string[], rows: readonly (readonly unknown[])[]) => string;
  readonly azsOf: (subnets: readonly string[]) => string;
  /** Policies and alarms that scale an environment's Auto Scaling group, described. */
  readonly extraTriggers: (env: BeanstalkEnv) => string[];
  /** Web ACLs associated with the environment's ALB (by its `load_balancers` attribute). */
  readonly wafOf: (env: BeanstalkEnv) => string[];
}

/** design.md's Beanstalk section: one row per environment, then deployments and scaling triggers. */
export function beanstalkSection(envs: readonly BeanstalkEnv[], h: ComputeSectionHelpers): string[] {
  if (!envs.length) return [];
  const out = ['### Elastic Beanstalk environments', ''];
  const row = (e: BeanstalkEnv) => {
    const wafs = h.wafOf(e);
    return [
      e.name, e.colour === 'single' ? 'only environment' : `${e.colour} (CNAME swap)`, e.instanceTypes, e.min, e.max, h.azsOf(e.instanceSubnets),
      `${e.loadBalancer}${e.elbSubnets.length ? ` over ${h.azsOf(e.elbSubnets)}` : ''}${wafs.length ? `; WAF ${wafs.join(', ')}` : ''}`, e.listeners, e.health,
    ];
  };
  out.push(h.table(['environment', 'role', 'instance types', 'min', 'max', 'instances in', 'load balancer (AZs)', 'listeners', 'health'], envs.map(row)), '');
  out.push('**Releases and platform**', '', h.table(['environment', 'deployment policy', 'platform updates'], envs.map((e) => [e.name, e.deploymentPolicy, e.platformUpdates])), '');
  if (envs.some((e) => e.colour !== 'single')) {
    out.push(
      'Blue/green: a release deploys to the idle environment, which is checked, then `npm run bluegreen -- <stack> swap` exchanges the CNAMEs (run again to swap back). Both environments keep their minimum running.',
      '',
    );
  }
  out.push('**Scaling triggers** (Beanstalk\'s own trigger plus the policies on the environment\'s Auto Scaling group)', '',
    h.table(['environment', 'triggers'], envs.map((e) => [e.name, [`Beanstalk trigger: ${e.trigger}`, ...h.extraTriggers(e)].join('; ')])), '');
  return out;
}

export interface FailureRow {
  readonly failure: string;
  readonly takesOver: string;
  readonly rto: string;
  readonly rpo: string;
  readonly notCovered: string;
}

/** Failure-mode rows for Beanstalk environments. */
export function beanstalkFailures(envs: readonly BeanstalkEnv[], azCount: (subnets: readonly string[]) => number): FailureRow[] {
  if (!envs.length) return [];
  const rows: FailureRow[] = [];
  const one = envs.filter((e) => e.min < 2).map((e) => e.name);
  rows.push({
    failure: 'A Beanstalk instance fails',
    takesOver: `the environment's ALB stops routing to it and its Auto Scaling group replaces it (${envs.map((e) => `${e.name}: ${e.health}`).join('; ')})`,
    rto: one.length ? `${one.join(', ')} run one instance at minimum: an outage of a few minutes` : 'no outage (other instances serve); capacity back in a few minutes',
    rpo: 'none: instances are stateless',
    notCovered: 'requests in flight on the failed instance',
  });
  const narrow = envs.filter((e) => azCount(e.instanceSubnets) < 2).map((e) => e.name);
  rows.push({
    failure: 'An AZ fails (Beanstalk environments)',
    takesOver: `each environment's instances in the other AZ(s) keep serving; its Auto Scaling group launches replacements there (${envs.map((e) => `${e.name} over ${azCount(e.instanceSubnets)} AZs`).join(', ')})`,
    rto: narrow.length ? `${narrow.join(', ')} run in one AZ: down until it recovers` : 'serving continues at reduced capacity; full capacity after replacements (~5 min)',
    rpo: 'none: instances are stateless',
    notCovered: narrow.length ? `${narrow.join(', ')} in one AZ` : 'nothing beyond reduced capacity',
  });
  if (envs.some((e) => e.colour === 'blue') && envs.some((e) => e.colour === 'green')) {
    rows.push({
      failure: 'A release is bad (blue/green environment swap)',
      takesOver: 'swap the CNAMEs back (`npm run bluegreen -- <stack> swap`): the previous environment still runs the previous version',
      rto: 'DNS TTL of the environment CNAME (about a minute) after the swap',
      rpo: 'none in the app tier; writes the bad version made to the database stay',
      notCovered: 'schema migrations the bad version applied; clients caching the old DNS answer until its TTL ends',
    });
  }
  return rows;
}
