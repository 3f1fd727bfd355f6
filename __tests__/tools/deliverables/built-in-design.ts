import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { designMarkdown } from '../../../src/tools/deliverables/design';
import { buildModel } from '../../../src/tools/deliverables/model';
import { synthesizedProfiles } from '../../support/profiles';

/**
 * design.md of a built-in profile, exactly as `designMarkdown(buildModel(name, json), { json })` gives it for the
 * profile's synthesized JSON. Five files read every profile's design.md and each was computing all seven (the sizing
 * section alone runs the simulator about ten times a stack): 35 documents a run for 7. The first file to ask computes
 * one and stores it beside the run's synth, in the tree of this source hash (support/profiles.ts), so a changed
 * source never reads an old document. Files asking at the same moment each compute it; the renames write equal text.
 */
export function builtInDesign(name: string): string {
  const { dir, read } = synthesizedProfiles();
  const file = join(dir, 'design', `${name}.md`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const json = read(name);
  const md = designMarkdown(buildModel(name, json), { json });
  mkdirSync(join(dir, 'design'), { recursive: true });
  const staging = `${file}.tmp-${process.pid}`;
  writeFileSync(staging, md);
  renameSync(staging, file);
  return md;
}
