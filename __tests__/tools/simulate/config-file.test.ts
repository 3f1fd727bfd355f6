/**
 * The proof, end to end as a user runs it: a config file removes the café's schedules, the built app
 * synthesizes that stack, and `npm run simulate`'s CLI answers it with dropped requests, while the shipped
 * café (same synth) drops none.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
let dir: string;
const simulate = (stack: string) => {
  const r = spawnSync('node', ['scripts/tool.mjs', 'src/tools/simulate/cli.ts', stack, '--traffic', 'tv-evening', '--json', '--file', join(dir, 'stacks', stack, 'cdk.tf.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`simulate ${stack} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stormproof-simulate-config-'));
  const config = join(dir, 'stormproof.config.json');
  writeFileSync(config, JSON.stringify({ stacks: { cafe: { extends: 'cafe' }, 'cafe-unscheduled': { extends: 'cafe', project: 'cafe-unscheduled', services: [{ name: 'web', schedules: [] }] } } }));
  execFileSync('node', ['scripts/build.mjs'], { cwd: root });
  const synth = spawnSync('node', ['dist/main.js'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STORMPROOF_CONFIG: config, STORMPROOF_PROFILES: 'cafe,cafe-unscheduled', CDKTF_OUTDIR: dir },
  });
  if (synth.status !== 0) throw new Error(`synth exited ${synth.status}: ${synth.stderr}`);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the shipped café absorbs the TV evening with no dropped request', () => {
  expect(simulate('cafe').totals.failed).toBe(0);
}, 30_000);

test('the café without its schedules (from a config file) drops requests and names the minute', () => {
  const r = simulate('cafe-unscheduled');
  expect(r.totals.failed).toBeGreaterThan(0);
  const [web] = r.groups;
  expect(web.firstDropMinute).toBeGreaterThanOrEqual(120);
  expect(web.peakShortfall.instances).toBeGreaterThan(0);
  expect(web.peakShortfall.minute).toBeGreaterThanOrEqual(web.firstDropMinute);
}, 30_000);
