/**
 * A stand-in for a deployed stack on this machine, loopback only: several copies of a service's bundle started by
 * its start command (default: the demo app, the launch templates' default bundle), each told by its own fake IMDSv2 which instance and AZ it is, behind a
 * small round-robin proxy standing in for the ALB. For trying the load-test kit and for its test.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Agent, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_APP_PY } from '../../assets/demo-app';

const LOOPBACK = '127.0.0.1';

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Round-robin HTTP proxy on loopback: each request goes to the next target, like an ALB's round robin. */
export async function startRoundRobinProxy(targets: readonly string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  if (targets.length === 0) throw new Error('startRoundRobinProxy needs at least one target');
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = new URL(targets[next++ % targets.length]);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway\n');
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 5000;
  const port = await listen(server);
  return {
    url: `http://${LOOPBACK}:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await close(server);
      agent.destroy();
    },
  };
}

/** One fake IMDSv2 for the whole fleet: `/<n>/latest/...` answers as instance n. */
async function startFakeImds(azs: readonly string[]): Promise<{ base: string; server: Server }> {
  const server = createServer((req, res): void => {
    const m = /^\/(\d+)(\/latest\/.*)$/.exec(req.url ?? '');
    const n = m ? Number(m[1]) : -1;
    if (!m) res.statusCode = 404;
    else if (req.method === 'PUT' && m[2] === '/latest/api/token') res.write(`token-${n}`);
    else if (req.headers['x-aws-ec2-metadata-token'] !== `token-${n}`) res.statusCode = 401;
    else if (m[2] === '/latest/meta-data/instance-id') res.write(`i-local${String(n).padStart(4, '0')}`);
    else if (m[2] === '/latest/meta-data/placement/availability-zone') res.write(azs[n % azs.length]);
    else res.statusCode = 404;
    res.end();
  });
  const port = await listen(server);
  return { base: `http://${LOOPBACK}:${port}`, server };
}

export interface LocalFleet {
  /** The proxy's URL: load-test this. */
  readonly url: string;
  readonly instanceUrls: readonly string[];
  stop(): Promise<void>;
}

/** The app a local fleet runs: a service's bundle (folder or zip) and its start command, as user data runs it. */
export interface LocalApp {
  /** Bundle folder or .zip. */
  readonly path: string;
  /** One line of shell run in the unpacked folder (`APP_PORT`, `APP_BIND`, `HEALTH_PATH` are set). */
  readonly start: string;
  /** @default '/health' */
  readonly healthPath?: string;
  /** Extra environment (the stack's env values). @default - none */
  readonly env?: Record<string, string>;
}

/** Starts `instances` copies of `app` (default: the demo app, as a bundle) spread over `azs` behind a round-robin proxy, all on 127.0.0.1. */
export async function startLocalFleet(instances = 3, azs: readonly string[] = ['local-1a', 'local-1b'], app?: LocalApp): Promise<LocalFleet> {
  if (!(Number.isInteger(instances) && instances >= 1 && instances <= 16)) throw new Error(`--local (${instances}) must be 1-16 app processes`);
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-fleet-'));
  // The same path as on an instance: an unpacked bundle and its start command (the demo app is a bundle too).
  const appDir = join(dir, 'app');
  if (!app) {
    mkdirSync(appDir);
    writeFileSync(join(appDir, 'app.py'), DEMO_APP_PY);
  } else if (!existsSync(app.path)) {
    throw new Error(`--bundle ${app.path} does not exist: give the service's bundle folder or zip`);
  } else if (statSync(app.path).isDirectory()) {
    cpSync(app.path, appDir, { recursive: true });
  } else {
    execFileSync('python3', ['-m', 'zipfile', '-e', app.path, appDir]);
  }
  const start = app?.start ?? 'exec python3 app.py';
  const healthPath = app?.healthPath ?? '/health';
  const imds = await startFakeImds(azs);
  const procs: ChildProcess[] = [];
  let proxy: { url: string; stop: () => Promise<void> } | undefined;
  const stop = async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : undefined)));
    if (proxy) await proxy.stop();
    imds.server.closeAllConnections();
    await close(imds.server);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const urls: string[] = [];
    for (let n = 0; n < instances; n++) {
      // Port 0 is not possible for the app: reserve a free loopback port, release it, hand it over.
      const probe = createServer();
      const port = await listen(probe);
      await close(probe);
      const proc = spawn('/bin/sh', ['-c', start], {
        cwd: appDir,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          ...(app?.env ?? {}),
          APP_BIND: LOOPBACK,
          APP_PORT: String(port),
          SERVICE_NAME: 'web',
          HEALTH_PATH: healthPath,
          STATE_DIR: join(dir, `state-${n}`),
          IMDS_URL: `${imds.base}/${n}`,
        },
        stdio: 'ignore',
      });
      procs.push(proc);
      urls.push(`http://${LOOPBACK}:${port}`);
    }
    const deadline = Date.now() + 10000;
    for (const [n, url] of urls.entries()) {
      for (;;) {
        try {
          if ((await fetch(`${url}${healthPath}`)).ok) break;
        } catch {
          // not listening yet
        }
        if (procs[n].exitCode !== null || Date.now() > deadline) throw new Error(`app ${n} did not start on ${url} (\`${start}\` in the bundle; python3 on PATH?)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    proxy = await startRoundRobinProxy(urls);
    return { url: proxy.url, instanceUrls: urls, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
