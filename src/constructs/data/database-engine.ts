import { Construct } from 'constructs';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import type { DatabaseEngine } from './database-props';
import { LogGroup } from '../shared/log-group';

/** What the database constructs share: engine tables, the TLS-only parameter group, log groups, instance settings. */

export const ENGINE_PORT: Record<DatabaseEngine, number> = { postgres: 5432, mysql: 3306 };
const LOG_EXPORTS: Record<DatabaseEngine, string[]> = {
  postgres: ['postgresql', 'upgrade'],
  mysql: ['error', 'slowquery'],
};
/** The parameter that makes the server refuse unencrypted connections. */
const FORCE_TLS: Record<DatabaseEngine, { name: string; value: string }> = {
  postgres: { name: 'rds.force_ssl', value: '1' },
  mysql: { name: 'require_secure_transport', value: 'ON' },
};

/** Parameter group family of an engine version: postgres16 for '16.4', mysql8.0 for '8.0.39'. */
export function parameterGroupFamily(engine: DatabaseEngine, version: string): string {
  const [major, minor] = version.split('.');
  return engine === 'postgres' ? `postgres${major}` : `mysql${major}.${minor ?? '0'}`;
}

/** A parameter group that refuses unencrypted connections; name_prefix so a change can replace it in place. */
export function forceTlsParameterGroup(scope: Construct, id: string, name: string, engine: DatabaseEngine, version: string): DbParameterGroup {
  const family = parameterGroupFamily(engine, version);
  return new DbParameterGroup(scope, id, {
    namePrefix: `${name}-${family.replace('.', '-')}-`,
    family,
    description: `${name} ${engine}: TLS required`,
    parameter: [{ ...FORCE_TLS[engine], applyMethod: 'immediate' }],
    lifecycle: { createBeforeDestroy: true },
  });
}

/** RDS would create an instance's log groups itself, without a retention: create them first, with one. */
export function engineLogGroups(scope: Construct, engine: DatabaseEngine, instance: string, retentionDays: number): LogGroup[] {
  return LOG_EXPORTS[engine].map(
    (log) => new LogGroup(scope, `logs-${instance}-${log}`, { name: `/aws/rds/instance/${instance}/${log}`, retentionDays }),
  );
}

/** Settings every instance of one database shares: the primary, its replicas and the DR replica. */
export interface SharedInstanceSettings {
  readonly engine: DatabaseEngine;
  readonly instanceClass: string;
  readonly maxAllocatedStorageGb: number;
  readonly maintenanceWindow: string;
  readonly performanceInsights: boolean;
  readonly monitoringInterval: number;
  readonly monitoringRoleArn?: string;
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
}

/** The DbInstance arguments those shared settings make, with storage and insights encrypted by `keyArn`. */
export function instanceArguments(s: SharedInstanceSettings, keyArn: string) {
  return {
    storageType: 'gp3',
    storageEncrypted: true,
    kmsKeyId: keyArn,
    maxAllocatedStorage: s.maxAllocatedStorageGb,
    publiclyAccessible: false,
    iamDatabaseAuthenticationEnabled: true,
    autoMinorVersionUpgrade: true,
    maintenanceWindow: s.maintenanceWindow,
    copyTagsToSnapshot: true,
    enabledCloudwatchLogsExports: LOG_EXPORTS[s.engine],
    performanceInsightsEnabled: s.performanceInsights,
    performanceInsightsKmsKeyId: s.performanceInsights ? keyArn : undefined,
    performanceInsightsRetentionPeriod: s.performanceInsights ? 7 : undefined,
    monitoringInterval: s.monitoringInterval,
    monitoringRoleArn: s.monitoringRoleArn,
  };
}
