/**
 * A stack priced under its own scenario: the one simulate and design.md use (its profile's, or its
 * `stormproof_scenario` output). `asked` prices another event on the same baseline.
 */
import { EstimateOptions, estimateStack, StackCost } from './estimate';
import { readStack, TfJson } from './stack';
import { trafficScenario } from './traffic';
import { scenarioNameForStack } from '../simulate/scenario';

export function costUnderOwnScenario(stack: string, json: TfJson, asked?: string, options: EstimateOptions = {}): StackCost {
  const own = trafficScenario(scenarioNameForStack(stack, json).name);
  return estimateStack(readStack(stack, json), asked ? trafficScenario(asked) : own, own, options);
}
