/**
 * apply -> second plan (must show no changes) -> destroy of one stack against its own moto server.
 * Resource types moto cannot serve are listed, with the reason and moto version, in ONE file
 * (__tests__/terraform/moto-gaps.json) and left out only here, by targeting every other address; the
 * second plan may differ only on the attributes that file names. The synthesized JSON is never changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MotoServer, TfJson, appendRecord, dependencies, loadStack, log, motoEnv, prepareWorkdir, record, resourceAddresses,
  root, seconds, taintedAddresses, terraform, terraformResilient,
} from './harness';
import { StateProofs, proofsFromState } from './proofs';
import { FlakyProxy, FlakyProxyOptions } from './flaky-proxy';

export interface MotoGap {
  /** Resource type moto cannot serve. */
  readonly type: string;
  /** Only resources of the type that set this argument (e.g. `replicate_source_db`). */
  readonly when?: string;
  /** Only in these stacks (default: every stack). */
  readonly stacks?: readonly string[];
  readonly reason: string;
}

export interface MotoDrift {
  readonly type: string;
  readonly attribute: string;
  /** Only this resource address (default: every resource of the type). */
  readonly address?: string;
  readonly reason: string;
}

export interface MotoGaps {
  readonly moto: string;
  readonly unsupported: readonly MotoGap[];
  readonly drift: readonly MotoDrift[];
}

export const gapsFile = join(root, '__tests__', 'terraform', 'moto-gaps.json');
export const motoGaps = (): MotoGaps => JSON.parse(readFileSync(gapsFile, 'utf8'));

/** Addresses moto cannot serve (per moto-gaps.json) and every resource that depends on one, with why. */
export function excludedAddresses(stack: string, json: TfJson, gaps: MotoGaps): Map<string, string> {
  const excluded = new Map<string, string>();
  for (const [type, byName] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    for (const [name, cfg] of Object.entries<any>(byName)) {
      const gap = gaps.unsupported.find(
        (g) => g.type === type && (!g.when || cfg[g.when] !== undefined) && (!g.stacks || g.stacks.includes(stack)),
      );
      if (gap) excluded.set(`${type}.${name}`, `moto ${gaps.moto}: ${gap.reason}`);
    }
  }
  const deps = dependencies(json);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [addr, on] of deps) {
      if (excluded.has(addr)) continue;
      const blocker = [...on].find((d) => excluded.has(d));
      if (blocker) {
        excluded.set(addr, `depends on ${blocker}`);
        grew = true;
      }
    }
  }
  return excluded;
}

/** `addresses` and every resource they reference, transitively (what `terraform apply -target` would create). */
export function withDependencies(json: TfJson, addresses: string[]): string[] {
  const deps = dependencies(json);
  const seen = new Set<string>();
  const visit = (a: string) => {
    if (seen.has(a)) return;
    seen.add(a);
    for (const d of deps.get(a) ?? []) visit(d);
  };
  addresses.forEach(visit);
  return resourceAddresses(json).filter((a) => seen.has(a));
}

/** `-target` arguments for everything moto can serve (none when it serves the whole stack), logged. */
export function motoTargets(stack: string, json: TfJson, gaps: MotoGaps = motoGaps()) {
  const excluded = excludedAddresses(stack, json, gaps);
  const targets = excluded.size ? resourceAddresses(json).filter((a) => !excluded.has(a)).map((a) => `-target=${a}`) : [];
  for (const [addr, why] of excluded) log(`${stack}: left out against moto: ${addr} (${why})`);
  return { excluded, targets };
}

/** Test-only override that lifts deletion protection (RDS, ALB) and lets destroy empty S3 buckets. */
export function teardownOverride(json: TfJson, excluded: Map<string, string>) {
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  const addresses: string[] = [];
  const set = (type: string, name: string, values: Record<string, unknown>) => {
    if (excluded.has(`${type}.${name}`)) return;
    (resource[type] ??= {})[name] = values;
    addresses.push(`${type}.${name}`);
  };
  for (const [name, cfg] of Object.entries<any>(json.resource?.aws_db_instance ?? {})) {
    if (cfg.deletion_protection === true || cfg.skip_final_snapshot !== true) set('aws_db_instance', name, { deletion_protection: false, skip_final_snapshot: true });
  }
  for (const [name, cfg] of Object.entries<any>(json.resource?.aws_lb ?? {})) {
    if (cfg.enable_deletion_protection === true) set('aws_lb', name, { enable_deletion_protection: false });
  }
  for (const [name, cfg] of Object.entries<any>(json.resource?.aws_s3_bucket ?? {})) {
    if (cfg.force_destroy !== true) set('aws_s3_bucket', name, { force_destroy: true });
  }
  return { override: { resource }, addresses, count: addresses.length };
}

export interface Difference {
  readonly address: string;
  readonly type: string;
  readonly actions: string[];
  readonly attributes: string[];
}

/** Drops null, "", [] and {} recursively, as Terraform's diff treats an empty block and a missing one alike. */
function prune(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return undefined;
  if (Array.isArray(v)) {
    const items = v.map(prune).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as object).map(([k, x]) => [k, prune(x)] as const).filter(([, x]) => x !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v;
}

/** The resources and top-level attributes a saved plan would change. */
export function planDifferences(planJson: TfJson): Difference[] {
  const out: Difference[] = [];
  for (const rc of planJson.resource_changes ?? []) {
    if (rc.mode !== 'managed') continue;
    const actions: string[] = rc.change.actions;
    if (actions.length === 1 && (actions[0] === 'no-op' || actions[0] === 'read')) continue;
    const before = rc.change.before ?? {};
    const after = rc.change.after ?? {};
    const unknown = rc.change.after_unknown ?? {};
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    // An attribute is unknown when any part of it is; null, "", [] and {} (at any depth) read the same.
    const norm = (v: unknown) => JSON.stringify(prune(v) ?? null);
    const attributes = [...keys].filter((k) => norm(before[k]) !== norm(after[k]) || JSON.stringify(unknown[k] ?? false).includes('true'));
    out.push({ address: rc.address, type: rc.type, actions, attributes });
  }
  return out;
}

/**
 * Resources in flight at once. Terraform's default of 10 lets the provider's consistency waits against moto hold most
 * slots (the shop's seven S3 lifecycle configurations wait ~55 s each, its queues ~25 s) while the rest of the graph
 * queues behind them; the work itself is the same.
 */
export const PARALLELISM = '-parallelism=30';

export interface SecondPlan {
  readonly plan: Awaited<ReturnType<typeof terraformResilient>>;
  readonly differences: Difference[];
  /** Differences moto-gaps.json explains (moto's answers), one line each with the reason. */
  readonly allowedDifferences: string[];
  readonly unexpectedDifferences: string[];
}

/**
 * The plan after an apply, in a Terraform working directory that holds the applied state: saved, shown, and each
 * difference sorted into what moto-gaps.json explains and what it does not (which a test must see as none).
 */
export async function secondPlan(
  stack: string,
  dir: string,
  env: Record<string, string>,
  targets: readonly string[],
  attempts = 3,
  gaps: MotoGaps = motoGaps(),
): Promise<SecondPlan> {
  const plan = await terraformResilient(dir, ['plan', '-input=false', '-no-color', PARALLELISM, '-detailed-exitcode', '-out=second.tfplan', ...targets], env, [0, 2], attempts);
  let differences: Difference[] = [];
  if (plan.code === 2) {
    const show = await terraform(dir, ['show', '-json', 'second.tfplan'], env);
    differences = planDifferences(JSON.parse(show.stdout));
  }
  const allowedDifferences: string[] = [];
  const unexpectedDifferences: string[] = [];
  for (const d of differences) {
    for (const attr of d.attributes.length ? d.attributes : ['(whole resource)']) {
      const drift = gaps.drift.find((g) => g.type === d.type && g.attribute === attr && (!g.address || g.address === d.address));
      const line = `${d.address} ${d.actions.join('/')} ${attr}`;
      if (drift) allowedDifferences.push(`${line}: moto ${gaps.moto}: ${drift.reason}`);
      else unexpectedDifferences.push(line);
    }
  }
  if (plan.code === 0) log(`${stack}: second plan: no changes (${seconds(plan.ms)})`);
  else {
    for (const l of allowedDifferences) log(`${stack}: second plan differs only as moto answers (moto-gaps.json): ${l}`);
    for (const l of unexpectedDifferences) log(`${stack}: second plan UNEXPECTED difference: ${l}`);
    if (!unexpectedDifferences.length) log(`${stack}: second plan: no changes other than moto-gaps.json drift`);
  }
  return { plan, differences, allowedDifferences, unexpectedDifferences };
}

export interface LifecycleOptions {
  /** Directory holding `stacks/<stack>/cdk.tf.json` (default: the globalSetup synth). */
  readonly from?: string;
  /** Runs after apply, before the second plan (e.g. to show the state object in the bucket). */
  readonly afterApply?: (ctx: { moto: MotoServer; dir: string }) => Promise<void>;
  /**
   * Runs after `terraform init`, before the apply (e.g. to apply a few addresses first, in their own order, and
   * look at them in moto). Whatever it leaves in state the apply takes as is.
   */
  readonly afterInit?: (ctx: { moto: MotoServer; dir: string; env: Record<string, string>; json: TfJson }) => Promise<void>;
  /** Runs first, once moto is up (e.g. to synthesize with another backend and apply the bootstrap stack). */
  readonly beforeApply?: (ctx: { moto: MotoServer }) => Promise<void>;
  /** Name of the scratch run folder. */
  readonly run?: string;
  /**
   * Only the addresses this accepts, and what they reference, are applied: for a stack whose other tiers
   * another lifecycle already proves (ecommerce-eks: the EKS side, not ecommerce's data tier again).
   * @default - the whole stack
   */
  readonly scope?: (address: string) => boolean;
  /**
   * The provider talks to moto through a proxy that drops a seeded fraction of requests (flaky-proxy.ts); the
   * S3 backend, if any, talks to moto directly. For the test of the retry path.
   * @default - straight to moto
   */
  readonly flaky?: Omit<FlakyProxyOptions, 'targetPort'>;
  /** Attempts each apply/plan/destroy gets (terraformResilient). @default 3 */
  readonly attempts?: number;
  /** Whether to check proofs.md against the applied state. @default true */
  readonly proofs?: boolean;
}

/** What the retries of one terraform command did. */
export interface Retries {
  readonly attempts: number;
  readonly replaced: string[];
  readonly imported: string[];
}

export interface LifecycleResult {
  stack: string;
  addresses: number;
  /** Resources the apply reported as added. */
  applied: number;
  excluded: Record<string, string>;
  applyMs: number;
  planMs: number;
  destroyMs: number;
  differences: Difference[];
  allowedDifferences: string[];
  unexpectedDifferences: string[];
  /** The second plan's exit code: 0 no changes, 2 changes (then `differences`). */
  planCode: number;
  stateAfterDestroy: string[];
  /** Tainted instances `terraform state pull` shows once apply finished (none, when the retries repaired all). */
  taintedAfterApply: string[];
  /** proofs.md from `npm run deliverables -- <stack> --state` on the applied state (empty with `proofs: false`). */
  proofs: StateProofs;
  /** Per command (apply, plan, teardown, destroy): what its retries did. */
  retries: Record<string, Retries>;
  /** With `flaky`: requests through the proxy, and the drops (mode and call). */
  proxy?: { requests: number; drops: { mode: string; call: string }[] };
}

/** Managed resources (not data sources) in `terraform state list` output. */
const managedInState = (stateList: string): string[] => stateList.split('\n').filter((l) => l && !l.startsWith('data.'));

/** Runs the whole lifecycle; returns what happened (the caller's tests assert on it). */
export async function runLifecycle(stack: string, opts: LifecycleOptions = {}): Promise<LifecycleResult> {
  const gaps = motoGaps();
  const moto = await MotoServer.start();
  let proxy: FlakyProxy | undefined;
  try {
    if (opts.flaky) proxy = await FlakyProxy.start({ ...opts.flaky, targetPort: moto.port });
    const attempts = opts.attempts ?? 3;
    const retries: Record<string, Retries> = {};
    const note = (name: string, r: Retries) => (retries[name] = { attempts: r.attempts, replaced: r.replaced, imported: r.imported });
    await opts.beforeApply?.({ moto });
    const json = loadStack(stack, opts.from);
    const { excluded: gapExcluded, targets: gapTargets } = motoTargets(stack, json, gaps);
    const all = opts.scope ? withDependencies(json, resourceAddresses(json).filter(opts.scope)) : resourceAddresses(json);
    const excluded = new Map([...gapExcluded].filter(([a]) => all.includes(a)));
    const targets = opts.scope ? all.filter((a) => !excluded.has(a)).map((a) => `-target=${a}`) : gapTargets;
    if (opts.scope) log(`${stack}: scoped run: ${all.length} addresses (the scope and what it references), ${excluded.size} of them left out against moto`);
    const dir = prepareWorkdir(stack, opts.run ?? `lifecycle-${stack}`, { motoEndpoint: moto.endpoint }, opts.from);
    // The backend (prepareWorkdir) points at moto itself: only the provider goes through the proxy.
    const env = motoEnv(proxy?.endpoint ?? moto.endpoint);
    await terraform(dir, ['init', '-input=false', '-no-color'], env);
    await opts.afterInit?.({ moto, dir, env, json });
    // A loaded machine can drop a connection to moto mid-apply: retried only when that is the sole error.
    const apply = await terraformResilient(dir, ['apply', '-input=false', '-auto-approve', '-no-color', PARALLELISM, ...targets], env, [0], attempts);
    note('apply', apply);
    const taintedAfterApply = taintedAddresses((await terraform(dir, ['state', 'pull'], env)).stdout);
    // Counted from state, not from "Apply complete!": a retried apply reports only what its last attempt added.
    const applied = managedInState((await terraform(dir, ['state', 'list'], env)).stdout).length;
    log(`${stack}: apply ok: ${applied} in state (${all.length - excluded.size} of ${all.length} addresses) in ${seconds(apply.ms)}${apply.attempts > 1 ? ` over ${apply.attempts} attempts` : ''}`);
    appendRecord(opts.run ?? `lifecycle-${stack}`, apply.stdout);
    await opts.afterApply?.({ moto, dir });
    // proofs.md reads the state (`state pull`, no lock) while the second plan refreshes it: side by side.
    const [proofs, { plan, differences, allowedDifferences, unexpectedDifferences }] = await Promise.all([
      opts.proofs === false ? { markdown: '', expected: [] } : proofsFromState(stack, dir, env, opts.from),
      secondPlan(stack, dir, env, targets, attempts, gaps),
    ]);
    note('plan', plan);

    // Tearing down a production stack starts where an operator starts: lift deletion protection and let
    // Terraform empty the buckets (a test-only override applied first; the shipped JSON keeps its protection).
    // Out of scope counts as left out here: never created, so nothing to lift.
    const notApplied = new Map([...excluded, ...resourceAddresses(json).filter((a) => !all.includes(a)).map((a) => [a, 'out of scope'] as const)]);
    const teardown = teardownOverride(json, notApplied);
    if (teardown.count) {
      writeFileSync(join(dir, 'stormproof_teardown_override.tf.json'), JSON.stringify(teardown.override, null, 2));
      // Only these resources: moto's drift elsewhere (moto-gaps.json) must not turn into real updates here.
      // -refresh=false here and in the destroy: the second plan has just read every resource back, and the retries
      // resume the same way; reading all of them twice more cost the ecommerce scope 90 s of a loaded run.
      const lift = await terraformResilient(
        dir,
        ['apply', '-input=false', '-auto-approve', '-no-color', '-refresh=false', PARALLELISM, ...teardown.addresses.map((a) => `-target=${a}`)],
        env,
        [0],
        attempts,
      );
      note('teardown', lift);
      log(`${stack}: teardown: deletion protection lifted / force_destroy set on ${teardown.count} resources in ${seconds(lift.ms)}`);
    }
    const destroy = await terraformResilient(dir, ['destroy', '-input=false', '-auto-approve', '-no-color', '-refresh=false', PARALLELISM], env, [0], attempts);
    note('destroy', destroy);
    const state = await terraform(dir, ['state', 'list'], env);
    const stateAfterDestroy = managedInState(state.stdout);
    const destroyed = /Destroy complete! Resources: (\d+) destroyed/.exec(destroy.stdout)?.[1];
    log(`${stack}: destroy ok: ${destroyed} destroyed in ${seconds(destroy.ms)}; ${stateAfterDestroy.length} resources left in state`);
    const result: LifecycleResult = {
      stack, addresses: all.length, applied, excluded: Object.fromEntries(excluded), applyMs: apply.ms, planMs: plan.ms, destroyMs: destroy.ms,
      differences, allowedDifferences, unexpectedDifferences, planCode: plan.code, stateAfterDestroy, taintedAfterApply, proofs, retries,
      ...(proxy && { proxy: { requests: proxy.requests, drops: [...proxy.drops] } }),
    };
    record(opts.run ?? `lifecycle-${stack}`, result);
    return result;
  } finally {
    await proxy?.stop();
    await moto.stop();
  }
}

/** The jest suite for one stack's lifecycle (one test file per stack, so jest runs them side by side). */
export function lifecycleSuite(stack: string, opts: LifecycleOptions = {}, extra?: (get: () => LifecycleResult) => void): void {
  const skip = process.env.STORMPROOF_SKIP_TERRAFORM === '1';
  (skip ? describe.skip : describe)(`${stack}: apply, plan (no changes), destroy against moto`, () => {
    let result: LifecycleResult;
    beforeAll(async () => {
      result = await runLifecycle(stack, opts);
    }, 20 * 60_000);

    test('applies everything moto can serve; anything left out is named in moto-gaps.json', () => {
      expect(result.applied).toBe(result.addresses - Object.keys(result.excluded).length);
      for (const why of Object.values(result.excluded)) expect(why).toMatch(/^(moto \d|depends on )/);
    });

    test('a second plan shows no changes (other than moto-gaps.json drift)', () => {
      expect(result.unexpectedDifferences).toEqual([]);
    });

    test('destroy leaves nothing in state', () => {
      expect(result.stateAfterDestroy).toEqual([]);
    });

    test('proofs.md (npm run deliverables --state) lists what the apply created', () => {
      expect(result.proofs.expected.length).toBeGreaterThanOrEqual(2);
      for (const item of result.proofs.expected) expect(result.proofs.markdown).toContain(item);
    });

    extra?.(() => result);
  });
}
