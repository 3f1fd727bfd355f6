#!/usr/bin/env node
// The one way to run a TypeScript command-line tool (src/**/cli.ts: simulate, load-test, drill, cost, deliverables)
// without ts-node. esbuild bundles the entry and its project imports into one CommonJS file (npm packages stay
// external and load from node_modules), cached in .build/tools/ under a hash of the sources and the lock file, so
// an unchanged tool starts without loading esbuild at all. The tool runs in this process from the repository root
// (as `npm run` runs it): its exported main(args) may return an exit code; a throw prints `<tool>: <message>`, exit 1.
// Usage: node scripts/tool.mjs src/tools/simulate/cli.ts [args...]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/tool.mjs <entry.ts> [args...]\n');
  process.exit(2);
}
const entry = relative(root, resolve(root, entryArg));
const name = basename(dirname(entry));

// Everything under src/ a tool may import, and the lock file (dependency versions): hashing them takes ~10 ms.
const hash = createHash('sha256').update(entry).update('\0');
const walk = (dir) => {
  for (const e of readdirSync(join(root, dir)).sort()) {
    const rel = join(dir, e);
    if (statSync(join(root, rel)).isDirectory()) walk(rel);
    else if (/\.(ts|js|json)$/.test(e)) hash.update(rel).update('\0').update(readFileSync(join(root, rel))).update('\0');
  }
};
walk('src');
hash.update(readFileSync(join(root, 'package-lock.json')));
const dir = join(root, '.build', 'tools');
const out = join(dir, `${name}-${hash.digest('hex').slice(0, 16)}.cjs`);
if (!existsSync(out)) {
  const { build } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  const staging = `${out}.tmp-${process.pid}`;
  await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, packages: 'external', outfile: staging, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' });
  // Parallel runs (lifecycle tests) may build the same file: renaming over it is atomic and theirs is identical.
  renameSync(staging, out);
  // This tool's older bundles are stale once the sources change.
  for (const old of readdirSync(dir)) if (old.startsWith(`${name}-`) && join(dir, old) !== out && !old.includes('.tmp-')) rmSync(join(dir, old), { force: true });
}

// The project the user runs it in: the working directory when it is this project (npm run starts there; it may be
// a checkout reached through links), else the repository root.
const here = (dir) => {
  try {
    return realpathSync(join(dir, 'package.json'));
  } catch {
    return undefined;
  }
};
if (here(process.cwd()) !== here(root)) process.chdir(root);
try {
  const code = await createRequire(join(root, 'package.json'))(out).main(args);
  if (typeof code === 'number') process.exitCode = code;
} catch (err) {
  process.stderr.write(`${name}: ${err?.message ?? err}\n`);
  process.exit(1);
}
