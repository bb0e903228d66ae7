package io.bpfskel.bench;

import io.bpfskel.sys.Fd;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the lifetime guard adds to one descriptor operation, without the system call: holding it for the call
 * ({@code Fd.acquire} + {@code exit}, a CAS and an atomic add) against reading its number. The same pair guards
 * each access to a mapped section view; {@code MapBench.globalRead} measures that one. No kernel needed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GuardBench {
    private final Fd fd = Fd.adopt(1_000_000); // never closed: no kernel object behind it is touched

    @Benchmark
    public int fdRaw() {
        return fd.raw();
    }

    @Benchmark
    public int fdAcquireExit() {
        int raw = fd.acquire("bench", null);
        fd.exit();
        return raw;
    }
}
