package io.bpfskel.bench;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.BpfProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loader costs that bench/c/loader_bench.c measures for libbpf on the same objects (bench/run-loader.sh runs both).
 *
 * <ul>
 *   <li>{@code openLoadClose}: open a fixture object, load it into the kernel (maps, programs), close it.</li>
 *   <li>{@code resolveExterns}: the same with every program's autoload off, on an object with 1,000 weak kfunc
 *       externs: the time is reading vmlinux BTF and resolving the externs (libbpf searches the BTF linearly for
 *       each one; bpfskel uses its name index).</li>
 * </ul>
 * Objects come from system properties {@code bpfskel.bench.fixture} and {@code bpfskel.bench.externs}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class LoaderBench {
    private byte[] fixture;
    private String fixtureName;
    private byte[] externs;
    private String externsName;

    @Setup(Level.Trial)
    public void read() throws Exception {
        Path f = Path.of(System.getProperty("bpfskel.bench.fixture", "runtime/target/test-classes/bpf/bpfel/globals.bpf.o"));
        Path e = Path.of(System.getProperty("bpfskel.bench.externs", "bench/target/ext1000.bpf.o"));
        fixture = Files.readAllBytes(f);
        fixtureName = f.getFileName().toString();
        externs = Files.readAllBytes(e);
        externsName = e.getFileName().toString();
    }

    @Benchmark
    public int openLoadClose() {
        try (BpfCollection obj = BpfCollection.open(fixtureName, fixture, BpfOpenOptions.defaults())) {
            obj.load();
            return obj.programs().size();
        }
    }

    @Benchmark
    public int resolveExterns() {
        try (BpfCollection obj = BpfCollection.open(externsName, externs, BpfOpenOptions.defaults())) {
            for (BpfProgram p : obj.programs()) {
                p.setAutoload(false);
            }
            obj.load();
            return obj.externs().size();
        }
    }
}
