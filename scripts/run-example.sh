#!/usr/bin/env bash
# Runs the main example. Placeholder until the loader exists: checks prerequisites and builds
# and installs all modules (without tests), then says so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -q -DskipTests install
echo "example not yet available"
