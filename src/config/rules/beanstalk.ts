import { ProfileConfig } from '../types';
import { Problems } from './shared';

const PLATFORM_UPDATE_WINDOW = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d$/;

/** `compute: "beanstalk"`: one web service on Beanstalk (each environment its own ALB), workers stay on EC2 Auto Scaling. */
export function checkBeanstalk(p: ProfileConfig, out: Problems): void {
  const compute = p.compute ?? 'ec2';
  if (compute !== 'beanstalk') {
    out.need(p.beanstalk === undefined, 'the beanstalk section is only read with compute "beanstalk": set compute to "beanstalk" or remove the section');
    return;
  }
  const b = p.beanstalk;
  out.need(!!b, 'compute "beanstalk" needs a beanstalk section (platform, solutionStack, deployment, versionsToKeep, platformUpdateWindow)');
  const web = p.services.filter((s) => s.kind === 'web');
  out.need(web.length === 1, `compute "beanstalk" runs exactly one web service (found ${web.length}): keep one web service, or use compute "ec2" for path-routed services`);
  if (web.length === 1) {
    const appName = `${p.project}-${p.environment}-${web[0].name}`;
    out.need(appName.length <= 28, `the Beanstalk application name "${appName}" (project-environment-service) is ${appName.length} characters: shorten project or the web service name to fit 28`);
  }
  // waf protects both environments' ALBs, dns aliases the live CNAME; CloudFront serves static assets and the maintenance page.
  out.need(
    !p.cdn?.albOrigin,
    'cdn.albOrigin is not supported with compute "beanstalk": each environment owns an ALB that Beanstalk creates and a swap moves the live CNAME between them, ' +
      'so there is no one ALB to restrict to CloudFront or to require its origin header; set cdn.albOrigin to false (CloudFront serves static assets and the maintenance page, the environments serve the site over HTTPS) or use compute "ec2"',
  );
  if (p.environment === 'production') {
    out.need(
      !!p.loadBalancer.certificateArn || !!p.dns,
      'compute "beanstalk" in production serves HTTPS only: set dns (a Route 53 hosted zone and domain; the stack issues the certificate) or loadBalancer.certificateArn (an ACM certificate in the stack\'s region)',
    );
  }
  if (!b) return;
  out.need(['python', 'docker'].includes(b.platform), `beanstalk.platform "${b.platform}" must be "python" or "docker"`);
  out.need(
    ['latest', 'pinned'].includes(b.solutionStack) || /^64bit Amazon Linux 2023 v[0-9.]+ running /.test(b.solutionStack),
    `beanstalk.solutionStack "${b.solutionStack}" must be "latest", "pinned" or a full Amazon Linux 2023 solution-stack name`,
  );
  out.need(['blue-green', 'immutable', 'rolling-with-additional-batch'].includes(b.deployment), `beanstalk.deployment "${b.deployment}" must be "blue-green", "immutable" or "rolling-with-additional-batch"`);
  out.need(Number.isInteger(b.versionsToKeep) && b.versionsToKeep >= 2 && b.versionsToKeep <= 1000, `beanstalk.versionsToKeep (${b.versionsToKeep}) must be 2-1000: the previous version is the rollback`);
  out.need(PLATFORM_UPDATE_WINDOW.test(b.platformUpdateWindow), `beanstalk.platformUpdateWindow "${b.platformUpdateWindow}" must look like "Sun:04:00" (UTC)`);
}
