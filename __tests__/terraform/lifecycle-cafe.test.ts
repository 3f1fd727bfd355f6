/** apply -> second plan with no changes -> destroy of the `cafe` stack against moto (see support/lifecycle.ts). */
import { lifecycleSuite } from './support/lifecycle';

lifecycleSuite('cafe');
