#!/bin/bash
# ApplicationStop: stop the running app before its files are replaced (absent on a fresh instance: fine).
set -euo pipefail
systemctl stop stormproof-app.service || true
