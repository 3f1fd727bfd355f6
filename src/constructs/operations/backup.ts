import { Construct } from 'constructs';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupPlan, BackupPlanRule } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { EncryptionKey } from '../shared/encryption-key';
import { assumeRolePolicy } from '../shared/iam';
import { checkColdStorageRetention, refuse } from '../../util/rules';
import { useProvider } from '../../util/provider-scope';
import { BACKUP_DEFAULTS, BackupProps } from './backup-props';

export { BACKUP_DEFAULTS } from './backup-props';
export type { BackupProps } from './backup-props';

/**
 * AWS Backup for the stateful tier: daily and monthly recovery points in an encrypted vault, monthly ones
 * tiered to cold storage where supported, and a copy of each in the DR region's vault.
 */
export class Backup extends Construct {
  readonly vault: BackupVault;
  readonly drVault?: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    const daily = props.dailyRetentionDays ?? BACKUP_DEFAULTS.dailyRetentionDays;
    const monthly = props.monthlyRetentionDays ?? BACKUP_DEFAULTS.monthlyRetentionDays;
    const cold = props.coldStorageAfterDays ?? BACKUP_DEFAULTS.coldStorageAfterDays;
    refuse(`Backup ${props.name}`, checkColdStorageRetention(monthly, cold));
    const key = new EncryptionKey(this, 'key', { alias: `${props.name}-backup`, description: `Encrypts the ${props.name} backup vault` });
    this.vault = new BackupVault(this, 'vault', { name: `${props.name}-vault`, kmsKeyArn: key.arn, forceDestroy: props.forceDestroy ?? BACKUP_DEFAULTS.forceDestroy });

    if (props.drProvider) {
      const dr = new Construct(this, 'dr');
      useProvider(dr, props.drProvider);
      const drKey = new EncryptionKey(dr, 'key', { alias: `${props.name}-backup-dr`, description: `Encrypts the ${props.name} DR backup vault` });
      this.drVault = new BackupVault(dr, 'vault', { name: `${props.name}-dr-vault`, kmsKeyArn: drKey.arn, forceDestroy: props.forceDestroy ?? BACKUP_DEFAULTS.forceDestroy });
    }
    const copyTo = (deleteAfter: number) =>
      this.drVault ? [{ destinationVaultArn: this.drVault.arn, lifecycle: { deleteAfter } }] : undefined;

    const rule = (ruleName: string, schedule: string, lifecycle: BackupPlanRule['lifecycle'], keepDays: number): BackupPlanRule => ({
      ruleName,
      targetVaultName: this.vault.name,
      schedule,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindow: 60,
      completionWindow: 360,
      lifecycle,
      copyAction: copyTo(keepDays),
      recoveryPointTags: { BackupRule: ruleName },
    });
    this.plan = new BackupPlan(this, 'plan', {
      name: `${props.name}-backup`,
      rule: [
        rule('daily', 'cron(0 3 * * ? *)', { deleteAfter: daily }, daily),
        rule('monthly', 'cron(0 4 1 * ? *)', { coldStorageAfter: cold, deleteAfter: monthly, optInToArchiveForSupportedResources: true }, monthly),
      ],
    });

    const role = new IamRole(this, 'role', { name: `${props.name}-backup`, assumeRolePolicy: assumeRolePolicy('backup.amazonaws.com') });
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      new IamRolePolicyAttachment(this, policy, {
        role: role.name,
        policyArn: `arn:aws:iam::aws:policy/service-role/${policy}`,
      });
    }
    new BackupSelection(this, 'selection', {
      name: `${props.name}-stateful`,
      planId: this.plan.id,
      iamRoleArn: role.arn,
      resources: props.resourceArns,
    });
  }
}
