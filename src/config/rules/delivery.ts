import { ProfileConfig } from '../types';
import { Problems } from './shared';

const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/;

/** Release pipelines: each service's `deploy` switch and the `delivery` section. */
export function checkDelivery(p: ProfileConfig, out: Problems): void {
  p.services.forEach((s, i) => {
    const f = `services[${i}] (${s.name})`;
    if (s.deploy === undefined) return;
    out.need(s.deploy === 'rolling' || s.deploy === 'blue-green', `${f}.deploy "${s.deploy}" must be "rolling" or "blue-green"`);
    if (s.deploy !== 'blue-green') return;
    out.need(s.kind === 'web', `${f}.deploy "blue-green" rolls back on its target group's 5xx rate and unhealthy hosts: only web services can use it; set deploy "rolling" for a worker`);
    if (p.compute !== 'beanstalk' || s.kind !== 'web') return;
    // The pipeline's artifact bucket prefix "<name>-pipeline-" must fit S3's 37 characters.
    const name = `${p.project}-${p.environment}-${s.name}`;
    out.need(name.length <= 27, `${f}: the pipeline name "${name}" is ${name.length} characters, over 27 (its artifact bucket prefix must fit S3's 37): shorten project or the service name`);
  });
  const d = p.delivery;
  if (!d) return;
  out.need(
    p.compute === 'beanstalk',
    'delivery configures the Elastic Beanstalk release pipeline (compute "beanstalk"); EC2 services with deploy "blue-green" have no pipeline: ' +
      'a release is a new launch template version that `terraform apply` writes and scripts/ci/release-fleets.sh rolls (instance refresh, launch before terminate, rollback on the ' +
      'service\'s alarms; CodeDeploy\'s copy of the Auto Scaling group is gone): remove delivery',
  );
  out.need(Number.isInteger(d.keepOldFleetMinutes) && d.keepOldFleetMinutes >= 0 && d.keepOldFleetMinutes <= 2880, `delivery.keepOldFleetMinutes (${d.keepOldFleetMinutes}) must be a whole number from 0 to 2880 (two days)`);
  if (d.connection) {
    out.need(CONNECTION_ARN.test(d.connection.connectionArn), `delivery.connection.connectionArn "${d.connection.connectionArn}" must be a CodeStar connection ARN: create one in the console (Developer Tools -> Connections) and paste its ARN`);
    out.need(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(d.connection.repository), `delivery.connection.repository "${d.connection.repository}" must be "owner/name"`);
  }
  out.need(p.services.some((s) => s.deploy === 'blue-green'), 'delivery configures release pipelines, but no service has deploy "blue-green": set it on a web service or remove delivery');
}
