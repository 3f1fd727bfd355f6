import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..', '..');

/** Synthesizes profiles exactly as `npm run synth` does (the esbuild bundle) into a scratch dir. */
export function synthProfiles(profiles: string): { dir: string; read: (stack: string) => any; cleanup: () => void } {
  execFileSync('node', ['scripts/build.mjs'], { cwd: root });
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-deliverables-'));
  const r = spawnSync('node', ['dist/main.js'], { cwd: root, env: { ...process.env, STORMPROOF_PROFILES: profiles, CDKTF_OUTDIR: dir }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`synth of ${profiles} failed:\n${r.stderr}`);
  return {
    dir,
    read: (stack) => JSON.parse(readFileSync(join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Rows of the markdown table that follows `heading` (a line containing it), as arrays of cells. */
export function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.includes(heading));
  if (start < 0) throw new Error(`no "${heading}" in the document`);
  const rows: string[][] = [];
  let i = start + 1;
  while (i < lines.length && !lines[i].startsWith('|')) {
    if (lines[i] === '_none_' || lines[i].startsWith('#') || lines[i].startsWith('**')) return [];
    i++;
  }
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].slice(2, -2).split(' | '));
  return rows;
}
