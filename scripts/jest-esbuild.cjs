// A jest transform that strips TypeScript types with esbuild (a dependency already, for the synth bundle):
// per file, no type-check, about 50x less work than ts-jest's language service. Types are checked once, by
// `tsc --noEmit` (npm test's first step). The tests use no jest.mock, so no hoisting is needed.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync, version } = require('esbuild');

const tsconfig = JSON.parse(readFileSync(require.resolve('../tsconfig.json'), 'utf8'));
const self = readFileSync(__filename);

module.exports = {
  canInstrument: false,
  getCacheKey(source, path) {
    return createHash('sha256').update(version).update('\0').update(self).update(JSON.stringify(tsconfig)).update('\0').update(path).update('\0').update(source).digest('hex');
  },
  process(source, path) {
    const { code, map } = transformSync(source, {
      loader: path.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      platform: 'node',
      sourcemap: 'external',
      sourcefile: path,
      tsconfigRaw: { compilerOptions: tsconfig.compilerOptions },
    });
    return { code, map };
  },
};
