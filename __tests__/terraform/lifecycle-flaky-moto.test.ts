/**
 * The retry path of the moto runs, run for real: the bootstrap stack's state bucket with its KMS key and alias
 * (the GitHub OIDC roles left out: IAM adds time, not a new kind of failure) applied, planned again and destroyed
 * through a proxy that drops a seeded fraction of
 * requests to moto (support/flaky-proxy.ts), some before moto sees them and some after it acted on them.
 * On top of the seeded drops, two replay what a loaded CI machine did to this stack: the KMS key's tag-update
 * follow-up dropped (the key is created but left tainted, without `key_id`: trusting it once failed its alias
 * with "Missing required argument target_key_id"), and the alias's create answered with a reset after moto made
 * it (the retry's create finds it there). Both must be repaired by the retries, not by luck.
 */
import { LifecycleResult, runLifecycle } from './support/lifecycle';
import { log, seconds } from './support/harness';

/** Seed and rate: one request in 100 dropped; the seed is fixed so a failure replays exactly. */
const SEED = 33;
const DROP_RATE = 0.01;

const skip = process.env.STORMPROOF_SKIP_TERRAFORM === '1';
(skip ? describe.skip : describe)(`bootstrap through a proxy dropping ${DROP_RATE * 100}% of moto requests (seed ${SEED})`, () => {
  let result: LifecycleResult;
  let ms = 0;
  beforeAll(async () => {
    const started = Date.now();
    result = await runLifecycle('bootstrap', {
      run: 'lifecycle-flaky-moto',
      scope: (address) => !address.includes('github'),
      flaky: {
        seed: SEED,
        dropRate: DROP_RATE,
        script: [
          { match: 'TrentService.ListResourceTags', mode: 'before' },
          { match: 'TrentService.CreateAlias', mode: 'after' },
        ],
      },
      attempts: 8,
      proofs: false,
    });
    ms = Date.now() - started;
    const drops = result.proxy!.drops;
    const byMode = ['before', 'after', 'mid'].map((m) => `${drops.filter((d) => d.mode === m).length} ${m}`).join(', ');
    const attempts = Object.entries(result.retries).map(([k, r]) => `${k} ${r.attempts}`).join(', ');
    log(`bootstrap through the flaky proxy: ${seconds(ms)}; ${result.proxy!.requests} requests, ${drops.length} dropped (${byMode}); attempts ${attempts}`);
    for (const d of drops) log(`  dropped ${d.mode}: ${d.call}`);
  }, 15 * 60_000);

  test('the proxy dropped requests, before and after moto acted on them, and the apply needed retries', () => {
    const modes = new Set(result.proxy!.drops.map((d) => d.mode));
    expect(modes).toEqual(expect.objectContaining(new Set(['before', 'after'])));
    expect(result.retries.apply.attempts).toBeGreaterThan(1);
  });

  test('the KMS key left tainted by its dropped follow-up was replaced, not trusted', () => {
    expect(result.retries.apply.replaced).toContain('aws_kms_key.state-key');
  });

  test('the alias moto created behind a dropped answer was imported, not created twice', () => {
    expect(result.retries.apply.imported).toContain('aws_kms_alias.state-key-alias');
  });

  test('ends applied: everything moto can serve is in state, nothing tainted', () => {
    expect(result.applied).toBe(result.addresses - Object.keys(result.excluded).length);
    expect(result.taintedAfterApply).toEqual([]);
  });

  test('a second plan shows no changes', () => {
    expect(result.planCode).toBe(0);
    expect(result.differences).toEqual([]);
  });

  test('destroy leaves nothing in state', () => {
    expect(result.stateAfterDestroy).toEqual([]);
  });
});
