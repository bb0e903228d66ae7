#!/usr/bin/env bash
# Runs all tests: prerequisites (scripts/setup.sh), then the Maven build and tests with kernel tests
# required (a kernel test that cannot reach the kernel fails instead of being skipped).
# Kernel tests need root (CAP_BPF/CAP_SYS_ADMIN) and a kernel with BTF.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The fleet-check tests' kernels (Debian 6.1 and 6.12 BTF + config), cached outside the tree once
bash scripts/fetch-kernels.sh || echo "test.sh: warning: could not fetch the fleet kernels; fleet tests will fail with bpfskel.requireKernel=true" >&2
if [ "$(id -u)" != 0 ]; then
  echo "test.sh: warning: not root; kernel tests will fail with bpfskel.requireKernel=true" >&2
fi
mvn -B test -Dbpfskel.requireKernel=true "$@"
