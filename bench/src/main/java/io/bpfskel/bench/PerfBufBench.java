package io.bpfskel.bench;

import io.bpfskel.BpfCollection;
import io.bpfskel.ringbuf.PerfBuffer;
import io.bpfskel.ringbuf.PerfSample;
import io.bpfskel.ringbuf.PerfSampleHandler;
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
 * Perf buffer consumption: before each invocation {@code produce_perf} (bench.bpf.o, XDP test run) writes
 * {@link #RECORDS} samples of 24 bytes into the perf ring of the CPU it runs on ({@link #PAGES} pages per CPU);
 * the measured part is one {@link PerfBuffer#consume} of every CPU's ring, the handler reading one field of
 * each sample through the reused {@link PerfSample} view. The kernel wakes the consumer once per fill ({@code wakeupEvents = RECORDS}),
 * as libbpf's side does with {@code perf_buffer_opts.sample_period}; libbpf's counterpart is in
 * bench/c/mapbench.c ({@code perfbufConsume}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PerfBufBench {
    static final int RECORDS = 30_000;
    static final int PAGES = 512;

    @Param("runtime/target/test-classes/bpf/bpfel/bench.bpf.o")
    public String object;

    BpfCollection obj;
    PerfBuffer perf;
    byte[] packet;
    long sum;
    final PerfSampleHandler handler = new PerfSampleHandler() {
        @Override
        public void onSample(PerfSample s) {
            sum += s.getLong(8);
        }

        @Override
        public void onLost(int cpu, long count) {
            throw new IllegalStateException(count + " samples lost on CPU " + cpu);
        }
    };

    @Setup(Level.Trial)
    public void setup() {
        obj = BpfCollection.open(Path.of(object));
        obj.load();
        perf = PerfBuffer.open(obj.map("pevents"), PAGES, RECORDS, handler);
        packet = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder()).putInt(0, RECORDS).array();
    }

    @Setup(Level.Invocation)
    public void fill() {
        obj.program("produce_perf").testRun(packet, 0, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        perf.close();
        obj.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int perfConsume() {
        int n = perf.consume(handler);
        if (n != RECORDS) {
            throw new IllegalStateException("consumed " + n + " samples");
        }
        return n;
    }
}
