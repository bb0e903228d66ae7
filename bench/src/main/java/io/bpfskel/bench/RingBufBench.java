package io.bpfskel.bench;

import io.bpfskel.BpfCollection;
import io.bpfskel.ringbuf.RingBufferPoller;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ring buffer consumption: before each invocation {@code produce} (bench.bpf.o) fills the 1 MiB ring with
 * {@link #RECORDS} records of 24 bytes; the measured part consumes them all, the handler reading one field
 * of each ({@code consume}: a {@code ByteBuffer} handler; {@code consumeView}: the reused record view).
 * Throughput is records per second. libbpf's counterpart is in bench/c/mapbench.c.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RingBufBench {
    static final int RECORDS = 30_000;

    @Param("runtime/target/test-classes/bpf/bpfel/bench.bpf.o")
    public String object;

    BpfCollection obj;
    RingBufferPoller poller;
    RingBufferPoller viewPoller;
    byte[] args;
    long sum;

    @Setup(Level.Trial)
    public void setup() {
        obj = BpfCollection.open(Path.of(object));
        obj.load();
        poller = RingBufferPoller.of(obj.map("rb"), r -> {
            sum += r.getLong(r.position() + 8);
            return 0;
        });
        viewPoller = RingBufferPoller.create();
        viewPoller.addView(obj.map("rb"), r -> {
            sum += r.getLong(8);
            return 0;
        });
        args = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(0, RECORDS).array();
    }

    @Setup(Level.Invocation)
    public void fill() {
        obj.program("produce").testRun(args);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        poller.close();
        viewPoller.close();
        obj.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int consume() {
        int n = poller.consume();
        if (n != RECORDS) {
            throw new IllegalStateException("consumed " + n + " records");
        }
        return n;
    }

    /** The same through the reused record view ({@code RingRecordHandler}). */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int consumeView() {
        int n = viewPoller.consume();
        if (n != RECORDS) {
            throw new IllegalStateException("consumed " + n + " records");
        }
        return n;
    }
}
