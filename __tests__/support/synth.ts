import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PolicyStatement } from '../../src/constructs/iam';

export type Resources = Record<string, Record<string, Record<string, any>>>;

/** Synthesizes whatever `build` adds to a fresh stack with an AWS provider; returns the JSON and its parts. */
export function synthWith<T>(build: (stack: TerraformStack) => T, region = 'eu-west-1') {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region });
  const built = build(stack);
  const raw = Testing.synth(stack);
  const json = JSON.parse(raw);
  return { raw, built, json, resource: (json.resource ?? {}) as Resources, data: (json.data ?? {}) as Resources };
}

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
