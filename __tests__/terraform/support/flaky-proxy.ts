/**
 * A TCP proxy on 127.0.0.1 in front of a moto server that drops a seeded fraction of requests, the way a
 * loaded machine does, so the retry path of the moto runs (harness.ts `terraformResilient`) runs for real.
 *
 * It reads just enough HTTP/1.1 to find each request (headers, then Content-Length bytes of body) on a
 * kept-alive connection, and gives each one a fate from a hash of the seed, the request's content (request
 * line, X-Amz-Target, body; not the signed headers, which carry the time; ids moto makes up, such as a KMS
 * key's UUID, read as one placeholder) and how many such requests came before. The same terraform run through the same seed meets the same drops, whatever the timing;
 * a retried call is a new occurrence and gets a new roll. Fates:
 * - `before`: the connection is closed before the request reaches moto (what an idle-connection race does);
 * - `after`: moto handles the request, then the connection is reset instead of answering: a create
 *   succeeds server-side while the client sees an error;
 * - `mid`: moto handles it and half of the answer is sent before the reset.
 * A request it cannot frame (chunked upload) passes, and the connection is piped from then on.
 */
import { createHash } from 'node:crypto';
import { AddressInfo, Server, Socket, createConnection, createServer } from 'node:net';

export type DropMode = 'before' | 'after' | 'mid';

export interface FlakyProxyOptions {
  /** Port of the moto server on 127.0.0.1. */
  readonly targetPort: number;
  readonly seed: number;
  /** Fraction of requests dropped, 0..1. */
  readonly dropRate: number;
  /** How a dropped request is dropped, chosen per drop from these (seeded too). @default - all three */
  readonly modes?: readonly DropMode[];
  /**
   * Drops that happen whatever the seed: the `nth` request (counted from 1) whose request line, X-Amz-Target or
   * body contains `match` is dropped as `mode`. To replay a failure seen in CI exactly.
   * @default - none
   */
  readonly script?: readonly ScriptedDrop[];
}

export interface ScriptedDrop {
  readonly match: string;
  /** @default 1 */
  readonly nth?: number;
  readonly mode: DropMode;
}

export interface Drop {
  readonly mode: DropMode;
  /** `POST /` plus the X-Amz-Target or Action, enough to say what was dropped. */
  readonly call: string;
}

/** 32 bits of sha256(parts) as a fraction in [0, 1). */
function roll(...parts: (string | number | Buffer)[]): number {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'number' ? String(p) : p).update('\0');
  return h.digest().readUInt32BE(0) / 2 ** 32;
}

/** Ids moto draws at random (UUIDs, EC2-style `vpc-0a1b2c…`): the same call must hash the same in every run. */
const RANDOM_IDS = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b([a-z]+)-[0-9a-f]{8,17}\b/g;
const stable = (text: string): string => text.replace(RANDOM_IDS, (_, prefix) => (prefix ? `${prefix}-ID` : 'UUID'));

/** What the request is, in a few words, for the log: the request line and the API action. */
function describe(head: string, body: Buffer): string {
  const line = head.split('\r\n')[0].replace(/ HTTP\/1\.[01]$/, '').replace(/\?.*$/, (q) => (q.length > 40 ? `${q.slice(0, 40)}…` : q));
  const target = /^x-amz-target:\s*(.+)$/im.exec(head)?.[1].trim();
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('latin1'))?.[1];
  return [line, target ?? action].filter(Boolean).join(' ');
}

export class FlakyProxy {
  /** Every request seen, passed or dropped. */
  requests = 0;
  readonly drops: Drop[] = [];
  private readonly seen = new Map<string, number>();
  private readonly scripted = new Map<ScriptedDrop, number>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly opts: FlakyProxyOptions,
  ) {}

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Drops by mode, e.g. `{ before: 3, after: 5, mid: 2 }`. */
  get dropsByMode(): Record<DropMode, number> {
    const out: Record<DropMode, number> = { before: 0, after: 0, mid: 0 };
    for (const d of this.drops) out[d.mode]++;
    return out;
  }

  static start(opts: FlakyProxyOptions): Promise<FlakyProxy> {
    if (!(opts.dropRate >= 0 && opts.dropRate < 1)) throw new Error(`dropRate ${opts.dropRate} must be in [0, 1)`);
    const server = createServer();
    const proxy = new FlakyProxy(server, opts);
    server.on('connection', (client) => proxy.serve(client));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(proxy));
    });
  }

  /** The fate of one request (undefined: it passes). */
  private fate(head: string, body: Buffer): DropMode | undefined {
    const target = /^x-amz-target:\s*(.+)$/im.exec(head)?.[1].trim() ?? '';
    const line = head.split('\r\n')[0];
    const content = createHash('sha256').update(stable(line)).update('\0').update(target).update('\0').update(stable(body.toString('latin1'))).digest('hex');
    const n = (this.seen.get(content) ?? 0) + 1;
    this.seen.set(content, n);
    for (const drop of this.opts.script ?? []) {
      if (!(line.includes(drop.match) || target.includes(drop.match) || body.includes(drop.match))) continue;
      const count = (this.scripted.get(drop) ?? 0) + 1;
      this.scripted.set(drop, count);
      if (count === (drop.nth ?? 1)) return drop.mode;
    }
    if (roll(this.opts.seed, content, n) >= this.opts.dropRate) return undefined;
    const modes = this.opts.modes ?? ['before', 'after', 'mid'];
    return modes[Math.floor(roll(this.opts.seed, content, n, 'mode') * modes.length)];
  }

  private serve(client: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.opts.targetPort });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    const reset = () => {
      // An RST, as a server that dies mid-answer gives, rather than a clean FIN.
      if (typeof client.resetAndDestroy === 'function' && !client.destroyed) client.resetAndDestroy();
      close();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);

    let buffered = Buffer.alloc(0);
    let piping = false;
    /** What to do with the next bytes moto sends (the answer to the last request forwarded). */
    let onAnswer: DropMode | undefined;
    upstream.on('data', (chunk: Buffer) => {
      if (onAnswer === 'after') return reset();
      if (onAnswer === 'mid') {
        client.write(chunk.subarray(0, Math.max(1, chunk.length >> 1)), () => reset());
        onAnswer = undefined;
        return;
      }
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      if (piping) return void upstream.write(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      // Every complete request in the buffer (the Go client never pipelines, but this need not care).
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = /^content-length:\s*(\d+)\s*$/im.exec(head);
        if (!length) {
          // Chunked or unframed: let it (and the rest of the connection) through untouched.
          if (/^transfer-encoding:/im.test(head) || !/^(GET|HEAD|DELETE|OPTIONS) /.test(head)) {
            this.requests++;
            piping = true;
            upstream.write(buffered);
            buffered = Buffer.alloc(0);
            return;
          }
        }
        const total = end + 4 + (length ? Number(length[1]) : 0);
        if (buffered.length < total) return;
        const request = buffered.subarray(0, total);
        buffered = buffered.subarray(total);
        this.requests++;
        const fate = this.fate(head, request.subarray(end + 4));
        if (fate) this.drops.push({ mode: fate, call: describe(head, request.subarray(end + 4)) });
        if (fate === 'before') return reset();
        onAnswer = fate;
        upstream.write(request);
      }
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
