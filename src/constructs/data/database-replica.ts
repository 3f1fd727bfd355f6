import { Construct } from 'constructs';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { useProvider } from '../../util/provider-scope';
import { engineLogGroups, forceTlsParameterGroup, instanceArguments, SharedInstanceSettings } from './database-engine';
import type { CrossRegionReplicaProps } from './database-props';
import { EncryptionKey } from '../shared/encryption-key';
import { Firewall } from '../shared/firewall';

export interface DatabaseReadReplicaProps {
  /** Name prefix of the source database (`<name>` of its `<name>-db` primary). */
  readonly name: string;
  /** DB instance identifier of the replica, e.g. `shop-production-db-replica-1`. */
  readonly identifier: string;
  /** The primary: its identifier in the same region, its ARN across regions. */
  readonly source: DbInstance;
  /** Settings shared with the primary (engine, storage ceiling, windows, monitoring, protection). */
  readonly settings: SharedInstanceSettings;
  /** Engine version of the primary (the DR region needs its own TLS-only parameter group). */
  readonly engineVersion: string;
  /** `Role` tag: `read-replica` or `cross-region-replica`. */
  readonly role: string;
  /**
   * Same region: the primary's key, firewall and parameter group, and the replica's AZ.
   * @default - none: give exactly one of `sameRegion` and `crossRegion`
   */
  readonly sameRegion?: { readonly keyArn: string; readonly firewall: Firewall; readonly parameterGroupName: string; readonly availabilityZone?: string };
  /**
   * Another region: the replica gets its own key, firewall, subnet group and parameter group there.
   * @default - none: give exactly one of `sameRegion` and `crossRegion`
   */
  readonly crossRegion?: CrossRegionReplicaProps;
  /** @default - the primary's (settings.instanceClass) */
  readonly instanceClass?: string;
}

/**
 * A read replica of a Database, in its region or another (as aws-cdk's DatabaseInstanceReadReplica).
 * Replicas inherit the credentials: setting a username, password or managed secret on them fails.
 */
export class DatabaseReadReplica extends Construct {
  readonly instance: DbInstance;
  readonly identifier: string;
  /** The identifier as a plain string (known at synth), for outputs tools read from the JSON. */
  readonly identifierName: string;
  /** `host:port`. */
  readonly endpoint: string;
  /** The DR region's key (cross-region replicas only). */
  readonly key?: EncryptionKey;
  /** The DR region's firewall (cross-region replicas only); the same-region replica shares the primary's. */
  readonly firewall: Firewall;

  constructor(scope: Construct, id: string, props: DatabaseReadReplicaProps) {
    super(scope, id);
    if (!props.sameRegion === !props.crossRegion) throw new Error(`DatabaseReadReplica ${props.identifier}: give exactly one of sameRegion and crossRegion`);
    const s = props.settings;
    const common = {
      identifier: props.identifier,
      instanceClass: props.instanceClass ?? props.crossRegion?.instanceClass ?? s.instanceClass,
      multiAz: false,
      deletionProtection: s.deletionProtection,
      skipFinalSnapshot: true,
      dependsOn: engineLogGroups(this, s.engine, props.identifier, s.logRetentionDays).map((g) => g.logGroup),
      tags: { Name: props.identifier, Role: props.role },
    };
    let keyArn: string;
    let placement: { replicateSourceDb: string; vpcSecurityGroupIds: string[]; parameterGroupName: string; availabilityZone?: string; dbSubnetGroupName?: string };
    if (props.sameRegion) {
      const same = props.sameRegion;
      this.firewall = same.firewall;
      keyArn = same.keyArn;
      placement = {
        replicateSourceDb: props.source.identifier,
        availabilityZone: same.availabilityZone,
        vpcSecurityGroupIds: [same.firewall.id],
        parameterGroupName: same.parameterGroupName,
      };
    } else {
      const dr = props.crossRegion!;
      // Everything under this construct is created through the DR region's provider.
      useProvider(this, dr.provider);
      this.key = new EncryptionKey(this, 'key', {
        alias: `${props.name}-database-dr`,
        description: `${props.name} cross-region database replica`,
      });
      keyArn = this.key.arn;
      this.firewall = new Firewall(this, 'firewall', {
        name: `${props.name}-db-dr`,
        vpcId: dr.vpcId,
        description: `${props.name} DR database replica: no ingress until the app is deployed in this region`,
      });
      const subnets = new DbSubnetGroup(this, 'subnets', {
        namePrefix: `${props.name}-db-dr-`,
        description: `${props.name} DR database replica in the DR data subnets`,
        subnetIds: dr.subnetIds,
        lifecycle: { createBeforeDestroy: true },
      });
      placement = {
        // A cross-region source is named by ARN; the replica is re-encrypted with the DR region's key.
        replicateSourceDb: props.source.arn,
        dbSubnetGroupName: subnets.name,
        vpcSecurityGroupIds: [this.firewall.id],
        parameterGroupName: forceTlsParameterGroup(this, 'parameters', `${props.name}-dr`, s.engine, props.engineVersion).name,
      };
    }
    this.instance = new DbInstance(this, 'replica', { ...instanceArguments(s, keyArn), ...common, ...placement });
    this.identifier = this.instance.identifier;
    this.identifierName = props.identifier;
    this.endpoint = this.instance.endpoint;
  }
}
