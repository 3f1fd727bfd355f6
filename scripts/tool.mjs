#!/usr/bin/env node
// Runs a TypeScript command-line tool (src/**/cli.ts) without ts-node: esbuild bundles the entry and its
// project imports into one CommonJS file (about 0.1 s; npm packages stay external and load from node_modules),
// kept in .build/tools/ under a hash of the output, then its exported main(args) runs in this process.
// Usage: node scripts/tool.mjs src/simulate/cli.ts [args...]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/tool.mjs <entry.ts> [args...]\n');
  process.exit(2);
}
const { build } = await import('esbuild');
const result = await build({
  absWorkingDir: root,
  entryPoints: [entry],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
const dir = join(root, '.build', 'tools');
const out = join(dir, `${basename(dirname(entry))}-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.cjs`);
if (!existsSync(out)) {
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, code);
  renameSync(tmp, out);
}
const tool = createRequire(join(root, 'package.json'))(out);
try {
  await tool.main(args);
} catch (err) {
  process.stderr.write(`${basename(dirname(entry))}: ${err?.message ?? err}\n`);
  process.exit(1);
}
