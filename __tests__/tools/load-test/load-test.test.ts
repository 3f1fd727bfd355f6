import { join } from 'node:path';
import { phasesFor } from '../../../src/tools/load-test/phases';
import { parseLoadTestArgs } from '../../../src/tools/load-test/cli';
import { loadTestSummary, runLoadTest } from '../../../src/tools/load-test/run';
import { LocalFleet, startLocalFleet } from '../../../src/tools/load-test/local-fleet';
import { renderLoadTestSvg } from '../../../src/tools/load-test/chart';
import { asgReader, countsFromDescribe } from '../../../src/tools/load-test/asg';
import { capacityFromLoadTest } from '../../../src/tools/simulate/cli';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

describe('load-test phases and arguments', () => {
  test('spike: baseline, ramp, hold, burst, cool-down over the total time, connections scaled', () => {
    const phases = phasesFor('spike', 60, 2);
    expect(phases.map((p) => p.name)).toEqual(['baseline', 'ramp', 'ramp', 'hold', 'burst', 'cool-down']);
    expect(phases.map((p) => p.connections)).toEqual([2, 6, 12, 16, 32, 2]);
    expect(phases.reduce((n, p) => n + p.seconds, 0)).toBe(60);
    expect(() => phasesFor('tsunami')).toThrow(/--profile "tsunami": use one of spike, steady/);
    expect(() => phasesFor('spike', 3)).toThrow(/--seconds \(3\) must be at least 6/);
  });

  test('--url or --local, never both; the URL must be http(s)', () => {
    expect(parseLoadTestArgs(['--url', 'http://cafe-production-123.eu-west-1.elb.amazonaws.com', '--svg'])).toMatchObject({ stack: 'cafe-production-123', svg: true, profile: 'spike' });
    // The default run lasts 10 minutes: long enough for a scale-out.
    expect(parseLoadTestArgs(['--url', 'http://x.example']).seconds).toBe(600);
    expect(parseLoadTestArgs(['--url', 'http://x.example', '--asg', 'cafe-web', '--region', 'eu-west-1'])).toMatchObject({ asg: 'cafe-web', region: 'eu-west-1' });
    expect(() => parseLoadTestArgs([])).toThrow(/exactly one of --url <site> or --local <n>/);
    expect(() => parseLoadTestArgs(['--url', 'ftp://x', '--local', '2'])).toThrow(/exactly one/);
    expect(() => parseLoadTestArgs(['--url', 'ftp://x'])).toThrow(/must be an http\(s\) URL/);
  });
});

describe('load test against demo apps on loopback behind a round-robin proxy', () => {
  let fleet: LocalFleet;
  beforeAll(async () => {
    fleet = await startLocalFleet(3, ['local-1a', 'local-1b']);
  }, 20000);
  afterAll(async () => fleet?.stop());

  test('every phase is answered, by all 3 instances in both AZs, without errors', async () => {
    // Loopback only: the proxy and every app listen on 127.0.0.1.
    expect(new URL(fleet.url).hostname).toBe('127.0.0.1');
    expect(fleet.instanceUrls.every((u) => new URL(u).hostname === '127.0.0.1')).toBe(true);
    // The group's counts are read at the start, every 30 s window and at the end (here a stand-in reader).
    // At most 100 requests a second: enough to show the spread, without a second core's worth of python and autocannon.
    const result = await runLoadTest({
      url: fleet.url,
      phases: phasesFor('spike', 6, 1),
      loopback: true,
      asg: { name: 'local-web', read: async () => ({ desired: 3, inService: 3 }) },
      maxRequestsPerSecond: 100,
    });
    expect(result.asg?.name).toBe('local-web');
    expect(result.asg?.samples.length).toBeGreaterThanOrEqual(2);
    expect(result.asg?.samples[0]).toMatchObject({ second: 0, desired: 3, inService: 3 });
    expect(result.phases).toHaveLength(6);
    for (const p of result.phases) {
      expect(p.requests).toBeGreaterThan(0);
      expect(p.instances).toBe(3);
    }
    expect(result.totals.errors).toBe(0);
    expect(result.distinctInstances).toBe(3);
    expect(result.distinctAzs).toBe(2);
    expect(Object.keys(result.answeredBy.instances).sort()).toEqual(['i-local0000', 'i-local0001', 'i-local0002']);
    // Round robin: each instance answers about a third.
    for (const n of Object.values(result.answeredBy.instances)) expect(n / result.totals.requests).toBeGreaterThan(0.25);
    expect(result.totals.latencyMs.p95).toBeGreaterThanOrEqual(result.totals.latencyMs.p50);
    // Loopback figures are labelled, and give the simulator no capacity.
    expect(result.loopback).toBe(true);
    expect(result.capacityPerInstance).toBeUndefined();
    // 6 s fit in one 30 s window: every request, the three instances, both AZs.
    expect(result.windows).toHaveLength(1);
    expect(result.windows[0]).toMatchObject({ fromSecond: 0, requests: result.totals.requests, errors: 0, instances: 3, azs: 2 });
    expect(result.windows[0].p95Ms).toBeGreaterThan(0);
    // A partial window's rate is over the seconds it covers (about 6 here), not 30.
    expect(result.windows[0].requestsPerSecond).toBeGreaterThan(result.totals.requests / 10);
    const text = loadTestSummary(result);
    expect(text).toMatch(/answered by 3 distinct instances in 2 AZs/);
    expect(text).toMatch(/LOOPBACK figures/);
    expect(text).toMatch(/per 30 s window/);
    expect(text).toMatch(/desired in-service\n\s+0 .* 3\s+3$/m);
    const dir = mkdtempSync(join(tmpdir(), 'stormproof-lt-'));
    writeFileSync(join(dir, 'result.json'), JSON.stringify(result));
    expect(() => capacityFromLoadTest(join(dir, 'result.json'))).toThrow(/loopback figures .* not an instance's capacity/);
    rmSync(dir, { recursive: true, force: true });
    const svg = await renderLoadTestSvg(result);
    expect(svg).toContain('answered by 3 instances in 2 AZs');
  }, 30000);
});

describe('--asg: the group over time through the AWS CLI', () => {
  const describe_ = (desired: number, states: string[]) =>
    JSON.stringify({ AutoScalingGroups: [{ AutoScalingGroupName: 'cafe-web', DesiredCapacity: desired, Instances: states.map((s) => ({ LifecycleState: s })) }] });

  test('counts desired and InService instances from describe-auto-scaling-groups', () => {
    expect(countsFromDescribe(describe_(4, ['InService', 'Pending', 'InService']), 'cafe-web')).toEqual({ desired: 4, inService: 2 });
    expect(countsFromDescribe(describe_(4, []), 'other')).toBeUndefined();
  });

  test('without the AWS CLI the run goes on and says why there are no counts', () => {
    expect(asgReader('cafe-web', undefined, '/nonexistent/aws').skipped).toMatch(/AWS CLI .* is not on PATH/);
  });

  test('with a CLI that answers, the reader samples the group (a local script standing in for aws)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stormproof-aws-'));
    const cli = join(dir, 'aws');
    writeFileSync(cli, `#!/bin/sh\necho '${describe_(3, ['InService', 'InService'])}'\n`);
    chmodSync(cli, 0o755);
    const failing = join(dir, 'aws-denied');
    writeFileSync(failing, '#!/bin/sh\necho "An error occurred (ExpiredToken)" >&2\nexit 255\n');
    chmodSync(failing, 0o755);
    try {
      const { read, skipped } = asgReader('cafe-web', 'eu-west-1', cli);
      expect(skipped).toBeUndefined();
      expect(await read!()).toEqual({ desired: 3, inService: 2 });
      expect(asgReader('cafe-web', undefined, failing).skipped).toMatch(/failed \(An error occurred \(ExpiredToken\)\); check credentials/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the local fleet runs the user\'s bundle (examples/cafe-orders), not only the demo app', () => {
  let fleet: LocalFleet;
  const bundle = join(__dirname, '..', '..', '..', 'examples', 'cafe-orders', 'app');
  beforeAll(async () => {
    fleet = await startLocalFleet(2, ['local-1a', 'local-1b'], { path: bundle, start: 'exec python3 server.py', env: { CAFE_NAME: 'Load Café' } });
  }, 20000);
  afterAll(async () => fleet?.stop());

  // The spike's phases are proved on the demo fleet above: here the user's app under 2 s of steady load.
  test('two copies of the café site answer through the proxy, a short steady load without errors', async () => {
    expect(fleet.instanceUrls).toHaveLength(2);
    expect(await (await fetch(`${fleet.url}/`)).text()).toContain('Order at the café');
    const result = await runLoadTest({ url: fleet.url, phases: phasesFor('steady', 2, 1), maxRequestsPerSecond: 100 });
    expect(result.phases.every((p) => p.requests > 0 && p.errors === 0)).toBe(true);
  }, 30000);

  test('--service and --bundle are parsed; they need --local', () => {
    expect(parseLoadTestArgs(['--local', '2', '--bundle', 'app', '--start', 'exec ./run']).app).toEqual({ path: 'app', start: 'exec ./run', healthPath: undefined });
    expect(parseLoadTestArgs(['--local', '2', '--service', 'web']).service).toBe('web');
    expect(() => parseLoadTestArgs(['--url', 'http://x', '--service', 'web'])).toThrow(/need --local/);
    expect(() => parseLoadTestArgs(['--local', '2', '--bundle', 'app'])).toThrow(/go together/);
  });
});
