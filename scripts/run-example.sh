#!/usr/bin/env bash
# Runs an example: checks prerequisites (scripts/setup.sh), builds and installs the modules the examples need
# (without running tests), then runs the example with exec:java.
# The examples use the processor only through annotationProcessorPaths and the Maven plugin only as a build
# plugin, so `-pl examples -am` alone would not build the processor: list every module a user's project needs
# (runtime, processor, maven-plugin; the parent comes with -am). .ci/run proves this from a fresh clone with a
# local Maven repository that holds no io.bpfskel artifact (scripts/check-fresh-clone.sh). Loading needs root (or CAP_BPF + CAP_PERFMON,
# and CAP_NET_ADMIN for XDP).
# Usage: scripts/run-example.sh [NAME [ARGS...]]   NAME: flavors (the default), kconfig, execsnoop, xdp-counter, uprobe, tcp-cc, jvm-gc
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -q -B -DskipTests install -pl runtime,processor,maven-plugin,examples -am
[ $# -gt 0 ] || set -- flavors
# exec.args is one string that the exec plugin splits at spaces, honouring quotes
args=""
for a in "$@"; do
  if [[ "$a" != *'"'* ]]; then args+=" \"$a\""; else args+=" '$a'"; fi
done
exec mvn -q -B -pl examples exec:java -Dexec.args="${args# }"
