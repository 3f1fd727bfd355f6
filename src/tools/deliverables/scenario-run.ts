/**
 * The simulator's run of a stack under its own scenario, read once per stack JSON: design.md's sizing and
 * before-after.md quote the same run (and the deliverables stay within their time budget by not repeating it).
 */
import { simulate } from '../simulate/engine';
import type { SimulationResult } from '../simulate/result';
import { StackModel, readStack as readSimulatedStack } from '../simulate/model';
import { scenarioForStack } from '../simulate/scenario';
import type { Traffic } from '../simulate/traffic';
import type { TfJson } from './tfjson';

export interface ScenarioRun {
  /** The stack as the simulator reads it (its Auto Scaling groups). */
  readonly model: StackModel;
  /** The stack's own scenario (the one npm run simulate and npm run cost use). */
  readonly traffic: Traffic;
  /** The run, or undefined when the stack has no group the simulator models. */
  readonly result?: SimulationResult;
}

const runs = new WeakMap<object, Map<string, ScenarioRun>>();

/** The run of `stack` (the same `json` object gives the same run object; results are read, never changed). */
export function scenarioRun(stack: string, json: TfJson): ScenarioRun {
  const byStack = runs.get(json) ?? new Map<string, ScenarioRun>();
  runs.set(json, byStack);
  let run = byStack.get(stack);
  if (!run) {
    const model = readSimulatedStack(stack, json);
    const traffic = scenarioForStack(stack, json);
    run = { model, traffic, result: model.groups.length ? simulate(model, traffic, { priceLookup: undefined }) : undefined };
    byStack.set(stack, run);
  }
  return run;
}
