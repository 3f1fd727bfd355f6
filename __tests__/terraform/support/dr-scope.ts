/**
 * What lifecycle-dr applies of `ecommerce`: the DR region's app tier and the static replica (addresses under `dr_` and
 * `edge_dr_`), without what reaches the database (lifecycle-ecommerce proves the data tier and its DR replica). The
 * ecommerce lifecycle leaves exactly these out, so each resource is applied against moto once per run.
 */
import { loadStack, resourceAddresses } from './harness';
import { withDependencies } from './lifecycle';

const cache = new Map<string, Set<string>>();

/** Whether `address` of `stack` is on lifecycle-dr's side. */
export function drSide(stack: string, address: string): boolean {
  if (!/^aws_[a-z0-9_]+\.(dr_|edge_dr_)/.test(address)) return false;
  let reachesDatabase = cache.get(stack);
  if (!reachesDatabase) {
    const json = loadStack(stack);
    reachesDatabase = new Set(resourceAddresses(json).filter((a) => withDependencies(json, [a]).some((d) => d.startsWith('aws_db_instance.'))));
    cache.set(stack, reachesDatabase);
  }
  return !reachesDatabase.has(address);
}
