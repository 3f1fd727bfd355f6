import { Testing } from 'cdktf';
import { GithubOidc, GithubOidcProps, GITHUB_OIDC_HOST } from '../../../src/constructs/delivery/github-oidc';
import { BootstrapStack } from '../../../src/stacks/bootstrap-stack';
import { Resources, synthConstruct } from '../../support/synth';

const props: GithubOidcProps = {
  repository: 'acme/stormproof',
  name: 'stormproof',
  stateBucketArn: 'arn:aws:s3:::acme-state',
  stateKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  resourcePrefixes: ['cafe', 'shop'],
};

const roles = (resource: Resources) => Object.fromEntries(Object.values(resource.aws_iam_role).map((r) => [r.name, r]));
const policies = (resource: Resources, role: string) =>
  Object.values(resource.aws_iam_role_policy)
    .filter((p) => String(p.role).includes(role))
    .flatMap((p) => JSON.parse(p.policy).Statement);

describe('GithubOidc', () => {
  const { resource } = synthConstruct((stack) => new GithubOidc(stack, 'github', props));
  const byName = roles(resource);

  test('one OIDC provider for GitHub Actions with the STS audience', () => {
    const provider = Object.values(resource.aws_iam_openid_connect_provider);
    expect(provider).toHaveLength(1);
    expect(provider[0]).toMatchObject({ url: `https://${GITHUB_OIDC_HOST}`, client_id_list: ['sts.amazonaws.com'] });
  });

  test('plan trusts exactly pull requests and main of this repository; apply exactly its production environment', () => {
    const trust = (name: string) => JSON.parse(byName[name].assume_role_policy).Statement;
    const plan = trust('stormproof-github-plan');
    expect(plan).toHaveLength(1);
    expect(plan[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(plan[0].Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': ['repo:acme/stormproof:pull_request', 'repo:acme/stormproof:ref:refs/heads/main'],
      },
    });
    expect(trust('stormproof-github-apply')[0].Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:acme/stormproof:environment:production',
      },
    });
    // No wildcard anywhere in the trust: another repository or branch of the owner gets nothing.
    for (const name of ['stormproof-github-plan', 'stormproof-github-apply']) {
      expect(byName[name].assume_role_policy).not.toMatch(/\*|StringLike/);
    }
  });

  test('both roles carry the permissions boundary; plan is read-only plus reading state', () => {
    for (const name of ['stormproof-github-plan', 'stormproof-github-apply']) {
      expect(byName[name].permissions_boundary).toMatch(/aws_iam_policy\.github_boundary/);
    }
    const attached = Object.values(resource.aws_iam_role_policy_attachment).map((a) => a.policy_arn);
    expect(attached).toEqual(['arn:${data.aws_partition.partition.partition}:iam::aws:policy/ReadOnlyAccess']);
    const plan = policies(resource, 'plan-role');
    // Reading state, and what the data sources call at plan time (every table row by default; main.ts passes the stacks' own).
    expect(plan.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      's3:ListBucket', 's3:GetObject', 'kms:Decrypt', 'kms:DescribeKey',
      'ec2:DescribeAvailabilityZones', 'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries', 'elasticbeanstalk:ListAvailableSolutionStacks', 'ssm:GetParameter',
    ].sort());
    expect(plan.find((s) => s.Sid === 'ReadState').Resource).toBe('arn:aws:s3:::acme-state/stormproof/*');
  });

  test('apply writes only state objects under the prefix and manages only the stacks\' IAM names', () => {
    const apply = policies(resource, 'apply-role');
    expect(apply.find((s) => s.Sid === 'WriteStateAndLocks')).toMatchObject({ Action: ['s3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::acme-state/stormproof/*' });
    const iam = apply.find((s) => s.Sid === 'ManageStackIam');
    expect(iam.Action).not.toContain('iam:*');
    expect(iam.Resource).toEqual([
      expect.stringMatching(/:role\/cafe-\*$/), expect.stringMatching(/:policy\/cafe-\*$/), expect.stringMatching(/:instance-profile\/cafe-\*$/),
      expect.stringMatching(/:role\/shop-\*$/), expect.stringMatching(/:policy\/shop-\*$/), expect.stringMatching(/:instance-profile\/shop-\*$/),
    ]);
    expect(apply.flatMap((s) => [s.Action].flat())).not.toContain('iam:*');
    // sts:AssumeRole would reach every role that trusts the account root.
    expect(apply.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('sts:'))).toEqual([]);
  });

  test('the boundary forbids IAM users and keys, and any change to the pipeline identity, state bucket and key', () => {
    const boundary = JSON.parse(Object.values(resource.aws_iam_policy)[0].policy).Statement;
    const deny = (sid: string) => boundary.find((s: any) => s.Sid === sid);
    expect(deny('NoIamUsersOrLongLivedKeys').Action).toEqual(expect.arrayContaining(['iam:*User*', 'iam:*AccessKey*']));
    expect(deny('NoChangesToThePipelineIdentity').Resource).toEqual([
      expect.stringMatching(/:role\/stormproof-github-plan$/),
      expect.stringMatching(/:role\/stormproof-github-apply$/),
      expect.stringMatching(/:policy\/stormproof-github-boundary$/),
      expect.stringMatching(/:oidc-provider\/token\.actions\.githubusercontent\.com$/),
    ]);
    expect(deny('NoWeakeningOfTheStateBucket')).toMatchObject({ Effect: 'Deny', Resource: 'arn:aws:s3:::acme-state' });
    expect(deny('NoWeakeningOfTheStateKey').Action).toContain('kms:ScheduleKeyDeletion');
    expect(boundary.flatMap((s: any) => [s.Action].flat())).not.toContain('iam:*');
  });

  test('an existing provider is reused; branch and environment are configurable', () => {
    const { resource: r } = synthConstruct((stack) =>
      new GithubOidc(stack, 'github', { ...props, existingProviderArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', branch: 'release', environment: 'prod' }),
    );
    expect(r.aws_iam_openid_connect_provider).toBeUndefined();
    const trust = (name: string) => JSON.parse(roles(r)[name].assume_role_policy).Statement[0];
    expect(trust('stormproof-github-plan').Principal.Federated).toBe('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com');
    expect(trust('stormproof-github-plan').Condition.StringEquals['token.actions.githubusercontent.com:sub']).toContain('repo:acme/stormproof:ref:refs/heads/release');
    expect(trust('stormproof-github-apply').Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe('repo:acme/stormproof:environment:prod');
  });

  test.each([
    [{ repository: 'acme/*' }, /repository "acme\/\*" must be "owner\/name" of one GitHub repository \(no wildcards\)/],
    [{ repository: 'stormproof' }, /repository "stormproof" must be "owner\/name"/],
    [{ resourcePrefixes: [] }, /resourcePrefixes must name at least one/],
    [{ resourcePrefixes: ['shop*'] }, /resourcePrefixes\[0\] "shop\*" must be lowercase/],
    [{ branch: 'release/*' }, /branch "release\/\*" must be a plain branch name/],
    [{ maxSessionSeconds: 60 }, /maxSessionSeconds \(60\) must be 3600-43200/],
  ])('refuses %j', (bad, message) => {
    expect(() => synthConstruct((stack) => new GithubOidc(stack, 'github', { ...props, ...bad }))).toThrow(message);
  });
});

describe('BootstrapStack with GitHub access', () => {
  const stack = new BootstrapStack(Testing.app(), 'bootstrap', {
    bucket: 'acme-state',
    region: 'eu-west-1',
    github: { repository: 'acme/stormproof', resourcePrefixes: ['cafe'] },
  });
  const json = JSON.parse(Testing.synth(stack));

  test('has the OIDC provider, both roles scoped to its own state bucket and key, and outputs their ARNs', () => {
    expect(Object.keys(json.resource.aws_iam_openid_connect_provider)).toHaveLength(1);
    expect(Object.values(json.resource.aws_iam_role).map((r: any) => r.name).sort()).toEqual(['stormproof-github-apply', 'stormproof-github-plan']);
    const statePolicy = Object.values(json.resource.aws_iam_role_policy as Resources).find((p: any) => p.name === 'write-terraform-state')!;
    // The bootstrap stack's one bucket is the state bucket: the roles reach its state prefix only.
    const [stateBucket] = Object.keys(json.resource.aws_s3_bucket);
    expect(Object.keys(json.resource.aws_s3_bucket)).toHaveLength(1);
    expect(json.resource.aws_s3_bucket[stateBucket].bucket).toBe('acme-state');
    expect(statePolicy.policy).toContain(`\${aws_s3_bucket.${stateBucket}.arn}/stormproof/*`);
    expect(statePolicy.policy).toContain('${aws_kms_key.state-key.arn}');
    expect(Object.keys(json.output)).toEqual(expect.arrayContaining(['github_plan_role_arn', 'github_apply_role_arn']));
  });

  test('without a repository there is no CI access at all', () => {
    const plain = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), 'bootstrap', { bucket: 'acme-state', region: 'eu-west-1' })));
    expect(plain.resource.aws_iam_openid_connect_provider).toBeUndefined();
    expect(plain.resource.aws_iam_role).toBeUndefined();
  });
});
