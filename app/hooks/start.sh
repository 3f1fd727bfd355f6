#!/bin/bash
# ApplicationStart: (re)start the systemd unit user data installed.
set -euo pipefail
systemctl daemon-reload
systemctl restart stormproof-app.service
