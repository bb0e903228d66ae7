package io.bpfskel.ringbuf;

import io.bpfskel.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reader of one CPU's perf ring (libbpf's {@code perf_event_read_simple}), Java 22+: the loop of the Java
 * 17 class written directly against a {@link MemorySegment} of the mapping (since JDK 22, direct-buffer access
 * is routed through the segment machinery; a bare segment loop is ~40 % faster than a buffer loop, and an
 * interposed view type loses that, see docs/performance.md). Same package-private API and semantics as the
 * Java 17 class: {@code data_head} read with acquire, {@code data_tail} written with release once per call,
 * wrapping records copied, {@code PERF_RECORD_LOST} counted.
 */
final class PerfRing {
    private static final VarHandle LONG_ORDERED = ValueLayout.JAVA_LONG.varHandle();
    // Records are 8-byte aligned, but the JIT cannot know the mapping's address: the aligned layouts would check
    // the alignment on every access.
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    static final int DATA_HEAD = 1024;
    static final int DATA_TAIL = 1032;
    static final int DATA_OFFSET = 1040;
    static final int DATA_SIZE = 1048;
    static final int RECORD_LOST = 2;
    static final int RECORD_SAMPLE = 9;
    static final int SAMPLE_DATA = 12;

    private final int cpu;
    private final String what;
    private final AtomicLong lost;
    /** Keeps the mapping reachable: the segment alone may not (see PerfSample). */
    private final ByteBuffer mapping;
    private final MemorySegment meta;
    private final long dataOffset;
    private final int size;
    private final PerfSample sample;
    private MemorySegment scratch;
    private PerfSample scratchSample;

    PerfRing(int cpu, ByteBuffer mapping, int page, int size, String what, AtomicLong lost) {
        this.cpu = cpu;
        this.what = what;
        this.lost = lost;
        this.mapping = mapping;
        this.meta = MemorySegment.ofBuffer(mapping);
        long off = meta.get(ValueLayout.JAVA_LONG, DATA_OFFSET);
        long sz = meta.get(ValueLayout.JAVA_LONG, DATA_SIZE);
        this.dataOffset = off != 0 ? off : page;
        this.size = sz != 0 ? (int) sz : size;
        this.sample = new PerfSample(meta.asReadOnly(), mapping, cpu);
        growScratch(256);
    }

    int read(PerfSampleHandler handler) {
        // Locals, not fields: the acquire load is a barrier after which the JIT would reload fields.
        MemorySegment m = meta;
        PerfSample s = sample;
        long dataStart = dataOffset;
        int ringSize = size;
        long mask = ringSize - 1;
        long head = (long) LONG_ORDERED.getAcquire(m, (long) DATA_HEAD);
        long tail = m.get(LONG, DATA_TAIL); // only we write it
        int samples = 0;
        try {
            while (tail < head) {
                // The common case, a sample that does not wrap, in an inner loop without calls (the handler is
                // inlined when monomorphic): a call in the loop would make the JIT reload every field each record.
                do {
                    int off = (int) (tail & mask);
                    long at = dataStart + off;
                    long header = m.get(LONG, at); // type, misc and size in one load
                    int recSize = (int) (header >>> 48);
                    if ((int) header != RECORD_SAMPLE || recSize < SAMPLE_DATA || off + recSize > ringSize) {
                        break;
                    }
                    int raw = m.get(INT, at + 8);
                    if (raw < 0 || raw > recSize - SAMPLE_DATA) {
                        throw corrupt("sample of " + raw + " bytes in a record of " + recSize, tail);
                    }
                    tail += recSize;
                    s.base = at + SAMPLE_DATA;
                    s.length = raw;
                    samples++;
                    handler.onSample(s);
                } while (tail < head);
                if (tail < head) {
                    int off = (int) (tail & mask);
                    long header = m.get(LONG, dataStart + off);
                    int recSize = (int) (header >>> 48);
                    if (recSize < 8) {
                        throw corrupt("record of size " + recSize, tail);
                    }
                    long position = tail;
                    tail += recSize;
                    samples += readOther(handler, (int) header, off, recSize, position);
                }
            }
        } finally {
            LONG_ORDERED.setRelease(m, (long) DATA_TAIL, tail);
        }
        return samples;
    }

    /** A record other than a sample that does not wrap: one that wraps, lost samples; other types are skipped. */
    private int readOther(PerfSampleHandler handler, int type, int off, int recSize, long position) {
        if (off + recSize > size) {
            return readWrapped(handler, type, off, recSize, position);
        }
        if (type == RECORD_SAMPLE) {
            throw corrupt("sample record of size " + recSize, position);
        }
        if (type == RECORD_LOST) {
            lost(handler, meta.get(LONG, dataOffset + off + 16));
        }
        return 0;
    }

    private void lost(PerfSampleHandler handler, long count) {
        lost.addAndGet(count);
        handler.onLost(cpu, count);
    }

    private BpfException corrupt(String what, long position) {
        return new BpfException(this.what + " on CPU " + cpu + ": corrupt " + what + " at position " + position);
    }

    private void growScratch(int capacity) {
        // native, like the ring's segment, so the accessors stay monomorphic
        ByteBuffer buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        scratch = MemorySegment.ofBuffer(buffer);
        scratchSample = new PerfSample(scratch.asReadOnly(), buffer, cpu);
    }

    private int readWrapped(PerfSampleHandler handler, int type, int off, int recSize, long position) {
        if (scratch.byteSize() < recSize) {
            growScratch(Integer.highestOneBit(recSize) << 1);
        }
        int first = size - off;
        MemorySegment.copy(meta, dataOffset + off, scratch, 0, first);
        MemorySegment.copy(meta, dataOffset, scratch, first, recSize - first);
        if (type == RECORD_SAMPLE) {
            int raw = scratch.get(ValueLayout.JAVA_INT, 8);
            if (raw < 0 || raw > recSize - SAMPLE_DATA) {
                throw corrupt("sample of " + raw + " bytes in a record of " + recSize, position);
            }
            PerfSample s = scratchSample;
            s.base = SAMPLE_DATA;
            s.length = raw;
            handler.onSample(s);
            return 1;
        }
        if (type == RECORD_LOST) {
            lost(handler, scratch.get(ValueLayout.JAVA_LONG, 16));
        }
        return 0;
    }
}
