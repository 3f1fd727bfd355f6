import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { AddressInfo, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lab } from '../../src/config/profiles';
import { synthProfile } from '../support/synth';

/**
 * Runs the demo app exactly as the stack ships it: synthesizes the lab profile; the demo app is the service's
 * default bundle, so its app.py comes from the bundle's asset folder, and user data must fetch that bundle
 * (its key) and start it (`python3 app.py`) without inlining the app.
 */
function appFromStack(): { script: string; userData: string } {
  const { json, stack } = synthProfile(lab);
  const templates = Object.values(json.resource.aws_launch_template) as { user_data: string }[];
  expect(templates).toHaveLength(1);
  const userData = Buffer.from(templates[0].user_data, 'base64').toString('utf8');
  const service = stack.services.web;
  expect(userData).toContain(`KEY='${service.bundle.key}'`);
  expect(userData).toContain("exec /bin/sh -c 'exec python3 app.py'");
  expect(userData).not.toContain('def identity()');
  return { script: readFileSync(join(service.bundle.sourcePath, 'app.py'), 'utf8'), userData };
}

/** A loopback port nothing listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listening<T extends Server | HttpServer>(server: T): Promise<{ server: T; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function startApp(script: string, env: Record<string, string>): Promise<{ proc: ChildProcess; base: string; output: () => string }> {
  const port = await closedPort();
  let output = '';
  const proc = spawn('python3', [script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', APP_BIND: '127.0.0.1', APP_PORT: String(port), SERVICE_NAME: 'web', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 8000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`demo app did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, base, output: () => output };
}

const stop = (proc?: ChildProcess) => {
  if (proc && proc.exitCode === null) proc.kill('SIGTERM');
};

describe('demo app from the rendered user data', () => {
  const { script: source, userData } = appFromStack();
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-demo-'));
  const script = join(dir, 'app.py');
  writeFileSync(script, source);

  let app: Awaited<ReturnType<typeof startApp>>;
  let dbListener: Server;
  let dbPort: number;
  let deadPort: number;

  beforeAll(async () => {
    ({ server: dbListener, port: dbPort } = await listening(createServer((socket) => socket.end())));
    deadPort = await closedPort();
    app = await startApp(script, {
      // No IMDS here: point it at a closed loopback port so the fallback is deterministic (even on EC2 CI).
      IMDS_URL: `http://127.0.0.1:${await closedPort()}`,
      X_ENDPOINT: `127.0.0.1:${dbPort}`,
      CLOSED_ENDPOINT: `127.0.0.1:${deadPort}`,
      NOT_HOST_PORT_ENDPOINT: 'https://example.invalid/path',
    });
  }, 15000);

  afterAll(async () => {
    stop(app?.proc);
    await new Promise<void>((resolve) => (dbListener ? dbListener.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('user data installs it under systemd as an unprivileged user', () => {
    expect(userData).toContain('useradd --system --no-create-home --shell /sbin/nologin stormproof');
    expect(userData).toContain('User=stormproof');
    expect(userData).toContain('ExecStart=/opt/stormproof/run-app.sh');
    expect(userData).toContain('systemctl enable --now stormproof-app.service');
  });

  test('/health answers 200 "ok"', async () => {
    const res = await fetch(`${app.base}/health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  test('/ reports placeholders quickly without IMDS and endpoint reachability', async () => {
    const started = Date.now();
    const res = await fetch(`${app.base}/`);
    const body = (await res.json()) as any;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ service: 'web', instance_id: 'unknown-instance', availability_zone: 'unknown-az', imds: 'unreachable' });
    expect(res.headers.get('x-stormproof-instance')).toBe('unknown-instance');
    expect(res.headers.get('x-stormproof-az')).toBe('unknown-az');
    expect(body.endpoints.X_ENDPOINT).toMatchObject({ target: `127.0.0.1:${dbPort}`, reachable: true });
    expect(body.endpoints.CLOSED_ENDPOINT).toMatchObject({ target: `127.0.0.1:${deadPort}`, reachable: false });
    expect(body.endpoints.CLOSED_ENDPOINT.error).toMatch(/ConnectionRefused/);
    expect(body.endpoints.NOT_HOST_PORT_ENDPOINT).toBeUndefined();
  });

  test('/stress?seconds=1 burns about a second and says so; negative input is clamped', async () => {
    const started = Date.now();
    const res = await fetch(`${app.base}/stress?seconds=1`);
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(body).toMatchObject({ stressed_seconds: 1, requested_seconds: 1, capped: false, max_seconds: 50 });
    expect(body.workers).toBeGreaterThanOrEqual(1);
    const clamped = (await (await fetch(`${app.base}/stress?seconds=-5`)).json()) as any;
    expect(clamped).toMatchObject({ stressed_seconds: 0, capped: true });
    expect((await fetch(`${app.base}/stress?seconds=lots`)).status).toBe(400);
  }, 10000);

  test('unknown paths are 404 with a hint', async () => {
    const res = await fetch(`${app.base}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).paths).toContain('/health');
  });

  test('with IMDSv2 available it reports the instance id and AZ, using a session token', async () => {
    const seen: string[] = [];
    const { server: imds, port } = await listening(
      createHttpServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        if (req.method === 'PUT' && req.url === '/latest/api/token' && req.headers['x-aws-ec2-metadata-token-ttl-seconds']) {
          res.end('tok-123');
        } else if (req.headers['x-aws-ec2-metadata-token'] !== 'tok-123') {
          res.statusCode = 401;
          res.end();
        } else if (req.url === '/latest/meta-data/instance-id') {
          res.end('i-0abc123');
        } else if (req.url === '/latest/meta-data/placement/availability-zone') {
          res.end('eu-west-1b');
        } else {
          res.statusCode = 404;
          res.end();
        }
      }),
    );
    const onEc2 = await startApp(script, { IMDS_URL: `http://127.0.0.1:${port}` });
    try {
      const body = (await (await fetch(`${onEc2.base}/`)).json()) as any;
      expect(body).toMatchObject({ instance_id: 'i-0abc123', availability_zone: 'eu-west-1b', imds: 'ok', endpoints: {} });
      const health = await fetch(`${onEc2.base}/health`);
      expect(health.headers.get('x-stormproof-instance')).toBe('i-0abc123');
      expect(health.headers.get('x-stormproof-az')).toBe('eu-west-1b');
      expect(seen[0]).toBe('PUT /latest/api/token');
    } finally {
      stop(onEc2.proc);
      await new Promise<void>((resolve) => imds.close(() => resolve()));
    }
  }, 15000);
});
