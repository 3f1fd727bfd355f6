/** IPv4 CIDR arithmetic, the same as Terraform's `cidrsubnet`, done at synth time so plans show real ranges. */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined when it is not a valid, aligned IPv4 CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_PATTERN.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((base & hostMask(prefix)) !== 0) return undefined;
  return { base, prefix };
}

function hostMask(prefix: number): number {
  return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}

export function formatCidr(c: Cidr): string {
  const b = c.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** Terraform's cidrsubnet(prefix, newbits, netnum). */
export function cidrSubnet(parent: string, newBits: number, netNum: number): string {
  const p = parseCidr(parent);
  if (!p) throw new Error(`"${parent}" is not a valid IPv4 CIDR`);
  const prefix = p.prefix + newBits;
  if (prefix > 32) throw new Error(`cannot add ${newBits} bits to ${parent}`);
  if (netNum < 0 || netNum >= 2 ** newBits) throw new Error(`netnum ${netNum} does not fit in ${newBits} bits`);
  return formatCidr({ base: (p.base + netNum * 2 ** (32 - prefix)) >>> 0, prefix });
}

/** True when `inner` lies entirely within `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || i.prefix < o.prefix) return false;
  return (i.base & ~hostMask(o.prefix)) >>> 0 === o.base;
}

/** True when the two ranges share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

export interface SubnetPlan {
  readonly public: string[];
  readonly app: string[];
  readonly data: string[];
}

/** Tiers × AZ slots carved from the VPC: 4 tier blocks (public, app, data, spare) of 8 AZ slots each. */
export const SUBNET_NEW_BITS = 5;

/**
 * Default subnet layout: subnet `tier * 8 + az` of the VPC split into 32, so a /16 gives /21 subnets
 * (2,043 usable addresses each) and AZs can be added later without renumbering existing subnets.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  const slice = (tier: number) =>
    Array.from({ length: azCount }, (_, az) => cidrSubnet(vpcCidr, SUBNET_NEW_BITS, tier * 8 + az));
  return { public: slice(0), app: slice(1), data: slice(2) };
}
