package io.bpfskel.bench;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing the kernel's BTF: the bytes are read once in {@link #setup}; each op parses them (one pass
 * recording type offsets) and builds the name index ({@link #parseAndIndex}, what a loader pays before its
 * first lookup), or only parses ({@link #parseOnly}), or looks 1,000 names up in a parsed and indexed
 * instance ({@link #lookup1000}). Retained heap is measured by {@link RetainedHeap}, not here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BtfParseBench {
    static final int LOOKUPS = 1000;

    @Param("/sys/kernel/btf/vmlinux")
    public String path;

    byte[] bytes;
    Btf indexed;
    String[] names;
    BtfKind[] kinds;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        bytes = Files.readAllBytes(Path.of(path));
        indexed = Btf.parse(path, bytes);
        names = new String[LOOKUPS];
        kinds = new BtfKind[LOOKUPS];
        sampleNames(indexed, names, kinds);
        for (int i = 0; i < LOOKUPS; i++) {
            if (indexed.findByNameKind(names[i], kinds[i]) == 0) {
                throw new IllegalStateException("sampled name not found: " + names[i]);
            }
        }
    }

    /** 1,000 named types spread evenly over the id space (structs, funcs, typedefs, enums, ...). */
    static void sampleNames(Btf btf, String[] names, BtfKind[] kinds) {
        int n = btf.typeCount();
        int step = Math.max(1, n / (names.length * 2));
        int k = 0;
        for (int id = 1; id < n && k < names.length; id += step) {
            String name = btf.name(id);
            if (!name.isEmpty()) {
                names[k] = name;
                kinds[k] = btf.kind(id);
                k++;
            }
        }
        if (k < names.length) {
            throw new IllegalStateException("only " + k + " named types");
        }
    }

    @Benchmark
    public Btf parseAndIndex() {
        Btf b = Btf.parse("vmlinux", bytes);
        b.findByName("task_struct"); // builds the name index
        return b;
    }

    @Benchmark
    public Btf parseOnly() {
        return Btf.parse("vmlinux", bytes);
    }

    /** Time for all 1,000 lookups (name and kind) against an indexed instance. */
    @Benchmark
    public void lookup1000(Blackhole bh) {
        for (int i = 0; i < LOOKUPS; i++) {
            bh.consume(indexed.findByNameKind(names[i], kinds[i]));
        }
    }
}
