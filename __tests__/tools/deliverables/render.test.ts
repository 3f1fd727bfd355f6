/** The SVG parses, names what a reviewer looks for, is byte-for-byte deterministic, and the README's copy is fresh. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { README_PICTURE, README_STACK } from '../../../src/tools/deliverables/cli';
import { beforeAfterDot } from '../../../src/tools/deliverables/dot';
import { architectureSvg } from '../../../src/tools/deliverables/index';
import { buildModel } from '../../../src/tools/deliverables/model';
import { renderSvg, svgToPng } from '../../../src/tools/deliverables/render';
import { root, synthProfiles } from './support';

let synth: ReturnType<typeof synthProfiles>;
beforeAll(() => {
  synth = synthProfiles(`cafe,${README_STACK}`);
});
afterAll(() => synth.cleanup());

const names = (json: any, type: string, key: string) => Object.values<any>(json.resource[type] ?? {}).map((r) => r[key]);
const textOf = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#45;/g, '-').replace(/&amp;/g, '&'));

test(`the ${README_STACK} SVG parses and its labels name every ASG, the ALB, the database instances and the cache`, async () => {
  const json = synth.read(README_STACK);
  const { svg } = await architectureSvg(README_STACK, json);
  expect(svg.startsWith('<?xml')).toBe(true);
  // resvg is a strict SVG/XML parser: a malformed document throws here.
  expect(new Resvg(svg).width).toBeGreaterThan(500);
  const text = textOf(svg);
  for (const name of [
    ...names(json, 'aws_autoscaling_group', 'name'),
    ...names(json, 'aws_lb', 'name'),
    ...names(json, 'aws_db_instance', 'identifier'),
    ...names(json, 'aws_elasticache_replication_group', 'replication_group_id'),
  ]) {
    expect(text).toContain(name);
  }
  expect(text).toEqual(expect.arrayContaining(['tcp 8080', 'tcp 5432', 'tcp 6379', 'AZ 1', 'AZ 2', 'AZ 3']));
});

test('same JSON, same SVG bytes; PNG renders', async () => {
  const json = synth.read('cafe');
  const a = await architectureSvg('cafe', json);
  const b = await architectureSvg('cafe', JSON.parse(JSON.stringify(json)));
  expect(b.svg).toBe(a.svg);
  const png = svgToPng(a.svg, 0.5);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
});

test('--compare draws the single-server starting point beside the stack', async () => {
  const svg = await renderSvg(beforeAfterDot(buildModel('cafe', synth.read('cafe'))));
  const text = textOf(svg);
  expect(text).toEqual(expect.arrayContaining(['EC2 instance', 'web server + app + database', 'cafe-production-web', 'cafe-production-alb']));
});

test(`the picture README.md embeds (${README_PICTURE}) is the current ${README_STACK} stack`, async () => {
  const { svg } = await architectureSvg(README_STACK, synth.read(README_STACK));
  const committed = readFileSync(join(root, README_PICTURE), 'utf8');
  if (committed !== svg) throw new Error(`${README_PICTURE} is stale: run \`npm run deliverables -- --readme\` and commit it`);
  expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`(${README_PICTURE})`);
  expect(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8')).toContain(`(../${README_PICTURE})`);
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
      expect(readdirSync(join(out, stack)).sort()).toEqual(expect.arrayContaining(['architecture.svg', 'design.md', 'inventory.json', 'inventory.md']));
    }
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
