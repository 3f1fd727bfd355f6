import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackJsonPath, synthesize, synthesizedStack, synthesizedStacks } from '../../src/util/synthesized';

/** The one place the tools find synthesized stacks and synthesize what is missing. */
describe('synthesized stacks', () => {
  const root = join(__dirname, '..', '..');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stormproof-synthesized-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('lists only stacks that have a cdk.tf.json, sorted; paths resolve against the root unless absolute', () => {
    for (const s of ['shop', 'cafe']) {
      mkdirSync(join(dir, 'stacks', s), { recursive: true });
      writeFileSync(join(dir, 'stacks', s, 'cdk.tf.json'), '{}');
    }
    mkdirSync(join(dir, 'stacks', 'half-written'), { recursive: true });
    expect(synthesizedStacks(root, dir)).toEqual(['cafe', 'shop']);
    expect(synthesizedStacks(root, join(dir, 'none'))).toEqual([]);
    expect(stackJsonPath(root, 'cafe', dir)).toBe(join(dir, 'stacks', 'cafe', 'cdk.tf.json'));
    expect(stackJsonPath('/repo', 'lab')).toBe('/repo/cdktf.out/stacks/lab/cdk.tf.json');
    // Present: returned as is, nothing synthesized.
    expect(synthesizedStack(root, 'shop', dir)).toBe(join(dir, 'stacks', 'shop', 'cdk.tf.json'));
  });

  test('a stack that cannot be synthesized is refused naming it and the fix; synth failures say how to see why', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => synthesize(root, { profiles: ['no-such-profile'], outdir: dir })).toThrow(/^synth of no-such-profile failed \(exit 1\): run npm run synth to see why$/);
      expect(() => synthesizedStack(root, 'no-such-profile', dir)).toThrow('no synthesized stack "no-such-profile": run npm run synth (or pass --file <cdk.tf.json>)');
      expect(stderr).toHaveBeenCalledWith(`${join(dir, 'stacks', 'no-such-profile', 'cdk.tf.json')} is missing: synthesizing no-such-profile\n`);
    } finally {
      stderr.mockRestore();
    }
  }, 30000);
});
