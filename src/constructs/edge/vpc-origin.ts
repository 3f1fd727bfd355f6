import { Construct } from 'constructs';
import { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin';
import { CdnVpcOrigin } from './vpc-origin-props';

export type { CdnVpcOrigin } from './vpc-origin-props';

/**
 * The CloudFront VPC origin of an internal ALB: CloudFront reaches the ALB inside AWS's network, so the ALB
 * needs no public address. Stacks wire the rest: LoadBalancer `internalSubnetIds` and `reachableFrom:
 * 'cloudfront'` (stacks/platform-stack.ts), Cdn `albOrigin.vpcOrigin` (stacks/tiers/edge.ts).
 */

/** The VPC origin `<scope>/alb-vpc-origin` named `name`, HTTPS to the ALB when `httpsOnly`, else HTTP on 80. */
export function albVpcOrigin(scope: Construct, name: string, origin: CdnVpcOrigin, httpsOnly: boolean): CloudfrontVpcOrigin {
  return new CloudfrontVpcOrigin(scope, 'alb-vpc-origin', {
    vpcOriginEndpointConfig: [
      {
        name,
        arn: origin.albArn,
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: httpsOnly ? 'https-only' : 'http-only',
        originSslProtocols: [{ items: ['TLSv1.2'], quantity: 1 }],
      },
    ],
    dependsOn: origin.dependsOn,
  });
}
