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

// Loading every system font costs ~0.1 s per picture; the faces the labels use are enough where they are installed.
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];
const FACES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf'];
let faces: string[] | undefined;
function fontFiles(): string[] {
  faces ??= (() => {
    const dir = FONT_DIRS.find((d) => FACES.every((f) => existsSync(join(d, f))));
    return dir ? FACES.map((f) => join(dir, f)) : [];
  })();
  return faces;
}

/** Rasterizes an SVG at `zoom` x its size (the PNG depends on the fonts installed; the SVG is the reference). */
export function svgToPng(svg: string, zoom = 1.5): Buffer {
  const { Resvg } = nodeRequire('@resvg/resvg-js');
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
  const r = new Resvg(text, { fitTo: { mode: 'zoom', value: zoom }, background: 'white', font: { ...font, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}
