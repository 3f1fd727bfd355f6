"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all2) => {
  for (var name in all2)
    __defProp(target, name, { get: all2[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/deliverables/cli.ts
var cli_exports = {};
__export(cli_exports, {
  README_PICTURE: () => README_PICTURE,
  README_STACK: () => README_STACK,
  availableStacks: () => availableStacks,
  main: () => main,
  parseArgs: () => parseArgs
});
module.exports = __toCommonJS(cli_exports);
var import_node_fs2 = require("node:fs");
var import_node_path2 = require("node:path");

// src/deliverables/index.ts
var import_node_fs = require("node:fs");
var import_node_path = require("node:path");

// src/deliverables/families.ts
var FAMILIES = [
  { match: /^aws_cloudfront_distribution$/, tier: "edge", kind: "cdn", label: "CloudFront distribution" },
  { match: /^aws_wafv2_web_acl$|^aws_waf_web_acl$/, tier: "edge", kind: "firewall", label: "WAF web ACL" },
  { match: /^aws_route53_zone$/, tier: "edge", kind: "dns", label: "Route 53 zone" },
  { match: /^aws_(cloudfront|route53|wafv2|waf|shield|acm|globalaccelerator)_/, tier: "edge" },
  { match: /^aws_(lb|alb|elb)$/, tier: "load balancing", kind: "load balancer", label: "Load balancer" },
  { match: /^aws_(lb|alb|elb)_|^aws_lb_/, tier: "load balancing" },
  { match: /^aws_autoscaling_group$/, tier: "compute", kind: "autoscaling group", label: "Auto Scaling group" },
  { match: /^aws_instance$/, tier: "compute", kind: "compute", label: "EC2 instance" },
  { match: /^aws_eks_cluster$/, tier: "compute", kind: "compute", label: "EKS cluster" },
  { match: /^aws_eks_node_group$/, tier: "compute", kind: "autoscaling group", label: "EKS node group" },
  { match: /^aws_ecs_service$/, tier: "compute", kind: "compute", label: "ECS service" },
  { match: /^aws_elastic_beanstalk_environment$/, tier: "compute", kind: "compute", label: "Elastic Beanstalk environment" },
  { match: /^aws_lambda_function$/, tier: "compute", kind: "compute", label: "Lambda function" },
  { match: /^aws_(autoscaling|launch_template|launch_configuration|ec2_|eks_|ecs_|elastic_beanstalk_|lambda_|ami)/, tier: "compute" },
  { match: /^aws_db_instance$/, tier: "data", kind: "database", label: "RDS instance" },
  { match: /^aws_rds_cluster$/, tier: "data", kind: "database", label: "Aurora cluster" },
  { match: /^aws_elasticache_replication_group$|^aws_elasticache_cluster$|^aws_memorydb_cluster$/, tier: "data", kind: "cache", label: "Cache" },
  { match: /^aws_dynamodb_table$/, tier: "data", kind: "store", label: "DynamoDB table" },
  { match: /^aws_(db_|rds_|elasticache_|memorydb_|dynamodb_|docdb|neptune|redshift)/, tier: "data" },
  { match: /^aws_sqs_queue$/, tier: "messaging", kind: "queue", label: "SQS queue" },
  { match: /^aws_kinesis_stream$|^aws_mq_broker$/, tier: "messaging", kind: "queue", label: "Stream" },
  { match: /^aws_(sqs|kinesis|mq|sfn|scheduler|cloudwatch_event)_/, tier: "messaging" },
  { match: /^aws_s3_bucket$/, tier: "storage", kind: "bucket", label: "S3 bucket" },
  { match: /^aws_efs_file_system$/, tier: "storage", kind: "store", label: "EFS file system" },
  { match: /^aws_(s3|efs|ebs|fsx)_/, tier: "storage" },
  { match: /^aws_security_group|^aws_vpc_security_group_/, tier: "security" },
  { match: /^aws_nat_gateway$|^aws_internet_gateway$/, tier: "network", kind: "gateway", label: "Gateway" },
  { match: /^aws_(vpc|subnet|route|eip|flow_log|default_|network_|nat_|internet_|egress_only|ec2_transit|vpn)/, tier: "network" },
  { match: /^aws_(kms|iam|secretsmanager|ssm_parameter|guardduty|securityhub|config_|macie|inspector)/, tier: "security" },
  { match: /^aws_sns_topic$/, tier: "observability", kind: "topic", label: "SNS topic" },
  { match: /^aws_(cloudwatch|sns|xray|ssm)/, tier: "observability" },
  { match: /^aws_cloudtrail$/, tier: "operations", kind: "operations", label: "CloudTrail" },
  { match: /^aws_backup_vault$/, tier: "operations", kind: "operations", label: "Backup vault" },
  { match: /^aws_fis_experiment_template$/, tier: "operations", kind: "operations", label: "FIS experiment" },
  { match: /^aws_(backup|budgets|ce_|cloudtrail|fis|organizations|cur)/, tier: "operations" },
  { match: /^aws_codepipeline$/, tier: "delivery", kind: "operations", label: "CodePipeline" },
  { match: /^aws_(codepipeline|codebuild|codedeploy|codestar|codecommit|ecr)/, tier: "delivery" }
];
var cache = /* @__PURE__ */ new Map();
var OTHER = { match: /.*/, tier: "other" };
function familyOf(type) {
  let f = cache.get(type);
  if (!f) {
    f = FAMILIES.find((x) => x.match.test(type)) ?? OTHER;
    cache.set(type, f);
  }
  return f;
}
var TIER_ORDER = ["edge", "network", "load balancing", "compute", "data", "messaging", "storage", "security", "observability", "operations", "delivery", "other"];

// src/deliverables/tfjson.ts
var REF = /(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
var AZ_ELEMENT = /element\(data\.aws_availability_zones\.[A-Za-z0-9_-]+\.names,\s*(\d+)\)/;
function providerRegions(json) {
  const out = /* @__PURE__ */ new Map();
  const aws = json.provider?.aws;
  for (const p of aws ? Array.isArray(aws) ? aws : [aws] : []) {
    out.set(p.alias ? `aws.${p.alias}` : "aws", typeof p.region === "string" ? p.region : "unknown region");
  }
  if (!out.has("aws")) out.set("aws", "unknown region");
  return out;
}
function resources(json) {
  const regions = providerRegions(json);
  const out = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, raw] of Object.entries(byName ?? {})) {
      const { ["//"]: _meta, ...config } = raw ?? {};
      const provider = typeof config.provider === "string" ? config.provider : "aws";
      out.push({ address: `${type}.${name}`, type, name, config, provider, region: regions.get(provider) ?? "unknown region" });
    }
  }
  return out.sort((a, b) => a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
}
function referencesIn(value, known, self) {
  const found = /* @__PURE__ */ new Set();
  const visit = (v) => {
    if (typeof v === "string") {
      for (const m of v.matchAll(REF)) {
        const addr = `${m[1]}.${m[2]}`;
        if (known.has(addr) && addr !== self) found.add(addr);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}
function referencesByArgument(r, known) {
  const out = /* @__PURE__ */ new Map();
  for (const key of Object.keys(r.config).sort()) {
    if (key === "provider" || key === "lifecycle") continue;
    for (const addr of referencesIn(r.config[key], known, r.address)) out.set(addr, [...out.get(addr) ?? [], key]);
  }
  return out;
}
function azOf(value) {
  if (typeof value !== "string") return void 0;
  const m = AZ_ELEMENT.exec(value);
  if (m) return azName(Number(m[1]));
  return /^\$\{/.test(value) ? void 0 : value;
}
function azName(index) {
  return `AZ ${index + 1}`;
}
function literal(value) {
  return typeof value === "string" && value.includes("${") ? void 0 : value;
}
var asArray = (v) => v === void 0 || v === null ? [] : Array.isArray(v) ? v : [v];
function displayName(r) {
  const c = r.config;
  for (const key of ["name", "identifier", "replication_group_id", "cluster_id", "bucket", "alarm_name", "comment"]) {
    if (typeof c[key] === "string" && !c[key].includes("${")) return c[key];
  }
  if (typeof c.bucket_prefix === "string") return `${c.bucket_prefix}\u2026`;
  if (typeof c.name_prefix === "string") return `${c.name_prefix}\u2026`;
  if (typeof c.tags?.Name === "string") return c.tags.Name;
  return r.name;
}
function parseStack(text, file) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${e.message}): synthesize again with \`npm run synth\``);
  }
}

// src/deliverables/design.ts
var cell = (v) => {
  if (v === void 0 || v === null || v === "") return "\u2013";
  const s = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  return s.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/g, "\u2192 $1.$2").replace(/\|/g, "\\|").replace(/\n/g, " ");
};
var table = (head, rows) => rows.length ? [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n") : "_none_";
var yes = (v) => v === true || v === "true" ? "yes" : v === false || v === "false" ? "no" : v === void 0 ? "\u2013" : String(v);
var secs = (v) => v === void 0 ? "\u2013" : `${v} s`;
var StackIndex = class {
  constructor(model) {
    this.model = model;
    this.all = model.resources;
    this.byAddr = new Map(this.all.map((r) => [r.address, r]));
    this.known = new Set(this.byAddr.keys());
  }
  all;
  byAddr;
  known;
  of(type) {
    return this.all.filter((r) => typeof type === "string" ? r.type === type : type.test(r.type));
  }
  get(address) {
    return address ? this.byAddr.get(address) : void 0;
  }
  refs(value) {
    return referencesIn(value, this.known);
  }
  /** First resource of `type` the value references. */
  ref(value, type) {
    return this.get(this.refs(value).find((a) => a.startsWith(`${type}.`)));
  }
  /** Resources of `type` that reference `target` (anywhere in their arguments). */
  referrers(type, target) {
    return this.of(type).filter((r) => this.refs(r.config).includes(target));
  }
  name(address) {
    const r = this.get(address);
    return r ? displayName(r) : address ?? "\u2013";
  }
};
function azsOf(ix, r) {
  const subnets = ix.refs(r.config.subnets ?? r.config.vpc_zone_identifier ?? r.config.subnet_ids).map((a) => ix.get(a)).filter(Boolean);
  const azs = [...new Set(subnets.map((s) => azOf(s.config.availability_zone) ?? "?"))].sort();
  return azs.length ? azs.join(", ") : "\u2013";
}
function loadBalancing(ix) {
  const out = [];
  for (const lb of ix.of(/^aws_(lb|alb)$/)) {
    const c = lb.config;
    const waf = ix.referrers("aws_wafv2_web_acl_association", lb.address).map((a) => ix.name(ix.refs(a.config.web_acl_arn)[0]));
    out.push(`### ${displayName(lb)}`, "", table(["setting", "value"], [
      ["type / scheme", `${c.load_balancer_type ?? "application"}, ${c.internal === true ? "internal" : "internet-facing"}`],
      ["Availability Zones (subnets)", azsOf(ix, lb)],
      ["security groups", ix.refs(c.security_groups).map((a) => ix.name(a)).join(", ")],
      ["idle timeout", secs(c.idle_timeout ?? 60)],
      ["deletion protection", yes(c.enable_deletion_protection ?? false)],
      ["drop invalid header fields", yes(c.drop_invalid_header_fields ?? false)],
      ["desync mitigation", c.desync_mitigation_mode ?? "defensive"],
      ["access logs", c.access_logs?.enabled ? `S3 ${ix.name(ix.refs(c.access_logs.bucket)[0])} (prefix ${c.access_logs.prefix ?? "\u2013"})` : "off"],
      ["WAF", waf.join(", ") || "none"]
    ]), "");
    const listeners = ix.referrers(/^aws_(lb|alb)_listener$/, lb.address);
    out.push("**Listeners**", "", table(["listener", "protocol:port", "TLS policy / certificate", "default action"], listeners.map((l) => [
      l.name,
      `${l.config.protocol ?? "HTTP"}:${l.config.port}`,
      l.config.certificate_arn ? `${l.config.ssl_policy ?? "default"} / ${cell(l.config.certificate_arn)}` : "\u2013",
      action(ix, asArray(l.config.default_action)[0])
    ])), "");
    const rules = listeners.flatMap((l) => ix.referrers(/^aws_(lb|alb)_listener_rule$/, l.address).map((r) => ({ l, r }))).sort((a, b) => Number(a.r.config.priority ?? 0) - Number(b.r.config.priority ?? 0));
    out.push("**Listener rules** (lowest priority number wins)", "", table(["priority", "listener", "conditions", "action"], rules.map(({ l, r }) => [
      r.config.priority,
      `${l.config.protocol ?? "HTTP"}:${l.config.port}`,
      conditions(r.config.condition),
      action(ix, asArray(r.config.action)[0])
    ])), "");
    const tgs = [...new Set([...listeners, ...rules.map((x) => x.r)].flatMap((x) => ix.refs(x.config).filter((a) => a.startsWith("aws_lb_target_group.") || a.startsWith("aws_alb_target_group."))))].map((a) => ix.get(a));
    out.push("**Target groups**", "", table(["target group", "protocol:port", "health check", "healthy / unhealthy after", "deregistration delay", "stickiness", "targets"], tgs.map((tg) => {
      const h = tg.config.health_check ?? {};
      const targets = ix.of(/^aws_autoscaling_group$|^aws_lb_target_group_attachment$|^aws_autoscaling_attachment$/).filter((g) => ix.refs(g.config.target_group_arns ?? g.config.target_group_arn ?? g.config.lb_target_group_arn).includes(tg.address));
      return [
        displayName(tg),
        `${tg.config.protocol ?? "HTTP"}:${tg.config.port ?? "\u2013"}`,
        `${h.protocol ?? "HTTP"} ${h.path ?? "/"} every ${h.interval ?? 30} s, timeout ${h.timeout ?? 5} s, matcher ${h.matcher ?? "200"}`,
        `${h.healthy_threshold ?? 5} ok / ${h.unhealthy_threshold ?? 2} failed checks`,
        secs(tg.config.deregistration_delay ?? 300),
        tg.config.stickiness?.enabled ? `${tg.config.stickiness.type} ${tg.config.stickiness.cookie_duration ?? ""}` : "off",
        targets.map((g) => g.type === "aws_autoscaling_group" ? `ASG ${displayName(g)}` : g.address).join(", ") || tg.config.target_type || "instance"
      ];
    })), "");
  }
  return out.length ? out : ["_No load balancer in this stack._", ""];
}
function action(ix, a) {
  if (!a) return "\u2013";
  if (a.type === "forward") return `forward \u2192 ${ix.name(ix.refs(a.target_group_arn ?? a.forward)[0])}`;
  if (a.type === "redirect") return `redirect \u2192 ${a.redirect?.protocol ?? ""}:${a.redirect?.port ?? ""} (${a.redirect?.status_code ?? ""})`;
  if (a.type === "fixed-response") return `fixed ${a.fixed_response?.status_code} "${a.fixed_response?.message_body ?? ""}"`;
  return String(a.type);
}
function conditions(cs) {
  return asArray(cs).map((c) => {
    if (c.path_pattern) return `path ${asArray(c.path_pattern.values).join(", ")}`;
    if (c.host_header) return `host ${asArray(c.host_header.values).join(", ")}`;
    if (c.http_header) return `header ${c.http_header.http_header_name} = ${asArray(c.http_header.values).map((v) => String(v).includes("${") ? "(secret)" : v).join(", ")}`;
    return Object.keys(c).join(", ");
  }).join(" and ");
}
function asgRows(ix) {
  return ix.of("aws_autoscaling_group").map((asg) => {
    const c = asg.config;
    const lt = ix.ref(c.launch_template, "aws_launch_template") ?? ix.ref(c.mixed_instances_policy, "aws_launch_template");
    const pool = asArray(c.warm_pool)[0] ?? ix.referrers("aws_autoscaling_warm_pool", asg.address)[0]?.config;
    const ir = asArray(c.instance_refresh)[0];
    const p = ir?.preferences ?? {};
    return {
      asg,
      row: {
        name: displayName(asg),
        instanceType: lt?.config.instance_type ?? c.launch_configuration ?? "\u2013",
        min: c.min_size,
        desired: c.desired_capacity ?? c.min_size,
        max: c.max_size,
        azs: azsOf(ix, asg),
        healthCheck: `${c.health_check_type ?? "EC2"}, grace ${c.health_check_grace_period ?? 300} s`,
        warmup: secs(c.default_instance_warmup),
        warmPool: pool ? `min ${pool.min_size ?? 0}, ${pool.pool_state ?? "Stopped"}${pool.max_group_prepared_capacity !== void 0 ? `, max prepared ${pool.max_group_prepared_capacity}` : ""}` : "none",
        instanceRefresh: ir ? `${ir.strategy}: min healthy ${p.min_healthy_percentage ?? 90} %, max healthy ${p.max_healthy_percentage ?? 100} %, warm-up ${p.instance_warmup ?? "\u2013"} s, skip matching ${yes(p.skip_matching)}${p.auto_rollback !== void 0 ? `, auto rollback ${yes(p.auto_rollback)}` : ""}` : "none",
        targetGroups: ix.refs(c.target_group_arns).map((a) => ix.name(a)).join(", ") || "none (not behind the load balancer)"
      }
    };
  });
}
function policyDescription(ix, p) {
  const c = p.config;
  const tt = c.target_tracking_configuration;
  if (tt) {
    const metric = tt.predefined_metric_specification?.predefined_metric_type ?? asArray(tt.customized_metric_specification?.metrics).filter((m) => m.return_data).map((m) => m.label ?? m.expression).join(", ") ?? tt.customized_metric_specification?.metric_name;
    return `target tracking: ${metric} at ${tt.target_value}${tt.disable_scale_in ? " (no scale-in)" : ""}`;
  }
  if ((c.policy_type ?? "SimpleScaling") === "StepScaling" || (c.policy_type ?? "SimpleScaling") === "SimpleScaling") {
    const alarms = ix.of("aws_cloudwatch_metric_alarm").filter((a) => ix.refs(a.config.alarm_actions).includes(p.address));
    const when = alarms.map((a) => `${a.config.metric_name} ${op(a.config.comparison_operator)} ${a.config.threshold} (${a.config.statistic ?? a.config.extended_statistic}, ${a.config.evaluation_periods} \xD7 ${a.config.period} s)`).join("; ");
    const steps = asArray(c.step_adjustment).map((s) => `${s.scaling_adjustment > 0 ? "+" : ""}${s.scaling_adjustment}`).join(", ") || (c.scaling_adjustment !== void 0 ? String(c.scaling_adjustment) : "");
    return `${c.policy_type ?? "SimpleScaling"}: ${steps} ${c.adjustment_type === "ChangeInCapacity" ? "instance(s)" : c.adjustment_type ?? ""} when ${when || "an alarm (none in this stack) fires"}${c.cooldown ? `, cooldown ${c.cooldown} s` : ""}`;
  }
  return `${c.policy_type}`;
}
var op = (o) => ({ GreaterThanOrEqualToThreshold: "\u2265", GreaterThanThreshold: ">", LessThanThreshold: "<", LessThanOrEqualToThreshold: "\u2264" })[o] ?? o;
function compute(ix) {
  const rows = asgRows(ix);
  if (!rows.length) return ["_No Auto Scaling group in this stack._", ""];
  const out = [table(
    ["Auto Scaling group", "instance type", "min", "desired", "max", "AZs", "health check", "instance warm-up", "warm pool", "target groups"],
    rows.map(({ row: r }) => [r.name, r.instanceType, r.min, r.desired, r.max, r.azs, r.healthCheck, r.warmup, r.warmPool, r.targetGroups])
  ), ""];
  out.push(
    "**Instance refresh** (zero-downtime releases: a new launch template version rolls through the group)",
    "",
    table(["Auto Scaling group", "instance refresh"], rows.map(({ row: r }) => [r.name, r.instanceRefresh])),
    ""
  );
  const policies = rows.flatMap(({ asg }) => ix.referrers("aws_autoscaling_policy", asg.address).map((p) => [displayName(asg), displayName(p), policyDescription(ix, p)]));
  out.push("**Scaling policies**", "", table(["Auto Scaling group", "policy", "what it does"], policies), "");
  const schedules = rows.flatMap(({ asg }) => ix.referrers("aws_autoscaling_schedule", asg.address).map((s) => [
    displayName(asg),
    s.config.scheduled_action_name,
    s.config.recurrence ?? s.config.start_time,
    s.config.time_zone ?? "UTC",
    s.config.min_size,
    s.config.desired_capacity,
    s.config.max_size
  ]));
  out.push("**Schedules**", "", table(["Auto Scaling group", "action", "recurrence", "time zone", "min", "desired", "max"], schedules), "");
  const lts = rows.map(({ asg }) => ix.ref(asg.config.launch_template, "aws_launch_template")).filter(Boolean);
  out.push("**Launch templates**", "", table(["template", "instance type", "IMDSv2", "root volume", "detailed monitoring"], lts.map((lt) => {
    const ebs = asArray(lt.config.block_device_mappings)[0]?.ebs ?? {};
    return [displayName(lt), lt.config.instance_type, lt.config.metadata_options?.http_tokens === "required" ? "required" : "optional", `${ebs.volume_size ?? "\u2013"} GB ${ebs.volume_type ?? ""}, encrypted ${yes(ebs.encrypted)}`, yes(lt.config.monitoring?.enabled)];
  })), "");
  return out;
}
function data(ix) {
  const out = [];
  const dbs = ix.of("aws_db_instance");
  out.push("**Databases**", "", table(["instance", "role", "engine", "class", "Multi-AZ", "region / AZ", "storage", "encrypted", "backups / PITR", "deletion protection"], dbs.map((d) => {
    const c = d.config;
    const src = ix.get(ix.refs(c.replicate_source_db)[0]);
    const role = src ? `${src.region !== d.region ? "cross-region replica" : "read replica"} of ${displayName(src)}` : "primary (writer)";
    const retention = Number(c.backup_retention_period ?? (src ? 0 : 1));
    return [
      displayName(d),
      role,
      `${c.engine ?? src?.config.engine ?? ""} ${c.engine_version ?? src?.config.engine_version ?? ""}`.trim(),
      c.instance_class,
      yes(c.multi_az ?? false),
      `${d.region}${azOf(c.availability_zone) ? ` / ${azOf(c.availability_zone)}` : ""}`,
      c.allocated_storage ? `${c.allocated_storage} GB \u2192 ${c.max_allocated_storage ?? c.allocated_storage} GB` : "as source",
      c.storage_encrypted === true || c.kms_key_id ? "yes (KMS)" : "no",
      retention > 0 ? `${retention} days, PITR, window ${c.backup_window ?? "\u2013"}` : src ? "replica (source keeps backups)" : "none",
      yes(c.deletion_protection ?? false)
    ];
  })), "");
  const clusters = ix.of("aws_rds_cluster");
  if (clusters.length) out.push("**Aurora clusters**", "", table(["cluster", "engine", "backup retention", "encrypted"], clusters.map((c) => [displayName(c), c.config.engine, c.config.backup_retention_period, yes(c.config.storage_encrypted)])), "");
  const caches = ix.of(/^aws_elasticache_replication_group$|^aws_elasticache_cluster$/);
  out.push("**Cache**", "", table(["cache", "engine", "node type", "nodes", "automatic failover", "Multi-AZ", "encryption at rest / in transit", "snapshots"], caches.map((k) => {
    const c = k.config;
    return [
      displayName(k),
      `${c.engine ?? "redis"} ${c.engine_version ?? ""}`,
      c.node_type,
      c.num_cache_clusters ?? c.num_cache_nodes ?? (c.num_node_groups ? `${c.num_node_groups} shards \xD7 ${(c.replicas_per_node_group ?? 0) + 1}` : "\u2013"),
      yes(c.automatic_failover_enabled ?? false),
      yes(c.multi_az_enabled ?? false),
      `${yes(c.at_rest_encryption_enabled)} / ${yes(c.transit_encryption_enabled)}`,
      c.snapshot_retention_limit ? `${c.snapshot_retention_limit} days` : "none"
    ];
  })), "");
  const queues = ix.of("aws_sqs_queue");
  out.push("**Queues**", "", table(["queue", "dead-letter queue", "max receives", "visibility timeout", "retention", "encryption"], queues.map((q2) => {
    let redrive = {};
    try {
      redrive = q2.config.redrive_policy ? JSON.parse(q2.config.redrive_policy) : {};
    } catch {
      redrive = {};
    }
    return [
      displayName(q2),
      redrive.deadLetterTargetArn ? ix.name(ix.refs(redrive.deadLetterTargetArn)[0]) : "\u2013",
      redrive.maxReceiveCount,
      secs(q2.config.visibility_timeout_seconds ?? 30),
      `${Math.round(Number(q2.config.message_retention_seconds ?? 345600) / 86400)} days`,
      q2.config.kms_master_key_id ? "KMS" : q2.config.sqs_managed_sse_enabled ? "SSE-SQS" : "none"
    ];
  })), "");
  const plans = ix.of("aws_backup_plan");
  if (plans.length) {
    const rules = plans.flatMap((p) => asArray(p.config.rule).map((r) => [
      displayName(p),
      r.rule_name,
      r.schedule,
      `${r.lifecycle?.delete_after ?? "\u2013"} days${r.lifecycle?.cold_storage_after ? `, cold after ${r.lifecycle.cold_storage_after} days` : ""}`,
      asArray(r.copy_action).map((c) => `${ix.name(ix.refs(c.destination_vault_arn)[0])} (${ix.get(ix.refs(c.destination_vault_arn)[0])?.region ?? "?"})`).join(", ") || "none"
    ]));
    out.push("**AWS Backup**", "", table(["plan", "rule", "schedule", "retention", "copied to"], rules), "");
  }
  return out;
}
function edgeAndSecurity(ix, m) {
  const out = [];
  for (const cf of ix.of("aws_cloudfront_distribution")) {
    const c = cf.config;
    const origins = asArray(c.origin).map((o) => `${o.origin_id} \u2192 ${ix.refs(o.domain_name).length ? ix.name(ix.refs(o.domain_name)[0]) : o.domain_name}${o.origin_access_control_id ? " (OAC)" : ""}${asArray(o.custom_header).length ? " (secret header)" : ""}`);
    const behaviours = [...asArray(c.ordered_cache_behavior).map((b) => `${b.path_pattern} \u2192 ${b.target_origin_id}`), `default \u2192 ${c.default_cache_behavior?.target_origin_id}`];
    out.push(`**CloudFront ${displayName(cf)}**: origins ${origins.join("; ")}; behaviours ${behaviours.join(", ")}; viewers ${c.default_cache_behavior?.viewer_protocol_policy}; price class ${c.price_class ?? "PriceClass_All"}; WAF ${c.web_acl_id ? ix.name(ix.refs(c.web_acl_id)[0]) : "none"}; logs ${c.logging_config ? "on" : "off"}.`, "");
  }
  const acls = ix.of("aws_wafv2_web_acl");
  if (acls.length) {
    out.push("**WAF web ACLs**", "", table(["web ACL", "scope", "default", "rules (priority: name)"], acls.map((a) => [
      displayName(a),
      a.config.scope,
      Object.keys(a.config.default_action ?? {})[0],
      asArray(a.config.rule).map((r) => `${r.priority}: ${r.name}${r.statement?.rate_based_statement ? ` (${r.statement.rate_based_statement.limit} req / 5 min per ${r.statement.rate_based_statement.aggregate_key_type})` : ""}`).join("; ")
    ])), "");
  }
  const sgName = (a) => a ? ix.name(a) : "";
  out.push("**Security-group rules** (every path into and out of each tier)", "", table(["group", "direction", "peer", "ports", "why"], m.rules.map((r) => [
    sgName(r.group),
    r.direction,
    r.peerGroup ? sgName(r.peerGroup) : r.cidr,
    r.ports,
    r.description
  ])), "");
  const keys = ix.of("aws_kms_key");
  const buckets = ix.of("aws_s3_bucket");
  const blocked = buckets.filter((b) => ix.referrers("aws_s3_bucket_public_access_block", b.address).some((p) => p.config.block_public_acls && p.config.block_public_policy && p.config.restrict_public_buckets && p.config.ignore_public_acls));
  const encrypted = buckets.filter((b) => ix.referrers("aws_s3_bucket_server_side_encryption_configuration", b.address).length);
  const lts = ix.of("aws_launch_template");
  const trails = ix.of("aws_cloudtrail");
  const noSsh = m.rules.every((r) => !/ 22(-|$)/.test(r.ports) || r.direction === "egress");
  out.push(table(["control", "state in this stack"], [
    ["KMS customer-managed keys", `${keys.length}, rotation on for ${keys.filter((k) => k.config.enable_key_rotation === true).length}`],
    ["S3 public access blocked", `${blocked.length} of ${buckets.length} buckets`],
    ["S3 default encryption configured", `${encrypted.length} of ${buckets.length} buckets`],
    ["IMDSv2 required", `${lts.filter((l) => l.config.metadata_options?.http_tokens === "required").length} of ${lts.length} launch templates`],
    ["SSH (port 22) open", noSsh ? "no rule allows it" : "YES: a rule opens port 22"],
    ["Audit trail", trails.length ? trails.map((t) => `${displayName(t)} (multi-region ${yes(t.config.is_multi_region_trail)}, log validation ${yes(t.config.enable_log_file_validation)})`).join(", ") : "none"],
    ["Alarms / dashboards", `${ix.of("aws_cloudwatch_metric_alarm").length} alarms, ${ix.of("aws_cloudwatch_dashboard").length} dashboard(s)`],
    ["Budgets / cost anomaly monitors", `${ix.of("aws_budgets_budget").length} / ${ix.of("aws_ce_anomaly_monitor").length}`]
  ]), "");
  return out;
}
function failureModes(ix, m) {
  const modes = [];
  const asgs = asgRows(ix);
  const lbs = ix.of(/^aws_(lb|alb)$/);
  const azCount = (r) => azsOf(ix, r) === "\u2013" ? 0 : azsOf(ix, r).split(", ").length;
  const tg = ix.of(/^aws_(lb|alb)_target_group$/)[0];
  const h = tg?.config.health_check ?? {};
  const detect = tg ? Number(h.interval ?? 30) * Number(h.unhealthy_threshold ?? 2) : 0;
  if (asgs.length) {
    const warm = Math.max(...asgs.map(({ asg }) => Number(asg.config.health_check_grace_period ?? 300)));
    const single = asgs.filter(({ row }) => Number(row.min) < 2).map(({ row }) => row.name);
    modes.push({
      failure: "An instance fails",
      takesOver: `${lbs.length ? `The ALB stops routing to it after ${detect} s of failed health checks; ` : ""}its Auto Scaling group (${asgs.map(({ row }) => `${row.name}: ${row.healthCheck.split(",")[0]} health checks`).join("; ")}) replaces it.`,
      rto: single.length ? `${single.join(", ")} run${single.length === 1 ? "s" : ""} one instance at minimum: an outage of about ${Math.round((detect + warm + 120) / 60)} min until the replacement is healthy` : `no outage for users (other instances serve); capacity back in about ${Math.round((detect + warm + 60) / 60)} min`,
      rpo: "none: instances are stateless (state lives in the data tier)",
      notCovered: "requests in flight on the failed instance; anything written to its local disk"
    });
  }
  const spread = [...lbs, ...asgs.map((a) => a.asg)].filter((r) => azCount(r) >= 2);
  const nats = ix.of("aws_nat_gateway").filter((n) => n.provider === "aws");
  const primaries = ix.of("aws_db_instance").filter((d) => d.config.replicate_source_db === void 0 && d.provider === "aws");
  const replicas = ix.of("aws_db_instance").filter((d) => d.config.replicate_source_db !== void 0);
  const caches = ix.of("aws_elasticache_replication_group");
  const mainAzs = new Set(m.subnets.filter((s) => m.vpcs.find((v) => v.address === s.vpc)?.region === m.regions[0]).map((s) => s.az)).size;
  const multiAzDb = primaries.filter((d) => d.config.multi_az === true);
  {
    const notCovered = [];
    if (nats.length === 1 && mainAzs > 1) notCovered.push("egress of every private subnet goes through one NAT gateway: if its AZ fails, instances lose outbound internet until it is recreated");
    if (primaries.some((d) => d.config.multi_az !== true)) notCovered.push(`database ${primaries.filter((d) => d.config.multi_az !== true).map(displayName).join(", ")} is single-AZ`);
    if (caches.some((c) => c.config.multi_az_enabled !== true)) notCovered.push("cache is not Multi-AZ");
    const under = asgs.filter(({ asg }) => azCount(asg) < 2).map(({ row }) => row.name);
    if (under.length) notCovered.push(`${under.join(", ")} run in one AZ`);
    modes.push({
      failure: `An Availability Zone fails (${mainAzs} in use)`,
      takesOver: spread.length ? `ALB nodes and instances in the other ${Math.max(mainAzs - 1, 0)} AZ(s) keep serving; Auto Scaling launches replacements there${multiAzDb.length ? "; RDS fails over to the standby in another AZ" : ""}${caches.some((c) => c.config.automatic_failover_enabled === true) ? "; the cache promotes a replica in another AZ" : ""}${nats.length > 1 ? "; each AZ has its own NAT gateway" : ""}.` : "nothing: the stack runs in one AZ",
      rto: spread.length ? `serving continues at ${Math.round((mainAzs - 1) / Math.max(mainAzs, 1) * 100)} % capacity at once; full capacity after replacements (~${Math.round((detect + 300) / 60)} min)${multiAzDb.length ? "; database writes pause ~1\u20132 min during failover" : ""}` : "until the AZ recovers",
      rpo: multiAzDb.length ? "none for the database (synchronous standby); cache writes not yet replicated (seconds)" : primaries.length ? "up to the last backup / PITR point (\u2264 5 min) if the database AZ is lost" : "none (no stateful tier)",
      notCovered: notCovered.join("; ") || "nothing beyond reduced capacity until replacements are healthy"
    });
  }
  for (const db of primaries) {
    const c = db.config;
    const reads = replicas.filter((r) => ix.refs(r.config.replicate_source_db).includes(db.address));
    const retention = Number(c.backup_retention_period ?? 1);
    modes.push({
      failure: `Database primary ${displayName(db)} fails`,
      takesOver: c.multi_az === true ? "RDS fails over to the synchronous standby in another AZ and moves the writer endpoint (DNS)" : reads.length ? `nothing automatic: promote read replica ${displayName(reads[0])} (manual)` : retention > 0 ? "nothing automatic: restore from backup / point in time" : "nothing",
      rto: c.multi_az === true ? "1\u20132 min (typical RDS Multi-AZ failover)" : reads.length ? "minutes after someone promotes the replica and repoints the app" : retention > 0 ? "30 min or more (restore to a new instance)" : "not recoverable",
      rpo: c.multi_az === true ? "none (synchronous replication)" : reads.length ? "seconds (replica lag)" : retention > 0 ? "\u2264 5 min (PITR from transaction logs)" : "all data",
      notCovered: `${reads.filter((r) => r.region === db.region).length ? `read replicas (${reads.filter((r) => r.region === db.region).map(displayName).join(", ")}) keep serving reads; ` : ""}${retention > 0 ? `backups kept ${retention} days` : "no automated backups"}; connections drop and must reconnect`
    });
  }
  for (const k of caches) {
    const c = k.config;
    const nodes = Number(c.num_cache_clusters ?? 1);
    modes.push({
      failure: `Cache primary ${displayName(k)} fails`,
      takesOver: c.automatic_failover_enabled === true && nodes > 1 ? `ElastiCache promotes one of ${nodes - 1} replica(s)${c.multi_az_enabled ? " in another AZ" : ""}; the primary endpoint follows` : "ElastiCache replaces the node; the cache starts empty",
      rto: c.automatic_failover_enabled === true && nodes > 1 ? "under a minute (automatic failover)" : "~10 min (node replacement), then a cold cache",
      rpo: c.automatic_failover_enabled === true && nodes > 1 ? "writes not yet replicated (async, typically under a second)" : "everything in the cache (rebuilt from the database)",
      notCovered: c.snapshot_retention_limit ? `daily snapshots kept ${c.snapshot_retention_limit} days` : "no snapshots"
    });
  }
  {
    const cross = replicas.filter((r) => r.region !== m.regions[0]);
    const vaults = ix.of("aws_backup_vault").filter((v) => v.region !== m.regions[0]);
    const drRegion = cross[0]?.region ?? vaults[0]?.region;
    modes.push({
      failure: `Region ${m.regions[0]} fails`,
      takesOver: cross.length ? `promote cross-region replica ${cross.map(displayName).join(", ")} in ${drRegion} (manual), then deploy the app tier there and point DNS at it` : vaults.length ? `restore the database from backup copies in ${drRegion}` : "nothing: no copy of the data leaves the region",
      rto: cross.length || vaults.length ? "hours (the DR region has no running app tier; see docs/runbooks.md)" : "until the region recovers",
      rpo: cross.length ? "seconds to minutes (asynchronous cross-region replication lag)" : vaults.length ? "up to 24 h (daily backup copies)" : primaries.length ? "all data if the region is lost for good" : "none (no stateful tier)",
      notCovered: cross.length || vaults.length ? `compute, load balancer, cache and queues are not pre-provisioned in ${drRegion}; queued messages in ${m.regions[0]} are lost` : "region loss"
    });
  }
  return modes;
}
var WHY = {
  edge: "serves users from the nearest edge location, caches static content, and filters attacks and floods before they reach the origin",
  network: "isolates tiers: only public subnets route to the internet; private subnets leave through NAT; isolated subnets have no route out at all",
  "load balancing": "one stable entry point that health-checks instances and spreads requests over every AZ",
  compute: "stateless instances in Auto Scaling groups across AZs: capacity follows load, failed instances are replaced, releases roll without downtime",
  data: "state lives here, replicated across AZs, encrypted and backed up, reachable only from the app tier",
  messaging: "absorbs bursts and decouples slow work from requests; failed messages go to a dead-letter queue instead of looping",
  storage: "durable objects (static assets, logs, audit trail) in private, encrypted buckets",
  security: "encryption keys, least-privilege roles, security groups wired tier to tier, secrets kept out of code",
  observability: "alarms on what users feel and on the data tier, a dashboard, and one alerts topic",
  operations: "audit trail, budgets and anomaly alerts, backups copied out of the region",
  delivery: "build and release pipeline",
  other: "resources outside the known families (listed in the inventory)"
};
function designMarkdown(m, opts = {}) {
  const ix = new StackIndex(m);
  const byTier = /* @__PURE__ */ new Map();
  for (const r of m.resources) byTier.set(familyOf(r.type).tier, [...byTier.get(familyOf(r.type).tier) ?? [], r]);
  const mainVpc = m.vpcs.find((v) => v.region === m.regions[0]);
  const subnets = m.subnets.filter((s) => s.vpc === mainVpc?.address);
  const nats = ix.of("aws_nat_gateway").filter((n) => n.region === m.regions[0]).length;
  const azs = new Set(subnets.map((s) => s.az)).size;
  const links = [{ title: "architecture diagram", href: "architecture.svg" }, { title: "inventory", href: "inventory.md" }, ...opts.links ?? []];
  const out = [
    `# ${m.stack}: architecture design`,
    "",
    `Generated by \`npm run deliverables\` from ${opts.source ?? `cdktf.out/stacks/${m.stack}/cdk.tf.json`}; do not edit, regenerate. See also: ${links.map((l) => `[${l.title}](${l.href})`).join(" \xB7 ")}.`,
    "",
    "![architecture](architecture.svg)",
    "",
    "## Summary",
    "",
    `- **${m.resources.length} resources** of ${new Set(m.resources.map((r) => r.type)).size} types in ${m.regions.length === 1 ? `region ${m.regions[0]}` : `regions ${m.regions[0]} (primary) and ${m.regions.slice(1).join(", ")}`}.`,
    mainVpc ? `- **Network**: VPC ${mainVpc.cidr} over ${azs} Availability Zones; ${["public", "private", "isolated"].map((t) => `${subnets.filter((s) => s.tier === t).length} ${t}`).join(", ")} subnets; ${nats} NAT gateway(s) (${nats === 0 ? "no outbound internet" : nats >= azs ? "one per AZ: egress survives an AZ loss" : "shared: cheaper, but an AZ loss can cut egress"}).` : "- **Network**: no VPC in this stack.",
    ...asgRows(ix).map(({ row }) => `- **${row.name}**: ${row.instanceType}, ${row.min}\u2013${row.max} instances (desired ${row.desired}) across ${row.azs}.`),
    "",
    "## Tiers and why",
    "",
    table(["tier", "resources", "types", "why"], TIER_ORDER.filter((t) => byTier.has(t)).map((t) => [t, byTier.get(t).length, [...new Set(byTier.get(t).map((r) => r.type.replace(/^aws_/, "")))].slice(0, 6).join(", ") + ([...new Set(byTier.get(t).map((r) => r.type))].length > 6 ? ", \u2026" : ""), WHY[t]])),
    "",
    "## Load balancing",
    "",
    ...loadBalancing(ix),
    "## Auto Scaling",
    "",
    ...compute(ix),
    "## Data tier",
    "",
    ...data(ix),
    "## Edge and security controls",
    "",
    ...edgeAndSecurity(ix, m),
    "## Failure modes",
    "",
    "Derived from the resources above. RTO = time until users are served again; RPO = data that can be lost.",
    "",
    table(["failure", "what takes over", "RTO", "RPO", "not covered"], failureModes(ix, m).map((f) => [f.failure, f.takesOver, f.rto, f.rpo, f.notCovered])),
    ""
  ];
  if (opts.plan) out.push(...planSection(opts.plan));
  return out.join("\n");
}
function planSection(p) {
  return [
    "## Plan summary",
    "",
    `From ${p.source}: **${p.totals.create} to add, ${p.totals.update} to change, ${p.totals.delete} to destroy** (${p.totals.replace} replaced).`,
    "",
    table(["tier", "type", "add", "change", "destroy", "replace"], p.rows.map((r) => [r.tier, r.type, r.create, r.update, r.delete, r.replace])),
    ""
  ];
}

// src/deliverables/dot.ts
var FONT = "Helvetica,Arial,sans-serif";
var COLOURS = {
  "load balancer": "#8C4FFF",
  gateway: "#8C4FFF",
  cdn: "#8C4FFF",
  dns: "#8C4FFF",
  "autoscaling group": "#ED7100",
  compute: "#ED7100",
  instances: "#ED7100",
  database: "#C925D1",
  standby: "#C925D1",
  cache: "#C925D1",
  "replica member": "#C925D1",
  store: "#C925D1",
  queue: "#E7157B",
  topic: "#E7157B",
  operations: "#E7157B",
  bucket: "#7AA116",
  firewall: "#DD344C",
  internet: "#232F3E",
  cidr: "#232F3E"
};
var SUBNET_STYLE = {
  public: { label: "Public subnet", fill: "#EEF6EC", border: "#7AA116" },
  private: { label: "Private subnet (NAT)", fill: "#E8F2FA", border: "#147EBA" },
  isolated: { label: "Isolated subnet", fill: "#EFEFF6", border: "#5A6B86" }
};
var TIER_ORDER2 = ["public", "private", "isolated"];
var esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
var q = (s) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
function nodeLine(n, indent) {
  const colour = COLOURS[n.kind] ?? "#545B64";
  const lines = [`<b>${esc(n.title)}</b>`, esc(n.name), ...n.details.filter(Boolean).map((d) => `<font point-size="9">${esc(d)}</font>`)];
  if (n.spans?.length) lines.push(`<font point-size="9">across ${esc(n.spans.join(", "))}</font>`);
  const shape = n.kind === "internet" ? "ellipse" : n.kind === "bucket" || n.kind === "database" || n.kind === "standby" ? "cylinder" : n.kind === "queue" ? "cds" : "box";
  const style = n.kind === "instances" || n.kind === "standby" || n.kind === "replica member" ? "rounded,filled,dashed" : "rounded,filled";
  const label = n.kind === "instances" ? `<b>EC2 instances</b><br/>${n.details.map(esc).join("<br/>")}` : lines.join("<br/>");
  return `${indent}${n.id} [label=<${label}>, shape=${shape}, style=${q(style)}, color=${q(colour)}, fillcolor="white", penwidth=1.6, tooltip=${q(n.address)}];`;
}
function edgeLine(e, prefix = "") {
  const free = e.kind === "reference" && e.label !== "origin" || e.to === "internet";
  const style = {
    traffic: 'color="#232F3E", penwidth=1.3',
    reference: 'color="#7D8998", style=dashed',
    replication: 'color="#C925D1", style=dashed, penwidth=1.3',
    membership: 'color="#ED7100", style=dotted, arrowhead=none'
  };
  const label = e.label ? `, label=${q(e.label)}, fontsize=9` : "";
  return `  ${prefix}${e.from} -> ${prefix}${e.to} [${style[e.kind]}${label}${free ? ", constraint=false" : ""}];`;
}
function dotBody(m, prefix = "") {
  const out = [];
  const p = (n) => ({ ...n, id: `${prefix}${n.id}` });
  const emit = (n, indent) => out.push(nodeLine(p(n), indent));
  const inSubnet = (s) => m.nodes.filter((n) => n.subnet === s.address);
  const outside = m.nodes.filter((n) => !n.vpc && !n.scope);
  for (const n of outside) emit(n, "  ");
  const global = m.nodes.filter((n) => n.scope === "global");
  if (global.length) {
    out.push(`  subgraph cluster_${prefix}global {`, `    label=<<b>Global edge</b>>; style="rounded"; color="#8C4FFF"; fontcolor="#232F3E";`);
    global.forEach((n) => emit(n, "    "));
    out.push("  }");
  }
  m.regions.forEach((region, ri) => {
    const vpcs = m.vpcs.filter((v) => v.region === region);
    const regional = m.nodes.filter((n) => n.scope === "regional" && n.region === region);
    if (!vpcs.length && !regional.length) return;
    out.push(`  subgraph cluster_${prefix}region_${ri} {`, `    label=<<b>Region ${esc(region)}</b>${ri === 0 ? "" : " (standby region)"}>; style="dashed,rounded"; color="#00A4A6"; fontcolor="#00A4A6";`);
    vpcs.forEach((vpc, vi) => {
      out.push(`    subgraph cluster_${prefix}vpc_${ri}_${vi} {`, `      label=<<b>VPC</b> ${esc(vpc.name)} ${esc(vpc.cidr)}>; style="rounded"; color="#8C4FFF"; fontcolor="#8C4FFF";`);
      m.nodes.filter((n) => n.vpc === vpc.address && !n.subnet).forEach((n) => emit(n, "      "));
      const subnets = m.subnets.filter((s) => s.vpc === vpc.address);
      const azs = [...new Set(subnets.map((s) => s.az))].sort();
      const firsts = azs.map((_, ai) => `${prefix}anchor_${ri}_${vi}_${ai}_${TIER_ORDER2.find((t) => subnets.some((s) => s.az === azs[ai] && s.tier === t))}_0`);
      if (firsts.length > 1) out.push(`      { rank=same; ${firsts.join("; ")}; }`, `      ${firsts.join(" -> ")} [style=invis];`);
      azs.forEach((az, ai) => {
        out.push(`      subgraph cluster_${prefix}az_${ri}_${vi}_${ai} {`, `        label=<${esc(az)}>; style="dashed,rounded"; color="#147EBA"; fontcolor="#147EBA";`);
        const anchors = [];
        for (const tier of TIER_ORDER2) {
          subnets.filter((s) => s.az === az && s.tier === tier).sort((a, b) => a.cidr.localeCompare(b.cidr, "en", { numeric: true })).forEach((s, si) => {
            const st = SUBNET_STYLE[tier];
            const anchor = `${prefix}anchor_${ri}_${vi}_${ai}_${tier}_${si}`;
            anchors.push(anchor);
            out.push(
              `        subgraph cluster_${anchor} {`,
              `          label=<${esc(st.label)}<br/><font point-size="9">${esc(s.cidr)}</font>>; style="filled,rounded"; fillcolor=${q(st.fill)}; color=${q(st.border)}; fontsize=10;`,
              `          ${anchor} [shape=point, width=0.01, style=invis];`
            );
            inSubnet(s).forEach((n) => emit(n, "          "));
            out.push("        }");
          });
        }
        for (let i = 1; i < anchors.length; i++) out.push(`        ${anchors[i - 1]} -> ${anchors[i]} [style=invis, weight=4];`);
        out.push("      }");
      });
      out.push("    }");
    });
    if (regional.length) {
      out.push(`    subgraph cluster_${prefix}services_${ri} {`, `      label=<<b>Regional services</b>>; style="rounded"; color="#AAB7B8"; fontcolor="#545B64";`);
      regional.forEach((n) => emit(n, "      "));
      for (let i = 2; i < regional.length; i++) out.push(`      ${prefix}${regional[i - 2].id} -> ${prefix}${regional[i].id} [style=invis];`);
      out.push("    }");
    }
    out.push("  }");
  });
  for (const e of m.edges) out.push(edgeLine(e, prefix));
  return out;
}
var header = (label) => [
  `  graph [fontname=${q(FONT)}, fontsize=12, rankdir=TB, newrank=true, compound=true, nodesep=0.25, ranksep=0.5, pad=0.3, labelloc=t, label=<${label}>];`,
  `  node [fontname=${q(FONT)}, fontsize=10, margin="0.12,0.06"];`,
  `  edge [fontname=${q(FONT)}, fontsize=9, arrowsize=0.7];`
];
function toDot(m) {
  const count = m.resources.length;
  return [`digraph ${q(m.stack)} {`, ...header(`${esc(m.stack)}: architecture generated from cdk.tf.json (${count} resources)`), ...dotBody(m), "}", ""].join("\n");
}
function beforeAfterDot(m) {
  const region = m.regions[0] ?? "region";
  return [
    `digraph ${q(`${m.stack}-before-after`)} {`,
    ...header(`${esc(m.stack)}: before (one server) and after (this stack)`),
    "  subgraph cluster_before {",
    `    label=<<b>Before</b>: a single EC2 instance>; style="rounded"; color="#DD344C"; fontcolor="#DD344C";`,
    `    before_internet [label=<<b>Internet</b><br/>users>, shape=ellipse, style="rounded,filled", color="#232F3E", fillcolor="white"];`,
    "    subgraph cluster_before_region {",
    `      label=<Region ${esc(region)}>; style="dashed,rounded"; color="#00A4A6"; fontcolor="#00A4A6";`,
    "      subgraph cluster_before_az {",
    `        label=<one Availability Zone>; style="dashed,rounded"; color="#147EBA"; fontcolor="#147EBA";`,
    "        subgraph cluster_before_subnet {",
    `          label=<Public subnet>; style="filled,rounded"; fillcolor="#EEF6EC"; color="#7AA116";`,
    `          before_server [label=<<b>EC2 instance</b><br/>web server + app + database<br/><font point-size="9">public IP, no load balancer, no scaling</font><br/><font point-size="9">one instance, one AZ: any failure is an outage</font>>, shape=box, style="rounded,filled", color="#ED7100", fillcolor="white", penwidth=1.6];`,
    "        }",
    "      }",
    "    }",
    '    before_internet -> before_server [label="HTTP 80", fontsize=9];',
    "  }",
    "  subgraph cluster_after {",
    `    label=<<b>After</b>: ${esc(m.stack)} as synthesized>; style="rounded"; color="#7AA116"; fontcolor="#7AA116";`,
    ...dotBody(m, "after_").map((l) => `  ${l}`),
    "  }",
    "}",
    ""
  ].join("\n");
}

// src/deliverables/inventory.ts
var REVIEWED = /^(instance_type|instance_class|node_type|engine|engine_version|min_size|max_size|desired_capacity|multi_az|multi_az_enabled|automatic_failover_enabled|num_cache_clusters|allocated_storage|max_allocated_storage|storage_encrypted|at_rest_encryption_enabled|transit_encryption_enabled|kms_key_id|kms_master_key_id|sqs_managed_sse_enabled|enable_key_rotation|deletion_protection|enable_deletion_protection|skip_final_snapshot|backup_retention_period|publicly_accessible|internal|load_balancer_type|port|protocol|http_tokens|force_destroy|retention_in_days|message_retention_seconds|visibility_timeout_seconds|price_class|scope|is_multi_region_trail|enable_log_file_validation|cidr_block|availability_zone|map_public_ip_on_launch|block_public_acls|block_public_policy|ignore_public_acls|restrict_public_buckets|status|sse_algorithm|deregistration_delay|health_check_type|policy_type|recurrence|threshold|limit_amount)$/;
function settings(config) {
  const out = {};
  const visit = (obj, prefix, depth) => {
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (REVIEWED.test(key) && (typeof v !== "object" || v === null)) out[`${prefix}${key}`] = v;
      else if (depth < 2 && v && typeof v === "object" && !Array.isArray(v) && key !== "tags" && key !== "tags_all") visit(v, `${prefix}${key}.`, depth + 1);
      else if (depth < 2 && Array.isArray(v) && v.length === 1 && v[0] && typeof v[0] === "object") visit(v[0], `${prefix}${key}.`, depth + 1);
    }
  };
  visit(config, "", 0);
  return out;
}
function buildInventory(m) {
  const tiers = /* @__PURE__ */ new Map();
  for (const r of m.resources) {
    const tier = familyOf(r.type).tier;
    const types = tiers.get(tier) ?? /* @__PURE__ */ new Map();
    tiers.set(tier, types);
    types.set(r.type, [...types.get(r.type) ?? [], { address: r.address, name: displayName(r), region: r.region, settings: settings(r.config) }]);
  }
  return {
    stack: m.stack,
    regions: m.regions,
    total: m.resources.length,
    tiers: TIER_ORDER.filter((t) => tiers.has(t)).map((tier) => {
      const types = [...tiers.get(tier).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, resources2]) => ({ type, count: resources2.length, resources: resources2 }));
      return { tier, count: types.reduce((n, t) => n + t.count, 0), types };
    })
  };
}
function inventoryMarkdown(inv) {
  const out = [
    `# ${inv.stack}: inventory`,
    "",
    `${inv.total} resources in ${inv.regions.join(", ")}, by tier and type (generated; the same data is in inventory.json).`,
    "",
    table(["tier", "resources", "types"], inv.tiers.map((t) => [t.tier, t.count, t.types.map((x) => `${x.type.replace(/^aws_/, "")} \xD7${x.count}`).join(", ")])),
    ""
  ];
  for (const t of inv.tiers) {
    out.push(`## ${t.tier} (${t.count})`, "");
    for (const type of t.types) {
      out.push(`### ${type.type} \xD7${type.count}`, "");
      out.push(table(["name", "region", "settings"], type.resources.map((r) => [r.name, r.region, Object.entries(r.settings).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(", ")])), "");
    }
  }
  return out.join("\n");
}

// src/deliverables/model.ts
var id = (address) => `n_${address.replace(/[^A-Za-z0-9]/g, "_")}`;
var STRUCTURAL = /^aws_(vpc|subnet|security_group|vpc_security_group_|kms_|route|internet_gateway|nat_gateway|eip|default_)/;
var REVERSED = /* @__PURE__ */ new Set(["replicate_source_db", "replication_source_identifier", "web_acl_id", "source_db_instance_identifier"]);
function ports(protocol, from, to) {
  const p = String(protocol ?? "tcp").toLowerCase();
  if (p === "-1" || p === "all") return "all traffic";
  const a = Number(from);
  const b = Number(to ?? from);
  if (!Number.isFinite(a)) return p;
  return a === b ? `${p} ${a}` : `${p} ${a}-${b}`;
}
function buildModel(stack, json) {
  const all2 = resources(json);
  const byAddr = new Map(all2.map((r) => [r.address, r]));
  const known = new Set(byAddr.keys());
  const refs = new Map(all2.map((r) => [r.address, referencesIn(r.config, known, r.address)]));
  const ofType = (t) => all2.filter((r) => typeof t === "string" ? r.type === t : t.test(r.type));
  const refsOfType = (addr, type) => (refs.get(addr) ?? []).filter((a) => a.startsWith(`${type}.`));
  const regions = [...new Set(providerRegions(json).values())];
  const vpcs = ofType("aws_vpc").map((r) => ({ address: r.address, cidr: String(literal(r.config.cidr_block) ?? "IPAM"), region: r.region, name: displayName(r) }));
  const routesOf = (table2) => [
    ...ofType("aws_route").filter((r) => refsOfType(r.address, "aws_route_table").includes(table2)).flatMap((r) => refs.get(r.address) ?? []),
    ...referencesIn(byAddr.get(table2)?.config.route, known)
  ];
  const subnets = ofType("aws_subnet").map((r) => {
    const tables = ofType("aws_route_table_association").filter((a) => refsOfType(a.address, "aws_subnet").includes(r.address)).flatMap((a) => refsOfType(a.address, "aws_route_table"));
    const targets = tables.flatMap(routesOf);
    const tier = targets.some((t) => t.startsWith("aws_internet_gateway.")) ? "public" : targets.some((t) => t.startsWith("aws_nat_gateway.") || t.startsWith("aws_ec2_transit_gateway")) ? "private" : "isolated";
    return {
      address: r.address,
      vpc: refsOfType(r.address, "aws_vpc")[0] ?? "",
      az: azOf(r.config.availability_zone) ?? azOf(r.config.availability_zone_id) ?? "any AZ",
      tier,
      cidr: String(literal(r.config.cidr_block) ?? ""),
      name: typeof r.config.tags?.Name === "string" ? r.config.tags.Name : r.name
    };
  });
  const subnetBy = new Map(subnets.map((s) => [s.address, s]));
  const drawn = all2.filter((r) => familyOf(r.type).kind);
  const drawnSet = new Set(drawn.map((r) => r.address));
  const nodes = [];
  const nodeOf = /* @__PURE__ */ new Map();
  const subnetsOf = (r) => {
    const direct = (refs.get(r.address) ?? []).filter((a) => subnetBy.has(a));
    const viaGroups = (refs.get(r.address) ?? []).filter((a) => /subnet_group$/.test(a.split(".")[0])).flatMap((g) => (refs.get(g) ?? []).filter((a) => subnetBy.has(a)));
    return [.../* @__PURE__ */ new Set([...direct, ...viaGroups])].map((a) => subnetBy.get(a));
  };
  const vpcOf = (r, ss) => ss[0]?.vpc ?? refsOfType(r.address, "aws_vpc")[0] ?? (refs.get(r.address) ?? []).filter((a) => a.startsWith("aws_security_group.")).flatMap((g) => refsOfType(g, "aws_vpc"))[0];
  const dlqs = new Set(ofType("aws_sqs_queue").flatMap((q2) => referencesIn(q2.config.redrive_policy, known)));
  const listenersOf = (lb) => ofType(/^aws_(lb|alb)_listener$/).filter((l) => (refs.get(l.address) ?? []).includes(lb)).map((l) => `${l.config.protocol ?? "HTTP"} :${l.config.port}`);
  const templateOf = (r) => {
    const lt = refsOfType(r.address, "aws_launch_template")[0] ?? refsOfType(r.address, "aws_launch_configuration")[0];
    return lt ? byAddr.get(lt) : void 0;
  };
  const describe = (r, f) => {
    const c = r.config;
    switch (f.kind) {
      case "load balancer":
        return {
          title: `${c.internal === true ? "Internal" : "Internet-facing"} ${c.load_balancer_type === "network" ? "NLB" : c.load_balancer_type === "gateway" ? "GWLB" : "ALB"}`,
          details: [listenersOf(r.address).join(", ")].filter(Boolean)
        };
      case "autoscaling group": {
        const lt = templateOf(r);
        const type = lt?.config.instance_type ?? asArray(c.instance_types).join(", ");
        const sizes = c.scaling_config ? [c.scaling_config.min_size, c.scaling_config.desired_size, c.scaling_config.max_size] : [c.min_size, c.desired_capacity ?? c.min_size, c.max_size];
        return { title: f.label, details: [`${type}`.trim(), `min ${sizes[0]} \xB7 desired ${sizes[1]} \xB7 max ${sizes[2]}`].filter(Boolean) };
      }
      case "database": {
        const replica = c.replicate_source_db !== void 0;
        const src = replica ? referencesIn(c.replicate_source_db, known)[0] : void 0;
        const cross = src && byAddr.get(src)?.region !== r.region;
        const role = replica ? cross ? "cross-region replica" : "read replica" : c.multi_az === true ? "primary (Multi-AZ)" : "primary (single-AZ)";
        return { title: `RDS ${c.engine ?? byAddr.get(src ?? "")?.config.engine ?? ""} ${role}`.replace(/\s+/g, " "), details: [String(c.instance_class ?? "")] };
      }
      case "cache":
        return { title: `ElastiCache ${c.engine ?? ""} primary`.replace(/\s+/g, " "), details: [String(c.node_type ?? "")] };
      case "queue":
        return { title: dlqs.has(r.address) ? "SQS dead-letter queue" : f.label, details: [] };
      case "firewall":
        return { title: `WAF (${c.scope === "CLOUDFRONT" ? "CloudFront" : "regional"})`, details: [`${asArray(c.rule).length} rules`] };
      case "gateway":
        return { title: r.type === "aws_nat_gateway" ? "NAT gateway" : "Internet gateway", details: [] };
      case "cdn":
        return { title: f.label, details: [String(c.price_class ?? "")].filter(Boolean) };
      default:
        return { title: f.label ?? r.type, details: [] };
    }
  };
  const subnetIn = (ss, az, vpc) => ss.find((s) => s.az === az) ?? subnets.find((s) => s.vpc === vpc && s.az === az && s.tier === "isolated") ?? subnets.find((s) => s.vpc === vpc && s.az === az);
  for (const r of drawn) {
    const f = familyOf(r.type);
    const ss = subnetsOf(r);
    const vpc = vpcOf(r, ss);
    const azs = [...new Set(ss.map((s) => s.az))].sort();
    const explicitAz = azOf(r.config.availability_zone);
    const { title, details } = describe(r, f);
    const base = { address: r.address, resource: r.address, kind: f.kind, title, name: displayName(r), details, region: r.region };
    const main2 = id(r.address);
    nodeOf.set(r.address, main2);
    if (!vpc) {
      const global = f.kind === "cdn" || f.kind === "dns" || f.kind === "firewall" && r.config.scope === "CLOUDFRONT";
      nodes.push({ ...base, id: main2, scope: global ? "global" : "regional" });
      continue;
    }
    const multiAzDb = f.kind === "database" && r.config.multi_az === true && !explicitAz && azs.length > 1;
    const members = f.kind === "cache" ? cacheMembers(r.config, ss) : [];
    if (explicitAz || azs.length === 1 || multiAzDb || members.length) {
      const az = explicitAz ?? members[0] ?? azs[0];
      nodes.push({ ...base, id: main2, vpc, subnet: subnetIn(ss, az, vpc)?.address });
      if (multiAzDb) {
        nodes.push({ id: `${main2}_standby`, address: `${r.address}#standby`, resource: r.address, kind: "standby", title: "RDS standby (synchronous)", name: displayName(r), details: ["AZ chosen by RDS"], region: r.region, vpc, subnet: subnetIn(ss, azs[1], vpc)?.address });
      }
      members.slice(1).forEach((maz, i) => {
        nodes.push({ id: `${main2}_m${i + 1}`, address: `${r.address}#replica-${i + 1}`, resource: r.address, kind: "replica member", title: "Cache replica", name: `${displayName(r)} #${i + 2}`, details: [], region: r.region, vpc, subnet: subnetIn(ss, maz, vpc)?.address });
      });
    } else {
      const tiers = [...new Set(ss.map((s) => s.tier))];
      nodes.push({ ...base, id: main2, vpc, spans: azs, spanTier: tiers.length === 1 ? tiers[0] : void 0 });
      if (f.kind === "autoscaling group") {
        for (const s of ss) {
          const nid = `instances_${id(s.address)}`;
          const existing = nodes.find((n) => n.id === nid);
          if (existing) existing.details.push(displayName(r));
          else nodes.push({ id: nid, address: `${s.address}#instances`, kind: "instances", title: "instances", name: "instances", details: [displayName(r)], region: r.region, vpc, subnet: s.address, members: [] });
          nodes.find((n) => n.id === nid).members.push(main2);
        }
      }
    }
  }
  const rules = securityRules(all2, known);
  const sgUsers = /* @__PURE__ */ new Map();
  for (const r of drawn) {
    const direct = refs.get(r.address) ?? [];
    const viaHelpers = direct.filter((a) => !drawnSet.has(a) && !a.startsWith("aws_security_group.") && !/security_group_(ingress|egress)?_?rule/.test(a)).flatMap((a) => refs.get(a) ?? []);
    for (const sg of new Set([...direct, ...viaHelpers].filter((a) => a.startsWith("aws_security_group.")))) sgUsers.set(sg, [...sgUsers.get(sg) ?? [], nodeOf.get(r.address)]);
  }
  const edges = [];
  const addEdge = (e) => {
    const same = edges.find((x) => x.from === e.from && x.to === e.to && x.label === e.label);
    if (same) same.sources.push(...e.sources.filter((s) => !same.sources.includes(s)));
    else edges.push({ ...e, sources: [...e.sources] });
  };
  const unmappedRules = [];
  const cidrNode = (cidr) => {
    const nid = cidr === "0.0.0.0/0" || cidr === "::/0" ? "internet" : `cidr_${cidr.replace(/[^0-9]/g, "_")}`;
    if (!nodes.some((n) => n.id === nid)) {
      const vpc = vpcs.find((v) => v.cidr === cidr);
      nodes.push(nid === "internet" ? { id: nid, address: "internet", kind: "internet", title: "Internet", name: "users and the internet", details: [] } : { id: nid, address: `cidr ${cidr}`, kind: "cidr", title: vpc ? `VPC ${cidr}` : `CIDR ${cidr}`, name: cidr, details: [] });
    }
    return nid;
  };
  const prefixListName = (expr) => json.data?.aws_ec2_managed_prefix_list?.[/^\$\{data\.aws_ec2_managed_prefix_list\.([^.]+)\.id\}$/.exec(expr)?.[1] ?? ""]?.name;
  const cdnNodes = drawn.filter((x) => familyOf(x.type).kind === "cdn").map((x) => nodeOf.get(x.address));
  const prefixPeers = (expr) => {
    const name = String(prefixListName(expr) ?? "prefix list");
    if (name === "com.amazonaws.global.cloudfront.origin-facing" && cdnNodes.length) return cdnNodes;
    const nid = `prefix_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
    if (!nodes.some((n) => n.id === nid)) nodes.push({ id: nid, address: `prefix list ${name}`, kind: "cidr", title: "Prefix list", name, details: [] });
    return [nid];
  };
  for (const rule of rules) {
    const mine = sgUsers.get(rule.group) ?? [];
    const peers = rule.peerGroup ? sgUsers.get(rule.peerGroup) ?? [] : rule.prefixList ? prefixPeers(rule.prefixList) : rule.cidr ? [cidrNode(rule.cidr)] : [];
    if (!mine.length || !peers.length) {
      unmappedRules.push(rule.address);
      continue;
    }
    for (const m of mine) for (const p of peers) {
      if (m === p) continue;
      addEdge({ from: rule.direction === "ingress" ? p : m, to: rule.direction === "ingress" ? m : p, label: rule.ports, kind: "traffic", sources: [rule.address] });
    }
  }
  for (const r of drawn.filter((x) => familyOf(x.type).kind === "cdn")) {
    const policy = String(r.config.default_cache_behavior?.viewer_protocol_policy ?? "allow-all");
    addEdge({ from: cidrNode("0.0.0.0/0"), to: nodeOf.get(r.address), label: policy === "allow-all" ? "HTTP/HTTPS" : "HTTPS", kind: "traffic", sources: [r.address] });
  }
  const linked = (a, b) => edges.some((e) => e.from === a && e.to === b || e.from === b && e.to === a);
  for (const r of drawn) {
    for (const [target, args] of referencesByArgument(r, drawnSet)) {
      const arg = args.find((a) => a !== "depends_on");
      if (!arg) continue;
      const reversed = REVERSED.has(arg);
      const label = arg === "replicate_source_db" ? byAddr.get(target)?.region !== r.region ? "cross-region async replication" : "async replication" : arg.replace(/_(arn|id|ids|name|arns)$/, "").replace(/_/g, " ");
      const from = nodeOf.get(reversed ? target : r.address);
      const to = nodeOf.get(reversed ? r.address : target);
      if (from !== to && !linked(from, to)) addEdge({ from, to, label, kind: arg === "replicate_source_db" ? "replication" : "reference", sources: [r.address] });
    }
  }
  for (const n of nodes) {
    for (const g of n.members ?? []) addEdge({ from: g, to: n.id, label: "", kind: "membership", sources: [nodes.find((x) => x.id === g).address] });
    if (!n.resource || n.address === n.resource) continue;
    const main2 = nodeOf.get(n.resource);
    if (n.kind === "standby") addEdge({ from: main2, to: n.id, label: "synchronous replication", kind: "replication", sources: [n.resource] });
    else if (n.kind === "replica member") addEdge({ from: main2, to: n.id, label: "async replication", kind: "replication", sources: [n.resource] });
  }
  const owners = /* @__PURE__ */ new Map();
  for (const r of drawn) {
    let frontier = [r.address];
    for (let depth = 0; depth < 3; depth++) {
      frontier = frontier.flatMap((a) => refs.get(a) ?? []).filter((a) => !drawnSet.has(a) && !STRUCTURAL.test(a));
      for (const a of frontier) owners.set(a, /* @__PURE__ */ new Set([...owners.get(a) ?? [], r.address]));
    }
  }
  const connectors = all2.filter((r) => !drawnSet.has(r.address) && !STRUCTURAL.test(r.type) && !/^(observability|network)$/.test(familyOf(r.type).tier));
  const inheritedOf = (r) => owners.has(r.address) ? [] : [...new Set((refs.get(r.address) ?? []).filter((a) => !drawnSet.has(a) && !STRUCTURAL.test(a)).flatMap((h) => [...owners.get(h) ?? []]))];
  for (const r of [...connectors.filter((c) => inheritedOf(c).length), ...connectors.filter((c) => !inheritedOf(c).length)]) {
    const direct = (refs.get(r.address) ?? []).filter((a) => drawnSet.has(a));
    const helpers = (refs.get(r.address) ?? []).filter((a) => !drawnSet.has(a) && !STRUCTURAL.test(a));
    const inherited = inheritedOf(r);
    const label = connectorLabel(r);
    if (inherited.length) {
      for (const o of inherited) for (const d of direct) {
        const [from, to] = [nodeOf.get(o), nodeOf.get(d)];
        if (o !== d && !linked(from, to)) addEdge({ from, to, label, kind: "reference", sources: [r.address] });
      }
      continue;
    }
    const through = [...new Set(helpers.flatMap((h) => (refs.get(h) ?? []).filter((a) => drawnSet.has(a))))].filter((a) => !direct.includes(a));
    if (direct.length && through.length && r.type !== "aws_autoscaling_policy") {
      for (const d of direct) for (const t of through) {
        const [from, to] = [nodeOf.get(d), nodeOf.get(t)];
        if (!linked(from, to)) addEdge({ from, to, label, kind: "reference", sources: [r.address] });
      }
      continue;
    }
    if (direct.length >= 2 && /_association$|_attachment$|^aws_autoscaling_policy$/.test(r.type)) {
      const subject = referencesIn(r.config.autoscaling_group_name ?? r.config.resource_arn ?? r.config.target_group_arn, known)[0];
      const to = subject && direct.includes(subject) ? subject : direct[direct.length - 1];
      for (const d of direct.filter((x) => x !== to)) {
        const [a, b] = [nodeOf.get(d), nodeOf.get(to)];
        if (!linked(a, b)) addEdge({ from: a, to: b, label, kind: "reference", sources: [r.address] });
      }
    }
  }
  const order = (a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return {
    stack,
    regions,
    vpcs,
    subnets,
    nodes: nodes.sort(order),
    edges: edges.sort((a, b) => `${a.from} ${a.to} ${a.label}`.localeCompare(`${b.from} ${b.to} ${b.label}`)),
    rules,
    unmappedRules,
    resources: all2
  };
}
function cacheMembers(c, ss) {
  const count = typeof c.num_cache_clusters === "number" ? c.num_cache_clusters : typeof c.num_node_groups === "number" ? c.num_node_groups * ((c.replicas_per_node_group ?? 0) + 1) : 1;
  const preferred = asArray(c.preferred_cache_cluster_azs).map(azOf).filter((x) => !!x);
  const azs = [...new Set(ss.map((s) => s.az))].sort();
  if (!azs.length && !preferred.length) return [];
  return Array.from({ length: count }, (_, i) => preferred[i] ?? azs[i % azs.length]);
}
function securityRules(all2, known) {
  const out = [];
  const sgRef = (v) => referencesIn(v, known).find((a) => a.startsWith("aws_security_group."));
  for (const r of all2) {
    const c = r.config;
    if (r.type === "aws_vpc_security_group_ingress_rule" || r.type === "aws_vpc_security_group_egress_rule") {
      const group = sgRef(c.security_group_id);
      if (!group) continue;
      out.push({
        address: r.address,
        direction: r.type.endsWith("ingress_rule") ? "ingress" : "egress",
        group,
        peerGroup: sgRef(c.referenced_security_group_id),
        cidr: c.cidr_ipv4 ?? c.cidr_ipv6 ?? (c.prefix_list_id ? `prefix list` : void 0),
        prefixList: c.prefix_list_id,
        ports: ports(c.ip_protocol, c.from_port, c.to_port),
        description: c.description
      });
    } else if (r.type === "aws_security_group_rule") {
      const group = sgRef(c.security_group_id);
      if (!group) continue;
      const peer = c.self === true ? group : sgRef(c.source_security_group_id);
      for (const cidr of peer ? [void 0] : asArray(c.cidr_blocks).concat(asArray(c.ipv6_cidr_blocks))) {
        out.push({ address: r.address, direction: c.type === "egress" ? "egress" : "ingress", group, peerGroup: peer, cidr, ports: ports(c.protocol, c.from_port, c.to_port), description: c.description });
      }
    } else if (r.type === "aws_security_group") {
      for (const direction of ["ingress", "egress"]) {
        asArray(c[direction]).forEach((b, i) => {
          const peers = referencesIn(b.security_groups, known).filter((a) => a.startsWith("aws_security_group."));
          for (const peer of peers.length ? peers : [void 0]) {
            for (const cidr of peer ? [void 0] : asArray(b.cidr_blocks)) {
              out.push({ address: `${r.address}.${direction}[${i}]`, direction, group: r.address, peerGroup: peer, cidr, ports: ports(b.protocol, b.from_port, b.to_port), description: b.description });
            }
          }
        });
      }
    }
  }
  return out;
}
function connectorLabel(r) {
  if (typeof r.config.policy === "string" && r.config.policy.includes("Action")) {
    try {
      const doc = JSON.parse(r.config.policy);
      const actions = asArray(doc.Statement).flatMap((s) => asArray(s.Action));
      if (actions.length) return actions.length > 1 ? `${actions[0]} +${actions.length - 1}` : actions[0];
    } catch {
    }
  }
  if (r.type === "aws_autoscaling_policy") return "scales on";
  return r.type.replace(/^aws_/, "").replace(/_/g, " ");
}

// src/deliverables/plan.ts
function summarizePlan(plan, source = "the plan") {
  if (!plan || !Array.isArray(plan.resource_changes)) {
    throw new Error(`${source} has no resource_changes: pass the JSON of a saved plan (terraform show -json plan.tfplan > plan.json)`);
  }
  const rows = /* @__PURE__ */ new Map();
  const totals = { create: 0, update: 0, delete: 0, replace: 0 };
  for (const rc of plan.resource_changes) {
    if (rc.mode !== "managed") continue;
    const actions = rc.change?.actions ?? [];
    const row = rows.get(rc.type) ?? { tier: familyOf(rc.type).tier, type: rc.type, create: 0, update: 0, delete: 0, replace: 0 };
    rows.set(rc.type, row);
    if (actions.includes("create") && actions.includes("delete")) {
      row.replace++;
      totals.replace++;
      row.create++;
      row.delete++;
      totals.create++;
      totals.delete++;
    } else if (actions.includes("create")) {
      row.create++;
      totals.create++;
    } else if (actions.includes("delete")) {
      row.delete++;
      totals.delete++;
    } else if (actions.includes("update")) {
      row.update++;
      totals.update++;
    }
  }
  const sorted = [...rows.values()].filter((r) => r.create + r.update + r.delete > 0).sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) || a.type.localeCompare(b.type));
  return { source, totals, rows: sorted };
}

// src/deliverables/live.ts
var import_node_crypto = require("node:crypto");
var sha256 = (s) => (0, import_node_crypto.createHash)("sha256").update(s, "utf8").digest("hex");
var hmac = (key, s) => (0, import_node_crypto.createHmac)("sha256", key).update(s, "utf8").digest();
function signQuery(url, body, region, service, creds, now = /* @__PURE__ */ new Date()) {
  const u = new URL(url);
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, "");
  const date = amzDate.slice(0, 8);
  const headers = {
    "content-type": "application/x-www-form-urlencoded; charset=utf-8",
    host: u.host,
    "x-amz-date": amzDate,
    ...creds.sessionToken ? { "x-amz-security-token": creds.sessionToken } : {}
  };
  const names = Object.keys(headers).sort();
  const canonical = ["POST", u.pathname || "/", "", names.map((k) => `${k}:${headers[k]}
`).join(""), names.join(";"), sha256(body)].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date), region), service), "aws4_request");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${(0, import_node_crypto.createHmac)("sha256", key).update(toSign, "utf8").digest("hex")}`;
  return headers;
}
var all = (xml, tag) => [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => m[1]);
var one = (xml, tag) => all(xml, tag)[0] ?? "";
var regionOfArn = (arn) => typeof arn === "string" ? arn.split(":")[3] : void 0;
async function liveFacts(view, opts = {}) {
  const env = opts.env ?? process.env;
  const doFetch = opts.fetch ?? fetch;
  const facts = { instances: [], targets: [], probes: [], errors: [] };
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
    facts.errors.push('no AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment: export credentials (e.g. `eval "$(aws configure export-credentials --format env)"`) and run again');
    return facts;
  }
  const creds = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || void 0 };
  const call = async (service, host, region, params) => {
    const url = env.AWS_ENDPOINT_URL ? `${env.AWS_ENDPOINT_URL.replace(/\/$/, "")}/` : `https://${host}.${region}.amazonaws.com/`;
    const body = new URLSearchParams(params).toString();
    const res = await doFetch(url, { method: "POST", body, headers: signQuery(url, body, region, service, creds), signal: AbortSignal.timeout(opts.timeoutMs ?? 1e4) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${params.Action} ${res.status}: ${one(text, "Message") || text.slice(0, 200)}`);
    return text;
  };
  const fallbackRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  for (const g of view.resources.filter((r) => r.type === "aws_autoscaling_group")) {
    const name = String(g.attributes.name);
    try {
      const xml = await call("autoscaling", "autoscaling", regionOfArn(g.attributes.arn) ?? fallbackRegion, { Action: "DescribeAutoScalingGroups", Version: "2011-01-01", "AutoScalingGroupNames.member.1": name });
      for (const m of all(one(xml, "Instances"), "member")) {
        facts.instances.push({ group: name, id: one(m, "InstanceId"), az: one(m, "AvailabilityZone"), state: one(m, "LifecycleState"), health: one(m, "HealthStatus"), type: one(m, "InstanceType") });
      }
    } catch (e) {
      facts.errors.push(`Auto Scaling group ${name}: ${e.message}`);
    }
  }
  for (const t of view.resources.filter((r) => /^aws_(lb|alb)_target_group$/.test(r.type))) {
    const name = String(t.attributes.name);
    try {
      const xml = await call("elasticloadbalancing", "elasticloadbalancing", regionOfArn(t.attributes.arn) ?? fallbackRegion, { Action: "DescribeTargetHealth", Version: "2015-12-01", TargetGroupArn: String(t.attributes.arn) });
      for (const m of all(one(xml, "TargetHealthDescriptions"), "member")) {
        facts.targets.push({ group: name, id: one(one(m, "Target"), "Id"), port: one(one(m, "Target"), "Port"), state: one(one(m, "TargetHealth"), "State") });
      }
    } catch (e) {
      facts.errors.push(`target group ${name}: ${e.message}`);
    }
  }
  for (const lb of view.resources.filter((r) => /^aws_(lb|alb)$/.test(r.type) && r.attributes.dns_name)) {
    const url = `http://${lb.attributes.dns_name}/`;
    try {
      const res = await doFetch(url, { method: "GET", redirect: "manual", signal: AbortSignal.timeout(opts.timeoutMs ?? 1e4) });
      facts.probes.push({ url, result: `HTTP ${res.status}` });
    } catch (e) {
      const cause = e.cause?.code;
      facts.probes.push({ url, result: `no answer (${cause ?? e.message})` });
    }
  }
  return facts;
}
function liveMarkdown(f, at) {
  const azs = (group) => {
    const counts = /* @__PURE__ */ new Map();
    for (const i of f.instances.filter((x) => x.group === group)) counts.set(i.az, (counts.get(i.az) ?? 0) + 1);
    return [...counts.entries()].sort().map(([az, n]) => `${az}: ${n}`).join(", ");
  };
  const groups = [...new Set(f.instances.map((i) => i.group))];
  return [
    `## Live (asked of AWS at ${at.toISOString()})`,
    "",
    table(["Auto Scaling group", "instances by AZ", "InService and Healthy"], groups.map((g) => [g, azs(g), `${f.instances.filter((i) => i.group === g && i.state === "InService" && i.health === "Healthy").length} of ${f.instances.filter((i) => i.group === g).length}`])),
    "",
    table(["Auto Scaling group", "instance", "AZ", "lifecycle", "health", "type"], f.instances.map((i) => [i.group, i.id, i.az, i.state, i.health, i.type])),
    "",
    "**Registered targets**",
    "",
    table(["target group", "target", "port", "health"], f.targets.map((t) => [t.group, t.id, t.port, t.state])),
    "",
    "**The load balancer on its DNS name**",
    "",
    table(["URL", "result"], f.probes.map((p) => [p.url, p.result])),
    "",
    ...f.errors.length ? ["**Could not ask**", "", ...f.errors.map((e) => `- ${e}`), ""] : []
  ].join("\n");
}

// src/deliverables/proofs.ts
function readState(state, source = "the state") {
  if (state?.values?.root_module || state?.format_version) {
    const resources3 = [];
    const visit = (mod) => {
      for (const r of mod?.resources ?? []) if (r.mode === "managed") resources3.push({ address: r.address, type: r.type, attributes: r.values ?? {} });
      for (const child of mod?.child_modules ?? []) visit(child);
    };
    visit(state.values?.root_module);
    const outputs2 = Object.fromEntries(Object.entries(state.values?.outputs ?? {}).map(([k, v]) => [k, v.value]));
    return { resources: resources3, outputs: outputs2, version: state.terraform_version };
  }
  if (!Array.isArray(state?.resources)) throw new Error(`${source} is not a Terraform state (no resources): pass terraform.tfstate or \`terraform show -json\` output`);
  const resources2 = [];
  for (const r of state.resources) {
    if (r.mode !== "managed") continue;
    for (const inst of r.instances ?? []) {
      const key = inst.index_key === void 0 ? "" : `[${JSON.stringify(inst.index_key)}]`;
      resources2.push({ address: `${r.module ? `${r.module}.` : ""}${r.type}.${r.name}${key}`, type: r.type, attributes: inst.attributes ?? {} });
    }
  }
  const outputs = Object.fromEntries(Object.entries(state.outputs ?? {}).map(([k, v]) => [k, v.value]));
  return { resources: resources2, outputs, version: state.terraform_version, serial: state.serial };
}
var list = (v) => Array.isArray(v) ? v : v === void 0 || v === null ? [] : [v];
function proofsMarkdown(stack, view, source) {
  const of = (type) => view.resources.filter((r) => typeof type === "string" ? r.type === type : type.test(r.type));
  const subnetAz = new Map(of("aws_subnet").map((s) => [s.attributes.id, s.attributes.availability_zone]));
  const tgName = new Map(of(/^aws_(lb|alb)_target_group$/).map((t) => [t.attributes.arn, t.attributes.name]));
  const out = [
    `# ${stack}: proofs from the applied state`,
    "",
    `Read from ${source}${view.version ? ` (Terraform ${view.version}${view.serial !== void 0 ? `, serial ${view.serial}` : ""})` : ""}: ${view.resources.length} managed resources. Generated by \`npm run deliverables -- ${stack} --state <file>\`.`,
    "",
    "## Load balancer",
    "",
    table(["load balancer", "DNS name", "scheme", "Availability Zones", "ARN"], of(/^aws_(lb|alb)$/).map((l) => [
      l.attributes.name,
      l.attributes.dns_name,
      l.attributes.internal ? "internal" : "internet-facing",
      [...new Set(list(l.attributes.subnets).map((s) => subnetAz.get(s) ?? s))].sort().join(", "),
      l.attributes.arn
    ])),
    "",
    "**Listeners**",
    "",
    table(["listener", "protocol:port", "default action"], of(/^aws_(lb|alb)_listener$/).map((l) => [
      l.address,
      `${l.attributes.protocol}:${l.attributes.port}`,
      list(l.attributes.default_action).map((a) => `${a.type}${a.target_group_arn ? ` \u2192 ${tgName.get(a.target_group_arn) ?? a.target_group_arn}` : ""}`).join(", ")
    ])),
    "",
    "**Target groups and registered targets**",
    "",
    table(["target group", "protocol:port", "health check", "registered by"], of(/^aws_(lb|alb)_target_group$/).map((t) => [
      t.attributes.name,
      `${t.attributes.protocol}:${t.attributes.port}`,
      `${list(t.attributes.health_check)[0]?.path ?? "\u2013"}`,
      [
        ...of("aws_autoscaling_group").filter((g) => list(g.attributes.target_group_arns).includes(t.attributes.arn)).map((g) => `Auto Scaling group ${g.attributes.name} (instances register on launch)`),
        ...of(/^aws_(lb|alb)_target_group_attachment$/).filter((a) => a.attributes.target_group_arn === t.attributes.arn).map((a) => `target ${a.attributes.target_id}`)
      ].join("; ") || "nothing"
    ])),
    "",
    "## Auto Scaling groups",
    "",
    table(["Auto Scaling group", "min", "desired", "max", "Availability Zones (subnets)", "health check", "target groups"], of("aws_autoscaling_group").map((g) => [
      g.attributes.name,
      g.attributes.min_size,
      g.attributes.desired_capacity,
      g.attributes.max_size,
      [.../* @__PURE__ */ new Set([...list(g.attributes.vpc_zone_identifier).map((s) => subnetAz.get(s) ?? s), ...list(g.attributes.availability_zones)])].sort().join(", "),
      `${g.attributes.health_check_type} (grace ${g.attributes.health_check_grace_period} s)`,
      list(g.attributes.target_group_arns).map((a) => tgName.get(a) ?? a).join(", ")
    ])),
    "",
    `Instances by AZ are not in the state: add \`--live\` (asks AWS), or run \`aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ${of("aws_autoscaling_group").map((g) => g.attributes.name).join(" ") || "<name>"} --query 'AutoScalingGroups[].Instances[].[InstanceId,AvailabilityZone,LifecycleState,HealthStatus]' --output table\`.`,
    "",
    "## Data tier",
    "",
    table(["database", "role", "endpoint", "engine", "Multi-AZ", "AZ"], of("aws_db_instance").map((d) => [
      d.attributes.identifier,
      d.attributes.replicate_source_db ? `reader (replica of ${String(d.attributes.replicate_source_db).split(":").pop()})` : "writer",
      d.attributes.endpoint ?? d.attributes.address,
      `${d.attributes.engine} ${d.attributes.engine_version_actual ?? d.attributes.engine_version ?? ""}`,
      d.attributes.multi_az ? "yes" : "no",
      d.attributes.availability_zone
    ])),
    "",
    table(["cache", "primary endpoint", "reader endpoint", "nodes", "automatic failover"], of("aws_elasticache_replication_group").map((c) => [
      c.attributes.replication_group_id ?? c.attributes.id,
      c.attributes.primary_endpoint_address ?? c.attributes.configuration_endpoint_address,
      c.attributes.reader_endpoint_address,
      list(c.attributes.member_clusters).length || c.attributes.num_cache_clusters,
      c.attributes.automatic_failover_enabled ? "yes" : "no"
    ])),
    "",
    table(["queue", "URL", "ARN"], of("aws_sqs_queue").map((q2) => [q2.attributes.name, q2.attributes.url ?? q2.attributes.id, q2.attributes.arn])),
    "",
    "## Edge",
    "",
    table(["distribution", "domain name", "status", "aliases"], of("aws_cloudfront_distribution").map((d) => [d.attributes.id, d.attributes.domain_name, d.attributes.status, list(d.attributes.aliases).join(", ")])),
    "",
    "## Outputs",
    "",
    table(["output", "value"], Object.entries(view.outputs).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
    "",
    "## Everything in the state",
    "",
    table(["type", "count"], [...new Set(view.resources.map((r) => r.type))].sort().map((t) => [t, of(t).length])),
    ""
  ];
  return out.join("\n").replace(/(_none_\n\n)+/g, "_none_\n\n");
}

// src/deliverables/migration.ts
var STEP_TARGETS = [
  { title: "Package the app", match: /^aws_(s3_object|elastic_beanstalk_application|elastic_beanstalk_application_version|launch_template)$/ },
  // With the services come what they are configured with: the app's parameters, cache and queue (and so the empty database).
  { title: "Create the environment", match: /^aws_(elastic_beanstalk_environment|autoscaling_group|autoscaling_policy|autoscaling_schedule|lb|lb_listener|lb_listener_rule|lb_target_group|ssm_parameter|elasticache_replication_group|sqs_queue)$/ },
  { title: "Move the database", match: /^aws_(db_[a-z_]+|rds_[a-z_]+|backup_[a-z_]+)$/ },
  { title: "Set up the delivery pipeline", match: /^aws_(codepipeline|codebuild_project|codedeploy_[a-z_]+|codestarconnections_connection)$/ },
  { title: "Cut over gradually", match: /./ }
];
var LATE = /^aws_(cloudwatch_metric_alarm|cloudwatch_dashboard|cloudtrail|budgets_budget|ce_[a-z_]+|route53_[a-z_]+|cloudfront_[a-z_]+|wafv2_[a-z_]+|sns_topic_subscription)$/;
function migrationSteps(json) {
  const all2 = resources(json);
  const known = new Set(all2.map((r) => r.address));
  const beanstalk = all2.some((r) => r.type === "aws_elastic_beanstalk_environment");
  const deps = new Map(
    all2.map((r) => [
      r.address,
      [.../* @__PURE__ */ new Set([...referencesIn(r.config, known, r.address), ...asArray(r.config.depends_on).map((d) => d.replace(/^\$\{|\}$/g, "")).filter((d) => known.has(d))])]
    ])
  );
  const done = /* @__PURE__ */ new Set();
  return STEP_TARGETS.map(({ title, match }, i) => {
    const anchor = (type) => match.test(type) && !(i === 0 && beanstalk && type === "aws_launch_template");
    const laterAnchor = (type) => LATE.test(type) || STEP_TARGETS.slice(i + 1, 4).some((s) => s.match.test(type));
    const targets = all2.filter((r) => !done.has(r.address) && anchor(r.type)).map((r) => r.address);
    const created = /* @__PURE__ */ new Set();
    const visit = (addr) => {
      if (done.has(addr)) return;
      done.add(addr);
      created.add(addr);
      for (const d of deps.get(addr) ?? []) visit(d);
    };
    targets.forEach(visit);
    const free = (addr) => !done.has(addr) && (deps.get(addr) ?? []).length === 0;
    for (let grew = i < 4; grew; ) {
      grew = false;
      for (const r of all2) {
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
var typeCounts = (addresses) => {
  const counts = /* @__PURE__ */ new Map();
  for (const a of addresses) counts.set(a.split(".")[0], (counts.get(a.split(".")[0]) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
};
function resourceList(step, n) {
  if (step.creates.length === 0) return "_Creates nothing in this stack._\n";
  const summary = typeCounts(step.creates).map(([t, n2]) => `${t} \xD7${n2}`).join(", ");
  return [
    `Creates **${step.creates.length}** resources: ${summary}. Apply exactly these (Terraform adds nothing else: every dependency is listed):`,
    "",
    "```sh",
    `cat > step-${n}.targets <<'EOF'`,
    ...step.creates,
    "EOF",
    `terraform apply $(sed 's/^/-target=/' step-${n}.targets)`,
    "```",
    ""
  ].join("\n");
}
function migrationMarkdown(stack, json) {
  const all2 = resources(json);
  const region = providerRegions(json).get("aws") ?? "unknown region";
  const steps = migrationSteps(json);
  const envs = all2.filter((r) => r.type === "aws_elastic_beanstalk_environment");
  const beanstalk = envs.length > 0;
  const live = envs.find((e) => !String(e.config.cname_prefix ?? "").endsWith("-idle")) ?? envs[0];
  const newTarget = live ? `${live.config.cname_prefix}.${region}.elasticbeanstalk.com` : "$(terraform output -raw alb_dns_name)";
  const db = all2.find((r) => r.type === "aws_db_instance" && r.config.replicate_source_db === void 0 && r.provider === "aws");
  const pipeline = steps[3].creates.length > 0;
  const dbWindow = db ? databaseSection(db, beanstalk) : "_This stack has no database: nothing to move._\n";
  const cdFirst = `cd cdktf.out/stacks/${stack} && terraform init`;
  const section = (n, body, rollback) => [`## ${n}. ${steps[n - 1].title}`, "", body.trim(), "", resourceList(steps[n - 1], n), `**Rollback:** ${rollback.trim()}`, ""].join("\n");
  return [
    `# Migration runbook: ${stack}`,
    "",
    `Generated by \`npm run deliverables\` from \`cdktf.out/stacks/${stack}/cdk.tf.json\` (${all2.length} resources, region ${region}).`,
    "It moves an app from its single server onto this stack in five steps. Each step applies a `-target` set; the",
    "resources listed are exactly what that apply creates (its targets and what they reference that an earlier step",
    "did not create). Keep the old server serving until step 5 moves traffic. Run everything from the stack folder:",
    "",
    "```sh",
    cdFirst,
    "```",
    "",
    section(
      1,
      `${beanstalk ? "The app becomes a source bundle (`Procfile` for the Python platform, `Dockerfile` for the Docker platform; the bundle is zipped by cdktf at synth) in a private bucket, registered as an application version." : "The app becomes the launch template: user data installs it as a systemd service on every instance."} Test the bundle locally first (\`python3 app.py\`, or \`docker build\` and \`docker run -p 8000:8000\`).`,
      "nothing serves traffic yet: `terraform destroy` with the same `-target` flags removes the bucket and version."
    ),
    section(
      2,
      `${beanstalk ? `The Elastic Beanstalk environment${envs.length > 1 ? "s" : ""} (${envs.map((e) => `\`${e.config.name}\``).join(", ")}) with ${envs.length > 1 ? "their" : "its"} ALB, instances in the private app subnets and memory scaling.` : "The Auto Scaling groups behind the ALB."} Resources the environment references come with it: the network, security groups, roles${db ? ", and the **empty** database (its endpoint and secret ARN are the app's settings)" : ""}. Check health after the apply below:

${beanstalk ? `\`\`\`sh
aws elasticbeanstalk describe-environments --region ${region} --environment-names ${envs.map((e) => e.config.name).join(" ")} --query 'Environments[].[EnvironmentName,Health,CNAME]' --output table
curl -fsS https://${newTarget}/health
\`\`\`` : '```sh\ncurl -fsS "$(terraform output -raw site_url)/health"\n```'}`,
      `DNS still points at the old server, so users never saw it: \`terraform destroy\` with step 2's \`-target\` flags (the database is empty, nothing is lost).`
    ),
    section(3, `${dbWindow}

This step also creates the rest of the data tier (read replicas, the DR region's replica and network, backups).`, db ? "until step 5 the old database stays the source of truth: drop and repeat the restore (or restart the DMS task). After cutover, a rollback must carry writes back: keep a reverse DMS task (RDS \u2192 old server) ready, or accept losing writes made on RDS since cutover." : "nothing to roll back."),
    section(
      4,
      pipeline ? `The application pipeline (source \u2192 build \u2192 deploy): ${deployTargets(all2)}.${beanstalk && envs.length > 1 ? ` Test the release there, then \`npm run bluegreen -- ${stack} swap --run\` makes it live.` : ""}` : `This stack has no pipeline resources yet (the delivery-pipeline issue adds CodePipeline). Until then release with ${beanstalk && envs.length > 1 ? `\`npm run bluegreen -- ${stack} deploy\` (idle environment) and \`npm run bluegreen -- ${stack} swap\`` : beanstalk ? "`eb deploy` or `aws elasticbeanstalk update-environment --version-label <label>`" : "a Terraform apply (a new launch template version starts an instance refresh)"}.`,
      beanstalk ? `deploy the previous version: \`aws elasticbeanstalk update-environment --region ${region} --environment-name <env> --version-label <previous label>\`${envs.length > 1 ? `, or swap back with \`npm run bluegreen -- ${stack} swap\`` : ""}.` : "apply the previous commit; the instance refresh rolls the fleet back."
    ),
    section(5, cutoverSection(stack, newTarget) + "\n\nBefore stage 1, create everything else in the stack (alarms, dashboard, audit trail, budgets, edge):", "set the weights back to 100 (old server) / 0 (new) with the same change batch; with a 60 s TTL clients follow within about a minute. Keep the old server running (and in sync, see step 3) for at least a week.")
  ].join("\n");
}
function deployTargets(all2) {
  const targets = all2.filter((r) => r.type === "aws_codepipeline").flatMap((r) => asArray(r.config.stage).filter((st) => st.name === "Deploy").flatMap((st) => asArray(st.action))).map((a) => a.provider === "ElasticBeanstalk" ? `Elastic Beanstalk deploys to \`${a.configuration?.EnvironmentName}\`` : `${a.provider} deploys \`${a.configuration?.DeploymentGroupName ?? a.name}\``);
  return targets.length ? targets.join("; ") : "no deploy stage found";
}
function databaseSection(db, beanstalk) {
  const engine = String(db.config.engine ?? "postgres");
  const storage = Number(db.config.allocated_storage ?? 0);
  const pg = engine === "postgres";
  const setting = beanstalk ? "the environment property `DB_WRITER_ENDPOINT` (already set to RDS)" : "the SSM parameter `DB_WRITER_ENDPOINT` (already set to RDS)";
  return [
    `The database is RDS ${engine} (\`${db.address}\`, ${db.config.instance_class}, ${storage} GiB allocated${db.config.multi_az ? ", Multi-AZ" : ""}, encrypted, master password in Secrets Manager). Two ways to move the data:`,
    "",
    "| | dump / restore | AWS DMS (full load + change data capture) |",
    "|---|---|---|",
    "| downtime (cutover window) | writes stop for the whole dump + restore: measure both in a rehearsal on a copy; the window is their sum plus the endpoint switch | writes stop only while replication catches up (seconds once lag is 0) and the endpoint switches |",
    "| fits | databases that copy within the maintenance window the business accepts (tens of GB) | larger databases, or no acceptable write pause |",
    "| cost and effort | two commands | a replication instance for days, source logical replication settings, table mappings |",
    "",
    "Dump / restore (writes stopped on the old server first):",
    "",
    "```sh",
    ...pg ? [
      'export PGPASSWORD=$(aws secretsmanager get-secret-value --secret-id "$(terraform output -raw db_credentials_arn)" --query SecretString --output text | jq -r .password)',
      "pg_dump -h <old-server> -U <old-user> -Fd -j 4 -f app.dump <db>",
      'pg_restore -h "$(terraform output -raw db_endpoint | cut -d: -f1)" -U app_admin -d app -j 4 --no-owner app.dump'
    ] : [
      "mysqldump -h <old-server> -u <old-user> -p --single-transaction --routines <db> > app.sql",
      'mysql -h "$(terraform output -raw db_endpoint | cut -d: -f1)" -u app_admin -p app < app.sql'
    ],
    "```",
    "",
    `DMS: create a replication instance in the stack's private app subnets, a source endpoint for the old server (${pg ? "`wal_level=logical`" : "binary logging, ROW format"}), a target endpoint for the RDS writer, and a full-load-and-cdc task; cut over when \`CDCLatencySource\` and \`CDCLatencyTarget\` are near 0. Either way the app reads ${setting}, so the switch is moving users (step 5), not reconfiguring the app.`
  ].join("\n");
}
function cutoverSection(stack, newTarget) {
  const batch = (oldWeight, newWeight) => JSON.stringify(
    {
      Comment: `${stack}: ${newWeight}% to the new platform`,
      Changes: [
        { Action: "UPSERT", ResourceRecordSet: { Name: "www.example.com", Type: "CNAME", SetIdentifier: "old-server", Weight: oldWeight, TTL: 60, ResourceRecords: [{ Value: "old-server.example.com" }] } },
        { Action: "UPSERT", ResourceRecordSet: { Name: "www.example.com", Type: "CNAME", SetIdentifier: "new-platform", Weight: newWeight, TTL: 60, ResourceRecords: [{ Value: newTarget }] } }
      ]
    },
    null,
    2
  );
  return [
    "Weighted Route 53 records send a growing share of users to the new platform while the old server keeps the rest. Lower the",
    "record's TTL to 60 s a day before. Replace `www.example.com` and `old-server.example.com` with your names and apply each",
    "stage with `aws route53 change-resource-record-sets --hosted-zone-id <zone> --change-batch file://stage.json`:",
    "",
    "| stage | old server | new platform | hold, and watch |",
    "|---|---|---|---|",
    "| 1 | 90 | 10 | 1 hour: 5xx, p95 latency and memory alarms quiet, error logs |",
    "| 2 | 50 | 50 | 1 day: a full daily peak |",
    "| 3 | 0 | 100 | 1 week with the old server on standby, then retire it |",
    "",
    "Stage 1 change batch:",
    "",
    "```json",
    batch(90, 10),
    "```",
    "",
    "With a database moved by dump/restore, both sides must write to ONE database during stages 1-2: point the old server at the RDS writer after the restore (step 3), so only the web tier is split."
  ].join("\n");
}

// src/deliverables/render.ts
var graphviz;
var builtinModule = process.getBuiltinModule?.("node:module") ?? require("node:module");
var nodeRequire = builtinModule.createRequire(__filename);
function loadGraphviz() {
  graphviz ??= (async () => {
    let mod;
    try {
      mod = nodeRequire("@hpcc-js/wasm-graphviz");
    } catch (e) {
      if (e.code !== "ERR_REQUIRE_ESM") throw e;
      mod = await new Function("s", "return import(s)")("@hpcc-js/wasm-graphviz");
    }
    return mod.Graphviz.load();
  })();
  return graphviz;
}
async function renderSvg(dot) {
  const gv = await loadGraphviz();
  return gv.dot(dot, "svg");
}
function svgToPng(svg, zoom = 1.5) {
  const { Resvg } = nodeRequire("@resvg/resvg-js");
  const text = svg.replace(/font-family="[^"]*"/g, 'font-family="Liberation Sans, Arial, Helvetica, DejaVu Sans Condensed, DejaVu Sans, sans-serif"');
  const r = new Resvg(text, { fitTo: { mode: "zoom", value: zoom }, background: "white", font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" } });
  return r.render().asPng();
}

// src/deliverables/index.ts
var readJson = (file, what) => {
  if (!(0, import_node_fs.existsSync)(file)) throw new Error(`${what} ${file} does not exist`);
  return parseStack((0, import_node_fs.readFileSync)(file, "utf8"), file);
};
function stackFile(synthDir, stack) {
  return (0, import_node_path.join)(synthDir, "stacks", stack, "cdk.tf.json");
}
async function architectureSvg(stack, json) {
  const model = buildModel(stack, json);
  return { svg: await renderSvg(toDot(model)), model };
}
async function generate(stack, opts) {
  const started = performance.now();
  const source = stackFile(opts.synthDir, stack);
  const json = readJson(source, "synthesized stack");
  const dir = (0, import_node_path.join)(opts.outDir, stack);
  (0, import_node_fs.mkdirSync)(dir, { recursive: true });
  const files = [];
  const write = (name, data2) => {
    (0, import_node_fs.writeFileSync)((0, import_node_path.join)(dir, name), data2);
    files.push((0, import_node_path.join)(dir, name));
  };
  const diagramStart = performance.now();
  const { svg, model } = await architectureSvg(stack, json);
  write("architecture.svg", svg);
  const diagramMs = performance.now() - diagramStart;
  if (opts.png !== false) write("architecture.png", svgToPng(svg));
  if (opts.compare) {
    const compared = await renderSvg(beforeAfterDot(model));
    write("before-after.svg", compared);
    if (opts.png !== false) write("before-after.png", svgToPng(compared));
  }
  const inventory = buildInventory(model);
  write("inventory.json", `${JSON.stringify(inventory, null, 2)}
`);
  write("inventory.md", inventoryMarkdown(inventory));
  if (opts.stateFile) {
    const view = readState(readJson(opts.stateFile, "state file"), opts.stateFile);
    const live = opts.live ? `
${liveMarkdown(await liveFacts(view), /* @__PURE__ */ new Date())}` : "";
    write("proofs.md", proofsMarkdown(stack, view, opts.stateFile) + live);
  }
  write("migration.md", migrationMarkdown(stack, json));
  const plan = opts.planFile ? summarizePlan(readJson(opts.planFile, "plan file"), opts.planFile) : void 0;
  const links = [
    { title: "migration runbook", href: "migration.md" },
    ...opts.compare ? [{ title: "before / after", href: "before-after.svg" }] : [],
    ...(0, import_node_fs.existsSync)((0, import_node_path.join)(dir, "proofs.md")) ? [{ title: "proofs", href: "proofs.md" }] : [],
    ...(0, import_node_fs.existsSync)((0, import_node_path.join)(dir, "cost.md")) ? [{ title: "cost estimate", href: "cost.md" }] : []
  ];
  write("design.md", designMarkdown(model, { plan, links, source: `cdktf.out/stacks/${stack}/cdk.tf.json` }));
  return { stack, files, model, diagramMs, totalMs: performance.now() - started };
}

// src/deliverables/cli.ts
var README_STACK = "ecommerce";
var README_PICTURE = (0, import_node_path2.join)("deliverables", "readme", "architecture.svg");
var USAGE = "usage: npm run deliverables [-- <stack>\u2026] [--plan <plan.json>] [--state <terraform.tfstate> [--live]] [--compare <stack>] [--readme] [--no-png]";
function parseArgs(argv) {
  const args = { stacks: [], compare: [], live: false, readme: false, png: true, synthDir: "cdktf.out", outDir: "deliverables" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new Error(`${a} needs a value
${USAGE}`);
      return v;
    };
    if (a === "--plan") args.plan = value();
    else if (a === "--state") args.state = value();
    else if (a === "--compare") args.compare.push(value());
    else if (a === "--readme") args.readme = true;
    else if (a === "--live") args.live = true;
    else if (a === "--no-png") args.png = false;
    else if (a === "--synth-dir") args.synthDir = value();
    else if (a === "--out") args.outDir = value();
    else if (a === "--help" || a === "-h") throw new Error(USAGE);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}
${USAGE}`);
    else args.stacks.push(a);
  }
  for (const c of args.compare) if (args.stacks.length && !args.stacks.includes(c)) args.stacks.push(c);
  if ((args.plan || args.state) && args.stacks.length !== 1) {
    throw new Error(`--plan and --state describe one stack: name it (e.g. npm run deliverables -- cafe --state terraform.tfstate)`);
  }
  if (args.live && !args.state) throw new Error("--live asks AWS about what a state holds: add --state <terraform.tfstate>");
  return args;
}
function availableStacks(synthDir) {
  const dir = (0, import_node_path2.join)(synthDir, "stacks");
  return (0, import_node_fs2.existsSync)(dir) ? (0, import_node_fs2.readdirSync)(dir).filter((s) => (0, import_node_fs2.existsSync)((0, import_node_path2.join)(dir, s, "cdk.tf.json"))).sort() : [];
}
async function main(argv, synth, log = (l) => process.stdout.write(`${l}
`)) {
  const args = parseArgs(argv);
  const started = performance.now();
  if (args.readme) {
    synth(README_STACK, args.synthDir);
    const r = await generate(README_STACK, { synthDir: args.synthDir, outDir: args.outDir, png: false });
    (0, import_node_fs2.mkdirSync)((0, import_node_path2.join)(args.outDir, "readme"), { recursive: true });
    (0, import_node_fs2.copyFileSync)((0, import_node_path2.join)(args.outDir, README_STACK, "architecture.svg"), (0, import_node_path2.join)(args.outDir, "readme", "architecture.svg"));
    log(`${(0, import_node_path2.join)(args.outDir, "readme", "architecture.svg")}: refreshed from ${README_STACK} (${r.model.resources.length} resources)`);
    return 0;
  }
  let have = availableStacks(args.synthDir);
  if (!have.length || args.stacks.some((s) => !have.includes(s))) {
    log(`synthesizing first (${args.synthDir}/stacks has ${have.length ? `no ${args.stacks.filter((s) => !have.includes(s)).join(", ")}` : "no stacks"})`);
    synth(void 0, args.synthDir);
    have = availableStacks(args.synthDir);
  }
  const missing = args.stacks.filter((s) => !have.includes(s));
  if (missing.length) throw new Error(`no synthesized stack ${missing.join(", ")} in ${args.synthDir}/stacks (have: ${have.join(", ") || "none"}): check the name or your STORMPROOF_PROFILES`);
  const stacks = args.stacks.length ? args.stacks : have;
  for (const stack of stacks) {
    const r = await generate(stack, { synthDir: args.synthDir, outDir: args.outDir, planFile: args.plan, stateFile: args.state, live: args.live, compare: args.compare.includes(stack), png: args.png });
    const unmapped = r.model.unmappedRules.length ? `; ${r.model.unmappedRules.length} security-group rule(s) with no drawn resource on one side` : "";
    log(`${stack}: ${r.files.map((f) => (0, import_node_path2.relative)(args.outDir, f).split("/").pop()).join(", ")} in ${(r.totalMs / 1e3).toFixed(2)} s (diagram ${(r.diagramMs / 1e3).toFixed(2)} s, ${r.model.nodes.length} nodes, ${r.model.edges.length} edges${unmapped})`);
  }
  log(`deliverables for ${stacks.length} stack(s) in ${args.outDir}/ in ${((performance.now() - started) / 1e3).toFixed(2)} s`);
  return 0;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  README_PICTURE,
  README_STACK,
  availableStacks,
  main,
  parseArgs
});
