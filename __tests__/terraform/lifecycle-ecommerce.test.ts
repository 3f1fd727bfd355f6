/** apply -> second plan with no changes -> destroy of the `ecommerce` stack against moto (see support/lifecycle.ts). */
import { lifecycleSuite } from './support/lifecycle';

lifecycleSuite('ecommerce');
