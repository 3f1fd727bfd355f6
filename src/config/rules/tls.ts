import { ProfileConfig } from '../types';
import { Problems } from './shared';

/**
 * TLS on every hop. Viewers get HTTPS when the ALB has a certificate (given, or issued for `dns`) or when
 * CloudFront is the only way in (`cdn.albOrigin`: an internal ALB behind a VPC origin, or HTTPS to the
 * ALB). Production refuses plain HTTP unless `loadBalancer.plainHttp` is "demo-only". With HTTPS the
 * waiver has nothing to waive and is ignored, so a stack extending cafe turns HTTPS on by adding `dns` alone
 * (a config file's deep merge cannot delete the inherited key).
 */
export function checkTls(p: ProfileConfig, out: Problems): void {
  const lb = p.loadBalancer;
  const https = lb.certificateArn !== undefined || !!p.dns || !!p.cdn?.albOrigin;
  const plain = lb.plainHttp as string | undefined;
  if (plain !== undefined && plain !== 'demo-only') {
    out.add(`loadBalancer.plainHttp "${plain}" is not a known value: use "demo-only" (a production demo without a domain), or remove it`);
  } else if (p.environment === 'production' && !https && plain === undefined) {
    out.add(
      'production serves plain HTTP: set dns (a Route 53 hosted zone and domain; the stack issues the certificate) or loadBalancer.certificateArn, ' +
        'or put CloudFront in front (cdn.albOrigin); for a demo without a domain, say so with loadBalancer.plainHttp "demo-only"',
    );
  }
}
