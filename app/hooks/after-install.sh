#!/bin/bash
# AfterInstall: re-read the app's environment from SSM (endpoints may have moved since boot).
set -euo pipefail
/opt/stormproof/fetch-env.sh
