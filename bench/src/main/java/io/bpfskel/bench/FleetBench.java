package io.bpfskel.bench;

import io.bpfskel.fleet.FleetCheck;
import io.bpfskel.fleet.FleetKernel;
import io.bpfskel.fleet.KernelCheck;
import io.bpfskel.object.BpfObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fleet check ({@code bpfskel check}) in steady state: one op reads 100 kernel BTF files (cycling over the
 * {@code .btf} files of {@link #kernels}, each file read and parsed on its own, with its {@code .config}), and checks
 * {@link #objects} objects (cycling over the {@code .bpf.o} files of {@link #objectDir}) against every kernel, one task
 * per kernel on {@link #threads} threads, as the command does. JVM start-up and JIT warm-up are not in it; the CLI
 * run in docs/cli.md has them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class FleetBench {
    static final int KERNELS = 100;

    /** A directory of kernel BTF files ({@code scripts/fetch-kernels.sh} fills the default). */
    @Param("/var/cache/bpfskel/fleet")
    public String kernels;

    @Param("runtime/target/test-classes/bpf/bpfel")
    public String objectDir;

    @Param({"1", "50"})
    public int objects;

    @Param("2")
    public int threads;

    List<Path> btfs;
    List<BpfObject> objs;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        btfs = cycle(list(Path.of(kernels), ".btf"), KERNELS);
        // objects whose names sort first are fixtures like attach_*, core_*: CO-RE, helpers and attach targets
        objs = cycle(list(Path.of(objectDir), ".bpf.o"), objects).stream().map(BpfObject::open).toList();
    }

    static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            if (l.isEmpty()) {
                throw new IllegalStateException("no " + suffix + " files in " + dir);
            }
            return l;
        }
    }

    static <T> List<T> cycle(List<T> from, int n) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(from.get(i % from.size()));
        }
        return out;
    }

    static FleetKernel read(Path btf) {
        String name = btf.getFileName().toString();
        Path config = btf.resolveSibling(name.substring(0, name.length() - 4) + ".config");
        return FleetKernel.ofFiles(name, btf, Files.exists(config) ? config : null, null);
    }

    @Benchmark
    public List<List<KernelCheck>> check() {
        List<Supplier<FleetKernel>> ks = btfs.stream().map(p -> (Supplier<FleetKernel>) () -> read(p)).toList();
        return FleetCheck.checkEach(objs, ks, FleetCheck.helperNames(List.of()), threads);
    }

    /**
     * Process CPU time per op, a cross-check when other jobs share the machine: {@code java -cp
     * bench/target/benchmarks.jar io.bpfskel.bench.FleetBench [objects] [runs]}.
     */
    public static void main(String[] args) throws IOException {
        FleetBench b = new FleetBench();
        b.kernels = System.getProperty("kernels", "/var/cache/bpfskel/fleet");
        b.objectDir = System.getProperty("objectDir", "runtime/target/test-classes/bpf/bpfel");
        b.objects = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        b.threads = 2;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        b.setup();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < runs; r++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            if (b.check().size() != KERNELS) {
                throw new UncheckedIOException(new IOException("lost kernels"));
            }
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.printf("run %d: %d kernels x %d objects: wall %d ms, process CPU %d ms%n", r, KERNELS, b.objects,
                    wall / 1_000_000, cpu / 1_000_000);
        }
    }
}
