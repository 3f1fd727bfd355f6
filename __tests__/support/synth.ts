import { isDeepStrictEqual } from 'node:util';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PolicyStatement } from '../../src/constructs/shared/iam';
import { PROFILES } from '../../src/config/profiles';
import { ProfileConfig } from '../../src/config/types';
import type { PlatformStack } from '../../src/stacks/platform-stack';
import type { ServiceProps } from '../../src/constructs/compute/ec2/service-props';
import type { LoadBalancerProps } from '../../src/constructs/network/load-balancer-props';
import { synthesizedProfiles } from './profiles';

/** Synthesized blocks by type, then by id (`resource`, `data`). */
export type Resources = Record<string, Record<string, Record<string, any>>>;

/** A synthesized stack and its parts. */
export interface Synthesized {
  /** The JSON as text, for cdktf's matchers (`toHaveResourceWithProperties`) and whole-document searches. */
  readonly raw: string;
  readonly json: Record<string, any>;
  readonly resource: Resources;
  readonly data: Resources;
  readonly output: Record<string, Record<string, any>>;
}

/** Synthesizes a stack (after everything was added to it) into its parts. */
export function synthStack(stack: TerraformStack): Synthesized {
  const raw = Testing.synth(stack);
  const json = JSON.parse(raw);
  return { raw, json, resource: json.resource ?? {}, data: json.data ?? {}, output: json.output ?? {} };
}

/** A fresh stack with the default AWS provider, for tests that build in several steps before `synthStack`. */
export function testStack(region = 'eu-west-1'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region });
  return stack;
}

/**
 * Synthesizes whatever `build` adds to cdktf's `Testing.synthScope` stack (one construct under test, no
 * profile, no PlatformStack) with the default AWS provider; `built` is what build returned. `raw` suits
 * cdktf's matchers: `expect(raw).toHaveResourceWithProperties(CloudtrailTrail, { ... })`.
 */
export function synthConstruct<T>(build: (stack: TerraformStack) => T, region = 'eu-west-1'): Synthesized & { built: T; stack: TerraformStack } {
  let stack!: TerraformStack;
  let built!: T;
  const raw = Testing.synthScope((scope) => {
    stack = scope as TerraformStack;
    new AwsProvider(stack, 'aws', { region });
    built = build(stack);
  });
  const json = JSON.parse(raw);
  return { raw, json, resource: json.resource ?? {}, data: json.data ?? {}, output: json.output ?? {}, built, stack };
}

/** True for a built-in profile as shipped (PROFILES[name], or an equal copy): its synth is already on disk. */
export function isBuiltIn(profile: ProfileConfig): boolean {
  return PROFILES[profile.name] === profile || isDeepStrictEqual(PROFILES[profile.name], profile);
}

/**
 * Synthesizes a profile's whole PlatformStack (named after the profile). A built-in profile as shipped is read from
 * the run's one synth of every profile (the same text Testing.synth gives: support/profiles.ts), and its `stack` is
 * built only when a test asks for it.
 */
export function synthProfile(profile: ProfileConfig): Synthesized & { stack: PlatformStack } {
  // Loaded here, not at the top: files that only read built-in profiles or synthesize single constructs skip it.
  const build = () => new (require('../../src/stacks/platform-stack') as typeof import('../../src/stacks/platform-stack')).PlatformStack(Testing.app(), profile.name, { profile });
  if (!isBuiltIn(profile)) {
    const stack = build();
    return { ...synthStack(stack), stack };
  }
  const raw = synthesizedProfiles().testing(profile.name);
  const json = JSON.parse(raw);
  let stack: PlatformStack | undefined;
  return {
    raw,
    json,
    resource: json.resource ?? {},
    data: json.data ?? {},
    output: json.output ?? {},
    get stack() {
      return (stack ??= build());
    },
  };
}

/** The ALB the construct tests put in front of their services: two public subnets, no access-log bucket. */
export const demoLoadBalancerProps = (): LoadBalancerProps => ({ name: 'demo', vpcId: 'vpc-1', publicSubnetIds: ['p-a', 'p-b'], accessLogs: false });

/** The small web service the construct tests build (two app subnets, a fixed AMI, 2-4 instances); add its loadBalancer. */
export const demoWebProps = () =>
  ({
    name: 'demo-web',
    vpcId: 'vpc-1',
    subnetIds: ['a-a', 'a-b'],
    instanceType: 't3.small',
    amiId: 'ami-0123456789abcdef0',
    appPort: 8080,
    capacity: { min: 2, max: 4, desired: 2 },
  }) satisfies Partial<ServiceProps>;

/** The only resource of `type`, failing the test when there is not exactly one. */
export function only(resource: Resources, type: string): Record<string, any> {
  const all = Object.values(resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** A grantee that records what it was granted (for `grant*()` tests without a role). */
export function recordingGrantee() {
  const granted: PolicyStatement[] = [];
  return { granted, addToRolePolicy: (...statements: PolicyStatement[]) => granted.push(...statements) };
}

export type { Construct };
