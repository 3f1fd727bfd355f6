import { DEMO_APP_PY } from '../../../assets/demo-app';
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
  /** Install the CodeDeploy agent after the app (blue/green releases). @default false */
  readonly codeDeployAgent?: boolean;
}

/**
 * Appended to a blue/green service's user data (`codeDeployAgent`): installs and starts the CodeDeploy agent (AL2023 needs ruby) from
 * the region's official bucket, so a new instance, including every instance of a copied group, can
 * receive releases. No `${` so Terraform never reads it as interpolation.
 */
export const CODEDEPLOY_AGENT_SCRIPT = [
  '',
  '# CodeDeploy agent: releases arrive as revisions (appspec.yml + hooks) from the pipeline.',
  'dnf install -y ruby wget',
  'TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
  'REGION=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)',
  'wget -q -O /tmp/codedeploy-install "https://aws-codedeploy-$REGION.s3.$REGION.amazonaws.com/latest/install"',
  'chmod +x /tmp/codedeploy-install',
  '/tmp/codedeploy-install auto',
  'systemctl enable --now codedeploy-agent',
  '',
].join('\n');

/**
 * The boot script of a service instance: an unprivileged app user, the demo app, an env file fetched from
 * SSM Parameter Store (names only, never values) and a hardened systemd unit. A static literal, so it
 * stays reviewable in the plan.
 */
export function renderUserData(props: UserDataProps): string {
  const envDir = '/etc/stormproof';
  const fetches = props.parameters.map(
    ([envName, parameterName]) => `fetch ${envName} '${parameterName}'`,
  );
  return [
    '#!/bin/bash',
    `# ${props.name}: installs the Stormproof demo app as a systemd service. Values come from SSM at boot;`,
    '# user data holds parameter names only, never secrets.',
    'set -euo pipefail',
    'id -u stormproof >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin stormproof',
    `install -d -m 0755 /opt/stormproof ${envDir}`,
    "cat > /opt/stormproof/app.py <<'STORMPROOF_APP'",
    DEMO_APP_PY.trimEnd(),
    'STORMPROOF_APP',
    'chmod 0755 /opt/stormproof/app.py',
    '',
    '# Re-runnable: refreshes the env file from SSM (then `systemctl restart stormproof-app`).',
    "cat > /opt/stormproof/fetch-env.sh <<'STORMPROOF_ENV'",
    '#!/bin/bash',
    'set -euo pipefail',
    'TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
    'REGION=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)',
    `ENV_FILE=${envDir}/app.env`,
    'TMP=$(mktemp)',
    'fetch() {',
    '  local value attempt',
    '  for attempt in 1 2 3 4 5; do',
    '    if value=$(aws ssm get-parameter --region "$REGION" --with-decryption --name "$2" --query Parameter.Value --output text); then',
    "      printf '%s=%s\\n' \"$1\" \"$value\" >> \"$TMP\"",
    '      return 0',
    '    fi',
    '    sleep $((attempt * 2))',
    '  done',
    '  echo "cannot read SSM parameter $2 for $1" >&2',
    '  return 1',
    '}',
    `printf '%s\\n' 'APP_PORT=${props.appPort}' 'SERVICE_NAME=${props.serviceName}' 'HEALTH_PATH=${props.healthCheckPath}' > "$TMP"`,
    ...fetches,
    'install -m 0640 -o root -g stormproof "$TMP" "$ENV_FILE"',
    'rm -f "$TMP"',
    'STORMPROOF_ENV',
    'chmod 0750 /opt/stormproof/fetch-env.sh',
    '/opt/stormproof/fetch-env.sh',
    '',
    "cat > /etc/systemd/system/stormproof-app.service <<'STORMPROOF_UNIT'",
    '[Unit]',
    `Description=Stormproof demo app (${props.serviceName})`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'User=stormproof',
    'Group=stormproof',
    `EnvironmentFile=${envDir}/app.env`,
    'ExecStart=/usr/bin/python3 /opt/stormproof/app.py',
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
    ...(props.memoryMetrics ? memoryAgentScript() : []),
  ].join('\n') + (props.codeDeployAgent ? CODEDEPLOY_AGENT_SCRIPT : '');
}

/** Installs the CloudWatch agent and publishes memory use per Auto Scaling group (scaling and alarms read it). */
function memoryAgentScript(): string[] {
  const config = '/opt/aws/amazon-cloudwatch-agent/etc/stormproof-memory.json';
  return [
    '# Memory per Auto Scaling group (CWAgent mem_used_percent): the memory target-tracking policy and alarm read it.',
    'dnf install -y amazon-cloudwatch-agent',
    // The agent's own ${aws:...} placeholders are written as @{aws:...} and restored by sed (\x24 is '$'), so user
    // data keeps holding no Terraform-interpolation-like text.
    `cat > ${config} <<'STORMPROOF_CWAGENT'`,
    MEMORY_AGENT_CONFIG.replaceAll('${aws:', '@{aws:'),
    'STORMPROOF_CWAGENT',
    `sed -i 's/@{aws:/\\x24{aws:/g' ${config}`,
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${config}`,
    '',
  ];
}
