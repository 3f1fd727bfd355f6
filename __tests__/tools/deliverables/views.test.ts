/**
 * Every view of every profile is readable: fits a page (width/height <= 2.5), legible at 1600 px wide, AZ columns
 * left to right in ascending order, regional services never inside a subnet, no two labels overlapping, and labels
 * that agree with the configuration design.md documents (Multi-AZ vs Single-AZ).
 */
import { architectureViews } from '../../../src/tools/deliverables/index';
import { MAX_RATIO, svgSize } from '../../../src/tools/deliverables/views';
import type { ViewName } from '../../../src/tools/deliverables/views';
import { synthProfiles } from './support';

const STACKS = ['cafe', 'ecommerce', 'ecommerce-eks', 'exercise', 'fastier', 'fastier-beanstalk', 'lab'];
let synth: ReturnType<typeof synthProfiles>;
const rendered = new Map<string, { name: ViewName; svg: string }[]>();
beforeAll(async () => {
  synth = synthProfiles(STACKS.join(','));
  for (const s of STACKS) rendered.set(s, (await architectureViews(s, synth.read(s))).views);
}, 120_000);
afterAll(() => synth.cleanup());

interface Text { x: number; y: number; size: number; bold: boolean; anchor: string; text: string }
const unescape = (s: string) => s.replace(/&#45;/g, '-').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#160;/g, ' ');
function texts(svg: string): Text[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
    x: Number(/ x="([-\d.]+)"/.exec(m[1])![1]),
    y: Number(/ y="([-\d.]+)"/.exec(m[1])![1]),
    size: Number(/font-size="([\d.]+)"/.exec(m[1])?.[1] ?? 14),
    bold: /font-weight="bold"/.test(m[1]),
    anchor: /text-anchor="(\w+)"/.exec(m[1])?.[1] ?? 'start',
    text: unescape(m[2]),
  }));
}
/** Helvetica's advance widths by class of character (em), close to the metrics Graphviz lays text out with. */
const advance = (c: string) =>
  /[ijlI.,:;|!']/.test(c) ? 0.25 : /[frt\-()/ ·]/.test(c) ? 0.33 : /[mwMW]/.test(c) ? 0.85 : /[A-Z]/.test(c) ? 0.68 : /[0-9]/.test(c) ? 0.556 : 0.52;
function extent(t: Text) {
  const w = [...t.text].reduce((n, c) => n + advance(c), 0) * t.size * (t.bold ? 1.07 : 1);
  const x0 = t.anchor === 'middle' ? t.x - w / 2 : t.anchor === 'end' ? t.x - w : t.x;
  return { x0, x1: x0 + w, y0: t.y - t.size * 0.75, y1: t.y + t.size * 0.2 };
}
/** Filled rectangles of a colour (table cells and node shapes), as bounding boxes. */
function boxesFilled(svg: string, fills: readonly string[]) {
  return [...svg.matchAll(/<polygon fill="([^"]+)"[^>]*points="([^"]+)"/g)]
    .filter((m) => fills.includes(m[1].toLowerCase()))
    .map((m) => {
      const pts = m[2].trim().split(/\s+/).map((p) => p.split(',').map(Number));
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
    });
}
const each = () => STACKS.flatMap((s) => rendered.get(s)!.map((v) => ({ stack: s, ...v })));

test('every stack has the overview, network and data views; delivery where it has pipelines', () => {
  for (const s of STACKS) expect(rendered.get(s)!.map((v) => v.name).slice(0, 3)).toEqual(['overview', 'network', 'data']);
  expect(rendered.get('ecommerce')!.map((v) => v.name)).toContain('delivery'); // its fleets' instance-refresh releases
  expect(rendered.get('fastier-beanstalk')!.map((v) => v.name)).toContain('delivery');
  expect(rendered.get('cafe')!.map((v) => v.name)).not.toContain('delivery');
});

test('each view fits a page (width/height within 2.5) and its smallest text is at least 7 px at 1600 px wide', () => {
  for (const v of each()) {
    const { width, height } = svgSize(v.svg);
    const ratio = Math.max(width / height, height / width);
    if (ratio > MAX_RATIO) throw new Error(`${v.stack} ${v.name}: ${width}x${height} pt (ratio ${ratio.toFixed(2)})`);
    const smallest = Math.min(...texts(v.svg).map((t) => t.size));
    const px = smallest * Math.min(1, 1600 / width);
    if (px < 7) throw new Error(`${v.stack} ${v.name}: ${smallest} pt text is ${px.toFixed(1)} px at 1600 px wide`);
  }
});

test('network: AZ columns read left to right in ascending order, in every VPC', () => {
  for (const s of STACKS) {
    const net = rendered.get(s)!.find((v) => v.name === 'network')!.svg;
    const azs = texts(net).filter((t) => /^AZ \d+$/.test(t.text));
    expect(azs.length).toBeGreaterThan(0);
    // One header row per VPC: the same y.
    for (const y of new Set(azs.map((t) => t.y))) {
      const row = azs.filter((t) => t.y === y).sort((a, b) => a.x - b.x).map((t) => Number(t.text.slice(3)));
      expect(row).toEqual([...row].sort((a, b) => a - b));
    }
  }
});

test('network: regional services (FIS, Backup, CloudTrail, queues…) are never inside a subnet', () => {
  const subnetFills = ['#eef6ec', '#e8f2fa', '#efeff6'];
  let checked = 0;
  for (const s of STACKS) {
    const net = rendered.get(s)!.find((v) => v.name === 'network')!.svg;
    const subnets = boxesFilled(net, subnetFills);
    expect(subnets.length).toBeGreaterThan(0);
    const groups = [...net.matchAll(/<g id="[^"]+" class="node">\s*<title>regional_\d+<\/title>([\s\S]*?)<\/g>/g)];
    for (const g of groups) {
      for (const t of texts(g[1])) {
        checked++;
        const inside = subnets.some((b) => t.x >= b.x0 && t.x <= b.x1 && t.y >= b.y0 && t.y <= b.y1);
        if (inside) throw new Error(`${s}: "${t.text}" is drawn inside a subnet`);
      }
    }
    if (s === 'exercise') expect(groups.map((g) => texts(g[1]).map((t) => t.text).join(' ')).join(' ')).toMatch(/FIS experiment × 4/);
  }
  expect(checked).toBeGreaterThan(10);
});

/** Pairs of labels whose boxes intersect (0.5 pt of slack: neighbouring rows of a table touch). */
function overlaps(svg: string): [string, string][] {
  const boxes = texts(svg).filter((t) => t.text.trim()).map((t) => ({ t, ...extent(t) }));
  const out: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, b] = [boxes[i], boxes[j]];
    if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5) out.push([a.t.text, b.t.text]);
  }
  return out;
}

test('the overlap check finds two edge labels drawn into each other ("tcp 6379tcp 5432")', () => {
  const svg = '<text text-anchor="middle" x="100" y="50" font-size="9.00">tcp 6379</text><text text-anchor="middle" x="125" y="50" font-size="9.00">tcp 5432</text>'
    + '<text text-anchor="start" x="100" y="80" font-size="9.00">apart</text>';
  expect(overlaps(svg)).toEqual([['tcp 6379', 'tcp 5432']]);
});

test('no two labels overlap in any view', () => {
  for (const v of each()) {
    const found = overlaps(v.svg);
    if (found.length) throw new Error(`${v.stack} ${v.name}: ${found.map(([a, b]) => `"${a}" overlaps "${b}"`).join('; ')}`);
  }
});

test('labels agree with the configuration: each database says Multi-AZ or Single-AZ as configured, never "across" AZs', () => {
  let checked = 0;
  for (const s of STACKS) {
    const json = synth.read(s);
    const views = rendered.get(s)!;
    const data = texts(views.find((v) => v.name === 'data')!.svg).map((t) => t.text);
    const all = views.flatMap((v) => texts(v.svg).map((t) => t.text));
    for (const db of Object.values<any>(json.resource.aws_db_instance ?? {})) {
      const at = data.indexOf(db.identifier);
      expect(at).toBeGreaterThan(-1);
      // The node's lines follow its name: class, then placement.
      const placement = data.slice(at, at + 4).join(' ');
      expect(placement).toContain(db.multi_az === true ? 'Multi-AZ' : 'Single-AZ');
      checked++;
    }
    expect(all.filter((t) => /\bacross AZ/.test(t))).toEqual([]);
  }
  expect(checked).toBeGreaterThanOrEqual(10);
});
