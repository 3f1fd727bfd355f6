/** Lookups over one stack's resources for the documents: by type, by address, references and referrers, AZs. */
import { ArchitectureModel } from './model';
import { Resource, azOf, displayName, referencesIn } from './tfjson';

export class StackIndex {
  readonly all: readonly Resource[];
  private readonly byAddr: Map<string, Resource>;
  private readonly known: Set<string>;
  constructor(readonly model: ArchitectureModel) {
    this.all = model.resources;
    this.byAddr = new Map(this.all.map((r) => [r.address, r]));
    this.known = new Set(this.byAddr.keys());
  }
  of(type: string | RegExp): Resource[] {
    return this.all.filter((r) => (typeof type === 'string' ? r.type === type : type.test(r.type)));
  }
  get(address: string | undefined): Resource | undefined {
    return address ? this.byAddr.get(address) : undefined;
  }
  refs(value: unknown): string[] {
    return referencesIn(value, this.known);
  }
  /** First resource of `type` the value references. */
  ref(value: unknown, type: string): Resource | undefined {
    return this.get(this.refs(value).find((a) => a.startsWith(`${type}.`)));
  }
  /** Resources of `type` that reference `target` (anywhere in their arguments). */
  referrers(type: string | RegExp, target: string): Resource[] {
    return this.of(type).filter((r) => this.refs(r.config).includes(target));
  }
  name(address: string | undefined): string {
    const r = this.get(address);
    return r ? displayName(r) : (address ?? '–');
  }
}

/** The AZs of the subnets a resource is placed in. */
export function azsOf(ix: StackIndex, r: Resource): string {
  const subnets = ix.refs(r.config.subnets ?? r.config.vpc_zone_identifier ?? r.config.subnet_ids).map((a) => ix.get(a)).filter(Boolean) as Resource[];
  const azs = [...new Set(subnets.map((s) => azOf(s.config.availability_zone) ?? '?'))].sort();
  return azs.length ? azs.join(', ') : '–';
}
