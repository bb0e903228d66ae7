#!/usr/bin/env bash
# Map and ring buffer benchmarks: bpfskel (JMH, bench/src/main/java/io/bpfskel/bench/{MapBench,RingBufBench})
# against libbpf (bench/c/mapbench.c) on the same object, runtime/target/test-classes/bpf/bpfel/bench.bpf.o,
# in the same run; prints both and the ratio bpfskel/libbpf (higher is better for bpfskel).
#
# Usage (from anywhere, as root): bench/run.sh [JMH args...]   e.g. bench/run.sh -i 10
# The libbpf harness runs before and after the JMH run; its figure is the mean of the two medians, which
# evens out load from other processes that changed during the run.
set -euo pipefail
cd "$(dirname "$0")/.."
obj=runtime/target/test-classes/bpf/bpfel/bench.bpf.o
out=bench/target
mkdir -p "$out"

if [ ! -f bench/target/benchmarks.jar ] || [ ! -f "$obj" ] || [ -n "$(find runtime/src bench/src -newer bench/target/benchmarks.jar -print -quit)" ]; then
  mvn -q -o package -DskipTests -pl bench -am || mvn -q package -DskipTests -pl bench -am
fi
gcc -O2 -Wall -o "$out/mapbench" bench/c/mapbench.c -lbpf -lelf -lz

iterations=5
"$out/mapbench" "$obj" "$iterations" > "$out/libbpf-1.txt"
java -jar bench/target/benchmarks.jar 'MapBench|RingBufBench' -p object="$obj" -f 1 -wi 3 -w 1s \
  -i "$iterations" -r 1s -rf json -rff "$out/jmh-maps.json" "$@" > "$out/jmh-maps.log"
"$out/mapbench" "$obj" "$iterations" > "$out/libbpf-2.txt"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
c = {}
for f in ("libbpf-1.txt", "libbpf-2.txt"):
    for line in open(f"{out}/{f}"):
        name, v = line.split()
        c.setdefault(name, []).append(float(v))
java = {}
for r in json.load(open(f"{out}/jmh-maps.json")):
    name = r["benchmark"].rsplit(".", 1)[1]
    java[name] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
pairs = [("arrayLookup", "arrayLookup", 0.8), ("arrayLookupRaw", "arrayLookup", 0.8),
         ("arrayUpdate", "arrayUpdate", 0.8), ("hashLookup", "hashLookup", 0.8),
         ("hashUpdate", "hashUpdate", 0.8), ("hashLookupBatch", "hashLookupBatch", 1.0),
         ("hashUpdateBatch", "hashUpdateBatch", 1.0), ("globalRead", "globalRead", None),
         ("consume", "ringbufConsume", 0.9)]
print(f"{'benchmark (ops or elements/s)':32} {'bpfskel':>14} {'± error':>12} {'libbpf':>14} {'ratio':>7} {'goal':>6}")
for j, cn, goal in pairs:
    if j not in java or cn not in c:
        continue
    js, err = java[j]
    cv = sum(c[cn]) / len(c[cn])
    ratio = js / cv
    mark = "" if goal is None else (f"{goal:.1f}x " + ("ok" if ratio >= goal else "MISSED"))
    print(f"{j:32} {js:14.0f} {err:12.0f} {cv:14.0f} {ratio:7.2f} {mark:>6}")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (2 CPUs; other processes skew both sides)"
