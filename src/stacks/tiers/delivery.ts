import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ProfileConfig } from '../../config/types';
import { Alerts } from '../../constructs/operations/alerts';
import { AppPipeline } from '../../constructs/delivery/app-pipeline';
import { BlueGreenDeployment } from '../../constructs/delivery/blue-green-deployment';
import { Service } from '../../constructs/compute/ec2/service';
import { BeanstalkApp } from '../../constructs/compute/beanstalk/beanstalk';
import { BLUE_GREEN_DEFAULTS } from '../../constructs/delivery/blue-green-deployment-props';

export interface DeliveryProps {
  readonly profile: ProfileConfig;
  /** Name prefix (`<project>-<environment>`). */
  readonly name: string;
  readonly services: Record<string, Service>;
  /** The web service on Elastic Beanstalk (compute "beanstalk"): its pipeline deploys with Beanstalk's action. */
  readonly beanstalk?: BeanstalkApp;
  /** Its alarms (built by Operations) stop and roll back a release. */
  readonly alerts: Alerts;
}

/**
 * Release pipelines for the services with `deploy: 'blue-green'`: one CodePipeline per service
 * (source -> CodeBuild -> CodeDeploy blue/green), rolled back by the load balancer's and the service's
 * alarms (5xx, p95 latency, unhealthy hosts, target 5xx). Built after Operations so those alarms exist.
 */
export class Delivery extends Construct {
  readonly pipelines: Record<string, AppPipeline> = {};
  readonly deployments: Record<string, BlueGreenDeployment> = {};

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const { profile: p, name } = props;
    for (const s of p.services.filter((svc) => svc.deploy === 'blue-green')) {
      const service = props.services[s.name];
      const pipelineName = `${name}-${s.name}`;
      if (!service && props.beanstalk && s.kind === 'web') {
        // Beanstalk deploys the build's bundle with the environment's own policy (no CodeDeploy fleet copy).
        this.pipelines[s.name] = new AppPipeline(this, `${s.name}-pipeline`, {
          name: pipelineName,
          deploy: props.beanstalk.pipelineDeployTarget(),
          buildspec: 'buildspec-beanstalk.yml',
          source: p.delivery?.connection,
          logRetentionDays: p.logRetentionDays,
          forceDestroy: p.environment !== 'production',
        });
        continue;
      }
      const alarmNames = rollbackAlarms(props.alerts, name, s.name);
      const deployment = new BlueGreenDeployment(this, `${s.name}-deployment`, {
        name: pipelineName,
        service,
        alarmNames,
        keepBlueFleetMinutes: p.delivery?.keepOldFleetMinutes ?? BLUE_GREEN_DEFAULTS.keepBlueFleetMinutes,
      });
      const pipeline = new AppPipeline(this, `${s.name}-pipeline`, {
        name: pipelineName,
        deploy: deployment,
        source: p.delivery?.connection,
        logRetentionDays: p.logRetentionDays,
        forceDestroy: p.environment !== 'production',
      });
      this.deployments[s.name] = deployment;
      this.pipelines[s.name] = pipeline;
    }
    const sources = Object.entries(this.pipelines).filter(([, pl]) => pl.sourceLocation);
    if (sources.length > 0) {
      // Stack-level name, read by scripts/release-app.sh: service -> where its release bundle goes.
      new TerraformOutput(TerraformStack.of(this), 'release_sources', {
        value: Object.fromEntries(sources.map(([svc, pl]) => [svc, `s3://${pl.sourceLocation!.bucket}/${pl.sourceLocation!.key}`])),
        description: 'Per blue-green service: upload a release bundle here (scripts/release-app.sh) to start its pipeline',
      });
    }
  }
}

/** The stack's alarms that mean a release hurts users: the ALB's 5xx and latency, the service's own. */
export function rollbackAlarms(alerts: Alerts, name: string, service: string): string[] {
  const wanted = ['alb-5xx', 'alb-latency-p95', `${service}-unhealthy-hosts`, `${service}-target-5xx`].map((a) => `${name}-${a}`);
  return alerts.alarms.map((a) => a.alarmNameInput).filter((n): n is string => !!n && wanted.includes(n));
}
