import { MEMORY_AGENT_CONFIG } from '../beanstalk/beanstalk-bundle';

/** What a service's boot script needs. */
export interface UserDataProps {
  /** Resource name prefix of the service, e.g. `cafe-production-web` (a comment in the script). */
  readonly name: string;
  /** Short service name the app reports, e.g. `web`. */
  readonly serviceName: string;
  readonly appPort: number;
  readonly healthCheckPath: string;
  /** Env var name -> SSM parameter NAME (plain strings, fetched at boot). */
  readonly parameters: ReadonlyArray<readonly [string, string]>;
  /** Install the CloudWatch agent publishing memory use per Auto Scaling group. @default false */
  readonly memoryMetrics?: boolean;
  /** The app bundle: S3 key (carries the content hash), start and install commands; `demo` when it is the demo app. */
  readonly bundle: { readonly key: string; readonly start: string; readonly install?: string; readonly demo?: boolean };
  /** Env var name -> Secrets Manager secret ARN (fetched at boot). @default - none */
  readonly secrets?: ReadonlyArray<readonly [string, string]>;
  /** CloudWatch Logs group the agent ships the app's output to. */
  readonly logGroupName: string;
  /** Appended after the platform's setup. @default - none */
  readonly extraScript?: string;
}

/** Marks the part of user data that fetches and starts the app (tests extract and run it). */
export const APP_START_BEGIN = '# --- stormproof:app-start begin ---';
export const APP_START_END = '# --- stormproof:app-start end ---';

/** Single-quotes a string for the shell. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The boot script of a service instance: an unprivileged app user; then the app-start part (re-runnable scripts in
 * /opt/stormproof: `fetch-env.sh` writes the env file from SSM Parameter Store and Secrets Manager, names only,
 * never values; `fetch-bundle.sh` downloads the bundle from the private bucket and unpacks it; `run-app.sh` runs
 * its start command) under a hardened systemd unit with its output in a file the CloudWatch agent ships; then the
 * user's extra script. A static literal (no resource references), so it stays reviewable in the plan.
 */
export function renderUserData(props: UserDataProps): string {
  const base = '/opt/stormproof';
  const fetches = props.parameters.map(([envName, parameterName]) => `fetch ${envName} '${parameterName}'`);
  const secretFetches = (props.secrets ?? []).map(([envName, arn]) => `fetch_secret ${envName} '${arn}'`);
  const bundle = props.bundle;
  return [
    '#!/bin/bash',
    `# ${props.name}: runs the app bundle ${bundle.key} (${bundle.demo ? 'the Stormproof demo app' : 'your app'}) as a systemd service.`,
    '# Values come from SSM / Secrets Manager at boot; user data holds parameter names only, never secrets.',
    'set -euo pipefail',
    'id -u stormproof >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin stormproof',
    `install -d -m 0755 ${base} /var/log/stormproof`,
    '',
    APP_START_BEGIN,
    '# Re-runnable: refreshes the env file (then `systemctl restart stormproof-app`). Paths are relative to the script.',
    `cat > ${base}/fetch-env.sh <<'STORMPROOF_ENV'`,
    '#!/bin/bash',
    'set -euo pipefail',
    'BASE=$(cd "$(dirname "$0")" && pwd)',
    'REGION=$(printenv AWS_REGION || true)',
    'if [ -z "$REGION" ]; then',
    '  TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
    '  REGION=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)',
    'fi',
    'TMP=$(mktemp)',
    'retry() {',
    '  local attempt',
    '  for attempt in 1 2 3 4 5; do',
    '    if "$@"; then return 0; fi',
    '    sleep $((attempt * 2))',
    '  done',
    '  return 1',
    '}',
    'fetch() {',
    '  local value',
    '  value=$(retry aws ssm get-parameter --region "$REGION" --with-decryption --name "$2" --query Parameter.Value --output text) || { echo "cannot read SSM parameter $2 for $1" >&2; return 1; }',
    "  printf '%s=%s\\n' \"$1\" \"$value\" >> \"$TMP\"",
    '}',
    'fetch_secret() {',
    '  local value',
    '  value=$(retry aws secretsmanager get-secret-value --region "$REGION" --secret-id "$2" --query SecretString --output text) || { echo "cannot read secret $2 for $1" >&2; return 1; }',
    "  printf '%s=%s\\n' \"$1\" \"$value\" >> \"$TMP\"",
    '}',
    `printf '%s\\n' 'APP_PORT=${props.appPort}' 'SERVICE_NAME=${props.serviceName}' 'HEALTH_PATH=${props.healthCheckPath}' "AWS_REGION=$REGION" "AWS_DEFAULT_REGION=$REGION" > "$TMP"`,
    ...fetches,
    ...secretFetches,
    'if [ "$(id -u)" = 0 ] && id -u stormproof >/dev/null 2>&1; then install -m 0640 -o root -g stormproof "$TMP" "$BASE/app.env"; else install -m 0600 "$TMP" "$BASE/app.env"; fi',
    'rm -f "$TMP"',
    'STORMPROOF_ENV',
    '',
    '# Downloads the bundle (its key carries its content hash: a new bundle is a new launch template version) and unpacks it into app/.',
    `cat > ${base}/fetch-bundle.sh <<'STORMPROOF_BUNDLE'`,
    '#!/bin/bash',
    'set -euo pipefail',
    'BASE=$(cd "$(dirname "$0")" && pwd)',
    `KEY='${bundle.key}'`,
    'BUCKET=$(sed -n "s/^BUNDLE_BUCKET=//p" "$BASE/app.env")',
    'REGION=$(sed -n "s/^AWS_REGION=//p" "$BASE/app.env")',
    'if [ -f "$BASE/app/.stormproof-bundle" ] && [ "$(cat "$BASE/app/.stormproof-bundle")" = "$KEY" ]; then exit 0; fi  # baked into the image',
    'rm -rf "$BASE/app.new" "$BASE/bundle.zip"',
    'aws s3 cp --region "$REGION" --only-show-errors "s3://$BUCKET/$KEY" "$BASE/bundle.zip"',
    'python3 -m zipfile -e "$BASE/bundle.zip" "$BASE/app.new"',
    ...(bundle.install ? ['(cd "$BASE/app.new" && /bin/sh -c ' + shellQuote(bundle.install) + ')'] : []),
    'echo "$KEY" > "$BASE/app.new/.stormproof-bundle"',
    'rm -rf "$BASE/app" "$BASE/bundle.zip"',
    'mv "$BASE/app.new" "$BASE/app"',
    'STORMPROOF_BUNDLE',
    '',
    '# Started by systemd with app.env as its environment; runs the bundle\'s start command in its folder.',
    `cat > ${base}/run-app.sh <<'STORMPROOF_RUN'`,
    '#!/bin/bash',
    'set -euo pipefail',
    'cd "$(dirname "$0")/app"',
    `exec /bin/sh -c ${shellQuote(bundle.start)}`,
    'STORMPROOF_RUN',
    `chmod 0750 ${base}/fetch-env.sh ${base}/fetch-bundle.sh`,
    `chmod 0755 ${base}/run-app.sh`,
    `${base}/fetch-env.sh`,
    `${base}/fetch-bundle.sh`,
    APP_START_END,
    '# Where release hooks read the env file.',
    `install -d -m 0755 /etc/stormproof && ln -sf ${base}/app.env /etc/stormproof/app.env`,
    '',
    "cat > /etc/systemd/system/stormproof-app.service <<'STORMPROOF_UNIT'",
    '[Unit]',
    `Description=Stormproof app (${props.serviceName})`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'User=stormproof',
    'Group=stormproof',
    `EnvironmentFile=${base}/app.env`,
    `WorkingDirectory=${base}/app`,
    `ExecStart=${base}/run-app.sh`,
    'StandardOutput=append:/var/log/stormproof/app.log',
    'StandardError=append:/var/log/stormproof/app.log',
    'StateDirectory=stormproof-app',
    'Restart=always',
    'RestartSec=2',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'ProtectHome=yes',
    'PrivateTmp=yes',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    'STORMPROOF_UNIT',
    'systemctl daemon-reload',
    'systemctl enable --now stormproof-app.service',
    '',
    ...agentScript(props.logGroupName, props.memoryMetrics ?? false),
    ...(props.extraScript ? ['# --- your userData, after the platform\'s setup ---', props.extraScript.trimEnd(), ''] : []),
  ].join('\n');
}

/** The CloudWatch agent config: the app's log file to its log group, and memory use per Auto Scaling group when asked. */
export function agentConfig(logGroupName: string, memoryMetrics: boolean): string {
  const logs = {
    logs: { logs_collected: { files: { collect_list: [{ file_path: '/var/log/stormproof/app.log', log_group_name: logGroupName, log_stream_name: '{instance_id}' }] } } },
  };
  if (!memoryMetrics) return JSON.stringify({ agent: { metrics_collection_interval: 60 }, ...logs }, null, 2);
  return JSON.stringify({ ...JSON.parse(MEMORY_AGENT_CONFIG), ...logs }, null, 2);
}

/** Installs the CloudWatch agent: the app's log to CloudWatch Logs, and memory per Auto Scaling group (scaling and alarms read it). */
function agentScript(logGroupName: string, memoryMetrics: boolean): string[] {
  const config = '/opt/aws/amazon-cloudwatch-agent/etc/stormproof.json';
  return [
    `# CloudWatch agent: /var/log/stormproof/app.log to ${logGroupName}${memoryMetrics ? '; CWAgent mem_used_percent per Auto Scaling group (memory scaling and alarm)' : ''}.`,
    'command -v amazon-cloudwatch-agent-ctl >/dev/null 2>&1 || [ -x /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl ] || dnf install -y amazon-cloudwatch-agent',
    // The agent's own ${aws:...} placeholders are written as @{aws:...} and restored by sed (\x24 is '$'), so user
    // data keeps holding no Terraform-interpolation-like text.
    `cat > ${config} <<'STORMPROOF_CWAGENT'`,
    agentConfig(logGroupName, memoryMetrics).replaceAll('${aws:', '@{aws:'),
    'STORMPROOF_CWAGENT',
    `sed -i 's/@{aws:/\\x24{aws:/g' ${config}`,
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${config}`,
    '',
  ];
}
