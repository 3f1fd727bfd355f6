/**
 * Shared machinery of the Terraform checks: the tool environment, running terraform, moto servers on
 * free ports, scratch copies of synthesized stacks with test-only overrides, and counting resources.
 * Nothing here writes into cdktf.out/ or the shipped JSON; every run works on a copy under .scratch/.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const root = resolve(__dirname, '../../..');
export const scratch = join(root, '.scratch', 'terraform');
/** Where the terraform project's globalSetup synthesizes every stack (all profiles + bootstrap). */
export const synthDir = join(scratch, 'synth');
export const reportDir = join(scratch, 'report');

export const skipRequested = process.env.STORMPROOF_SKIP_TERRAFORM === '1';

/** Environment every terraform/cdktf/checkov child process gets (see scripts/toolchain.sh). */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const tmp = join(root, '.scratch', 'tmp');
  mkdirSync(tmp, { recursive: true });
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: join(root, '.scratch', 'terraformrc'),
    CHECKPOINT_DISABLE: '1',
    CDKTF_HOME: join(root, '.scratch', 'cdktf-home'),
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
    TF_IN_AUTOMATION: '1',
    TMPDIR: tmp,
    ...extra,
  };
}

/** The environment that points the AWS provider (and nothing else) at a moto server. */
export function motoEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: '',
  };
}

/** One line per event, straight to the log (jest's console adds a stack frame to every line). */
export function log(line: string): void {
  process.stderr.write(`[terraform] ${line}\n`);
}

export function record(name: string, data: unknown): void {
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, `${name}.json`), JSON.stringify(data, null, 2));
}

export function appendRecord(name: string, line: string): void {
  mkdirSync(reportDir, { recursive: true });
  appendFileSync(join(reportDir, `${name}.log`), `${line}\n`);
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function run(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? root, env: opts.env ?? toolEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 15 * 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Runs terraform in `dir`; throws with the command's tail on a non-zero exit unless `okCodes` allows it. */
export async function terraform(
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
  okCodes: readonly number[] = [0],
  timeoutMs = 10 * 60_000,
): Promise<RunResult> {
  const result = await run('terraform', args, { cwd: dir, env: toolEnv(env), timeoutMs });
  if (!okCodes.includes(result.code)) throw terraformFailure(dir, args, result, timeoutMs);
  return result;
}

function terraformFailure(dir: string, args: readonly string[], result: RunResult, timeoutMs: number, note = ''): Error {
  const targets = args.filter((a) => a.startsWith('-target=')).length;
  const shown = args.filter((a) => !a.startsWith('-target=')).join(' ') + (targets ? ` (${targets} -target addresses)` : '');
  const tail = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => l.trim()).slice(-40).join('\n');
  return new Error(`terraform ${shown} in ${dir} exited ${result.code}${result.code === -1 || result.code === 143 ? ` (killed after ${seconds(timeoutMs)})` : ''}${note}:\n${tail}`);
}

/**
 * Connection-level failures between the provider and a moto server on a loaded machine (the server closed
 * a kept-alive socket, or reset it before or while answering). The request may or may not have reached
 * moto's logic: `terraformResilient` makes a retry sound either way. Anything else (an API error, a
 * validation error, a timeout waiting on a resource) is real.
 */
const TRANSIENT_CONNECTION = /use of closed network connection|connection reset by peer|broken pipe|: EOF\b|unexpected EOF|http: server closed idle connection|HTTP\/1\.x transport connection broken|request send failed.*\bEOF\b/;

/**
 * Every `Error:` block of terraform's output, one string each: the headline, the `with`/`on` lines and the
 * detail paragraph after them (the provider's own message, which holds the cause), up to the next diagnostic.
 * Diagnostics go to stderr, after the whole of stdout, so nothing else follows the last one.
 */
export function terraformErrors(output: string): string[] {
  return output
    .split(/^(?:│ )?Error: /m)
    .slice(1)
    .map((block) => block.split(/\n(?=(?:[╷╵]\s*\n)?(?:│ )?(?:Warning|Error): )|\n[╷╵]?\s*$/)[0].trim());
}

/** True when the error is a transient connection failure (terraform wraps the detail at 80 columns: read unwrapped). */
export const isTransient = (error: string): boolean => TRANSIENT_CONNECTION.test(error.replace(/\s*\n(?:│)?\s*/g, ' '));

/** True when terraform failed and every error it printed is a transient connection failure. */
export function onlyTransientErrors(output: string): boolean {
  const errors = terraformErrors(output);
  return errors.length > 0 && errors.every(isTransient);
}

/** The resource address terraform names in one error (`with aws_x.y,`), if any. */
const errorAddress = (error: string): string | undefined => /^(?:│ )?\s*with ([^\s,]+),/m.exec(error)?.[1];

/** The resource addresses terraform names in its errors (`with aws_x.y,`). */
export function erroredAddresses(output: string): string[] {
  return [...new Set(terraformErrors(output).map(errorAddress).filter((a): a is string => !!a))];
}

/** AWS error codes saying a create found its object already there. */
const ALREADY_EXISTS = /\b(AlreadyExists(?:Exception)?|EntityAlreadyExists|BucketAlreadyOwnedByYou|ResourceAlreadyExistsException|ResourceInUseException|DuplicateRecord|InvalidGroup\.Duplicate)\b/;

export interface LostCreate {
  readonly address: string;
  /** The identifier the provider names in `creating X (<id>)`, which is the import id of name-keyed resources. */
  readonly id: string;
}

/**
 * Creates whose answer a dropped connection lost: moto made the object, the provider never heard, so the state
 * has nothing and the retry's create finds the object there. Only an address that failed on a dropped
 * connection in an earlier attempt counts, and only when the provider names the object (`creating X (<id>)`).
 */
export function lostCreates(output: string, droppedBefore: ReadonlySet<string>): LostCreate[] {
  const found: LostCreate[] = [];
  for (const error of terraformErrors(output)) {
    const address = errorAddress(error);
    const id = /^creating [^(:]*\(([^()\s]+)\)/.exec(error)?.[1];
    if (address && id && droppedBefore.has(address) && ALREADY_EXISTS.test(error)) found.push({ address, id });
  }
  return found;
}

/** Resource instances the state marks tainted (`terraform state pull`, state format v4), as addresses. */
export function taintedAddresses(stateJson: string): string[] {
  if (!stateJson.trim()) return [];
  const state = JSON.parse(stateJson);
  const out: string[] = [];
  for (const r of state.resources ?? []) {
    if (r.mode !== 'managed') continue;
    const base = `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`;
    for (const i of r.instances ?? []) {
      if (i.status !== 'tainted') continue;
      out.push(i.index_key === undefined ? base : `${base}[${JSON.stringify(i.index_key)}]`);
    }
  }
  return out;
}

/**
 * `terraform apply`/`plan`/`destroy` that tries again, at most `attempts` times in all, when a failed run failed
 * only on dropped connections (and, for an apply, on creates whose answer one of them lost). Real errors fail at once.
 * What a dropped connection leaves behind, and how the retry treats it:
 * - a create whose follow-up call (tagging, a waiter, the read after create) was dropped: terraform records the
 *   object tainted, holding only its id and the configured arguments; what the read fills in (a KMS key's
 *   `key_id`, an ARN) is null. It is never trusted: the retry lets terraform replace it (destroy the half-made
 *   object, create it again), as it does for any tainted object. Untainting it put a key without `key_id` in
 *   front of its alias ("Missing required argument target_key_id");
 * - a create whose answer was dropped: moto made the object, the state has nothing, and the retry's create
 *   fails with "already exists". That object is imported (the id the error names) and the apply tried again;
 * - a dropped read, update or delete: simply made again.
 * A retried apply or destroy resumes from state without refreshing it (`-refresh=false`): a refresh against moto
 * would read its known drift (moto-gaps.json) into every resource and turn it into updates the first attempt
 * never planned (an instance refresh moto cannot start). A targeted refresh of the tainted object would not
 * help: `-target` takes in what the object references, so their drift would be read as well. A plan only reads,
 * so it is simply run again. The result's stdout holds every attempt's output; `attempts` says how many ran,
 * `replaced` and `imported` what the retries repaired.
 */
export async function terraformResilient(
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
  okCodes: readonly number[] = [0],
  attempts = 3,
): Promise<RunResult & { readonly attempts: number; readonly replaced: string[]; readonly imported: string[] }> {
  let stdout = '';
  let ms = 0;
  let current = [...args];
  const replaced: string[] = [];
  const imported: string[] = [];
  const dropped = new Set<string>();
  const resumes = args[0] === 'apply' || args[0] === 'destroy';
  for (let attempt = 1; ; attempt++) {
    const result = await run('terraform', current, { cwd: dir, env: toolEnv(env), timeoutMs: 10 * 60_000 });
    stdout += result.stdout;
    ms += result.ms;
    const output = `${result.stdout}\n${result.stderr}`;
    if (okCodes.includes(result.code)) return { ...result, stdout, ms, attempts: attempt, replaced, imported };
    const errors = terraformErrors(output);
    const lost = args[0] === 'apply' ? lostCreates(output, dropped) : [];
    const retriable = errors.length > 0 && errors.every((e) => isTransient(e) || lost.some((l) => l.address === errorAddress(e)));
    if (attempt < attempts && retriable) {
      log(`terraform ${args[0]} in ${dir}: attempt ${attempt} failed only on dropped connections${lost.length ? ' and the creates they lost' : ''}, trying again: ${errors.map((e) => e.split('\n')[0]).join(' | ').slice(0, 600)}`);
      for (const e of errors) if (isTransient(e) && errorAddress(e)) dropped.add(errorAddress(e)!);
      if (resumes) {
        if (!current.includes('-refresh=false')) current = [args[0], '-refresh=false', ...args.slice(1)];
        for (const { address, id } of lost) {
          // The import reads through the same flaky connections: tried again on a dropped one, as the apply is.
          let imp = await run('terraform', ['import', '-input=false', '-no-color', address, id], { cwd: dir, env: toolEnv(env), timeoutMs: 5 * 60_000 });
          for (let again = 1; again < attempts && imp.code !== 0 && onlyTransientErrors(`${imp.stdout}\n${imp.stderr}`); again++) {
            imp = await run('terraform', ['import', '-input=false', '-no-color', address, id], { cwd: dir, env: toolEnv(env), timeoutMs: 5 * 60_000 });
          }
          if (imp.code !== 0) {
            throw terraformFailure(dir, current, result, 10 * 60_000, ` on attempt ${attempt}: ${address} was created by a call whose answer was dropped, and importing it as ${id} failed: ${terraformErrors(`${imp.stdout}\n${imp.stderr}`).join(' | ').slice(0, 600)}`);
          }
          imported.push(address);
          log(`terraform ${args[0]} in ${dir}: imported ${address} (${id}): moto created it, but the answer was dropped`);
        }
        if (args[0] === 'apply') {
          const pulled = await run('terraform', ['state', 'pull'], { cwd: dir, env: toolEnv(env) });
          for (const address of pulled.code === 0 ? taintedAddresses(pulled.stdout) : []) {
            replaced.push(address);
            log(`terraform apply in ${dir}: ${address} is tainted (its create failed partway: the state holds its id and arguments, not what a read fills in), so the retry replaces it`);
          }
        }
      }
      continue;
    }
    throw terraformFailure(dir, current, result, 10 * 60_000, attempt > 1 ? ` on attempt ${attempt} (earlier attempts failed only on dropped connections)` : '');
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/** A moto server on 127.0.0.1 and a free port, started and stopped by the test that needs it. */
export class MotoServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<MotoServer> {
    const python = join(root, '.venv', 'moto', 'bin', 'python');
    if (!existsSync(python)) {
      throw oneLine(`moto is not installed in .venv/moto: run \`bash scripts/toolchain.sh\` (installs requirements/moto.txt)`);
    }
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
        env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
      // Never outlive the test process, even when it dies without running afterAll.
      const reap = () => child.kill('SIGKILL');
      process.once('exit', reap);
      child.once('exit', () => process.removeListener('exit', reap));
      const server = new MotoServer(child, port);
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && child.exitCode === null) {
        if (await httpOk(`${server.endpoint}/moto-api/`)) return server;
        await new Promise((r) => setTimeout(r, 200));
      }
      child.kill('SIGKILL');
      if (attempt >= 3) throw new Error(`moto server did not start on 127.0.0.1:${port}: ${stderr}`);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    // unref: a pending timer would keep jest alive 5 s after moto exited.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** GET without keep-alive (a pooled socket would keep jest from exiting). */
export function httpOk(url: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      resolvePromise((res.statusCode ?? 500) < 400);
    });
    req.on('error', () => resolvePromise(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** An error whose whole report is its message (jest prints `stack`). */
export function oneLine(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/** Stack names synthesized by globalSetup, sorted (every profile, plus `bootstrap`). */
export function stackNames(dir = synthDir): string[] {
  const stacks = join(dir, 'stacks');
  if (!existsSync(stacks)) throw oneLine(`no synthesized stacks in ${stacks}: the terraform jest project's globalSetup did not run`);
  // STORMPROOF_TF_STACKS=a,b runs the terraform checks on those stacks only (a change that touches a few).
  const only = (process.env.STORMPROOF_TF_STACKS ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  return readdirSync(stacks).filter((s) => only.length === 0 || only.includes(s)).sort();
}

export type TfJson = Record<string, any>;

export function loadStack(stack: string, dir = synthDir): TfJson {
  return JSON.parse(readFileSync(join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/** Number of resource instances the JSON declares (data sources excluded; `count`/`for_each` expanded). */
export function countResources(json: TfJson): number {
  let total = 0;
  for (const [type, byName] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    for (const [name, cfg] of Object.entries<any>(byName)) {
      if (cfg.count !== undefined) {
        if (typeof cfg.count !== 'number') throw new Error(`${type}.${name}: count ${JSON.stringify(cfg.count)} is not a literal`);
        total += cfg.count;
      } else if (cfg.for_each !== undefined) {
        const fe = cfg.for_each;
        if (Array.isArray(fe)) total += new Set(fe).size;
        else if (fe && typeof fe === 'object') total += Object.keys(fe).length;
        else if (acmValidationNames(json, fe) !== undefined) total += acmValidationNames(json, fe)!;
        else throw new Error(`${type}.${name}: for_each ${JSON.stringify(fe)} is not a literal`);
      } else {
        total += 1;
      }
    }
  }
  return total;
}

/**
 * Instances of a for_each over an ACM certificate's `domain_validation_options` keyed by domain name
 * (DnsValidatedCertificate's records): one per distinct name the certificate covers, known at plan time.
 */
function acmValidationNames(json: TfJson, forEach: unknown): number | undefined {
  const m = /^\$\{\{ for key, val in tolist\(aws_acm_certificate\.([A-Za-z0-9_-]+)\.domain_validation_options\): val\.domain_name => val \}\}$/.exec(String(forEach));
  const cert = m && json.resource?.aws_acm_certificate?.[m[1]];
  return cert ? new Set([cert.domain_name, ...(cert.subject_alternative_names ?? [])]).size : undefined;
}

/** Every resource address (`type.name`) in the JSON. */
export function resourceAddresses(json: TfJson): string[] {
  return Object.entries<Record<string, any>>(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `${type}.${name}`),
  );
}

/** address -> addresses of resources it references (expressions and depends_on). */
export function dependencies(json: TfJson): Map<string, Set<string>> {
  const all = new Set(resourceAddresses(json));
  const deps = new Map<string, Set<string>>();
  for (const [type, byName] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    for (const [name, cfg] of Object.entries<any>(byName)) {
      const text = JSON.stringify(cfg);
      const found = new Set<string>();
      for (const m of text.matchAll(/(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
        const addr = `${m[1]}.${m[2]}`;
        if (all.has(addr) && addr !== `${type}.${name}`) found.add(addr);
      }
      deps.set(`${type}.${name}`, found);
    }
  }
  return deps;
}

export interface ProviderBlock {
  readonly alias?: string;
  readonly region?: string;
}

/** Every aws provider configuration in the JSON (default and aliased). */
export function awsProviders(json: TfJson): ProviderBlock[] {
  const aws = json.provider?.aws;
  if (!aws) return [];
  return (Array.isArray(aws) ? aws : [aws]).map((p: any) => ({ alias: p.alias, region: p.region }));
}

export interface WorkdirOptions {
  /** Moto endpoint for an S3 backend override (required when the stack uses the s3 backend). */
  readonly motoEndpoint?: string;
}

/**
 * Copies a synthesized stack to `<scratch>/<run>/<stack>` and adds `stormproof_test_override.tf.json`:
 * local state inside the copy (cdktf writes an absolute path into the project root), `max_retries = 1`
 * on every aws provider (a failing call otherwise retries 25 times), and, for an S3 backend, the same
 * backend pointed at moto. The shipped JSON is never touched.
 */
export function prepareWorkdir(stack: string, run: string, opts: WorkdirOptions = {}, from = synthDir): string {
  const src = join(from, 'stacks', stack);
  const dir = join(scratch, run, stack);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(src, dir, { recursive: true, filter: (p) => !p.includes(`${stack}/.terraform`) });
  const json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
  const override: TfJson = {
    provider: { aws: awsProviders(json).map((p) => (p.alias ? { alias: p.alias, max_retries: 1 } : { max_retries: 1 })) },
  };
  const backend = json.terraform?.backend ?? {};
  if (backend.s3) {
    if (!opts.motoEndpoint) throw new Error(`${stack} uses the s3 backend: pass motoEndpoint`);
    override.terraform = {
      backend: {
        s3: {
          ...backend.s3,
          endpoints: { s3: opts.motoEndpoint },
          use_path_style: true,
          skip_credentials_validation: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
          skip_requesting_account_id: true,
          skip_s3_checksum: true,
        },
      },
    };
  } else {
    override.terraform = { backend: { local: { path: 'terraform.tfstate' } } };
  }
  writeFileSync(join(dir, 'stormproof_test_override.tf.json'), JSON.stringify(override, null, 2));
  return dir;
}

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
  readonly warnings: string[];
}

/** Parses `terraform plan -json` output: the change summary and warning diagnostics. */
export function parsePlanJson(stdout: string): PlanSummary {
  let summary: any;
  const warnings: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line);
    if (msg.type === 'change_summary') summary = msg.changes;
    if (msg.type === 'diagnostic' && msg.diagnostic?.severity === 'warning') {
      warnings.push(`${msg.diagnostic.summary}${msg.diagnostic.address ? ` (${msg.diagnostic.address})` : ''}`);
    }
  }
  if (!summary) throw new Error(`no change_summary in plan output:\n${stdout.slice(-3000)}`);
  return { add: summary.add, change: summary.change, remove: summary.remove, warnings };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
