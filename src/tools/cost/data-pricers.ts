/** Pricers of the data tier: databases and their replicas, caches, queues, buckets by what they hold, backup vaults. */
import { HOURS_PER_MONTH, price, round2 } from './prices';
import { Ctx, GB_PER_KB, Line, line, round } from './line';
import { Block, Resource, Stack, asList, refsIn } from './stack';

/** The db instance a replica copies (same-stack reference), if any. */
function sourceDb(r: Resource, stack: Stack): Resource | undefined {
  const src = refsIn(r.body.replicate_source_db).find((a) => a.startsWith('aws_db_instance.'));
  return src ? stack.byAddress(src) : undefined;
}

export function dbLines(r: Resource, ctx: Ctx): Line[] {
  const source = sourceDb(r, ctx.stack);
  const engine = String(r.body.engine ?? source?.body.engine ?? 'postgres');
  const cls = String(r.body.instance_class);
  const multiAz = r.body.multi_az === true;
  const factor = multiAz ? price(r.region, 'rds', 'multiAzFactor').usd : 1;
  const hourly = price(r.region, 'rds', `${engine}:${cls}`);
  const storageGb = Number(r.body.allocated_storage ?? source?.body.allocated_storage ?? 20);
  const gp3 = price(r.region, 'rds', 'gp3GbMonth');
  const role = source ? (source.region !== r.region ? 'cross-region replica' : 'read replica') : multiAz ? 'Multi-AZ' : 'Single-AZ';
  const lines = [
    line(r, 'data', HOURS_PER_MONTH * factor, `instance-hour (${engine} ${cls}, ${role}${multiAz ? ': 2 instances' : ''})`, hourly, true),
    line(r, 'data', storageGb * factor, `GB-month gp3 storage${multiAz ? ' (both AZs)' : ''}`, gp3, true),
  ];
  const retention = Number(r.body.backup_retention_period ?? 0);
  if (!source && retention > 0) {
    // Backup storage up to the database's size is free; incremental snapshots hold the daily changes.
    const gb = storageGb * ctx.traffic.dbDailyChangeShare * retention;
    lines.push(line(r, 'data', gb, `GB-month backup storage beyond the free allowance (${retention} days of changes)`, price(r.region, 'rds', 'backupGbMonth'), false));
  }
  if (source && source.region !== r.region) {
    const gb = storageGb * ctx.traffic.dbDailyChangeShare * 30;
    lines.push(line(r, 'data', gb, `GB replicated from ${source.region}`, price(source.region, 'dataTransfer', 'crossRegionGb'), false));
  }
  if (r.body.manage_master_user_password === true) {
    lines.push(line(r, 'security', 1, 'secret-month (RDS-managed master password)', price(r.region, 'secretsManager', 'secretMonth'), true));
  }
  return lines;
}

export function cacheLines(r: Resource): Line[] {
  const b = r.body;
  const nodes = b.num_cache_clusters !== undefined ? Number(b.num_cache_clusters) : Number(b.num_node_groups ?? 1) * (Number(b.replicas_per_node_group ?? 0) + 1);
  const p = price(r.region, 'elasticache', String(b.node_type));
  const valkey = String(b.engine ?? 'redis') === 'valkey';
  const unit = valkey ? { ...p, usd: round(p.usd * price(r.region, 'elasticache', 'valkeyFactor').usd, 5) } : p;
  return [line(r, 'data', nodes * HOURS_PER_MONTH, `node-hour (${b.node_type}, ${valkey ? 'Valkey' : 'Redis OSS'})`, unit, true)];
}

export function queueLines(r: Resource, ctx: Ctx): Line[] {
  const queues = ctx.stack.ofType('aws_sqs_queue');
  const isDlq = queues.some((q) => refsIn(q.body.redrive_policy).includes(r.address));
  const main = queues.filter((q) => !queues.some((o) => refsIn(o.body.redrive_policy).includes(q.address)));
  const p = price(r.region, 'sqs', r.body.fifo_queue === true ? 'fifoPerMillion' : 'standardPerMillion');
  if (isDlq) return [line(r, 'data', 0, 'million requests (dead-letter queue: failed messages only)', p, false)];
  const messages = (ctx.requests * ctx.traffic.queueMessagesPerRequest) / main.length;
  const polls = (ctx.instanceHours(r.region, true) * 180) / main.length;
  return [line(r, 'data', (messages * 3 + polls) / 1e6, 'million requests (send/receive/delete + idle long polls)', p, false)];
}

/** What a bucket holds, from what points at it. */
function bucketRole(r: Resource, stack: Stack): 'alb-logs' | 'cdn-logs' | 'trail' | 'static' | 'other' {
  if (stack.ofType('aws_lb').some((lb) => refsIn(lb.body.access_logs).includes(r.address))) return 'alb-logs';
  if (stack.ofType('aws_cloudfront_distribution').some((d) => refsIn(d.body.logging_config).includes(r.address))) return 'cdn-logs';
  if (stack.ofType('aws_cloudtrail').some((t) => refsIn(t.body.s3_bucket_name).includes(r.address))) return 'trail';
  if (stack.ofType('aws_cloudfront_distribution').some((d) => refsIn(d.body.origin).includes(r.address))) return 'static';
  return 'other';
}

/** Days objects live in the bucket (first expiration rule), 365 when none expires them. */
function bucketRetentionDays(r: Resource, stack: Stack): number {
  const lc = stack.ofType('aws_s3_bucket_lifecycle_configuration').find((l) => refsIn(l.body.bucket).includes(r.address));
  const days = asList(lc?.body.rule).flatMap((rule: Block) => asList(rule.expiration).map((e: Block) => Number(e.days))).filter((d) => d > 0);
  return days.length ? Math.min(...days) : 365;
}

export function bucketLines(r: Resource, ctx: Ctx): Line[] {
  const role = bucketRole(r, ctx.stack);
  const keptMonths = Math.min(bucketRetentionDays(r, ctx.stack), 365) / 30;
  // Gzipped access-log entries are about 100 bytes a request.
  const logGb = (share: number) => ctx.requests * share * 100 * GB_PER_KB / 1024 * keptMonths;
  const gb =
    role === 'alb-logs' ? logGb(ctx.albShare) : role === 'cdn-logs' ? logGb(1) : role === 'static' ? ctx.traffic.staticAssetsGb : 1;
  const what = { 'alb-logs': 'ALB access logs', 'cdn-logs': 'CloudFront logs', trail: 'CloudTrail logs', static: 'static assets', other: 'objects' }[role];
  const lines = [line(r, 'data', gb, `GB-month S3 Standard (${what})`, price(r.region, 's3', 'standardGbMonth'), role === 'static')];
  if (role === 'alb-logs') {
    const nodes = Math.max(1, ...ctx.stack.ofType('aws_lb').filter((lb) => refsIn(lb.body.access_logs).includes(r.address)).map((lb) => asList(lb.body.subnets).length));
    lines.push(line(r, 'data', (12 * HOURS_PER_MONTH * nodes) / 1000, 'thousand PUT requests (a log file per ALB node every 5 minutes)', price(r.region, 's3', 'putPer1000'), true));
  }
  return lines;
}

/** GB of databases a backup plan protects (db instances in its selections). */
function protectedGb(plan: Resource, stack: Stack): number {
  return stack
    .ofType('aws_backup_selection')
    .filter((sel) => refsIn(sel.body.plan_id).includes(plan.address))
    .flatMap((sel) => refsIn(sel.body.resources))
    .map((a) => stack.byAddress(a))
    .filter((db): db is Resource => db?.type === 'aws_db_instance')
    .reduce((sum, db) => sum + Number(db.body.allocated_storage ?? 20), 0);
}

export function vaultLines(r: Resource, ctx: Ctx): Line[] {
  let gb = 0;
  let copiedGb = 0;
  let sourceRegion = r.region;
  const change = ctx.traffic.dbDailyChangeShare;
  // Monthly points kept for years accumulate: the month is priced as month one; the steady state is stated.
  let steadyExtraGb = 0;
  let steadyMonths = 0;
  for (const plan of ctx.stack.ofType('aws_backup_plan')) {
    const dbGb = protectedGb(plan, ctx.stack);
    let holdsFull = false;
    for (const rule of asList(plan.body.rule)) {
      const local = refsIn(rule.target_vault_name).includes(r.address);
      const copy = asList(rule.copy_action).find((c: Block) => refsIn(c.destination_vault_arn).includes(r.address));
      if (!local && !copy) continue;
      // Daily rules keep a point a day; rules on a day of the month keep one a month of 10 days' changes.
      const monthly = /^cron\(\S+ \S+ \d+ /.test(String(rule.schedule ?? ''));
      const keepDays = Number((copy?.lifecycle ?? rule.lifecycle)?.delete_after ?? 35);
      const kept = monthly ? Math.ceil(keepDays / 30.4) : keepDays;
      // Daily points reach their count within the retention (weeks); monthly ones take `kept` months to.
      const points = monthly ? 1 : kept;
      const perPoint = dbGb * (monthly ? Math.min(1, change * 10) : change);
      gb += perPoint * points;
      if (monthly && kept > 1) {
        steadyExtraGb += perPoint * (kept - 1);
        steadyMonths = Math.max(steadyMonths, kept);
      }
      holdsFull = true;
      if (copy) {
        copiedGb += dbGb * (monthly ? Math.min(1, change * 10) : change * 30);
        sourceRegion = ctx.stack.byAddress(refsIn(rule.target_vault_name)[0] ?? '')?.region ?? plan.region;
      }
    }
    if (holdsFull) gb += dbGb;
  }
  const warm = price(r.region, 'backup', 'warmGbMonth');
  const accumulating = steadyExtraGb > 0
    ? `; month one: monthly points accumulate to ${steadyMonths} after ${steadyMonths} months, ${round2((gb + steadyExtraGb) * warm.usd)} USD a month then (${round2(gb + steadyExtraGb)} GB)`
    : '';
  const lines = [line(r, 'data', gb, `GB-month warm backup storage (RDS snapshots do not go cold${accumulating})`, warm, true)];
  if (copiedGb > 0) lines.push(line(r, 'data', copiedGb, `GB copied from ${sourceRegion}`, price(sourceRegion, 'backup', 'crossRegionCopyGb'), false));
  return lines;
}
