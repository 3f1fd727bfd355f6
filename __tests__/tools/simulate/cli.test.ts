import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cafe } from '../../../src/config/profiles';
import { parseArgs, run } from '../../../src/tools/simulate/cli';
import { renderSvg } from '../../../src/tools/simulate/chart';
import { summaryText } from '../../../src/tools/simulate/report';
import { synthProfile } from './support';

describe('npm run simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-sim-'));
  const file = join(dir, 'cafe', 'cdk.tf.json');
  beforeAll(() => {
    require('node:fs').mkdirSync(join(dir, 'cafe'));
    writeFileSync(file, JSON.stringify(synthProfile(cafe)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('arguments: scenario, failures, capacity; mistakes name the option and the fix', () => {
    const a = parseArgs(['cafe', '--traffic', 'flash-sale', '--json', '--fail', 'az:1@90+30', '--fail', 'instances:2:web@10', '--capacity', '40']);
    expect(a).toMatchObject({ stack: 'cafe', traffic: 'flash-sale', json: true, capacity: 40 });
    expect(a.failures).toEqual([
      { kind: 'az', az: 1, atSeconds: 5400, durationSeconds: 1800 },
      { kind: 'instances', count: 2, service: 'web', atSeconds: 600 },
    ]);
    expect(a.traffic).toBe('flash-sale');
    // No --traffic: the stack's own scenario (scenario.ts); the clock's flags.
    expect(parseArgs(['cafe', '--boot', '20', '--lag', '120', '--on-time', '--no-verdict'])).toMatchObject({ traffic: undefined, bootSeconds: 20, lagSeconds: 120, onTime: true, verdict: false });
    expect(parseArgs(['cafe'])).toMatchObject({ onTime: false, verdict: true });
    expect(() => parseArgs(['cafe', '--boot', 'slow'])).toThrow(/--boot "slow" must be a number of seconds >= 0/);
    expect(() => parseArgs(['cafe', '--fail', 'zone:1'])).toThrow(/--fail "zone:1": use az:<n>@<minute>/);
    expect(() => parseArgs(['cafe', '--capacity', '-3'])).toThrow(/--capacity "-3" must be a positive number/);
    expect(() => parseArgs(['cafe', '--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseArgs([])).toThrow(/name a stack/);
  });

  test('runs a stack file: summary text, flat price per hour, unknown scenario refused', () => {
    const r = run(parseArgs(['--file', file, '--traffic', 'tv-evening', '--price-per-hour', '0.0228']), dir);
    expect(r.stack).toBe('cafe');
    expect(r.totals.dropped).toBe(0);
    expect(r.totals.costUsd).toBeCloseTo(r.totals.instanceHours * 0.0228, 2);
    const text = summaryText(r);
    expect(text).toMatch(/verdict: no request failed/);
    expect(text).toMatch(/before \(one server, no scaling\): \d+ failed/);
    expect(text).toMatch(/capacity: 0 failures needs >= [\d.]+ req\/s per instance/);
    expect(text).toMatch(/metric publication lag: 60 s .*\(AWS: /);
    expect(text).toMatch(/18:32Z min\s+92\s+web\s+schedule\s+2 -> 6\s+before-tv-show/);
    expect(() => run(parseArgs(['--file', file, '--traffic', 'superbowl']), dir)).toThrow(/--traffic "superbowl": use one of/);
  });

  test('a CSV traffic file and a load-test capacity file', () => {
    writeFileSync(join(dir, 'logs.csv'), 'seconds,rps\n0,10\n600,200\n1200,10\n');
    writeFileSync(join(dir, 'load.json'), JSON.stringify({ capacityPerInstance: 100 }));
    const r = run(parseArgs(['--file', file, '--traffic', join(dir, 'logs.csv'), '--capacity-from', join(dir, 'load.json')]), dir);
    expect(r.traffic.name).toBe('logs');
    expect(r.groups[0].capacityPerInstance).toBe(100);
    expect(r.totals.dropped).toBe(0);
  });

  test('npm run simulate runs the bundled CLI: JSON on stdout, errors as one line and exit 1', () => {
    const tool = (...args: string[]) => spawnSync(process.execPath, ['scripts/tool.mjs', 'src/tools/simulate/cli.ts', ...args], { cwd: join(__dirname, '..', '..', '..'), encoding: 'utf8' });
    const ok = tool('cafe', '--file', file, '--json');
    expect(ok.status).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect(json.traffic.name).toBe('tv-evening');
    expect(json.totals.failed).toBe(0);
    // --json carries every assumption with its source, and the verdict.
    expect(json.assumptions.length).toBeGreaterThan(5);
    for (const a of json.assumptions) expect(a).toEqual({ name: expect.any(String), value: expect.any(String), source: expect.any(String) });
    expect(json.verdict).toMatchObject({ after: { failed: 0 }, capacityPerInstance: 30 });
    expect(json.verdict.before.failedAtPeakPercent).toBeGreaterThan(50);
    expect(json.groups[0].series[0]).toEqual(expect.objectContaining({ p95Ms: expect.any(Number), timedOut: 0 }));
    const bad = tool('cafe', '--file', file, '--fail', 'az:x');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^simulate: --fail "az:x": use az:<n>@<minute>/);
  }, 20000);

  test('renders an SVG chart without a browser', async () => {
    const r = run(parseArgs(['--file', file, '--fail', 'az:1@150']), dir);
    const svg = await renderSvg(r);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('cafe: tv-evening');
    expect(svg).toContain('dropped req/s');
    expect(svg).toContain('timed out req/s');
  }, 20000);
});
