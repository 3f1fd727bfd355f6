/**
 * The one traffic scenario each profile is judged by (simulate, cost and design.md read it from here):
 * cafe -> tv-evening, ecommerce / ecommerce-eks -> black-friday, lab / exercise -> load-test-day,
 * fastier / fastier-beanstalk -> launch-week. A stack may name its own in an output `stormproof_scenario`;
 * the CLI's `--traffic` overrides both.
 */
import { SCENARIOS, Traffic } from './traffic';

type Json = Record<string, any>;

export const PROFILE_SCENARIOS: Readonly<Record<string, string>> = {
  cafe: 'tv-evening',
  ecommerce: 'black-friday',
  'ecommerce-eks': 'black-friday',
  lab: 'load-test-day',
  exercise: 'load-test-day',
  fastier: 'launch-week',
  'fastier-beanstalk': 'launch-week',
};

/** When nothing names a scenario. */
export const DEFAULT_SCENARIO = 'tv-evening';

export interface ScenarioChoice {
  readonly name: string;
  /** output: the stack's `stormproof_scenario` output; profile: the stack's profile; default: neither. */
  readonly from: 'output' | 'profile' | 'default';
}

/** The `Profile` tag the stack's resources carry (a stack from a config file that `extends` a profile keeps it). */
function profileTagOf(json: Json): string | undefined {
  for (const p of json.provider?.aws ?? []) {
    const tag = p?.default_tags?.[0]?.tags?.Profile ?? p?.default_tags?.tags?.Profile;
    if (typeof tag === 'string') return tag;
  }
  for (const byId of Object.values<Json>(json.resource ?? {})) {
    for (const r of Object.values<Json>(byId ?? {})) {
      const tag = r?.tags?.Profile ?? (Array.isArray(r?.tag_specifications) ? r.tag_specifications.map((s: Json) => s?.tags?.Profile).find(Boolean) : undefined);
      if (typeof tag === 'string') return tag;
    }
  }
  return undefined;
}

/** Which scenario judges this stack, and why. */
export function scenarioNameForStack(stackName: string, stackJson: Json): ScenarioChoice {
  const out = stackJson?.output?.stormproof_scenario?.value;
  if (typeof out === 'string' && out.length > 0) {
    if (!SCENARIOS[out]) throw new Error(`output stormproof_scenario "${out}": use one of ${Object.keys(SCENARIOS).join(', ')}`);
    return { name: out, from: 'output' };
  }
  const byName = PROFILE_SCENARIOS[stackName];
  if (byName) return { name: byName, from: 'profile' };
  const tag = profileTagOf(stackJson ?? {});
  if (tag && PROFILE_SCENARIOS[tag]) return { name: PROFILE_SCENARIOS[tag], from: 'profile' };
  return { name: DEFAULT_SCENARIO, from: 'default' };
}

/** The profile's named scenario for a synthesized stack (see scenarioNameForStack). */
export function scenarioForStack(stackName: string, stackJson: Json): Traffic {
  return SCENARIOS[scenarioNameForStack(stackName, stackJson).name]();
}
