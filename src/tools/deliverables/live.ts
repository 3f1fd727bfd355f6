/**
 * `--live`: what the state cannot show, asked of AWS after an apply: each Auto Scaling group's instances by
 * AZ with their lifecycle and health, each target group's registered targets and their health, and whether
 * the load balancer answers on its DNS name. Plain signed Query-API calls (SigV4 with node:crypto and fetch),
 * so no SDK is needed; credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
 * endpoints from AWS_ENDPOINT_URL (e.g. moto) or the regional AWS endpoints.
 */
import { createHash, createHmac } from 'node:crypto';
import { table } from './markdown';
import { StateView } from './proofs';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/** Headers for a SigV4-signed form POST (AWS Query APIs). */
export function signQuery(url: string, body: string, region: string, service: string, creds: Credentials, now = new Date()): Record<string, string> {
  const u = new URL(url);
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    host: u.host,
    'x-amz-date': amzDate,
    ...(creds.sessionToken ? { 'x-amz-security-token': creds.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', u.pathname || '/', '', names.map((k) => `${k}:${headers[k]}\n`).join(''), names.join(';'), sha256(body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date), region), service), 'aws4_request');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${createHmac('sha256', key).update(toSign, 'utf8').digest('hex')}`;
  return headers;
}

/** Text of every `<tag>` directly or deeply inside `xml`. */
const all = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
const one = (xml: string, tag: string) => all(xml, tag)[0] ?? '';

export interface LiveOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly fetch?: typeof fetch;
  /** Per-call timeout. */
  readonly timeoutMs?: number;
}

export interface LiveFacts {
  readonly instances: { group: string; id: string; az: string; state: string; health: string; type: string }[];
  readonly targets: { group: string; id: string; port: string; state: string }[];
  readonly probes: { url: string; result: string }[];
  readonly errors: string[];
}

const regionOfArn = (arn: unknown) => (typeof arn === 'string' ? arn.split(':')[3] : undefined);

export async function liveFacts(view: StateView, opts: LiveOptions = {}): Promise<LiveFacts> {
  const env = opts.env ?? process.env;
  const doFetch = opts.fetch ?? fetch;
  const facts: LiveFacts = { instances: [], targets: [], probes: [], errors: [] };
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
    facts.errors.push('no AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment: export credentials (e.g. `eval "$(aws configure export-credentials --format env)"`) and run again');
    return facts;
  }
  const creds: Credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
  const call = async (service: string, host: string, region: string, params: Record<string, string>) => {
    const url = env.AWS_ENDPOINT_URL ? `${env.AWS_ENDPOINT_URL.replace(/\/$/, '')}/` : `https://${host}.${region}.amazonaws.com/`;
    const body = new URLSearchParams(params).toString();
    const res = await doFetch(url, { method: 'POST', body, headers: signQuery(url, body, region, service, creds), signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${params.Action} ${res.status}: ${one(text, 'Message') || text.slice(0, 200)}`);
    return text;
  };
  const fallbackRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  for (const g of view.resources.filter((r) => r.type === 'aws_autoscaling_group')) {
    const name = String(g.attributes.name);
    try {
      const xml = await call('autoscaling', 'autoscaling', regionOfArn(g.attributes.arn) ?? fallbackRegion, {
        Action: 'DescribeAutoScalingGroups',
        Version: '2011-01-01',
        'AutoScalingGroupNames.member.1': name,
      });
      for (const m of all(one(xml, 'Instances'), 'member')) {
        facts.instances.push({ group: name, id: one(m, 'InstanceId'), az: one(m, 'AvailabilityZone'), state: one(m, 'LifecycleState'), health: one(m, 'HealthStatus'), type: one(m, 'InstanceType') });
      }
    } catch (e) {
      facts.errors.push(`Auto Scaling group ${name}: ${(e as Error).message}`);
    }
  }
  for (const t of view.resources.filter((r) => /^aws_(lb|alb)_target_group$/.test(r.type))) {
    const name = String(t.attributes.name);
    try {
      const xml = await call('elasticloadbalancing', 'elasticloadbalancing', regionOfArn(t.attributes.arn) ?? fallbackRegion, {
        Action: 'DescribeTargetHealth',
        Version: '2015-12-01',
        TargetGroupArn: String(t.attributes.arn),
      });
      for (const m of all(one(xml, 'TargetHealthDescriptions'), 'member')) {
        facts.targets.push({ group: name, id: one(one(m, 'Target'), 'Id'), port: one(one(m, 'Target'), 'Port'), state: one(one(m, 'TargetHealth'), 'State') });
      }
    } catch (e) {
      facts.errors.push(`target group ${name}: ${(e as Error).message}`);
    }
  }
  for (const lb of view.resources.filter((r) => /^aws_(lb|alb)$/.test(r.type) && r.attributes.dns_name)) {
    const url = `http://${lb.attributes.dns_name}/`;
    try {
      const res = await doFetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
      facts.probes.push({ url, result: `HTTP ${res.status}` });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      facts.probes.push({ url, result: `no answer (${cause ?? (e as Error).message})` });
    }
  }
  return facts;
}

export function liveMarkdown(f: LiveFacts, at: Date): string {
  const azs = (group: string) => {
    const counts = new Map<string, number>();
    for (const i of f.instances.filter((x) => x.group === group)) counts.set(i.az, (counts.get(i.az) ?? 0) + 1);
    return [...counts.entries()].sort().map(([az, n]) => `${az}: ${n}`).join(', ');
  };
  const groups = [...new Set(f.instances.map((i) => i.group))];
  return [
    `## Live (asked of AWS at ${at.toISOString()})`,
    '',
    table(
      ['Auto Scaling group', 'instances by AZ', 'InService and Healthy'],
      groups.map((g) => [
        g,
        azs(g),
        `${f.instances.filter((i) => i.group === g && i.state === 'InService' && i.health === 'Healthy').length} of ${f.instances.filter((i) => i.group === g).length}`,
      ]),
    ),
    '',
    table(
      ['Auto Scaling group', 'instance', 'AZ', 'lifecycle', 'health', 'type'],
      f.instances.map((i) => [i.group, i.id, i.az, i.state, i.health, i.type]),
    ),
    '',
    '**Registered targets**',
    '',
    table(
      ['target group', 'target', 'port', 'health'],
      f.targets.map((t) => [t.group, t.id, t.port, t.state]),
    ),
    '',
    '**The load balancer on its DNS name**',
    '',
    table(
      ['URL', 'result'],
      f.probes.map((p) => [p.url, p.result]),
    ),
    '',
    ...(f.errors.length ? ['**Could not ask**', '', ...f.errors.map((e) => `- ${e}`), ''] : []),
  ].join('\n');
}
