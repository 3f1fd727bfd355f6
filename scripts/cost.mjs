#!/usr/bin/env node
// `npm run cost`: bundles src/cost/cli.ts with esbuild (cached under .build/cost-<hash of the sources>),
// then runs it in this process. Pricing reads only the synthesized JSON, so nothing heavy is bundled.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [];
const walk = (dir) => {
  for (const entry of readdirSync(join(root, dir)).sort()) {
    const rel = join(dir, entry);
    if (statSync(join(root, rel)).isDirectory()) walk(rel);
    else if (/\.(ts|json)$/.test(entry)) sources.push(rel);
  }
};
// Everything under src/ (the CLI reads the profile list through src/config, which imports src/util).
walk('src');
const hash = createHash('sha256');
for (const file of [...sources, 'package-lock.json']) hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
const out = join(root, '.build', `cost-${hash.digest('hex').slice(0, 16)}`);

if (!existsSync(out)) {
  const { build } = await import('esbuild');
  const staging = `${out}.tmp-${process.pid}`;
  await build({
    absWorkingDir: root,
    stdin: { contents: "require('./src/cost/cli').run(process.argv[2], process.argv.slice(3));", resolveDir: root, loader: 'ts' },
    bundle: true,
    outfile: join(staging, 'cost.js'),
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  try {
    renameSync(staging, out);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  // Older cost bundles are stale once the sources change.
  for (const d of readdirSync(join(root, '.build')).filter((d) => d.startsWith('cost-') && join(root, '.build', d) !== out && !d.includes('.tmp-'))) {
    rmSync(join(root, '.build', d), { recursive: true, force: true });
  }
}
process.argv = [process.argv[0], 'cost', root, ...process.argv.slice(2)];
createRequire(import.meta.url)(join(out, 'cost.js'));
