import { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { awsAccount } from '../../util/aws-account';
import { policyDocument, PolicyStatement } from '../shared/iam';
import { allNeeds, StackNeeds } from './stack-services';

/** GitHub's OIDC issuer: every Actions job can ask it for a token naming its repository, ref and environment. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

// No `sts`: GetCallerIdentity needs no permission, and sts:AssumeRole would reach every role that trusts the account.

/**
 * IAM actions the stacks need to manage their roles, policies and instance profiles (never `iam:*`:
 * no users, groups, identity providers or account settings).
 */
export const STACK_IAM_ACTIONS = [
  'iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy',
  'iam:TagRole', 'iam:UntagRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:AttachRolePolicy',
  'iam:DetachRolePolicy', 'iam:PassRole', 'iam:CreatePolicy', 'iam:DeletePolicy', 'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy',
  'iam:CreateInstanceProfile', 'iam:DeleteInstanceProfile', 'iam:AddRoleToInstanceProfile',
  'iam:RemoveRoleFromInstanceProfile', 'iam:TagInstanceProfile', 'iam:UntagInstanceProfile',
] as const;

export interface GithubOidcProps {
  /** `owner/name` of the only repository whose workflows may assume the roles, e.g. `acme/stormproof`. */
  readonly repository: string;
  /** Name prefix of the roles and the boundary policy, e.g. `stormproof`. */
  readonly name: string;
  /** ARN of the Terraform state bucket. */
  readonly stateBucketArn: string;
  /** KMS key encrypting the state objects. */
  readonly stateKeyArn: string;
  /**
   * State key prefix (`<prefix>/<stack>.tfstate`); the roles reach only objects under it.
   * @default 'stormproof'
   */
  readonly stateKeyPrefix?: string;
  /**
   * Name prefixes of the IAM roles, policies and instance profiles the stacks create (each profile's
   * `<project>-`): the apply role may manage and pass only those.
   */
  readonly resourcePrefixes: readonly string[];
  /**
   * Branch whose pushes may plan (besides pull requests).
   * @default 'main'
   */
  readonly branch?: string;
  /**
   * GitHub environment (with required reviewers) whose jobs may apply.
   * @default 'production'
   */
  readonly environment?: string;
  /**
   * Every GitHub environment whose jobs may apply, when more than one (e.g. `production` with required
   * reviewers and `staging`, so staging stacks do not wait for production's approval).
   * @default - [environment]
   */
  readonly environments?: readonly string[];
  /**
   * An existing GitHub OIDC provider in the account (IAM allows one per issuer URL).
   * @default - one is created
   */
  readonly existingProviderArn?: string;
  /**
   * What the stacks these roles deploy need (`stackNeeds()` over their synthesized resource and data source types,
   * src/constructs/delivery/stack-services.ts): the boundary and the apply role allow exactly these services and
   * service-linked roles, the plan role these data-source reads besides ReadOnlyAccess. Least privilege: a stack
   * that starts using a new service needs the bootstrap stack applied again.
   * @default - every service in the table (allNeeds()), for roles shared with stacks not synthesized here
   */
  readonly needs?: StackNeeds;
  /**
   * Maximum session length of both roles in seconds (an apply of a big stack can take long).
   * @default 3600
   */
  readonly maxSessionSeconds?: number;
}

const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;
const PREFIX = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * AWS access for GitHub Actions without stored keys: the account's GitHub OIDC provider and two roles.
 * - plan: read-only (AWS ReadOnlyAccess) plus reading the state; trusted for pull requests and pushes
 *   to `branch` of this repository only.
 * - apply: changes the stacks' resources and writes the state; trusted only for jobs running in the
 *   `environment` (required reviewers) of this repository.
 * Trust matches the token's `sub` exactly (`repo:o/r:pull_request`, `repo:o/r:ref:refs/heads/main`,
 * `repo:o/r:environment:production`) and `aud` sts.amazonaws.com: never a wildcard, which would let any
 * repository or branch of the owner in. Both roles carry a permissions boundary that caps them at the
 * stacks' services and forbids IAM users, access keys and any change to these roles, the boundary, the
 * OIDC provider, the state bucket's protections and the state key.
 */
export class GithubOidc extends Construct {
  readonly providerArn: string;
  readonly planRole: IamRole;
  readonly applyRole: IamRole;
  readonly boundary: IamPolicy;
  /** The exact `sub` values each role trusts. */
  readonly planSubjects: string[];
  readonly applySubjects: string[];

  constructor(scope: Construct, id: string, props: GithubOidcProps) {
    super(scope, id);
    validate(props);
    const { accountId, partition } = awsAccount(this);
    const iamArn = (resource: string) => `arn:${partition}:iam::${accountId}:${resource}`;
    const branch = props.branch ?? 'main';
    const environment = props.environment ?? 'production';
    const prefix = (props.stateKeyPrefix ?? 'stormproof').replace(/^\/+|\/+$/g, '');
    const stateObjects = `${props.stateBucketArn}/${prefix ? `${prefix}/` : ''}*`;

    this.providerArn =
      props.existingProviderArn ??
      new IamOpenidConnectProvider(this, 'provider', {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: ['sts.amazonaws.com'],
        // No thumbprint_list: IAM validates GitHub's certificate against its own trusted CAs.
      }).arn;

    const roleName = (kind: string) => `${props.name}-github-${kind}`;
    const planRoleArn = iamArn(`role/${roleName('plan')}`);
    const applyRoleArn = iamArn(`role/${roleName('apply')}`);
    const boundaryArn = iamArn(`policy/${props.name}-github-boundary`);

    this.boundary = new IamPolicy(this, 'boundary', {
      name: `${props.name}-github-boundary`,
      description: `The most the ${props.repository} pipeline roles can ever do: the stacks' services, no IAM users or keys, no self-escalation`,
      policy: boundaryPolicy(props, props.needs ?? allNeeds(), iamArn('role/aws-service-role/*'), [planRoleArn, applyRoleArn, boundaryArn, iamArn(`oidc-provider/${GITHUB_OIDC_HOST}`)]),
    });

    this.planSubjects = [`repo:${props.repository}:pull_request`, `repo:${props.repository}:ref:refs/heads/${branch}`];
    const environments = props.environments ?? [environment];
    this.applySubjects = environments.map((e) => `repo:${props.repository}:environment:${e}`);
    const role = (kind: 'plan' | 'apply', subjects: string[], description: string) =>
      new IamRole(this, `${kind}-role`, {
        name: roleName(kind),
        description,
        assumeRolePolicy: githubTrust(this.providerArn, subjects),
        permissionsBoundary: this.boundary.arn,
        maxSessionDuration: props.maxSessionSeconds ?? 3600,
      });

    this.planRole = role('plan', this.planSubjects, `terraform plan from ${props.repository} pull requests and ${branch}: read-only, reads state`);
    new IamRolePolicyAttachment(this, 'plan-read-only', {
      role: this.planRole.name,
      policyArn: `arn:${partition}:iam::aws:policy/ReadOnlyAccess`,
    });
    const readState: PolicyStatement[] = [
      { Sid: 'ListStateKeys', Effect: 'Allow', Action: 's3:ListBucket', Resource: props.stateBucketArn },
      { Sid: 'ReadState', Effect: 'Allow', Action: 's3:GetObject', Resource: stateObjects },
      { Sid: 'DecryptState', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: props.stateKeyArn },
    ];
    new IamRolePolicy(this, 'plan-state', {
      name: 'read-terraform-state',
      role: this.planRole.id,
      policy: policyDocument(...readState),
    });
    // What the stacks' data sources call at plan time, named rather than trusted to ReadOnlyAccess
    // (e.g. elasticbeanstalk:ListAvailableSolutionStacks for a solution-stack lookup).
    const needs = props.needs ?? allNeeds();
    if (needs.planReads.length > 0) {
      new IamRolePolicy(this, 'plan-lookups', {
        name: 'data-source-reads',
        role: this.planRole.id,
        policy: policyDocument({ Sid: 'DataSourceReads', Effect: 'Allow', Action: [...needs.planReads], Resource: '*' }),
      });
    }

    this.applyRole = role('apply', this.applySubjects, `terraform apply of reviewed plans from ${props.repository} (environment ${environments.join(', ')})`);
    this.grantApply(props, needs, readState, stateObjects, iamArn);
  }

  /** The apply role writes state and manages the stacks' resources; IAM only under the stacks' own name prefixes. */
  private grantApply(props: GithubOidcProps, needs: StackNeeds, readState: PolicyStatement[], stateObjects: string, iamArn: (resource: string) => string): void {
    const iamScoped = props.resourcePrefixes.flatMap((p) => [
      iamArn(`role/${p}-*`),
      iamArn(`policy/${p}-*`),
      iamArn(`instance-profile/${p}-*`),
    ]);
    new IamRolePolicy(this, 'apply-state', {
      name: 'write-terraform-state',
      role: this.applyRole.id,
      policy: policyDocument(
        ...readState.filter((s) => s.Sid !== 'DecryptState'),
        // Lock files (<key>.tflock) are created and deleted next to the state.
        { Sid: 'WriteStateAndLocks', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: stateObjects },
        { Sid: 'EncryptState', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: props.stateKeyArn },
      ),
    });
    new IamRolePolicy(this, 'apply-stacks', {
      name: 'manage-stack-resources',
      role: this.applyRole.id,
      policy: policyDocument(
        {
          Sid: 'StackServices',
          Effect: 'Allow',
          Action: needs.services.map((s) => `${s}:*`),
          Resource: '*',
        },
        { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
        // IAM as far as it can be scoped: only the roles, policies and instance profiles the stacks name.
        { Sid: 'ManageStackIam', Effect: 'Allow', Action: [...STACK_IAM_ACTIONS], Resource: iamScoped },
        ...serviceLinkedRoles(needs, iamArn('role/aws-service-role/*')),
      ),
    });
  }
}

function validate(props: GithubOidcProps): void {
  const problems: string[] = [];
  if (!REPOSITORY.test(props.repository)) {
    problems.push(`repository "${props.repository}" must be "owner/name" of one GitHub repository (no wildcards), e.g. "acme/stormproof"`);
  }
  if (!PREFIX.test(props.name)) problems.push(`name "${props.name}" must be 1-40 lowercase letters, digits or dashes, starting with a letter`);
  if (props.resourcePrefixes.length === 0) problems.push('resourcePrefixes must name at least one stack prefix (a profile\'s project), or the apply role can create no IAM role');
  props.resourcePrefixes.forEach((p, i) => {
    if (!PREFIX.test(p)) problems.push(`resourcePrefixes[${i}] "${p}" must be lowercase letters, digits or dashes (a profile's project name), no wildcards`);
  });
  if (props.branch !== undefined && !/^[A-Za-z0-9._/-]+$/.test(props.branch)) problems.push(`branch "${props.branch}" must be a plain branch name (no wildcards), e.g. "main"`);
  for (const e of [...(props.environment !== undefined ? [props.environment] : []), ...(props.environments ?? [])]) {
    if (!/^[A-Za-z0-9._-]+$/.test(e)) problems.push(`environment "${e}" must be a plain GitHub environment name, e.g. "production"`);
  }
  if (props.environments !== undefined && props.environments.length === 0) problems.push('environments is empty: name at least one GitHub environment, e.g. ["production"]');
  if (props.needs && props.needs.unmapped.length > 0) {
    problems.push(
      `the stacks use types whose AWS services are unknown (${props.needs.unmapped.join(', ')}): add them to RESOURCE_NEEDS / DATA_SOURCE_NEEDS in src/constructs/delivery/stack-services.ts`,
    );
  }
  const session = props.maxSessionSeconds ?? 3600;
  if (!Number.isInteger(session) || session < 3600 || session > 43200) problems.push(`maxSessionSeconds (${session}) must be 3600-43200`);
  if (problems.length > 0) throw new Error(`GithubOidc: ${problems.join('; ')}`);
}

/** The most either pipeline role may ever do (their permissions boundary): the stacks' services and IAM, never IAM
 * users or long-lived keys, never the pipeline's own identity (`pipelineIdentity`), never a weaker state bucket or key. */
function boundaryPolicy(props: GithubOidcProps, needs: StackNeeds, serviceRoles: string, pipelineIdentity: string[]): string {
  return policyDocument(
    { Sid: 'StackServicesOnly', Effect: 'Allow', Action: needs.services.map((s) => `${s}:*`), Resource: '*' },
    {
      Sid: 'StackIamOnly',
      Effect: 'Allow',
      Action: ['iam:Get*', 'iam:List*', ...STACK_IAM_ACTIONS],
      Resource: '*',
    },
    ...serviceLinkedRoles(needs, serviceRoles),
    {
      Sid: 'NoIamUsersOrLongLivedKeys',
      Effect: 'Deny',
      Action: ['iam:*User*', 'iam:*AccessKey*', 'iam:*LoginProfile*', 'iam:*SSHPublicKey*', 'iam:*ServiceSpecificCredential*', 'iam:CreateOpenIDConnectProvider', 'iam:CreateSAMLProvider'],
      Resource: '*',
    },
    {
      Sid: 'NoChangesToThePipelineIdentity',
      Effect: 'Deny',
      Action: [
        'iam:Create*',
        'iam:Update*',
        'iam:Put*',
        'iam:Attach*',
        'iam:Detach*',
        'iam:Delete*',
        'iam:Tag*',
        'iam:Untag*',
        'iam:Add*',
        'iam:Remove*',
        'iam:SetDefaultPolicyVersion',
        'iam:PassRole',
      ],
      Resource: pipelineIdentity,
    },
    {
      Sid: 'NoWeakeningOfTheStateBucket',
      Effect: 'Deny',
      Action: [
        's3:DeleteBucket',
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutBucketVersioning',
        's3:PutLifecycleConfiguration',
        's3:PutEncryptionConfiguration',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketOwnershipControls',
        's3:PutBucketAcl',
      ],
      Resource: props.stateBucketArn,
    },
    {
      Sid: 'NoWeakeningOfTheStateKey',
      Effect: 'Deny',
      Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:DisableKeyRotation', 'kms:CreateGrant'],
      Resource: props.stateKeyArn,
    },
  );
}

/** Creating the service-linked roles the stacks' types need, and no other (`iam:AWSServiceName`). */
function serviceLinkedRoles(needs: StackNeeds, serviceRoles: string): PolicyStatement[] {
  if (needs.serviceLinkedRoles.length === 0) return [];
  return [
    {
      Sid: 'ServiceLinkedRoles',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: serviceRoles,
      Condition: { StringEquals: { 'iam:AWSServiceName': [...needs.serviceLinkedRoles] } },
    },
  ];
}

/** Trust for GitHub Actions runs whose token `sub` is exactly one of `subjects` (audience sts.amazonaws.com). */
function githubTrust(providerArn: string, subjects: string[]): string {
  return policyDocument({
    Sid: 'GithubActionsOfThisRepositoryOnly',
    Effect: 'Allow',
    Principal: { Federated: providerArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    // StringEquals, never StringLike: a wildcard in sub lets other repositories or branches in.
    Condition: {
      StringEquals: {
        [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
        [`${GITHUB_OIDC_HOST}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
      },
    },
  });
}
