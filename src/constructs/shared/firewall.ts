import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';

/** A new security group: no rules until a tier is admitted. */
export interface FirewallProps {
  /** Name prefix of the group and its Name tag. */
  readonly name: string;
  readonly vpcId: string;
  /** What the group admits, in words (immutable: a change replaces the group). */
  readonly description: string;
  /** @default - the provider's default tags only */
  readonly tags?: Record<string, string>;
}

/**
 * Tier-to-tier security-group wiring in one place (internet -> ALB -> app -> data), as aws-cdk's
 * `connections` does: a tier's group starts with no rules and each rule names its peer and purpose.
 */
export class Firewall extends Construct {
  /** The group this construct created; undefined for a group brought in with `fromSecurityGroupId`. */
  readonly securityGroup?: SecurityGroup;
  readonly id: string;
  /** True for a group created elsewhere (`fromSecurityGroupId`): rules are added to it, the group itself is not managed. */
  readonly imported: boolean;
  private rules = 0;

  /**
   * An existing security group (created outside this construct or stack) that constructs use instead of creating
   * their own, as aws-cdk's `SecurityGroup.fromSecurityGroupId`: `new Service(..., { securityGroup: Firewall.fromSecurityGroupId(this, 'app-sg', 'sg-0123') })`.
   * Rules the constructs need are still written, as separate rule resources on that group; its other rules stay as they are.
   */
  static fromSecurityGroupId(scope: Construct, id: string, securityGroupId: string): Firewall {
    return new Firewall(scope, id, { securityGroupId });
  }

  constructor(scope: Construct, id: string, props: FirewallProps | { readonly securityGroupId: string }) {
    super(scope, id);
    if ('securityGroupId' in props) {
      if (!/^sg-[0-9a-f]{8,17}$/.test(props.securityGroupId) && !Token.isUnresolved(props.securityGroupId)) {
        throw new Error(`Firewall ${this.node.path}: securityGroupId "${props.securityGroupId}" is not a security group id (sg- and 8 or 17 hex digits)`);
      }
      this.id = props.securityGroupId;
      this.imported = true;
      return;
    }
    this.imported = false;
    this.securityGroup = new SecurityGroup(this, 'sg', {
      // name_prefix, not name: name and description force a replacement, and create_before_destroy
      // creates the new group before deleting the old, which a fixed name would collide with
      // ("InvalidGroup.Duplicate"). The readable name stays in the Name tag.
      namePrefix: `${props.name}-`,
      description: props.description,
      vpcId: props.vpcId,
      tags: { ...(props.tags ?? {}), Name: props.name },
      lifecycle: { createBeforeDestroy: true },
    });
    this.id = this.securityGroup.id;
  }

  /** Admits TCP `port` from another tier's security group. */
  allowFrom(peer: Firewall, port: number, description: string): void {
    this.rule('in', { referencedSecurityGroupId: peer.id }, port, description);
  }

  /** Admits TCP `port` from an IPv4 range (only the public entry points use 0.0.0.0/0). */
  allowFromCidr(cidr: string, port: number, description: string): void {
    this.rule('in', { cidrIpv4: cidr }, port, description);
  }

  /** Admits TCP `port` from a managed prefix list (e.g. CloudFront's origin-facing addresses). */
  allowFromPrefixList(prefixListId: string, port: number, description: string): void {
    this.rule('in', { prefixListId }, port, description);
  }

  /** Lets this tier open TCP `port` to another tier's security group. */
  allowTo(peer: Firewall, port: number, description: string): void {
    this.rule('out', { referencedSecurityGroupId: peer.id }, port, description);
  }

  /** Lets this tier open TCP `port` to an IPv4 range (app egress to HTTPS through NAT). */
  allowToCidr(cidr: string, port: number, description: string): void {
    this.rule('out', { cidrIpv4: cidr }, port, description);
  }

  /** `peer` may reach this tier on `port`: the ingress here and the egress there, as one call. */
  connectFrom(peer: Firewall, port: number, description: string): void {
    this.allowFrom(peer, port, description);
    peer.allowTo(this, port, description);
  }

  private rule(
    direction: 'in' | 'out',
    peer: { readonly referencedSecurityGroupId: string } | { readonly cidrIpv4: string } | { readonly prefixListId: string },
    port: number,
    description: string,
  ): void {
    const Rule = direction === 'in' ? VpcSecurityGroupIngressRule : VpcSecurityGroupEgressRule;
    new Rule(this, `${direction}-${this.rules++}`, {
      securityGroupId: this.id,
      ...peer,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description,
    });
  }
}

/** Anything with a firewall that peers can be admitted to (Service, LoadBalancer, Database, Cache). */
export interface IConnectable {
  readonly connections: Connections;
}

/**
 * A construct's firewall and the port it serves on, as aws-cdk's `connections`:
 * `db.connections.allowDefaultPortFrom(service)` admits the service's tier on the database port.
 */
export class Connections {
  constructor(
    readonly firewall: Firewall,
    /** The port peers connect to (undefined for tiers nothing connects to, e.g. workers). */
    readonly defaultPort?: number,
  ) {}

  /** `peer` may open the default port here (ingress here, egress there). */
  allowDefaultPortFrom(peer: IConnectable | Firewall, description: string): void {
    if (this.defaultPort === undefined) throw new Error(`${this.firewall.node.path}: no default port to allow; use allowFrom with a port`);
    this.allowFrom(peer, this.defaultPort, description);
  }

  /** `peer` may open `port` here (ingress here, egress there). */
  allowFrom(peer: IConnectable | Firewall, port: number, description: string): void {
    this.firewall.connectFrom(peer instanceof Firewall ? peer : peer.connections.firewall, port, description);
  }

  /** This tier may open `port` on `peer` (egress here, ingress there): the other direction of allowFrom. */
  allowTo(peer: IConnectable | Firewall, port: number, description: string): void {
    (peer instanceof Firewall ? peer : peer.connections.firewall).connectFrom(this.firewall, port, description);
  }

  /** This tier may open `peer`'s default port (as `peer.connections.allowDefaultPortFrom(this)`). */
  allowToDefaultPort(peer: IConnectable, description: string): void {
    peer.connections.allowDefaultPortFrom(this.firewall, description);
  }
}
