#!/bin/bash
# ValidateService: the new version must answer 200 on its health path before CodeDeploy moves traffic;
# failing here fails the deployment and CodeDeploy rolls back.
set -euo pipefail
# shellcheck disable=SC1091
source /etc/stormproof/app.env
for attempt in $(seq 1 30); do
  if curl -fsS --max-time 2 "http://127.0.0.1:${APP_PORT}${HEALTH_PATH}" >/dev/null; then
    echo "healthy after ${attempt} attempt(s)"
    exit 0
  fi
  sleep 2
done
echo "http://127.0.0.1:${APP_PORT}${HEALTH_PATH} never answered 200" >&2
exit 1
