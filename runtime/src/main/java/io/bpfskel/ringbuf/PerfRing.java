package io.bpfskel.ringbuf;

import io.bpfskel.sys.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reader of one CPU's perf ring (libbpf's {@code perf_event_read_simple}).
 *
 * <p>Layout: the mapping's first page is {@code struct perf_event_mmap_page} ({@code data_head} at 1024,
 * {@code data_tail} at 1032, {@code data_offset}/{@code data_size} at 1040/1048 since Linux 4.1), then the
 * data area, mapped once: a record that wraps past its end is copied into a scratch buffer. Records start
 * with {@code struct perf_event_header {u32 type; u16 misc; u16 size}} and are 8-byte aligned, so the header
 * itself never wraps.
 *
 * <p>Ordering is libbpf's: {@code data_head} is read with acquire, {@code data_tail} written with release once
 * per call, after the last record (also when a handler threw). The loop reads the mapping at raw addresses
 * through {@code RingMemory}, like {@link RingBuffer} and for the same reason (after the acquire load the JIT
 * must reload every field a checked buffer or segment access needs). Memory safety is proven here instead of
 * checked per access: the data area lies inside the mapping (checked once, here); {@code data_tail} starts
 * 8-byte aligned and only ever advances by record sizes that are multiples of 8, so a header read at
 * {@code data + (tail & mask)} never crosses the end; a record is read in place only when it ends inside the
 * area, a record longer than the area is refused, and the sample view checks offsets against the sample's
 * length. {@link PerfBuffer}'s lifetime guard keeps the mapping mapped during the call, and the views keep
 * the mapping's buffer reachable, so a view kept past close reads zeros, never unmapped memory.
 */
final class PerfRing {
    static final int DATA_HEAD = 1024;
    static final int DATA_TAIL = 1032;
    static final int DATA_OFFSET = 1040;
    static final int DATA_SIZE = 1048;
    static final int HEADER_SIZE = 8;
    static final int RECORD_LOST = 2;
    static final int RECORD_SAMPLE = 9;
    /** Sample records: the header, then u32 size, then the bytes. */
    static final int SAMPLE_DATA = 12;
    /** Lost records: the header, u64 id, u64 lost (then sample_id). */
    static final int LOST_COUNT = 16;

    private final int cpu;
    private final String what;
    private final AtomicLong lost;
    /** The whole mapping (metadata page, then the data area); referenced so that it stays mapped. */
    private final ByteBuffer mapping;
    private final long headAddress;
    private final long tailAddress;
    private final long dataAddress;
    private final int dataOffset;
    private final int size;
    /** The reused view over the ring. */
    private final PerfSample sample;
    /** Where a record that wraps past the ring's end is copied, its address, and its view. */
    private ByteBuffer scratch;
    private long scratchAddress;
    private PerfSample scratchSample;

    /**
     * @param mapping the mmap-ed metadata page and data pages (a direct buffer), in host byte order
     * @param size the data area's size when the kernel does not say (before 4.1)
     * @param lost where lost-sample counts add up (the perf buffer's total)
     */
    PerfRing(int cpu, ByteBuffer mapping, int page, int size, String what, AtomicLong lost) {
        this.cpu = cpu;
        this.what = what;
        this.lost = lost;
        this.mapping = mapping;
        long off = mapping.getLong(DATA_OFFSET);
        long sz = mapping.getLong(DATA_SIZE);
        long dataOffset = off != 0 ? off : page;
        long dataSize = sz != 0 ? sz : size;
        // Checked once, so that the loop's raw reads (bounded by the data area) stay inside the mapping.
        if (dataSize < HEADER_SIZE || Long.bitCount(dataSize) != 1 || dataOffset < DATA_SIZE + Long.BYTES
                || (dataOffset & 7) != 0 || dataOffset + dataSize > mapping.capacity()) {
            throw new IllegalArgumentException(what + " on CPU " + cpu + ": a data area of " + dataSize
                    + " bytes at " + dataOffset + " does not fit a mapping of " + mapping.capacity() + " bytes");
        }
        long base = NativeMemory.addressOf(mapping);
        this.headAddress = base + DATA_HEAD;
        this.tailAddress = base + DATA_TAIL;
        this.dataAddress = base + dataOffset;
        this.dataOffset = (int) dataOffset;
        this.size = (int) dataSize;
        this.sample = new PerfSample(mapping.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), base, cpu);
        growScratch(256);
    }

    /** Hands every record between {@code data_tail} and {@code data_head} out; returns the samples handed out. */
    int read(PerfSampleHandler handler) {
        // Locals, not fields: the acquire load is a barrier after which the JIT would reload fields.
        PerfSample s = sample;
        long data = dataAddress;
        int ringSize = size;
        long mask = ringSize - 1;
        long dataEnd = data + ringSize;
        long head = RingMemory.getLongAcquire(headAddress);
        long tail = RingMemory.getLong(tailAddress); // only we write it
        if ((tail & 7) != 0) {
            throw corrupt("data_tail " + tail + " is not 8-byte aligned", tail);
        }
        int samples = 0;
        // The walk goes by the header's raw address, at, rather than by tail & mask: each header's size gives the
        // next header's address, so the loop is one chain of dependent loads and an add per record is shorter
        // than libbpf's mask-and-add (the loop's speed is that chain). The position is origin + at until the
        // walk reaches the end of the data area (mapped once), where the next pass starts over at tail & mask.
        long at = data + (tail & mask);
        long origin = tail - at;
        try {
            while (origin + at < head) {
                tail = origin + at;
                at = data + (tail & mask);
                origin = tail - at;
                long limit = at + Math.min(head - tail, dataEnd - at);
                // The common case, a sample that does not wrap, in an inner loop without calls (the handler is
                // inlined when monomorphic): a call in the loop would make the JIT reload every field each record.
                do {
                    long header = RingMemory.getLong(at); // type, misc and size in one load
                    int recSize = (int) (header >>> 48);
                    // A sample of at least 16 bytes (aligned: 12 and more), a multiple of 8, inside the area.
                    if ((int) header != RECORD_SAMPLE || recSize < 16 || (recSize & 7) != 0
                            || at + recSize > dataEnd) {
                        break;
                    }
                    int raw = RingMemory.getInt(at + 8);
                    if (raw < 0 || raw > recSize - SAMPLE_DATA) {
                        throw corrupt("sample of " + raw + " bytes in a record of " + recSize, origin + at);
                    }
                    s.address = at + SAMPLE_DATA;
                    s.length = raw;
                    at += recSize;
                    samples++;
                    handler.onSample(s);
                } while (at < limit);
                if (at < limit) {
                    // Stopped at a record other than a sample inside the area.
                    long header = RingMemory.getLong(at);
                    int recSize = (int) (header >>> 48);
                    if (recSize < HEADER_SIZE || (recSize & 7) != 0) {
                        throw corrupt("record of size " + recSize, origin + at);
                    }
                    if (recSize > ringSize) {
                        throw corrupt("record of size " + recSize + ", more than the ring's " + ringSize
                                + " bytes can hold", origin + at);
                    }
                    long position = origin + at;
                    int off = (int) (at - data);
                    at += recSize;
                    samples += readOther(handler, (int) header, off, recSize, position);
                }
            }
        } finally {
            // Once per call, after the last record (also when a handler threw: that record counts as consumed).
            RingMemory.setLongRelease(tailAddress, origin + at);
        }
        return samples;
    }

    /**
     * A record other than a sample that does not wrap: one that wraps, lost samples; other types are skipped.
     * {@code recSize} is a multiple of 8 between 8 and the ring's size.
     */
    private int readOther(PerfSampleHandler handler, int type, int off, int recSize, long position) {
        if (off + recSize > size) {
            return readWrapped(handler, type, off, recSize, position);
        }
        if (type == RECORD_SAMPLE) {
            throw corrupt("sample record of size " + recSize, position);
        }
        if (type == RECORD_LOST) {
            if (recSize < LOST_COUNT + Long.BYTES) {
                throw corrupt("lost-samples record of size " + recSize, position);
            }
            lost(handler, RingMemory.getLong(dataAddress + off + LOST_COUNT));
        }
        return 0;
    }

    private void lost(PerfSampleHandler handler, long count) {
        lost.addAndGet(count);
        handler.onLost(cpu, count);
    }

    private IllegalStateException corrupt(String what, long position) {
        return new IllegalStateException(this.what + " on CPU " + cpu + ": corrupt " + what + " at position "
                + position);
    }

    private void growScratch(int capacity) {
        scratch = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        scratchAddress = NativeMemory.addressOf(scratch);
        // The view holds the scratch buffer, so a view kept past a regrowth still reads live memory.
        scratchSample = new PerfSample(scratch.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), scratchAddress,
                cpu);
    }

    /**
     * A record that wraps past the end of the ring ({@code recSize} at most the ring's size): copied into the
     * scratch buffer (bounds-checked buffer copies: wrapping is rare), then handled from there.
     */
    private int readWrapped(PerfSampleHandler handler, int type, int off, int recSize, long position) {
        if (scratch.capacity() < recSize) {
            growScratch(Integer.highestOneBit(recSize) << 1);
        }
        int first = size - off;
        scratch.put(0, mapping, dataOffset + off, first);
        scratch.put(first, mapping, dataOffset, recSize - first);
        if (type == RECORD_SAMPLE) {
            if (recSize < SAMPLE_DATA) {
                throw corrupt("sample record of size " + recSize, position);
            }
            int raw = RingMemory.getInt(scratchAddress + 8);
            if (raw < 0 || raw > recSize - SAMPLE_DATA) {
                throw corrupt("sample of " + raw + " bytes in a record of " + recSize, position);
            }
            PerfSample s = scratchSample;
            s.address = scratchAddress + SAMPLE_DATA;
            s.length = raw;
            handler.onSample(s);
            return 1;
        }
        if (type == RECORD_LOST) {
            if (recSize < LOST_COUNT + Long.BYTES) {
                throw corrupt("lost-samples record of size " + recSize, position);
            }
            lost(handler, RingMemory.getLong(scratchAddress + LOST_COUNT));
        }
        return 0;
    }
}
