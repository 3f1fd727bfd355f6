import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Backup } from '../../../src/constructs/operations/backup';
import { only, synthConstruct } from '../../support/synth';

const dbArn = 'arn:aws:rds:eu-west-1:123456789012:db:shop';

describe('Backup', () => {
  const { resource } = synthConstruct((stack) => {
    const dr = new AwsProvider(stack, 'dr', { region: 'eu-central-1', alias: 'dr' });
    return new Backup(stack, 'backup', { name: 'shop-production', resourceArns: [dbArn], drProvider: dr, monthlyRetentionDays: 2557, coldStorageAfterDays: 90 });
  });
  const vaults = Object.values(resource.aws_backup_vault);
  const home = vaults.find((v) => v.name === 'shop-production-vault')!;
  const dr = vaults.find((v) => v.name === 'shop-production-dr-vault')!;
  const plan = only(resource, 'aws_backup_plan');

  test('encrypted vaults in the home and the DR region', () => {
    expect(vaults).toHaveLength(2);
    vaults.forEach((v) => expect(v.kms_key_arn).toMatch(/aws_kms_key\./));
    expect(home.provider).toBeUndefined();
    expect(dr.provider).toBe('aws.dr');
    expect(home.force_destroy).toBe(false);
  });

  test('daily and monthly rules; monthly points go cold where supported; each is copied to the DR vault', () => {
    const [daily, monthly] = plan.rule;
    expect(daily).toMatchObject({ rule_name: 'daily', schedule: 'cron(0 3 * * ? *)', lifecycle: { delete_after: 35 } });
    expect(monthly).toMatchObject({
      rule_name: 'monthly',
      schedule: 'cron(0 4 1 * ? *)',
      lifecycle: { cold_storage_after: 90, delete_after: 2557, opt_in_to_archive_for_supported_resources: true },
    });
    expect(daily.copy_action[0].destination_vault_arn).toMatch(/aws_backup_vault\..*dr.*\.arn/);
    expect(monthly.copy_action[0].lifecycle).toEqual({ delete_after: 2557 });
  });

  test('selects exactly the given resources through a role with the AWS Backup managed policies', () => {
    expect(only(resource, 'aws_backup_selection').resources).toEqual([dbArn]);
    const attached = Object.values(resource.aws_iam_role_policy_attachment).map((a) => a.policy_arn);
    expect(attached).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    ]);
    expect(JSON.parse(only(resource, 'aws_iam_role').assume_role_policy).Statement[0].Principal.Service).toBe('backup.amazonaws.com');
  });

  test('refuses a retention that AWS Backup would reject', () => {
    expect(() =>
      synthConstruct((stack) => new Backup(stack, 'b', { name: 'x', resourceArns: [dbArn], monthlyRetentionDays: 100, coldStorageAfterDays: 30 })),
    ).toThrow(/monthlyRetentionDays \(100\) must be >= coldStorageAfterDays \(30\) \+ 90/);
  });

  test('without a DR provider there is no copy', () => {
    const single = synthConstruct((stack) => new Backup(stack, 'b', { name: 'x', resourceArns: [dbArn] })).resource;
    expect(Object.keys(single.aws_backup_vault)).toHaveLength(1);
    expect(only(single, 'aws_backup_plan').rule[0].copy_action).toBeUndefined();
  });
});
