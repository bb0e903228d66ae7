package io.bpfskel.ringbuf;

import io.bpfskel.error.BpfException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reader of one CPU's perf ring (libbpf's {@code perf_event_read_simple}), over direct buffers. Java 22+
 * uses its twin in {@code META-INF/versions/22}, written against {@code MemorySegment}: since JDK 22, direct
 * buffer access goes through the memory-segment machinery, and a loop over the segment itself is markedly
 * faster (docs/performance.md). The two share their package-private API with {@link PerfBuffer} and
 * {@link PerfSample}'s constructor.
 *
 * <p>Layout: the mapping's first page is {@code struct perf_event_mmap_page} ({@code data_head} at 1024,
 * {@code data_tail} at 1032, {@code data_offset}/{@code data_size} at 1040/1048 since Linux 4.1), then the
 * data area, mapped once: a record that wraps past its end is copied into a scratch buffer. Records start
 * with {@code struct perf_event_header {u32 type; u16 misc; u16 size}} and are 8-byte aligned, so the header
 * itself never wraps.
 */
final class PerfRing {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    static final int DATA_HEAD = 1024;
    static final int DATA_TAIL = 1032;
    static final int DATA_OFFSET = 1040;
    static final int DATA_SIZE = 1048;
    static final int RECORD_LOST = 2;
    static final int RECORD_SAMPLE = 9;
    /** Sample records: the header, then u32 size, then the bytes. */
    static final int SAMPLE_DATA = 12;

    private final int cpu;
    private final String what;
    private final AtomicLong lost;
    /** The whole mapping (metadata page, then the data area); read-write for {@code data_tail}. */
    private final ByteBuffer meta;
    private final int dataOffset;
    private final int size;
    /** The reused view over the ring. */
    private final PerfSample sample;
    /** Where a record that wraps past the ring's end is copied, and its view. */
    private ByteBuffer scratch;
    private PerfSample scratchSample;

    /**
     * @param mapping the mmap-ed metadata page and data pages, in host byte order
     * @param size the data area's size when the kernel does not say (before 4.1)
     * @param lost where lost-sample counts add up (the perf buffer's total)
     */
    PerfRing(int cpu, ByteBuffer mapping, int page, int size, String what, AtomicLong lost) {
        this.cpu = cpu;
        this.what = what;
        this.lost = lost;
        this.meta = mapping;
        long off = meta.getLong(DATA_OFFSET);
        long sz = meta.getLong(DATA_SIZE);
        this.dataOffset = off != 0 ? (int) off : page;
        this.size = sz != 0 ? (int) sz : size;
        this.sample = new PerfSample(meta.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), cpu);
        growScratch(256);
    }

    /** Hands every record between {@code data_tail} and {@code data_head} out; returns the samples handed out. */
    int read(PerfSampleHandler handler) {
        // Locals, not fields: the acquire load is a barrier after which the JIT would reload fields.
        ByteBuffer m = meta;
        PerfSample s = sample;
        int dataStart = dataOffset;
        int ringSize = size;
        long mask = ringSize - 1;
        long head = (long) LONG.getAcquire(m, DATA_HEAD);
        long tail = m.getLong(DATA_TAIL); // only we write it
        int samples = 0;
        try {
            while (tail < head) {
                // The common case, a sample that does not wrap, in an inner loop without calls (the handler is
                // inlined when monomorphic): a call in the loop would make the JIT reload every field each record.
                do {
                    int off = (int) (tail & mask);
                    int at = dataStart + off;
                    long header = m.getLong(at); // type, misc and size in one load
                    int recSize = (int) (header >>> 48);
                    if ((int) header != RECORD_SAMPLE || recSize < SAMPLE_DATA || off + recSize > ringSize) {
                        break;
                    }
                    int raw = m.getInt(at + 8);
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
                    long header = m.getLong(dataStart + off);
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
            // Once per call, after the last record (also when a handler threw: that record counts as consumed).
            LONG.setRelease(m, DATA_TAIL, tail);
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
            lost(handler, meta.getLong(dataOffset + off + 16));
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
        scratch = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        // direct and read-only like the ring's view, so the accessors' buffer calls stay monomorphic
        scratchSample = new PerfSample(scratch.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), cpu);
    }

    /** A record that wraps past the end of the ring: copied into the scratch buffer, then handled from there. */
    private int readWrapped(PerfSampleHandler handler, int type, int off, int recSize, long position) {
        if (scratch.capacity() < recSize) {
            growScratch(Integer.highestOneBit(recSize) << 1);
        }
        int first = size - off;
        scratch.put(0, meta, dataOffset + off, first);
        scratch.put(first, meta, dataOffset, recSize - first);
        if (type == RECORD_SAMPLE) {
            int raw = scratch.getInt(8);
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
            lost(handler, scratch.getLong(16));
        }
        return 0;
    }
}
