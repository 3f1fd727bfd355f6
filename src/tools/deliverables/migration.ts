/**
 * The migration runbook (`migration.md`) of a stack, from its JSON: moving a single-server app onto the stack in
 * five steps (package the app, create the environment, move the database, set up the pipeline, cut over
 * gradually). Each step applies a `-target` set; what it creates is the targets plus everything they depend on
 * that an earlier step did not create, read from the references in the JSON, so the lists are exact.
 */
import { asArray, providerRegions, referencesIn, Resource, resources, TfJson } from './tfjson';

export interface MigrationStep {
  readonly title: string;
  /** Resources this step names in `terraform apply -target`. */
  readonly targets: string[];
  /** Every resource the step creates (targets plus dependencies not created earlier), sorted. */
  readonly creates: string[];
}

const STEP_TARGETS: { title: string; match: RegExp }[] = [
  { title: 'Package the app', match: /^aws_(s3_object|elastic_beanstalk_application|elastic_beanstalk_application_version|launch_template)$/ },
  // With the services come what they are configured with: the app's parameters, cache and queue (and so the empty database).
  {
    title: 'Create the environment',
    match:
      /^aws_(elastic_beanstalk_environment|autoscaling_group|autoscaling_policy|autoscaling_schedule|lb|lb_listener|lb_listener_rule|lb_target_group|ssm_parameter|elasticache_replication_group|sqs_queue)$/,
  },
  { title: 'Move the database', match: /^aws_(db_[a-z_]+|rds_[a-z_]+|backup_[a-z_]+)$/ },
  { title: 'Set up the delivery pipeline', match: /^aws_(codepipeline|codebuild_project|codedeploy_[a-z_]+|codestarconnections_connection)$/ },
  { title: 'Cut over gradually', match: /./ },
];
/** Operations and edge: created with the cutover, never pulled into an earlier step as a satellite. */
const LATE = /^aws_(cloudwatch_metric_alarm|cloudwatch_dashboard|cloudtrail|budgets_budget|ce_[a-z_]+|route53_[a-z_]+|cloudfront_[a-z_]+|wafv2_[a-z_]+|sns_topic_subscription)$/;

/**
 * Splits a stack's resources into the five migration steps. A step creates its anchors (by type) and everything
 * they reference, plus their satellites: resources that only complete what the step created (security-group
 * rules, routes and NAT, bucket settings, role policies), so each step leaves working infrastructure.
 */
export function migrationSteps(json: TfJson): MigrationStep[] {
  const all = resources(json);
  const known = new Set(all.map((r) => r.address));
  const beanstalk = all.some((r) => r.type === 'aws_elastic_beanstalk_environment');
  const deps = new Map(
    all.map((r) => [
      r.address,
      [...new Set([...referencesIn(r.config, known, r.address), ...asArray<string>(r.config.depends_on).map((d) => d.replace(/^\$\{|\}$/g, '')).filter((d) => known.has(d))])],
    ]),
  );
  const done = new Set<string>();
  return STEP_TARGETS.map(({ title, match }, i) => {
    // On Beanstalk the app is the bundle; a worker's launch template belongs with its group.
    const anchor = (type: string) => match.test(type) && !(i === 0 && beanstalk && type === 'aws_launch_template');
    const laterAnchor = (type: string) => LATE.test(type) || STEP_TARGETS.slice(i + 1, 4).some((s) => s.match.test(type));
    const targets = all.filter((r) => !done.has(r.address) && anchor(r.type)).map((r) => r.address);
    const created = new Set<string>();
    const visit = (addr: string) => {
      if (done.has(addr)) return;
      done.add(addr);
      created.add(addr);
      for (const d of deps.get(addr) ?? []) visit(d);
    };
    targets.forEach(visit);
    const free = (addr: string) => !done.has(addr) && (deps.get(addr) ?? []).length === 0;
    for (let grew = i < 4; grew; ) {
      grew = false;
      for (const r of all) {
        const on = deps.get(r.address) ?? [];
        if (done.has(r.address) || on.length === 0 || laterAnchor(r.type)) continue;
        if (on.some((d) => created.has(d)) && on.every((d) => done.has(d) || free(d))) {
          visit(r.address);
          grew = true;
        }
      }
    }
    return { title, targets, creates: [...created].sort() };
  });
}

const typeCounts = (addresses: string[]) => {
  const counts = new Map<string, number>();
  for (const a of addresses) counts.set(a.split('.')[0], (counts.get(a.split('.')[0]) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
};

function resourceList(step: MigrationStep, n: number): string {
  if (step.creates.length === 0) return '_Creates nothing in this stack._\n';
  const summary = typeCounts(step.creates).map(([t, n]) => `${t} ×${n}`).join(', ');
  return [
    `Creates **${step.creates.length}** resources: ${summary}. Apply exactly these (Terraform adds nothing else: every dependency is listed):`,
    '',
    '```sh',
    `cat > step-${n}.targets <<'EOF'`,
    ...step.creates,
    'EOF',
    `terraform apply $(sed 's/^/-target=/' step-${n}.targets)`,
    '```',
    '',
  ].join('\n');
}

/** migration.md for a stack. */
export function migrationMarkdown(stack: string, json: TfJson): string {
  const all = resources(json);
  const region = providerRegions(json).get('aws') ?? 'unknown region';
  const steps = migrationSteps(json);
  const envs = all.filter((r) => r.type === 'aws_elastic_beanstalk_environment');
  const beanstalk = envs.length > 0;
  const live = envs.find((e) => !String(e.config.cname_prefix ?? '').endsWith('-idle')) ?? envs[0];
  const newTarget = live ? `${live.config.cname_prefix}.${region}.elasticbeanstalk.com` : '$(terraform output -raw alb_dns_name)';
  // The environments' certificate names the stack's domain (site_url when it is a plain name), never the Beanstalk
  // CNAME: probe the CNAME under that name (--connect-to) so curl verifies the certificate before DNS points there.
  const siteUrl = json.output?.site_url?.value;
  const domain = beanstalk && typeof siteUrl === 'string' && /^https:\/\/[^$/]+$/.test(siteUrl) ? siteUrl.slice('https://'.length) : undefined;
  const probe = domain
    ? `curl -fsS --connect-to ${domain}:443:${newTarget}:443 https://${domain}/health`
    : `curl -fsSk https://${newTarget}/health   # -k: the listener's certificate names your domain, not the Beanstalk CNAME`;
  const certNote = beanstalk
    ? `\n\nThe environments present the certificate for ${domain ? `\`${domain}\`` : 'your domain (`loadBalancer.certificateArn`)'}: the name you cut over must be on it (issue the stack's certificate for that name through \`dns.domainName\`, or set \`loadBalancer.certificateArn\` to one that covers both), or browsers refuse the new platform's share.`
    : '';
  const db = all.find((r) => r.type === 'aws_db_instance' && r.config.replicate_source_db === undefined && r.provider === 'aws');
  const pipeline = steps[3].creates.length > 0;
  const dbWindow = db ? databaseSection(db, beanstalk) : '_This stack has no database: nothing to move._\n';
  const cdFirst = `cd cdktf.out/stacks/${stack} && terraform init`;

  const section = (n: number, body: string, rollback: string) =>
    [`## ${n}. ${steps[n - 1].title}`, '', body.trim(), '', resourceList(steps[n - 1], n), `**Rollback:** ${rollback.trim()}`, ''].join('\n');

  return [
    `# Migration runbook: ${stack}`,
    '',
    `Generated by \`npm run deliverables\` from \`cdktf.out/stacks/${stack}/cdk.tf.json\` (${all.length} resources, region ${region}).`,
    'It moves an app from its single server onto this stack in five steps. Each step applies a `-target` set; the',
    'resources listed are exactly what that apply creates (its targets and what they reference that an earlier step',
    'did not create). Keep the old server serving until step 5 moves traffic. Run everything from the stack folder:',
    '',
    '```sh',
    cdFirst,
    '```',
    '',
    section(
      1,
      `${beanstalk ? 'The app becomes a source bundle (`Procfile` for the Python platform, `Dockerfile` for the Docker platform; the bundle is zipped by cdktf at synth) in a private bucket, registered as an application version.' : 'The app becomes the launch template: user data installs it as a systemd service on every instance.'} Test the bundle locally first (\`python3 app.py\`, or \`docker build\` and \`docker run -p 8000:8000\`).`,
      'nothing serves traffic yet: `terraform destroy` with the same `-target` flags removes the bucket and version.',
    ),
    section(
      2,
      `${beanstalk ? `The Elastic Beanstalk environment${envs.length > 1 ? 's' : ''} (${envs.map((e) => `\`${e.config.name}\``).join(', ')}) with ${envs.length > 1 ? 'their' : 'its'} ALB, instances in the private app subnets and memory scaling.` : 'The Auto Scaling groups behind the ALB.'} Resources the environment references come with it: the network, security groups, roles${db ? ", and the **empty** database (its endpoint and secret ARN are the app's settings)" : ''}. Check health after the apply below:\n\n${beanstalk ? `\`\`\`sh\naws elasticbeanstalk describe-environments --region ${region} --environment-names ${envs.map((e) => e.config.name).join(' ')} --query 'Environments[].[EnvironmentName,Health,CNAME]' --output table\n${probe}\n\`\`\`` : '```sh\ncurl -fsS "$(terraform output -raw site_url)/health"\n```'}`,
      `DNS still points at the old server, so users never saw it: \`terraform destroy\` with step 2's \`-target\` flags (the database is empty, nothing is lost).`,
    ),
    section(
      3,
      `${dbWindow}\n\nThis step also creates the rest of the data tier (read replicas, the DR region's replica and network, backups).`,
      db
        ? 'until step 5 the old database stays the source of truth: drop and repeat the restore (or restart the DMS task). After cutover, a rollback must carry writes back: keep a reverse DMS task (RDS → old server) ready, or accept losing writes made on RDS since cutover.'
        : 'nothing to roll back.',
    ),
    section(
      4,
      pipeline
        ? `The application pipeline (source → build → deploy): ${deployTargets(all)}.${beanstalk && envs.length > 1 ? ` Test the release there, then \`npm run bluegreen -- ${stack} swap --run\` makes it live.` : ''}`
        : `This stack has no pipeline resources (a profile with \`delivery\` set adds CodePipeline). Release with ${beanstalk && envs.length > 1 ? `\`npm run bluegreen -- ${stack} deploy\` (idle environment) and \`npm run bluegreen -- ${stack} swap\`` : beanstalk ? '`eb deploy` or `aws elasticbeanstalk update-environment --version-label <label>`' : 'a Terraform apply (a new launch template version starts an instance refresh)'}.`,
      beanstalk
        ? `deploy the previous version: \`aws elasticbeanstalk update-environment --region ${region} --environment-name <env> --version-label <previous label>\`${envs.length > 1 ? `, or swap back with \`npm run bluegreen -- ${stack} swap\`` : ''}.`
        : 'apply the previous commit; the instance refresh rolls the fleet back.',
    ),
    section(
      5,
      cutoverSection(stack, newTarget, db !== undefined) + certNote + '\n\nBefore stage 1, create everything else in the stack (alarms, dashboard, audit trail, budgets, edge):',
      'set the weights back to 100 (old server) / 0 (new) with the same change batch; with a 60 s TTL clients follow within about a minute. Keep the old server running (and in sync, see step 3) for at least a week.',
    ),
  ].join('\n');
}

/** What each pipeline's deploy stage targets, read from its actions. */
function deployTargets(all: Resource[]): string {
  const targets = all
    .filter((r) => r.type === 'aws_codepipeline')
    .flatMap((r) =>
      asArray<any>(r.config.stage)
        .filter((st) => st.name === 'Deploy')
        .flatMap((st) => asArray<any>(st.action)),
    )
    // The deploy actions only (a blue/green Beanstalk stage also has CodeBuild steps and an approval around them).
    .filter((a) => (a.category ?? 'Deploy') === 'Deploy')
    .map((a) =>
      a.provider === 'ElasticBeanstalk'
        ? String(a.configuration?.EnvironmentName).startsWith('#{')
          ? 'Elastic Beanstalk deploys to the idle environment (found at run time), smoke-tested and swapped live after a manual approval'
          : `Elastic Beanstalk deploys to \`${a.configuration?.EnvironmentName}\``
        : `${a.provider} deploys \`${a.configuration?.DeploymentGroupName ?? a.name}\``,
    );
  return targets.length ? targets.join('; ') : 'no deploy stage found';
}

function databaseSection(db: Resource, beanstalk: boolean): string {
  const engine = String(db.config.engine ?? 'postgres');
  const storage = Number(db.config.allocated_storage ?? 0);
  const pg = engine === 'postgres';
  const setting = beanstalk ? 'the environment property `DB_WRITER_ENDPOINT` (already set to RDS)' : 'the SSM parameter `DB_WRITER_ENDPOINT` (already set to RDS)';
  return [
    `The database is RDS ${engine} (\`${db.address}\`, ${db.config.instance_class}, ${storage} GiB allocated${db.config.multi_az ? ', Multi-AZ' : ''}, encrypted, master password in Secrets Manager). Two ways to move the data:`,
    '',
    '| | dump / restore | AWS DMS (full load + change data capture) |',
    '|---|---|---|',
    '| downtime (cutover window) | writes stop for the whole dump + restore: measure both in a rehearsal on a copy; the window is their sum plus the endpoint switch | writes stop only while replication catches up (seconds once lag is 0) and the endpoint switches |',
    '| fits | databases that copy within the maintenance window the business accepts (tens of GB) | larger databases, or no acceptable write pause |',
    '| cost and effort | two commands | a replication instance for days, source logical replication settings, table mappings |',
    '',
    'Dump / restore (writes stopped on the old server first):',
    '',
    '```sh',
    ...(pg
      ? [
          'export PGPASSWORD=$(aws secretsmanager get-secret-value --secret-id "$(terraform output -raw db_credentials_arn)" --query SecretString --output text | jq -r .password)',
          'pg_dump -h <old-server> -U <old-user> -Fd -j 4 -f app.dump <db>',
          'pg_restore -h "$(terraform output -raw db_endpoint | cut -d: -f1)" -U app_admin -d app -j 4 --no-owner app.dump',
        ]
      : [
          'mysqldump -h <old-server> -u <old-user> -p --single-transaction --routines <db> > app.sql',
          'mysql -h "$(terraform output -raw db_endpoint | cut -d: -f1)" -u app_admin -p app < app.sql',
        ]),
    '```',
    '',
    `DMS: create a replication instance in the stack's private app subnets, a source endpoint for the old server (${pg ? '`wal_level=logical`' : 'binary logging, ROW format'}), a target endpoint for the RDS writer, and a full-load-and-cdc task; cut over when \`CDCLatencySource\` and \`CDCLatencyTarget\` are near 0. Either way the app reads ${setting}, so the switch is moving users (step 5), not reconfiguring the app.`,
  ].join('\n');
}

function cutoverSection(stack: string, newTarget: string, hasDatabase: boolean): string {
  const batch = (oldWeight: number, newWeight: number) =>
    JSON.stringify(
      {
        Comment: `${stack}: ${newWeight}% to the new platform`,
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: { Name: 'www.example.com', Type: 'CNAME', SetIdentifier: 'old-server', Weight: oldWeight, TTL: 60, ResourceRecords: [{ Value: 'old-server.example.com' }] },
          },
          {
            Action: 'UPSERT',
            ResourceRecordSet: { Name: 'www.example.com', Type: 'CNAME', SetIdentifier: 'new-platform', Weight: newWeight, TTL: 60, ResourceRecords: [{ Value: newTarget }] },
          },
        ],
      },
      null,
      2,
    );
  return [
    'Weighted Route 53 records send a growing share of users to the new platform while the old server keeps the rest. Lower the',
    "record's TTL to 60 s a day before. Replace `www.example.com` and `old-server.example.com` with your names and apply each",
    'stage with `aws route53 change-resource-record-sets --hosted-zone-id <zone> --change-batch file://stage.json`:',
    '',
    '| stage | old server | new platform | hold, and watch |',
    '|---|---|---|---|',
    '| 1 | 90 | 10 | 1 hour: 5xx, p95 latency and memory alarms quiet, error logs |',
    '| 2 | 50 | 50 | 1 day: a full daily peak |',
    '| 3 | 0 | 100 | 1 week with the old server on standby, then retire it |',
    '',
    'Stage 1 change batch:',
    '',
    '```json',
    batch(90, 10),
    '```',
    '',
    hasDatabase
      ? 'With a database moved by dump/restore, both sides must write to ONE database during stages 1-2: point the old server at the RDS writer after the restore (step 3), so only the web tier is split.'
      : 'This stack has no database: during stages 1-2 both sides serve the same stateless app. Anything the old server keeps locally (sessions, '
        + 'uploads) must move off it before stage 1, or users lose it when their requests switch sides.',
  ].join('\n');
}
