import { PROFILES } from '../../../src/config/profiles';
import { GithubOidc, STACK_IAM_ACTIONS } from '../../../src/constructs/delivery/github-oidc';
import { DATA_SOURCE_NEEDS, IAM, RESOURCE_NEEDS, stackNeeds, StackNeeds, StackTypes, typesOf } from '../../../src/constructs/delivery/stack-services';
import { stackTypes } from '../../../src/stacks/stack-types';
import { synthConstruct, synthProfile } from '../../support/synth';

/**
 * The CI roles' permissions boundary is derived from what the stacks synthesize: every resource and data source type
 * maps to its IAM services (and service-linked roles), and the boundary built for the stacks covers them all. A type
 * added to a stack without its row in stack-services.ts, or a service the boundary lacks, fails here.
 */

type Table = { resources: Record<string, any>; dataSources: Record<string, any> };

/** Synthesizes the bootstrap's GithubOidc for these needs; returns its boundary, apply and plan statements. */
function pipelineRoles(needs: StackNeeds) {
  const props = { repository: 'acme/shop', name: 'stormproof', stateBucketArn: 'arn:aws:s3:::s', stateKeyArn: 'k', resourcePrefixes: ['p'], needs };
  const { resource } = synthConstruct((stack) => new GithubOidc(stack, 'github', props));
  const statements = (policy: string) => JSON.parse(policy).Statement as any[];
  const boundary = statements((Object.values(resource.aws_iam_policy)[0] as any).policy);
  const inline = Object.values(resource.aws_iam_role_policy) as any[];
  const of = (role: string) => inline.filter((p) => String(p.role).includes(role)).flatMap((p) => statements(p.policy));
  return { boundary, apply: of('apply-role'), plan: of('plan-role') };
}

const allows = (statements: any[], action: string) =>
  statements.some((s) => s.Effect === 'Allow' && [s.Action].flat().some((a: string) => a === action || (a.endsWith('*') && action.startsWith(a.slice(0, -1)))));
const slrNames = (statements: any[]) => statements.filter((s) => s.Sid === 'ServiceLinkedRoles').flatMap((s) => [s.Condition.StringEquals['iam:AWSServiceName']].flat());

/** What the boundary (and apply/plan roles) built for `needs` fail to cover of these stacks' types, per the table. */
function coverageProblems(stacks: Record<string, StackTypes>, needs: StackNeeds, table: Table = { resources: RESOURCE_NEEDS, dataSources: DATA_SOURCE_NEEDS }): string[] {
  const { boundary, apply, plan } = pipelineRoles(needs);
  const problems: string[] = [];
  for (const [stack, types] of Object.entries(stacks)) {
    const rows = [
      ...types.resources.map((t) => ({ type: `resource ${t}`, row: table.resources[t] })),
      ...types.dataSources.map((t) => ({ type: `data ${t}`, row: table.dataSources[t] })),
    ];
    for (const { type, row } of rows) {
      if (!row) {
        problems.push(`${stack}: ${type} is not in stack-services.ts`);
        continue;
      }
      for (const service of row.services as string[]) {
        // IAM types are covered by the scoped IAM actions, never iam:*.
        const probe = service === IAM ? STACK_IAM_ACTIONS[0] : `${service}:Probe`;
        if (!allows(boundary, probe)) problems.push(`${stack}: ${type} needs ${service}, the boundary does not allow it`);
        if (!allows(apply, probe)) problems.push(`${stack}: ${type} needs ${service}, the apply role does not allow it`);
      }
      for (const slr of (row.serviceLinkedRoles ?? []) as string[]) {
        if (!slrNames(boundary).includes(slr) || !slrNames(apply).includes(slr)) problems.push(`${stack}: ${type} creates the ${slr} service-linked role, not allowed`);
      }
      for (const read of (row.reads ?? []) as string[]) {
        if (!allows(plan, read) || !allows(boundary, read)) problems.push(`${stack}: ${type} reads ${read} at plan time, the plan role cannot`);
      }
    }
  }
  return problems;
}

describe('the CI boundary covers every type every profile synthesizes', () => {
  const stacks: Record<string, StackTypes> = {};
  for (const [name, profile] of Object.entries(PROFILES)) {
    const { json, stack } = synthProfile(profile);
    stacks[name] = typesOf(json);
    // main.ts derives the bootstrap's needs from the constructed stacks: the same types as their JSON.
    const fromJson = { resources: [...stacks[name].resources].sort(), dataSources: [...stacks[name].dataSources].sort() };
    test(`${name}: the construct tree has exactly the JSON's types`, () => expect(stackTypes(stack)).toEqual(fromJson));
  }
  const needs = stackNeeds(Object.values(stacks));

  test('seven profiles, every type mapped, every mapped service and service-linked role in the boundary', () => {
    expect(Object.keys(stacks)).toHaveLength(7);
    expect(needs.unmapped).toEqual([]);
    expect(coverageProblems(stacks, needs)).toEqual([]);
  });

  test('the services the issue found missing are now there: eks, elasticbeanstalk, cloudformation (Beanstalk environments), fis', () => {
    expect(needs.services).toEqual(expect.arrayContaining(['eks', 'elasticbeanstalk', 'cloudformation', 'fis']));
    const { boundary } = pipelineRoles(needs);
    for (const a of ['eks:CreateCluster', 'elasticbeanstalk:CreateEnvironment', 'cloudformation:CreateStack', 'fis:CreateExperimentTemplate']) expect([a, allows(boundary, a)]).toEqual([a, true]);
  });

  test('least privilege: the boundary allows exactly the services the stacks use (no leftovers such as tag:* or application-autoscaling:*)', () => {
    const { boundary } = pipelineRoles(needs);
    const services = boundary.find((s) => s.Sid === 'StackServicesOnly').Action.map((a: string) => a.replace(/:\*$/, ''));
    expect(services).toEqual(needs.services);
    expect(services).not.toContain('iam');
    // A profile subset gets a smaller boundary: cafe alone has no EKS, Beanstalk or CloudFormation.
    const cafe = stackNeeds([stacks.cafe]).services;
    expect(cafe).not.toEqual(expect.arrayContaining(['eks']));
    expect(cafe).not.toContain('elasticbeanstalk');
  });

  test('service-linked roles only by service name; fastier-beanstalk\'s plan may read Beanstalk (and list solution stacks when it looks one up)', () => {
    const { boundary, apply, plan } = pipelineRoles(needs);
    for (const statements of [boundary, apply]) {
      const slr = statements.find((s) => s.Sid === 'ServiceLinkedRoles');
      expect(slr.Resource).toMatch(/:role\/aws-service-role\/\*$/);
      expect(slr.Condition.StringEquals['iam:AWSServiceName']).toEqual(needs.serviceLinkedRoles);
      expect(statements.filter((s) => [s.Action].flat().includes('iam:CreateServiceLinkedRole'))).toEqual([slr]);
    }
    expect(needs.serviceLinkedRoles).toEqual(expect.arrayContaining(['eks.amazonaws.com', 'elasticbeanstalk.amazonaws.com', 'autoscaling.amazonaws.com']));
    // EKS Auto Mode launches the nodes itself: no managed node groups, so no eks-nodegroup service-linked role.
    expect(needs.serviceLinkedRoles).not.toContain('eks-nodegroup.amazonaws.com');
    // The plan role is ReadOnlyAccess capped by the boundary: Beanstalk reads need elasticbeanstalk in the boundary.
    expect(allows(boundary, 'elasticbeanstalk:DescribeEnvironments')).toBe(true);
    expect(allows(boundary, 'elasticbeanstalk:ListAvailableSolutionStacks')).toBe(true);
    // The profiles pin the solution stack (no lookup); a stack with solutionStack "latest" gets the lookup's read by name.
    expect(plan.flatMap((st) => [st.Action].flat())).not.toContain('elasticbeanstalk:ListAvailableSolutionStacks');
    const latest = { ...stacks['fastier-beanstalk'], dataSources: [...stacks['fastier-beanstalk'].dataSources, 'aws_elastic_beanstalk_solution_stack'] };
    expect(allows(pipelineRoles(stackNeeds([latest])).plan, 'elasticbeanstalk:ListAvailableSolutionStacks')).toBe(true);
  });

  test('a made-up type added to a stack without its row fails, and so does a row whose service the boundary lacks', () => {
    const withNewType = { ...stacks, cafe: { ...stacks.cafe, resources: [...stacks.cafe.resources, 'aws_imagebuilder_made_up_pipeline'] } };
    const unmapped = stackNeeds(Object.values(withNewType));
    expect(unmapped.unmapped).toEqual(['resource aws_imagebuilder_made_up_pipeline']);
    expect(coverageProblems(withNewType, needs)).toEqual(['cafe: resource aws_imagebuilder_made_up_pipeline is not in stack-services.ts']);
    // The bootstrap refuses to build a boundary it cannot derive.
    expect(() => pipelineRoles(unmapped)).toThrow(/aws_imagebuilder_made_up_pipeline.*add them to RESOURCE_NEEDS \/ DATA_SOURCE_NEEDS in src\/constructs\/delivery\/stack-services\.ts/);

    // The row added, but the boundary built without its service (as an old bootstrap would be): named per stack.
    const row = { services: ['imagebuilder'], serviceLinkedRoles: ['imagebuilder.amazonaws.com'] };
    const table: Table = { resources: { ...RESOURCE_NEEDS, aws_imagebuilder_made_up_pipeline: row }, dataSources: DATA_SOURCE_NEEDS };
    expect(coverageProblems(withNewType, needs, table)).toEqual([
      'cafe: resource aws_imagebuilder_made_up_pipeline needs imagebuilder, the boundary does not allow it',
      'cafe: resource aws_imagebuilder_made_up_pipeline needs imagebuilder, the apply role does not allow it',
      'cafe: resource aws_imagebuilder_made_up_pipeline creates the imagebuilder.amazonaws.com service-linked role, not allowed',
    ]);
    // Built from the table with the row, it passes.
    expect(coverageProblems(withNewType, stackNeeds(Object.values(withNewType), table), table)).toEqual([]);
  });
});
