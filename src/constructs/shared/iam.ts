/** IAM policy documents as plain JSON, so every policy reads the same in code and in the synthesized plan. */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: Record<string, string | string[]> | '*';
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
  readonly NotAction?: string | string[];
}

/** Renders a policy document. */
export function policyDocument(...statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy letting one AWS service assume a role. */
export function assumeRolePolicy(service: string): string {
  return policyDocument({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
}

/** Denies any request to `resources` that does not use TLS (for bucket and queue policies). */
export function denyInsecureTransport(action: string, resources: string[]): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: action,
    Resource: resources,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Anything with a role that permissions can be granted to (as aws-cdk's IGrantable), e.g. a Service. */
export interface IGrantable {
  /** Adds these statements to the grantee's role. */
  addToRolePolicy(...statements: PolicyStatement[]): unknown;
}

/** Adds `statements` to the grantee's role and returns them (what every `grant*()` method does). */
export function grant(grantee: IGrantable, ...statements: PolicyStatement[]): PolicyStatement[] {
  grantee.addToRolePolicy(...statements);
  return statements;
}
