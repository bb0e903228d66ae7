#!/usr/bin/env bash
# Loader benchmarks, bpfskel (JMH) and libbpf (C) in the same run on the same objects. Needs root, clang,
# gcc, libbpf-dev and bpftool (scripts/setup.sh). Prints both and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q package -DskipTests -pl bench -am
mvn -q test-compile -pl runtime   # fixtures
bash bench/c/gen_externs.sh 1000 bench/target/ext1000.bpf.c
clang -O2 -g -target bpf -fno-builtin -I/usr/include/"$(gcc -print-multiarch)" -c bench/target/ext1000.bpf.c -o bench/target/ext1000.bpf.o
gcc -O2 -o bench/target/loader_bench bench/c/loader_bench.c -lbpf -lelf -lz
fixture=runtime/target/test-classes/bpf/bpfel/globals.bpf.o

c_open=$(bench/target/loader_bench open-load "$fixture" 200)
c_resolve=$(bench/target/loader_bench resolve bench/target/ext1000.bpf.o 20)
java -Dbpfskel.bench.fixture="$fixture" -Dbpfskel.bench.externs=bench/target/ext1000.bpf.o \
  -jar bench/target/benchmarks.jar LoaderBench -rf json -rff bench/target/loader.json | tail -5
echo "libbpf: $c_open"
echo "libbpf: $c_resolve"
python3 - "$c_open" "$c_resolve" <<'PY'
import json, sys
res = {r["benchmark"].split(".")[-1]: r["primaryMetric"]["score"] for r in json.load(open("bench/target/loader.json"))}
c_open = int(sys.argv[1].split()[3]) / 1e6
c_res = int(sys.argv[2].split()[3]) / 1e6
print(f"open+load+close  bpfskel {res['openLoadClose']:.2f} ms  libbpf {c_open:.2f} ms  speed vs libbpf {c_open/res['openLoadClose']:.2f}x")
print(f"resolve 1000     bpfskel {res['resolveExterns']:.2f} ms  libbpf {c_res:.2f} ms  speed vs libbpf {c_res/res['resolveExterns']:.2f}x")
PY
