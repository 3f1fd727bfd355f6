/**
 * DOT -> SVG with Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz, offline, no system package)
 * and SVG -> PNG with resvg (@resvg/resvg-js). Both load lazily, once per process.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';

interface GraphvizApi {
  dot(dot: string, format?: 'svg'): string;
  version(): string;
}

let graphviz: Promise<GraphvizApi> | undefined;
// Node's own require (node >= 20.19 loads this ES module with it), not a bundler's or jest's registry:
// process.getBuiltinModule reaches the real `module` even where a test runner wraps `require`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const builtinModule: typeof import('node:module') = (process as any).getBuiltinModule?.('node:module') ?? require('node:module');
const nodeRequire = builtinModule.createRequire(__filename);

export function loadGraphviz(): Promise<GraphvizApi> {
  graphviz ??= (async () => {
    let mod: any;
    try {
      mod = nodeRequire('@hpcc-js/wasm-graphviz');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw e;
      // Older node without require(esm): a real dynamic import.
      mod = await (new Function('s', 'return import(s)') as (s: string) => Promise<any>)('@hpcc-js/wasm-graphviz');
    }
    return mod.Graphviz.load();
  })();
  return graphviz;
}

/** Renders DOT to SVG (deterministic: the same DOT gives the same bytes). */
export async function renderSvg(dot: string): Promise<string> {
  const gv = await loadGraphviz();
  return gv.dot(dot, 'svg');
}

// Loading every system font costs ~0.1 s per picture; the faces the labels use are enough where they are installed:
// every label is set condensed (resvgInput), so the regular DejaVu Sans faces would never be picked (same PNG bytes
// without them, and resvg reads each loaded file again as it lays out text).
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];
const FACES = ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf'];
let faces: string[] | undefined;
function fontFiles(): string[] {
  faces ??= (() => {
    const dir = FONT_DIRS.find((d) => FACES.every((f) => existsSync(join(d, f))));
    return dir ? FACES.map((f) => join(dir, f)) : [];
  })();
  return faces;
}

/** What resvg is given for `svg` at `zoom`: the text with the fonts the PNG uses, and the options. */
function resvgInput(svg: string, zoom: number): { text: string; options: object } {
  // Helvetica's metric twin first (labels fit as Graphviz measured them), then narrow fonts most Linux boxes have.
  // DejaVu Sans Condensed is a stretch of the DejaVu Sans family: font-stretch selects it where Helvetica's metric
  // twins are missing, so text keeps the width Graphviz measured instead of overflowing its box.
  const text = svg
    .replace(/font-family="[^"]*"/g, 'font-family="Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif"')
    // and a touch smaller: the condensed faces are still a little wider than Helvetica's on some strings (bold more).
    .replace(/<text ([^>]*)>/g, (_, attrs: string) => {
      const k = /font-weight="bold"/.test(attrs) ? 0.9 : 0.94;
      return `<text font-stretch="condensed" ${attrs.replace(/font-size="([\d.]+)"/, (__, pt: string) => `font-size="${(Number(pt) * k).toFixed(2)}"`)}>`;
    });
  const files = fontFiles();
  const font = files.length ? { loadSystemFonts: false, fontFiles: files } : { loadSystemFonts: true };
  return { text, options: { fitTo: { mode: 'zoom', value: zoom }, background: 'white', font: { ...font, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } } };
}

/** Rasterizes an SVG at `zoom` x its size (the PNG depends on the fonts installed; the SVG is the reference). */
export function svgToPng(svg: string, zoom = 1.5): Buffer {
  const { Resvg } = nodeRequire('@resvg/resvg-js');
  const { text, options } = resvgInput(svg, zoom);
  return new Resvg(text, options).render().asPng();
}

// resvg's parse, text layout, raster and PNG encoding take ~0.1-0.3 s a picture, all on the calling thread: a few
// worker threads do it beside the main thread's Graphviz layouts and markdown (same call, same bytes as svgToPng).
const PNG_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
parentPort.on('message', ({ id, text, options }) => {
  try {
    parentPort.postMessage({ id, png: new Resvg(text, options).render().asPng() });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.stack) || e) });
  }
});`;

interface PngWorker {
  readonly worker: import('node:worker_threads').Worker;
  readonly jobs: Map<number, { resolve: (png: Buffer) => void; reject: (e: Error) => void }>;
}
let pngWorkers: PngWorker[] | undefined;
let nextJob = 0;

function startPngWorkers(): PngWorker[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { availableParallelism } = require('node:os') as typeof import('node:os');
  const resvg = nodeRequire.resolve('@resvg/resvg-js');
  return Array.from({ length: Math.max(1, Math.min(3, availableParallelism())) }, () => {
    const w: PngWorker = { worker: new Worker(PNG_WORKER, { eval: true, workerData: { resvg } }), jobs: new Map() };
    // Idle workers never keep the process alive; one with work does until it answers.
    w.worker.unref();
    w.worker.on('message', ({ id, png, error }: { id: number; png?: Uint8Array; error?: string }) => {
      const job = w.jobs.get(id);
      w.jobs.delete(id);
      if (!w.jobs.size) w.worker.unref();
      if (error !== undefined || !png) job?.reject(new Error(`PNG rendering failed: ${error}`));
      else job?.resolve(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    });
    w.worker.on('error', (e) => {
      for (const job of w.jobs.values()) job.reject(e);
      w.jobs.clear();
      pngWorkers = pngWorkers?.filter((x) => x !== w);
    });
    return w;
  });
}

/** svgToPng on a worker thread: the same bytes, without blocking the caller. */
export function svgToPngAsync(svg: string, zoom = 1.5): Promise<Buffer> {
  pngWorkers = pngWorkers?.length ? pngWorkers : startPngWorkers();
  const w = pngWorkers.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  const { text, options } = resvgInput(svg, zoom);
  const id = nextJob++;
  return new Promise<Buffer>((resolve, reject) => {
    w.jobs.set(id, { resolve, reject });
    w.worker.ref();
    w.worker.postMessage({ id, text, options });
  });
}
