/** Lookups over one stack's resources for every tool: by type, by address, references and referrers, AZs. */
import { Resource, TfJson, azOf, displayName, providerRegions, referencesIn, resources } from './tfjson';

/** What an index is built over: a stack's name and its resources (a deliverables model is one). */
export interface IndexSource {
  readonly stack: string;
  readonly resources: readonly Resource[];
}

export class StackIndex<M extends IndexSource = IndexSource> {
  /** An index over a synthesized stack's JSON, with its providers' regions. */
  static fromJson(stack: string, json: TfJson): StackIndex<IndexSource & { readonly regions: ReadonlyMap<string, string> }> {
    return new StackIndex({ stack, resources: resources(json), regions: providerRegions(json) });
  }
  readonly all: readonly Resource[];
  private readonly byAddr: Map<string, Resource>;
  private readonly known: Set<string>;
  constructor(readonly model: M) {
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
