/**
 * apply -> second plan with no changes -> destroy of the `ecommerce` stack against moto (see support/lifecycle.ts),
 * except the DR region's app tier and static replica, which lifecycle-dr applies (support/dr-scope.ts): each resource
 * is proved once per run. What those reference here (the CloudFront standby origin's ALB) comes along.
 */
import { lifecycleSuite } from './support/lifecycle';
import { drSide } from './support/dr-scope';

lifecycleSuite('ecommerce', { scope: (address) => !drSide('ecommerce', address) });
