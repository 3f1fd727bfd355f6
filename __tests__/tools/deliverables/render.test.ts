/** The SVG parses, names what a reviewer looks for, is byte-for-byte deterministic, and the README's copy is fresh. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { README_PICTURES, README_STACK, README_VIEWS } from '../../../src/tools/deliverables/cli';
import { beforeAfterDot } from '../../../src/tools/deliverables/before-after';
import { architectureViews } from '../../../src/tools/deliverables/index';
import { buildModel } from '../../../src/tools/deliverables/model';
import { renderSvg, svgToPng, svgToPngAsync } from '../../../src/tools/deliverables/render';
import { root, synthProfiles } from './support';

let synth: ReturnType<typeof synthProfiles>;
beforeAll(() => {
  synth = synthProfiles(`cafe,${README_STACK}`);
});
afterAll(() => synth.cleanup());

const names = (json: any, type: string, key: string) => Object.values<any>(json.resource[type] ?? {}).map((r) => r[key]);
const textOf = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#45;/g, '-').replace(/&amp;/g, '&'));

test(`the ${README_STACK} views parse and their labels name every ASG, the ALB, the database instances and the cache`, async () => {
  const json = synth.read(README_STACK);
  const { views } = await architectureViews(README_STACK, json);
  for (const v of views) {
    expect(v.svg.startsWith('<?xml')).toBe(true);
    // resvg is a strict SVG/XML parser: a malformed document throws here.
    expect(new Resvg(v.svg).width).toBeGreaterThan(300);
  }
  const text = views.flatMap((v) => textOf(v.svg)).join('\n');
  for (const name of [
    ...names(json, 'aws_autoscaling_group', 'name'),
    ...names(json, 'aws_lb', 'name'),
    ...names(json, 'aws_db_instance', 'identifier'),
    ...names(json, 'aws_elasticache_replication_group', 'replication_group_id'),
  ]) {
    expect(text).toContain(name);
  }
  for (const label of ['tcp 8080', 'tcp 5432', 'tcp 6379', 'AZ 1', 'AZ 2', 'AZ 3']) expect(text).toContain(label);
});

test('same JSON, same SVG bytes; PNG renders', async () => {
  const json = synth.read('cafe');
  const a = await architectureViews('cafe', json);
  const b = await architectureViews('cafe', JSON.parse(JSON.stringify(json)));
  expect(b.views).toEqual(a.views);
  const png = svgToPng(a.views[0].svg, 0.5);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
});

test('PNGs rendered on the worker threads are byte-identical to the ones rendered in process, several at once', async () => {
  const { views } = await architectureViews('cafe', synth.read('cafe'));
  const threaded = await Promise.all(views.map((v) => svgToPngAsync(v.svg, 0.5)));
  views.forEach((v, i) => expect(threaded[i].equals(svgToPng(v.svg, 0.5))).toBe(true));
  await expect(svgToPngAsync('<svg', 1)).rejects.toThrow(/PNG rendering failed/);
});

test('before-after draws the single-server starting point beside the stack\'s overview', async () => {
  const svg = await renderSvg(beforeAfterDot(buildModel('cafe', synth.read('cafe'))));
  const text = textOf(svg).join('\n');
  for (const s of ['EC2 instance (one AZ, public IP)', 'web server + app + database', 'cafe-production-web', 'cafe-production-alb']) expect(text).toContain(s);
});

test(`the pictures README.md embeds (${README_PICTURES.join(', ')}) are the current ${README_STACK} stack's views`, async () => {
  const { views } = await architectureViews(README_STACK, synth.read(README_STACK));
  README_VIEWS.forEach((name, i) => {
    const committed = readFileSync(join(root, README_PICTURES[i]), 'utf8');
    if (committed !== views.find((v) => v.name === name)!.svg) throw new Error(`${README_PICTURES[i]} is stale: run \`npm run deliverables -- --readme\` and commit it`);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`(${README_PICTURES[i]})`);
    expect(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8')).toContain(`(../${README_PICTURES[i]})`);
  });
});

test('npm run deliverables on a fresh checkout synthesizes first, then writes every stack\'s files; design.md links cost.md when present', () => {
  const fresh = mkdtempSync(join(tmpdir(), 'stormproof-fresh-'));
  try {
    const out = join(fresh, 'deliverables');
    mkdirSync(join(out, 'lab'), { recursive: true });
    writeFileSync(join(out, 'lab', 'cost.md'), '# lab: cost\n');
    const r = spawnSync('node', ['scripts/tool.mjs', 'src/tools/deliverables/cli.ts', '--synth-dir', join(fresh, 'synth'), '--out', out, '--no-png'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, STORMPROOF_PROFILES: 'cafe,lab' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^synthesizing first/);
    for (const stack of ['cafe', 'lab']) {
      expect(readdirSync(join(out, stack)).sort()).toEqual(expect.arrayContaining(['overview.svg', 'network.svg', 'data.svg', 'design.md', 'inventory.json', 'inventory.md']));
    }
    // Both start from one server: before-after without --compare.
    for (const stack of ['cafe', 'lab']) expect(readdirSync(join(out, stack))).toEqual(expect.arrayContaining(['before-after.svg', 'before-after.md']));
    expect(readFileSync(join(out, 'cafe', 'before-after.md'), 'utf8')).toMatch(/\| requests dropped or timed out \| [\d,]+ \([\d.]+ %\) \| 0 \(0\.0 %\) \|/);
    expect(readFileSync(join(out, 'lab', 'design.md'), 'utf8')).toContain('[cost estimate](cost.md)');
    expect(readFileSync(join(out, 'cafe', 'design.md'), 'utf8')).not.toContain('cost.md');
    const bad = spawnSync('node', ['scripts/tool.mjs', 'src/tools/deliverables/cli.ts', 'nosuchstack', '--synth-dir', join(fresh, 'synth'), '--out', out], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, STORMPROOF_PROFILES: 'cafe,lab' },
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no synthesized stack nosuchstack .*\(have: cafe, lab\): check the name/);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
