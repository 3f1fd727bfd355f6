import { closeSync, copyFileSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TerraformAsset, TerraformStack } from 'cdktf';

const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

/** True when `file` ends with a zip end-of-central-directory record (a complete archive, not a crashed write). */
function completeZip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < 22) return false;
    const tail = Buffer.alloc(Math.min(size, 22 + 0xffff));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) >= 0;
  } finally {
    closeSync(fd);
  }
}

/** Zips already made, by content hash, shared by every outdir (fresh test and CI outdirs, the profile cache). */
const ZIPS = join(tmpdir(), 'stormproof-archives');

/**
 * Lets an ARCHIVE asset keep the zip a previous synth wrote. cdktf re-zips on every synth in a child `node`
 * process (0.2-0.3 s on a busy machine, a quarter of the all-profile synth budget), although the path already
 * carries the content hash: an existing, complete `assets/<id>/<hash>/archive.zip` is that very content.
 * A fresh outdir copies the zip of the same content hash from any earlier synth (so the asset is zipped once
 * per content hash on this machine), else zips it and keeps a copy for the next.
 */
export function reuseArchive(asset: TerraformAsset): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdktf's private synthesis hook has no public type
  const synthesis = (asset as any)[CUSTOM_SYNTHESIS] as { onSynthesize: (session: any) => void } | undefined;
  if (!synthesis) return;
  const zipAgain = synthesis.onSynthesize;
  synthesis.onSynthesize = (session) => {
    const stackDir = join(session.manifest.outdir, session.manifest.forStack(TerraformStack.of(asset)).synthesizedStackPath, '..');
    const target = join(stackDir, asset.path);
    if (existsSync(target) && completeZip(target)) return;
    const kept = join(ZIPS, `${asset.assetHash}.zip`);
    if (existsSync(kept) && completeZip(kept)) {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(kept, target);
      return;
    }
    zipAgain(session);
    try {
      // Copied under a temporary name and renamed, so a parallel synth never copies half a zip.
      mkdirSync(ZIPS, { recursive: true });
      const staging = `${kept}.tmp-${process.pid}`;
      copyFileSync(target, staging);
      renameSync(staging, kept);
    } catch {
      // Only a cache for the next synth: this one has its zip.
      rmSync(`${kept}.tmp-${process.pid}`, { force: true });
    }
  };
}
