#!/usr/bin/env bash
# One table: libbpf (C), bpfskel on JDK 17 (JNA) and bpfskel on JDK 25 (java.lang.foreign) on the same objects,
# in one run. Operations: map element and batch operations and ring buffer consumption on bench.bpf.o
# (bench/c/mapbench.c vs io.bpfskel.bench.MapCpuTime), open+load+close of globals.bpf.o and vmlinux BTF
# parse + name index (bench/c/loader_bench.c cpu vs the same MapCpuTime).
#
# Usage (as root, from anywhere): bench/run.sh [iterations [rounds]]   (defaults 5 and 2; JMH: BENCH_JMH=1)
#
# Everything is compared per second of the measuring thread's CPU time (user + system:
# CLOCK_THREAD_CPUTIME_ID / ThreadMXBean), which time spent descheduled does not inflate: the machine's 2
# cores are shared with other work. Each harness runs `rounds` times, interleaved (C, JDK 17, JDK 25, C, ...);
# a figure is the mean of the rounds' medians. Raw outputs stay in bench/target/.
set -euo pipefail
cd "$(dirname "$0")/.."
obj=runtime/target/test-classes/bpf/bpfel/bench.bpf.o
loader_obj=runtime/target/test-classes/bpf/bpfel/globals.bpf.o
out=bench/target
jdk17=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
iterations=${1:-5}
rounds=${2:-2}
mkdir -p "$out"

if [ ! -f "$out/benchmarks.jar" ] || [ ! -f "$obj" ] || [ -n "$(find runtime/src bench/src -newer "$out/benchmarks.jar" -print -quit)" ]; then
  mvn -q -o package -DskipTests -pl bench -am || mvn -q package -DskipTests -pl bench -am
fi
gcc -O2 -Wall -o "$out/mapbench" bench/c/mapbench.c -lbpf -lelf -lz
gcc -O2 -Wall -o "$out/loader_bench" bench/c/loader_bench.c -lbpf -lelf -lz

java17() { "$jdk17/bin/java" -Xms512m -Xmx512m -cp "$out/benchmarks.jar" "$@"; }
java25() { "$jdk25/bin/java" --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -cp "$out/benchmarks.jar" "$@"; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
  { "$out/mapbench" "$obj" "$iterations"; "$out/loader_bench" cpu "$loader_obj" "$iterations"; } > "$out/libbpf-$round.txt"
  # The ring buffer ops run each in a JVM of their own, like JMH forks: a JIT type profile is per bytecode,
  # so after `consume` (ByteBuffer adapter) the `consumeView` handler call would be bimorphic in the same JVM.
  for jdk in java17 java25; do
    f="$out/${jdk/java/jdk}-$round.txt"
    $jdk io.bpfskel.bench.MapCpuTime "$obj" "$iterations" '(?!consume).*' "$loader_obj" > "$f"
    $jdk io.bpfskel.bench.MapCpuTime "$obj" "$iterations" 'consume' "$loader_obj" >> "$f"
    $jdk io.bpfskel.bench.MapCpuTime "$obj" "$iterations" 'consumeView' "$loader_obj" >> "$f"
  done
done

python3 - "$out" "$rounds" <<'PY'
import sys
out, rounds = sys.argv[1], int(sys.argv[2])
def read(prefix):
    cpu = {}
    for f in (f"{out}/{prefix}-{r}.txt" for r in range(1, rounds + 1)):
        for line in open(f):
            name, wall, c = line.split()
            cpu.setdefault(name, []).append(float(c))
    return {k: sum(v) / len(v) for k, v in cpu.items()}
c, j17, j25 = read("libbpf"), read("jdk17"), read("jdk25")
# (bpfskel op, libbpf op, goal JDK 17, goal JDK 25); ratios are bpfskel ops / libbpf ops per CPU-second
rows = [("arrayLookup", "arrayLookup", 0.85, 1.0), ("arrayLookupRaw", "arrayLookup", 0.85, 1.0),
        ("arrayLookupLong", "arrayLookup", 0.85, 1.0), ("arrayUpdate", "arrayUpdate", 0.85, 1.0),
        ("arrayUpdateLong", "arrayUpdate", 0.85, 1.0), ("hashLookup", "hashLookup", 0.85, 1.0),
        ("hashUpdate", "hashUpdate", 0.85, 1.0),
        ("hashLookupBatch", "hashLookupBatch", 1.1, 1.1), ("hashLookupBatchRaw", "hashLookupBatch", 1.1, 1.1),
        ("hashUpdateBatch", "hashUpdateBatch", 1.1, 1.1),
        ("consume", "ringbufConsume", 1.0, 1.2), ("consumeView", "ringbufConsume", 1.0, 1.2),
        ("perfConsume", "perfbufConsume", 1.0, 1.0),
        ("openLoadClose", "openLoadClose", 1.0, 1.0), ("vmlinuxBtf", "vmlinuxBtf", 2.0, 2.0),
        ("globalRead", "globalRead", None, None)]
print("Per second of the measuring thread's CPU time (higher is better); ratio = bpfskel / libbpf")
print(f"{'operation':20} {'libbpf':>13} {'JDK 17 (JNA)':>13} {'JDK 25 (FFM)':>13} {'17/C':>5} {'25/C':>5} "
      f"{'goal 17/25':>11}  verdict")
for j, cn, g17, g25 in rows:
    if j not in j17 or j not in j25 or cn not in c:
        continue
    r17, r25 = j17[j] / c[cn], j25[j] / c[cn]
    if g17 is None:
        goal, verdict = "-", "(no goal)"
    else:
        goal = f"{g17:.2f}/{g25:.2f}"
        verdict = " ".join(f"{jdk}:{'met' if r >= g else 'MISSED'}" for jdk, r, g in (("17", r17, g17), ("25", r25, g25)))
    print(f"{j:20} {c[cn]:13.1f} {j17[j]:13.1f} {j25[j]:13.1f} {r17:5.2f} {r25:5.2f} {goal:>11}  {verdict}")
PY
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) (2 CPUs, shared)"

if [ "${BENCH_JMH:-0}" = 1 ]; then
  # Wall-clock JMH on both JDKs (noisy on a shared machine; not used for the verdicts above).
  java17 -jar "$out/benchmarks.jar" 'MapBench|RingBufBench' -p object="$obj" -f 1 -wi 3 -w 1s -i "$iterations" -r 1s \
    -rf json -rff "$out/jmh-17.json" > "$out/jmh-17.log"
  java25 -jar "$out/benchmarks.jar" 'MapBench|RingBufBench' -p object="$obj" -f 1 -wi 3 -w 1s -i "$iterations" -r 1s \
    -jvmArgsAppend --enable-native-access=ALL-UNNAMED -rf json -rff "$out/jmh-25.json" > "$out/jmh-25.log"
  echo "JMH results: $out/jmh-17.json, $out/jmh-25.json"
fi
