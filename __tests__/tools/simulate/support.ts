import { ProfileConfig } from '../../../src/config/types';
import { synthProfile as synthesized } from '../../support/synth';
import { GroupModel, StackModel } from '../../../src/tools/simulate/model';
import { Traffic } from '../../../src/tools/simulate/traffic';

/** A profile's stack JSON as Testing.synth gives it (a built-in profile's from the run's one synth: support/synth.ts). */
export function synthProfile(profile: ProfileConfig): Record<string, any> {
  return synthesized(profile).json;
}

/** A web group with round numbers: one CPU target-tracking policy at 50 %, 2 AZs, in service 60 s after launch. */
export function group(overrides: Partial<GroupModel> = {}): GroupModel {
  return {
    id: 'asg',
    name: 'test-web',
    service: 'web',
    kind: 'web',
    instanceType: 't3.small',
    min: 2,
    max: 10,
    desired: 2,
    azCount: 2,
    healthCheckType: 'ELB',
    healthCheckGraceSeconds: 120,
    defaultWarmupSeconds: 60,
    healthyAfterSeconds: 30,
    unhealthyAfterSeconds: 30,
    targetTracking: [{ name: 'cpu', metric: 'cpu', targetValue: 50, disableScaleIn: false }],
    stepPolicies: [],
    schedules: [],
    ...overrides,
  };
}

export const stackOf = (...groups: GroupModel[]): StackModel => ({ stack: 'test', region: 'eu-west-1', groups, warnings: [] });

/** Constant-then-step traffic from 2026-01-05 00:00 UTC (a Monday). */
export function steps(durationMinutes: number, ...levels: { from: number; rps: number }[]): Traffic {
  return {
    name: 'test',
    description: 'test traffic',
    startMs: Date.parse('2026-01-05T00:00:00Z'),
    durationSeconds: durationMinutes * 60,
    spikeAtSeconds: (levels[1]?.from ?? 0) * 60,
    rate: (t) => [...levels].reverse().find((l) => t >= l.from * 60)?.rps ?? 0,
  };
}
