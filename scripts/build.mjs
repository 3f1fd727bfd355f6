#!/usr/bin/env node
// Transpiles main.ts and src/ to dist/ with esbuild (about 50 ms): synth never waits for a type-check.
// Types are checked once, by `npm run typecheck` (tsc --noEmit), which `npm test` runs first.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [];
const walk = (dir) => {
  for (const entry of readdirSync(join(root, dir))) {
    const rel = join(dir, entry);
    if (statSync(join(root, rel)).isDirectory()) walk(rel);
    else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) sources.push(rel);
  }
};
['src', '.gen'].forEach((d) => { try { walk(d); } catch (e) { if (e.code !== 'ENOENT') throw e; } });

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['main.ts', ...sources],
  outdir: 'dist',
  outbase: '.',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
