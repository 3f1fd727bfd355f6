/**
 * examples/startup-python run for real as the platform starts it: the stack's user data app-start part (env from
 * SSM names, bundle fetched and unpacked, start command) for the web and the worker; the web queues a job on an
 * SQS queue in moto, the worker takes it and writes it to a local PostgreSQL (initdb/pg_ctl in a temporary
 * folder; skipped with a message where PostgreSQL is absent). Bounded: one job, 60 s at most.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stacksFromFile } from '../../src/config/load';
import { synthProfile } from '../support/synth';
import { startServiceApp, StartedApp } from '../support/app-start';
import { MotoServer, motoEnv, motoPython, root } from './support/harness';

const which = (cmd: string) => {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};
const pgMissing = ['initdb', 'pg_ctl', 'postgres', 'psql'].filter((c) => !which(c));
const asRoot = process.getuid?.() === 0;
const runAs = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { env, encoding: 'utf8', stdio: 'pipe', timeout: 60_000 });

const suite = pgMissing.length === 0 ? describe : describe.skip;
if (pgMissing.length > 0) process.stderr.write(`[examples-startup] skipped: PostgreSQL client/server binaries missing (${pgMissing.join(', ')})\n`);

suite('examples/startup-python (bundle, fromInstance, existingVpc, secrets) runs as user data starts it', () => {
  let moto: MotoServer;
  let pgData = '';
  let pgPort = 0;
  const apps: StartedApp[] = [];

  beforeAll(async () => {
    moto = await MotoServer.start();
    const base = mkdtempSync(join(tmpdir(), 'stormproof-pg-'));
    chmodSync(base, 0o777);
    pgData = join(base, 'data');
    pgPort = 20000 + Math.floor(Math.random() * 20000);
    runAs('initdb', ['-D', pgData, '-A', 'trust', '-U', 'app_admin', '--no-sync']);
    runAs('pg_ctl', ['-D', pgData, '-w', '-l', join(base, 'pg.log'), '-o', `-p ${pgPort} -k ${base} -c listen_addresses=127.0.0.1`, 'start']);
    runAs('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'app_admin', '-d', 'postgres', '-c', 'CREATE DATABASE app']);
  }, 90_000);

  afterAll(async () => {
    apps.forEach((a) => a.stop());
    if (pgData && existsSync(pgData)) runAs('pg_ctl', ['-D', pgData, '-m', 'immediate', 'stop']);
    await moto?.stop();
  });

  test('web queues a job on SQS (moto), the worker stores it in PostgreSQL', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    let profile;
    try {
      [profile] = stacksFromFile(readFileSync(join(root, 'examples/startup-python/stormproof.config.json'), 'utf8'), 'examples/startup-python/stormproof.config.json');
    } finally {
      process.chdir(cwd);
    }
    const { json, stack } = synthProfile(profile);
    // existingVpc: no second VPC in the stack's region (the DR region's standby network is the only VPC created).
    expect(Object.values<any>(json.resource.aws_vpc ?? {}).map((v) => v.provider)).toEqual(['aws.dr']);
    expect(Object.keys(json.data.aws_subnet)).toHaveLength(6);
    expect(Object.values<any>(json.resource.aws_ami_from_instance)[0].source_instance_id).toBe('i-0123456789abcdef0');

    // What only exists after apply: the queue (in moto) and the database endpoint (local PostgreSQL).
    const { AWS_PROFILE: _unused, ...env } = motoEnv(moto.endpoint);
    const queueUrl = execFileSync(
      motoPython(),
      ['-c', 'import boto3; print(boto3.client("sqs").create_queue(QueueName="jobs")["QueueUrl"])'],
      { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' },
    ).trim();
    const parameterNamed = (suffix: string) => Object.values<any>(json.resource.aws_ssm_parameter).find((p) => String(p.name).endsWith(suffix)).name as string;
    const values = {
      [parameterNamed('/queue/url')]: queueUrl,
      [parameterNamed('/db/writer_endpoint')]: `127.0.0.1:${pgPort}`,
      [parameterNamed('/db/name')]: 'app',
    };
    const clientEnv = { ...env, PGUSER: 'app_admin', PGPASSWORD: 'unused-with-trust', WORKER_WAIT_SECONDS: '1' };

    const web = await startServiceApp(json, stack.services.web, values, clientEnv);
    apps.push(web);
    expect(web.env.JOBS_QUEUE_URL).toBe(queueUrl);
    expect(web.env.DATABASE_HOST).toBe(`127.0.0.1:${pgPort}`);
    expect(web.env.APP_MODE).toBe('web');
    const health = (await (await fetch(`${web.url}/health`)).json()) as any;
    expect(health.wired).toEqual({ JOBS_QUEUE_URL: true, DATABASE_HOST: true, CACHE_HOST: true });
    const queued = await fetch(`${web.url}/jobs?text=${encodeURIComponent("bake O'Brien's bread")}`, { method: 'POST' });
    expect(queued.status).toBe(202);

    const worker = await startServiceApp(json, stack.services.worker, values, clientEnv);
    apps.push(worker);
    const deadline = Date.now() + 30_000;
    let rows = '';
    while (Date.now() < deadline) {
      try {
        rows = runAs('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'app_admin', '-d', 'app', '-tAc', 'SELECT text FROM jobs']).trim();
      } catch {
        // the worker has not created its table yet
      }
      if (rows) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    if (!rows) throw new Error(`the worker stored nothing:\n${worker.output()}`);
    expect(rows).toBe("bake O'Brien's bread");
    // The worker counts a job once it has also deleted the message from the queue, a moment after the row lands.
    let processed = 0;
    while (Date.now() < deadline) {
      processed = ((await (await fetch(`${worker.url}/health`)).json()) as any).processed;
      if (processed) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(processed).toBe(1);
  }, 120_000);
});
