/**
 * checkov gate on every synthesized stack: checks must actually run (no parsing errors, at least one
 * check), 0 failed after the justified suppressions in checkov-suppressions.json, and every suppression
 * must still match a finding (a stale one hides nothing and misleads). Prints passed/failed/suppressed per stack.
 */
import { Finding, StackScan, Suppression, applySuppressions, loadSuppressions, scanStack } from './support/checkov';
import { log, pool, record, seconds, skipRequested, stackNames } from './support/harness';

const suite = skipRequested ? describe.skip : describe;

suite('checkov gate', () => {
  const stacks = skipRequested ? [] : stackNames();
  const scans = new Map<string, StackScan>();
  let suppressions: Suppression[] = [];
  const used = new Set<Suppression>();

  beforeAll(async () => {
    suppressions = loadSuppressions();
    const started = Date.now();
    const raw = await pool(stacks, 2, scanStack);
    for (const r of raw) {
      const { failed, suppressed } = applySuppressions(r.stack, r.findings, suppressions, used);
      scans.set(r.stack, { stack: r.stack, passed: r.passed, failed, suppressed, parsingErrors: r.parsingErrors, ms: r.ms });
      log(`${r.stack}: checkov passed ${r.passed}, failed ${failed.length}, suppressed ${suppressed.length}` +
        ` (parsing errors ${r.parsingErrors}, ${seconds(r.ms)})`);
      for (const f of failed) log(`${r.stack}: checkov FAILED ${f.check} ${f.address}: ${f.name}`);
    }
    log(`checkov on ${stacks.length} stacks (2 at a time): ${seconds(Date.now() - started)}`);
    record('checkov', [...scans.values()].map((s) => ({ stack: s.stack, passed: s.passed, failed: s.failed.length, suppressed: s.suppressed.length, ms: s.ms })));
  }, 10 * 60_000);

  test('scans every profile, fastier-beanstalk (Elastic Beanstalk) included', () => {
    if (!process.env.STORMPROOF_TF_STACKS) expect(stacks).toEqual(expect.arrayContaining(['cafe', 'fastier', 'fastier-beanstalk', 'ecommerce']));
  });

  test('every suppression has a check id, a resource pattern and a real reason', () => {
    for (const s of suppressions) {
      expect(s.check).toMatch(/^CKV2?_AWS_\d+$/);
      expect(s.resource).toMatch(/^(data\.)?aws_[a-z0-9_]+\./);
      expect(s.reason.length).toBeGreaterThan(30);
    }
  });

  test.each(stacks)('%s: checkov parsed the JSON and ran checks', (stack) => {
    const s = scans.get(stack)!;
    expect(s.parsingErrors).toBe(0);
    expect(s.passed + s.failed.length + s.suppressed.length).toBeGreaterThan(0);
  });

  test.each(stacks)('%s: 0 failed checks after suppressions', (stack) => {
    const show = (f: Finding) => `${f.check} ${f.address}: ${f.name}`;
    expect(scans.get(stack)!.failed.map(show)).toEqual([]);
  });

  test('every suppression still matches a finding', () => {
    const stale = suppressions.filter((s) => !used.has(s)).map((s) => `${s.check} ${s.resource}`);
    // Only a scan of every stack can tell a suppression is stale (STORMPROOF_TF_STACKS scans some).
    if (!process.env.STORMPROOF_TF_STACKS) expect(stale).toEqual([]);
  });
});
