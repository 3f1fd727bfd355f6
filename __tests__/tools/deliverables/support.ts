import { synthesizedProfiles } from '../../support/profiles';

export { root } from '../../support/profiles';

/**
 * The profiles' JSON exactly as `npm run synth` writes it: read from the once-per-run synth of every built-in
 * profile (support/profiles.ts), so no test file spawns its own. `profiles` names what the file reads.
 */
export function synthProfiles(profiles: string): { dir: string; read: (stack: string) => any; cleanup: () => void } {
  const { dir, read } = synthesizedProfiles();
  const wanted = profiles.split(',');
  return {
    dir,
    read: (stack) => {
      if (!wanted.includes(stack)) throw new Error(`${stack} is not among the profiles this file asked for (${profiles})`);
      return read(stack);
    },
    // The synth is shared by every file of the run: nothing of this file's own to remove.
    cleanup: () => undefined,
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
