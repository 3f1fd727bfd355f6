import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ProfileConfig } from '../../config/types';
import { Alerts } from '../../constructs/operations/alerts';
import { AppPipeline } from '../../constructs/delivery/app-pipeline';
import { FleetRelease } from '../../constructs/delivery/fleet-release';
import { Service } from '../../constructs/compute/ec2/service';
import { BeanstalkApp } from '../../constructs/compute/beanstalk/beanstalk';

export interface DeliveryProps {
  readonly profile: ProfileConfig;
  /** Name prefix (`<project>-<environment>`). */
  readonly name: string;
  readonly services: Record<string, Service>;
  /** The web service on Elastic Beanstalk (compute "beanstalk"): its pipeline deploys with Beanstalk's action. */
  readonly beanstalk?: BeanstalkApp;
  /** Its alarms (built by Operations) roll back a release. */
  readonly alerts: Alerts;
}

/**
 * Releases of the services with `deploy: 'blue-green'`. On EC2: a FleetRelease per service (the release is a new
 * launch template version Terraform writes; scripts/ci/release-fleets.sh, run by the CI apply job, rolls it
 * with an instance refresh that its target group's alarms roll back), published as the output `fleet_releases`.
 * No CodePipeline/CodeDeploy: a pipeline writing launch template versions or copying the group would fight
 * Terraform. On Elastic Beanstalk: one CodePipeline (source -> CodeBuild -> Beanstalk deploy). Built after
 * Operations so the alarms exist.
 */
export class Delivery extends Construct {
  readonly pipelines: Record<string, AppPipeline> = {};
  readonly releases: Record<string, FleetRelease> = {};

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const { profile: p, name } = props;
    for (const s of p.services.filter((svc) => svc.deploy === 'blue-green')) {
      const service = props.services[s.name];
      if (!service && props.beanstalk && s.kind === 'web') {
        // Beanstalk deploys the build's bundle with the environment's own policy (no CodeDeploy fleet copy).
        this.pipelines[s.name] = new AppPipeline(this, `${s.name}-pipeline`, {
          name: `${name}-${s.name}`,
          deploy: props.beanstalk.pipelineDeployTarget(),
          buildspec: 'buildspec-beanstalk.yml',
          source: p.delivery?.connection,
          logRetentionDays: p.logRetentionDays,
          forceDestroy: p.environment !== 'production',
        });
        continue;
      }
      if (!service) continue;
      this.releases[s.name] = new FleetRelease(this, `${s.name}-release`, { service, alarms: rollbackAlarms(props.alerts, name, s.name) });
    }
    const stack = TerraformStack.of(this);
    if (Object.keys(this.releases).length > 0) {
      // Stack-level name, read by scripts/ci/release-fleets.sh: service -> its StartInstanceRefresh input.
      new TerraformOutput(stack, 'fleet_releases', {
        value: Object.fromEntries(Object.entries(this.releases).map(([svc, r]) => [svc, r.request])),
        description: 'Per blue-green EC2 service: the instance refresh that releases its newest launch template version (scripts/ci/release-fleets.sh)',
      });
    }
    const sources = Object.entries(this.pipelines).filter(([, pl]) => pl.sourceLocation);
    if (sources.length > 0) {
      // Stack-level name, read by scripts/release-app.sh: service -> where its release bundle goes.
      new TerraformOutput(stack, 'release_sources', {
        value: Object.fromEntries(sources.map(([svc, pl]) => [svc, `s3://${pl.sourceLocation!.bucket}/${pl.sourceLocation!.key}`])),
        description: 'Per Beanstalk blue-green service: upload a release bundle here (scripts/release-app.sh) to start its pipeline',
      });
    }
  }
}

/**
 * The alarms that mean this service's release hurts users, per its own target group: the 5xx rate and unhealthy
 * hosts. Not the load balancer's totals: another service's errors must not roll this one back.
 */
export function rollbackAlarms(alerts: Alerts, name: string, service: string) {
  const wanted = [`${service}-target-5xx`, `${service}-unhealthy-hosts`].map((a) => `${name}-${a}`);
  return alerts.alarms.filter((a) => wanted.includes(a.alarmNameInput ?? ''));
}
