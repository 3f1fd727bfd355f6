import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refuse, refusalText } from '../../src/config/refusal';
import { ConfigError } from '../../src/config/validate';

describe('a refused synth', () => {
  const error = new ConfigError('cafe', ['network.azCount (1) must be a whole number from 2 to 6']);

  test('prints only the problems; STORMPROOF_DEBUG=1 adds the stack trace', () => {
    expect(refusalText(error, {})).toBe('Invalid Stormproof profile "cafe":\n  - network.azCount (1) must be a whole number from 2 to 6');
    expect(refusalText(error, { STORMPROOF_DEBUG: '1' })).toMatch(/^ConfigError: Invalid Stormproof profile "cafe":\n.*\n\s+at /);
    expect(refusalText(new TypeError('boom'), {})).toBe('TypeError: boom\n(STORMPROOF_DEBUG=1 shows where it was thrown)');
  });

  test('removes the refused stacks\' output directories and fails the exit code', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'stormproof-refusal-'));
    for (const s of ['cafe', 'lab']) mkdirSync(join(outdir, 'stacks', s), { recursive: true });
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      refuse(error, outdir, [], {});
      expect(existsSync(join(outdir, 'stacks', 'cafe'))).toBe(false);
      expect(existsSync(join(outdir, 'stacks', 'lab'))).toBe(true);
      expect(process.exitCode).toBe(1);
      refuse(new Error('construct failed'), outdir, ['lab'], {});
      expect(existsSync(join(outdir, 'stacks', 'lab'))).toBe(false);
      expect(write).toHaveBeenCalledWith('Error: construct failed\n(STORMPROOF_DEBUG=1 shows where it was thrown)\n');
    } finally {
      write.mockRestore();
      process.exitCode = 0;
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
