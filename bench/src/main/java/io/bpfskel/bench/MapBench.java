package io.bpfskel.bench;

import io.bpfskel.MemoryView;
import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.maps.Codecs;
import io.bpfskel.object.BpfObject;
import io.bpfskel.maps.TypedMap;
import io.bpfskel.uapi.BpfFlags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Map operations on {@code bench.bpf.o} (the objects bench/c/mapbench.c measures with libbpf): single-element
 * lookups and updates through typed views and through raw byte arrays, and batch lookups/updates of a
 * 10,000-element hash. Throughput is per element (batch benchmarks declare their element count).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class MapBench {
    static final int HASH_ELEMENTS = 10_000;
    static final int BATCH = 1_000;

    @Param("runtime/target/test-classes/bpf/bpfel/bench.bpf.o")
    public String object;

    BpfCollection obj;
    TypedMap<Integer, Long> array;
    TypedMap<Integer, Long> hash;
    BpfMap rawArray;
    byte[] rawKey = new byte[4];
    byte[] rawValue = new byte[8];
    List<Integer> batchKeys = new ArrayList<>();
    List<Long> batchValues = new ArrayList<>();
    int next;
    long sink;

    @Setup(Level.Trial)
    public void setup() {
        obj = BpfCollection.open(Path.of(object));
        obj.load();
        rawArray = obj.map("amap");
        array = rawArray.typed(Codecs.int32(), Codecs.uint64());
        hash = obj.map("hmap").typed(Codecs.int32(), Codecs.uint64());
        for (int k = 0; k < HASH_ELEMENTS; k++) {
            batchKeys.add(k);
            batchValues.add(k * 7L);
        }
        hash.updateBatch(batchKeys, batchValues, BpfFlags.BPF_ANY);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        obj.close();
    }

    private int key() {
        next = (next + 1) & 1023;
        return next;
    }

    @Benchmark
    public Long arrayLookup() {
        return array.lookup(key());
    }

    @Benchmark
    public void arrayUpdate() {
        int k = key();
        array.update(k, (long) k);
    }

    @Benchmark
    public Long hashLookup() {
        return hash.lookup(key());
    }

    @Benchmark
    public void hashUpdate() {
        int k = key();
        hash.update(k, (long) k, BpfFlags.BPF_EXIST);
    }

    /** The primitive path (u32 -> u64, nothing allocated). */
    @Benchmark
    public long arrayLookupLong() {
        return rawArray.lookupLong(key(), -1);
    }

    @Benchmark
    public void arrayUpdateLong() {
        int k = key();
        rawArray.updateLong(k, k, BpfFlags.BPF_ANY);
    }

    /** The untyped path: caller-owned byte arrays copied through per-thread native buffers. */
    @Benchmark
    public boolean arrayLookupRaw() {
        int k = key();
        rawKey[0] = (byte) k;
        rawKey[1] = (byte) (k >> 8);
        return rawArray.lookup(rawKey, rawValue);
    }

    @Benchmark
    @OperationsPerInvocation(HASH_ELEMENTS)
    public void hashLookupBatch(Blackhole bh) {
        int n = hash.lookupBatch(BATCH, (k, v) -> sink += v);
        if (n != HASH_ELEMENTS) {
            throw new IllegalStateException("read " + n + " elements");
        }
    }

    /** The same read without decoding: the chunks' native buffers go to the handler. */
    @Benchmark
    @OperationsPerInvocation(HASH_ELEMENTS)
    public void hashLookupBatchRaw() {
        int n = hash.lookupBatchRaw(BATCH, (keys, values, count) -> {
            for (int i = 0; i < count; i++) {
                sink += values.getLong(8 * i);
            }
        });
        if (n != HASH_ELEMENTS) {
            throw new IllegalStateException("read " + n + " elements");
        }
    }

    @Benchmark
    @OperationsPerInvocation(HASH_ELEMENTS)
    public int hashUpdateBatch() {
        int done = 0;
        for (int from = 0; from < HASH_ELEMENTS; from += BATCH) {
            done += hash.updateBatch(batchKeys.subList(from, from + BATCH), batchValues.subList(from, from + BATCH),
                    BpfFlags.BPF_ANY);
        }
        return done;
    }

    /** A {@code .bss} variable read through the mmap-ed global-data map. */
    @Benchmark
    public long globalRead(GlobalState g) {
        return g.bss.getLong(g.offset);
    }

    @State(Scope.Benchmark)
    public static class GlobalState {
        MemoryView bss;
        int offset;

        @Setup(Level.Trial)
        public void setup(MapBench b) {
            bss = b.obj.dataSection(".bss").order(ByteOrder.nativeOrder());
            // The layout is the object's (what a skeleton bakes in), read with the qualified-exported object model.
            offset = BpfObject.open(Path.of(b.object)).dataSection(".bss").orElseThrow().variable("gcounter").offset();
        }
    }
}
