#!/usr/bin/env bash
# Map and ring buffer benchmarks: bpfskel (JMH, bench/src/main/java/io/bpfskel/bench/{MapBench,RingBufBench})
# against libbpf (bench/c/mapbench.c) on the same object, runtime/target/test-classes/bpf/bpfel/bench.bpf.o,
# in the same run; prints both and the ratio bpfskel/libbpf (higher is better for bpfskel).
#
# Usage (from anywhere, as root): bench/run.sh [JMH args...]   e.g. bench/run.sh -i 10
# Two comparisons: per second of the measuring thread's CPU time (bench/c/mapbench.c against
# io.bpfskel.bench.MapCpuTime, same loop structure; not inflated when other processes take the CPU,
# which is why the goals are judged on it), and per second of wall time (JMH against mapbench).
# Each harness runs twice, before and after the JMH run; the figures are the means of the two medians.
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
java -cp bench/target/benchmarks.jar io.bpfskel.bench.MapCpuTime "$obj" "$iterations" > "$out/bpfskel-cpu-1.txt"
java -jar bench/target/benchmarks.jar 'MapBench|RingBufBench' -p object="$obj" -f 1 -wi 3 -w 1s \
  -i "$iterations" -r 1s -rf json -rff "$out/jmh-maps.json" "$@" > "$out/jmh-maps.log"
java -cp bench/target/benchmarks.jar io.bpfskel.bench.MapCpuTime "$obj" "$iterations" > "$out/bpfskel-cpu-2.txt"
"$out/mapbench" "$obj" "$iterations" > "$out/libbpf-2.txt"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def read(files):
    wall, cpu = {}, {}
    for f in files:
        for line in open(f"{out}/{f}"):
            name, w, c = line.split()
            wall.setdefault(name, []).append(float(w))
            cpu.setdefault(name, []).append(float(c))
    return ({k: sum(v) / len(v) for k, v in wall.items()}, {k: sum(v) / len(v) for k, v in cpu.items()})
cwall, ccpu = read(["libbpf-1.txt", "libbpf-2.txt"])
jwall, jcpu = read(["bpfskel-cpu-1.txt", "bpfskel-cpu-2.txt"])
jmh = {}
for r in json.load(open(f"{out}/jmh-maps.json")):
    jmh[r["benchmark"].rsplit(".", 1)[1]] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
pairs = [("arrayLookup", "arrayLookup", 0.8), ("arrayLookupRaw", "arrayLookup", 0.8),
         ("arrayUpdate", "arrayUpdate", 0.8), ("hashLookup", "hashLookup", 0.8),
         ("hashUpdate", "hashUpdate", 0.8), ("hashLookupBatch", "hashLookupBatch", 1.0),
         ("hashLookupBatchRaw", "hashLookupBatch", 1.0),
         ("hashUpdateBatch", "hashUpdateBatch", 1.0), ("globalRead", "globalRead", None),
         ("consume", "ringbufConsume", 0.9)]
def verdict(ratio, goal):
    return "" if goal is None else f"{goal:.1f}x " + ("ok" if ratio >= goal else "MISSED")
print("Per second of the thread's CPU time (MapCpuTime vs mapbench; mean of two runs each):")
print(f"{'ops or elements':20} {'bpfskel':>14} {'libbpf':>14} {'ratio':>6} {'goal':>10}")
for j, c, goal in pairs:
    if j in jcpu and c in ccpu:
        r = jcpu[j] / ccpu[c]
        print(f"{j:20} {jcpu[j]:14.0f} {ccpu[c]:14.0f} {r:6.2f} {verdict(r, goal):>10}")
print()
print("Per second of wall time (JMH ± 99.9% error vs mapbench; load from other processes counts):")
print(f"{'ops or elements':20} {'bpfskel JMH':>14} {'± error':>12} {'libbpf':>14} {'ratio':>6}")
for j, c, goal in pairs:
    if j in jmh and c in cwall:
        s, e = jmh[j]
        print(f"{j:20} {s:14.0f} {e:12.0f} {cwall[c]:14.0f} {s / cwall[c]:6.2f}")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (2 CPUs)"
