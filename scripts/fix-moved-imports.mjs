#!/usr/bin/env node
// After merging a branch that was written before the layout moves (issue 26, commit 63ec0ac): rewrites the
// relative imports that no longer resolve, in .ts files under src/, __tests__/ and main.ts, by resolving each from
// the file's place before the moves and mapping the target through that commit's renames.
// Usage: node scripts/fix-moved-imports.mjs [--check]   (--check lists what it would change, exits 1 if anything)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MOVE_COMMIT = '63ec0ac';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const check = process.argv.includes('--check');

const renames = new Map();
for (const line of execFileSync('git', ['diff', '--name-status', '-M', `${MOVE_COMMIT}~1`, MOVE_COMMIT], { encoding: 'utf8' }).trim().split('\n')) {
  const [status, from, to] = line.split('\t');
  if (status.startsWith('R')) renames.set(from, to);
}
// Whole folders that moved (src/cost -> src/tools/cost...): a file the other branch added there moved with them.
const folderMoves = [];
for (const [from, to] of renames) {
  const a = dirname(from);
  const b = dirname(to);
  if (a !== b && !folderMoves.some(([x]) => x === a)) folderMoves.push([a, b]);
}
const oldPlaceOf = (file) => {
  for (const [from, to] of renames) if (to === file) return from;
  const moved = folderMoves.filter(([, to]) => file.startsWith(`${to}/`)).sort((x, y) => y[1].length - x[1].length)[0];
  return moved ? moved[0] + file.slice(moved[1].length) : file;
};
const EXTS = ['.ts', '.d.ts', '.js', '.json', '/index.ts', ''];
const resolves = (base) => EXTS.some((e) => existsSync(base + e) && statSync(base + e).isFile());
const newPlaceOf = (oldBase) => {
  for (const e of EXTS) if (renames.has(oldBase + e)) return renames.get(oldBase + e).slice(0, renames.get(oldBase + e).length - e.length);
  return resolves(oldBase) ? oldBase : undefined;
};

const files = ['main.ts'];
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) files.push(p);
  }
};
['src', '__tests__'].forEach(walk);

let changed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const old = oldPlaceOf(file);
  const out = text.replace(/((?:from|import|require|mock)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (m, pre, q, spec) => {
    if (resolves(normalize(join(dirname(file), spec)))) return m;
    const target = newPlaceOf(normalize(join(dirname(old), spec)));
    if (!target) return m;
    let rel = relative(dirname(file), target);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    if (check) console.log(`${file}: '${spec}' -> '${rel}'`);
    return pre + q + rel + q;
  });
  if (out !== text) {
    changed++;
    if (!check) writeFileSync(file, out);
  }
}
console.log(`${changed} file(s) ${check ? 'would change' : 'changed'}`);
process.exit(check && changed ? 1 : 0);
