package io.bpfskel.bench;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.KernelBtf;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The map and ring buffer operations of {@link MapBench} and {@link RingBufBench}, timed the way
 * bench/c/mapbench.c times libbpf: chunks of 1,000 ops (or one ring fill) until a second of this thread's
 * CPU time (user + system) has passed, per iteration; prints the medians of ops per wall-clock second and
 * per CPU second. CPU time is what a busy, shared machine does not inflate (time spent descheduled is not
 * counted), so bench/run.sh compares the two implementations on it.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.bpfskel.bench.MapCpuTime OBJECT [iterations [name regex]]</pre>
 */
public final class MapCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int WARMUP = 3;
    private static String filter;

    private MapCpuTime() {}

    public static void main(String[] args) {
        String object = args.length > 0 ? args[0] : "runtime/target/test-classes/bpf/bpfel/bench.bpf.o";
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        filter = args.length > 2 ? args[2] : ".*";
        String loaderObject = args.length > 3 ? args[3] : "runtime/target/test-classes/bpf/bpfel/globals.bpf.o";
        MapBench m = new MapBench();
        m.object = object;
        m.setup();
        MapBench.GlobalState g = new MapBench.GlobalState();
        g.setup(m);
        RingBufBench r = new RingBufBench();
        r.object = object;
        r.setup();
        PerfBufBench p = new PerfBufBench();
        p.object = object;
        p.setup();
        try {
            bench("arrayLookup", iterations, () -> thousand(() -> m.arrayLookup() == null ? 0 : 1));
            bench("arrayLookupRaw", iterations, () -> thousand(() -> m.arrayLookupRaw() ? 1 : 0));
            bench("arrayLookupLong", iterations, () -> thousand(() -> m.arrayLookupLong() == -1 ? 0 : 1));
            bench("arrayUpdateLong", iterations, () -> thousand(() -> {
                m.arrayUpdateLong();
                return 1;
            }));
            bench("arrayUpdate", iterations, () -> thousand(() -> {
                m.arrayUpdate();
                return 1;
            }));
            bench("hashLookup", iterations, () -> thousand(() -> m.hashLookup() == null ? 0 : 1));
            bench("hashUpdate", iterations, () -> thousand(() -> {
                m.hashUpdate();
                return 1;
            }));
            bench("hashLookupBatch", iterations, () -> {
                m.hashLookupBatch(null);
                return MapBench.HASH_ELEMENTS;
            });
            bench("hashLookupBatchRaw", iterations, () -> {
                m.hashLookupBatchRaw();
                return MapBench.HASH_ELEMENTS;
            });
            bench("hashUpdateBatch", iterations, () -> m.hashUpdateBatch());
            bench("globalRead", iterations, () -> thousand(() -> m.globalRead(g) == Long.MIN_VALUE ? 0 : 1));
            bench("consume", iterations, r::consume, r);
            bench("consumeView", iterations, r::consumeView, r);
            benchFilled("perfConsume", iterations, p::perfConsume, p::fill);
            // from the file, as libbpf's bpf_object__open_file reads it on every open
            Path loaderPath = Path.of(loaderObject);
            bench("openLoadClose", iterations, () -> {
                try (BpfCollection obj = BpfCollection.open(loaderPath, BpfOpenOptions.defaults())) {
                    obj.load();
                    return obj.programs().size() > 0 ? 1 : 0;
                }
            });
            // Like libbpf's btf__load_vmlinux_btf + btf__find_by_name_kind: what a loader pays, from finding and
            // reading /sys/kernel/btf/vmlinux to parsing and (for the first lookup) indexing the names.
            bench("vmlinuxBtf", iterations, () -> {
                Btf btf = KernelBtf.loadVmlinux();
                return btf.findByNameKind("task_struct", BtfKind.STRUCT) > 0 ? 1 : 0;
            });
        } finally {
            p.tearDown();
            r.tearDown();
            m.tearDown();
        }
    }

    private static long thousand(LongSupplier op) {
        long n = 0;
        for (int i = 0; i < 1000; i++) {
            n += op.getAsLong();
        }
        return n;
    }

    private static void bench(String name, int iterations, LongSupplier chunk) {
        measure(name, iterations, 1_000_000_000L, null, chunk);
    }

    private static void bench(String name, int iterations, LongSupplier chunk, RingBufBench ring) {
        measure(name, iterations, 1_000_000_000L, ring::fill, chunk);
    }

    /**
     * For the perf buffer, whose fill costs ~60× its consumption: a tenth of a second of CPU per iteration, as
     * bench/c/mapbench.c's {@code bench_perf}.
     */
    private static void benchFilled(String name, int iterations, LongSupplier chunk, Runnable fill) {
        measure(name, iterations, 100_000_000L, fill, chunk);
    }

    /**
     * Runs {@code chunk} (after {@code fill}, untimed, when given) until {@code cpuBudgetNs} of this thread's CPU
     * time per iteration, and prints the medians over the iterations of ops per wall second and per CPU second.
     */
    private static void measure(String name, int iterations, long cpuBudgetNs, Runnable fill, LongSupplier chunk) {
        if (!name.matches(filter)) {
            return;
        }
        double[] wall = new double[iterations];
        double[] cpu = new double[iterations];
        for (int it = -WARMUP; it < iterations; it++) {
            long ops = 0;
            long wallNs = 0;
            long cpuNs = 0;
            while (cpuNs < cpuBudgetNs) {
                if (fill != null) {
                    fill.run();
                }
                long t0 = System.nanoTime();
                long c0 = THREADS.getCurrentThreadCpuTime();
                ops += chunk.getAsLong();
                cpuNs += THREADS.getCurrentThreadCpuTime() - c0;
                wallNs += System.nanoTime() - t0;
            }
            if (it >= 0) {
                wall[it] = ops * 1e9 / wallNs;
                cpu[it] = ops * 1e9 / cpuNs;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%s %.1f %.1f%n", name, wall[iterations / 2], cpu[iterations / 2]);
        System.out.flush();
    }
}
