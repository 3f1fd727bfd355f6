/**
 * Every figure the simulator assumes, with where it comes from. One table, so the report, `--json` and
 * docs/simulator.md say the same thing. "AWS:" sources name the AWS documentation page; "estimate:" marks a
 * stormproof estimate (measure yours with `npm run load-test` and `--boot`).
 */

export interface Assumption {
  readonly name: string;
  readonly value: string;
  readonly source: string;
}

/** Seconds from the launch request until EC2 reports the instance running and Auto Scaling marks it InService. */
export const PENDING_SECONDS = 30;

/**
 * Seconds from InService until the app answers on its port, by the launch template's `stormproof:image-source`
 * tag. The default (no tag) is the platform's demo app, written by user data and started at first boot.
 */
export const BOOT_SECONDS_BY_IMAGE_SOURCE: Readonly<Record<string, { readonly seconds: number; readonly what: string; readonly source: string }>> = {
  baked: {
    seconds: 20,
    what: 'AMI with the app baked in (EC2 Image Builder): systemd starts it at boot',
    source: 'AWS: EC2 Image Builder User Guide (pre-installed software shortens instance start); estimate: 20 s service start',
  },
  ami: {
    seconds: 30,
    what: 'an AMI you name, app already installed: boot + service start',
    source: 'AWS: Amazon EC2 User Guide, "Amazon Machine Images"; estimate: 30 s',
  },
  'from-instance': {
    seconds: 20,
    what: 'AMI made from a configured instance (aws_ami_from_instance): the app starts with the OS',
    source: 'AWS: Amazon EC2 User Guide, "Create an Amazon EBS-backed AMI"; estimate: 20 s',
  },
  bundle: {
    seconds: 120,
    what: 'stock AL2023, user data downloads the app bundle from S3 and installs its dependencies',
    source: 'AWS: Amazon EC2 User Guide, "Run commands when you launch an EC2 instance with user data input" (user data runs once at first boot); estimate: 120 s with a dependency install',
  },
  demo: {
    seconds: 60,
    what: "the platform's demo app: user data writes a Python script and starts it at first boot",
    source: 'AWS: Amazon EC2 User Guide, user data at launch; estimate: 60 s (cloud-init + Python start on a t3 instance)',
  },
};

export const DEFAULT_IMAGE_SOURCE = 'demo';

/** Seconds a stopped warm-pool instance needs to start (already booted once, app installed). */
export const WARM_POOL_START_SECONDS = 25;

/** Seconds after a period closes until its datapoint is published and the alarm can see it. */
export const DEFAULT_METRIC_LAG_SECONDS = 60;

/** How late a scheduled action may fire (worst case modelled by default). */
export const SCHEDULE_DELAY_SECONDS = 120;

/** Milliseconds the app needs per request when idle (the demo app's /), before queueing. */
export const BASE_LATENCY_MS = 50;

/** Share of one request's work the backend spends on a request the ALB has already timed out. */
export const TIMED_OUT_WORK_SHARE = 0.25;

/** The assumptions of one run, each with its source. */
export function assumptionsOf(o: {
  stepSeconds: number;
  lagSeconds: number;
  scheduleDelaySeconds: number;
  bootOverride?: number;
  messagesPerRequest: number;
  messagesPerInstancePerSecond: number;
}): Assumption[] {
  const boot = Object.entries(BOOT_SECONDS_BY_IMAGE_SOURCE)
    .map(([k, v]) => `${k} ${v.seconds} s`)
    .join(', ');
  return [
    { name: 'time step', value: `${o.stepSeconds} s`, source: 'simulator resolution' },
    {
      name: 'metric publication lag',
      value: `${o.lagSeconds} s after each period closes; EC2 CPU every 60 s with detailed monitoring, every 300 s with basic (launch template monitoring); ALB and SQS metrics every 60 s`,
      source:
        'AWS: Amazon EC2 Auto Scaling User Guide, "Target tracking scaling policies" ("basic monitoring, which means metric data for instances is available at 5-minute intervals"; 5-minute metrics give "slower response times and scaling on stale metric data"); lag: estimate, about a minute',
    },
    {
      name: 'target tracking alarms',
      value: 'scale out after 3 consecutive datapoints above the target, scale in after 15 below 90 % of it; new capacity = ceil(capacity x metric / target)',
      source: 'AWS: Amazon EC2 Auto Scaling User Guide, "Target tracking scaling policies" (the AlarmHigh / AlarmLow alarms it creates: 3 datapoints within 3 minutes, 15 within 15 minutes for 1-minute metrics)',
    },
    {
      name: 'instance warm-up',
      value: "warming instances are left out of the group's aggregated metrics and count as capacity on its way; warm-up starts at InService; policy estimated_instance_warmup, else default_instance_warmup, else default_cooldown (300 s)",
      source:
        'AWS: Amazon EC2 Auto Scaling User Guide, "Set the default instance warmup" and "Available warm-up and cooldown settings" (EstimatedInstanceWarmup "defaults to ... the default instance warmup ... If default instance warmup is null, then it falls back to the value of default cooldown")',
    },
    {
      name: 'step scaling',
      value: "the alarm evaluates each period (M of N, treat_missing_data, statistic); while in ALARM the policy runs once per evaluation; min_adjustment_magnitude for percent steps",
      source: 'AWS: Amazon EC2 Auto Scaling User Guide, "Step and simple scaling policies"; Amazon CloudWatch User Guide, "Using Amazon CloudWatch alarms" (evaluating an alarm, missing data)',
    },
    {
      name: 'launch phases',
      value: `pending ${PENDING_SECONDS} s -> InService -> app boot (${o.bootOverride !== undefined ? `--boot ${o.bootOverride} s` : boot}) -> healthy after healthy_threshold x interval; warm-pool start ${WARM_POOL_START_SECONDS} s`,
      source: 'AWS: Amazon EC2 Auto Scaling User Guide, "Amazon EC2 Auto Scaling instance lifecycle"; Elastic Load Balancing, "Health checks for Application Load Balancer target groups"; boot figures: the image-source table in docs/simulator.md',
    },
    {
      name: 'health-check grace period',
      value: 'counted from InService; an ELB-checked instance still not healthy when it ends is replaced',
      source: 'AWS: Amazon EC2 Auto Scaling User Guide, "Set the health check grace period" ("how long Amazon EC2 Auto Scaling needs to wait before checking the health status of an instance after it enters the InService state")',
    },
    {
      name: 'overload',
      value: `load spreads evenly over healthy targets; beyond 100 % CPU requests queue (FIFO) up to what the group serves within the ALB idle_timeout; later ones time out (504) and still cost the backend ${TIMED_OUT_WORK_SHARE * 100} % of a request's work; p95 = queue wait + ${BASE_LATENCY_MS} ms x 3 / (1 - utilisation)`,
      source: 'AWS: Elastic Load Balancing, "Application Load Balancers" (connection idle timeout; HTTP 504 from the load balancer); latency curve: M/M/1 queueing estimate',
    },
    {
      name: 'scheduled actions',
      value: o.scheduleDelaySeconds > 0 ? `fire ${o.scheduleDelaySeconds} s after their cron minute (worst case; --on-time for none)` : 'fire on their cron minute (--on-time)',
      source: 'AWS: Amazon EC2 Auto Scaling User Guide, "Scheduled scaling", considerations ("the action might be delayed for up to two minutes from the scheduled start time")',
    },
    {
      name: 'workers',
      value: `${o.messagesPerRequest} messages per site request, ${o.messagesPerInstancePerSecond} message/s per instance`,
      source: 'estimate: pass your own with the API options',
    },
  ];
}
