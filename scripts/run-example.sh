#!/usr/bin/env bash
# Runs the main example. Until the examples module has one, this is the loader's command-line report on
# the kfunc-flavors fixture: checks prerequisites, builds and installs all modules (without running tests),
# then loads runtime/src/test/bpf/flavors.bpf.c's object with
#   java -jar runtime/target/bpfskel-runtime-<version>-all.jar load <object>
# and prints how each extern resolved and the program's id. Loading needs root (or CAP_BPF + CAP_PERFMON).
# Extra arguments go to the load command, e.g. --json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -q -DskipTests install
case "$(uname -m)" in
  s390x|ppc64|sparc64|mips|mips64) target=bpfeb ;;
  *) target=bpfel ;;
esac
jar=$(ls runtime/target/bpfskel-runtime-*-all.jar | head -1)
exec java -jar "$jar" load "runtime/target/test-classes/bpf/$target/flavors.bpf.o" "$@"
