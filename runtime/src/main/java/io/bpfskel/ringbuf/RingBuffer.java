package io.bpfskel.ringbuf;

import io.bpfskel.sys.MappedMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The consumer side of one {@code BPF_MAP_TYPE_RINGBUF}, reading records in place from the map's memory
 * (libbpf's {@code struct ring}). Created by {@link RingBufferPoller#add}.
 *
 * <p>Layout, as the kernel maps it: page 0 holds the consumer position (written by us), page 1 the producer
 * position (written by BPF programs), then the data area of {@code size} bytes, mapped twice in a row so that
 * a record that wraps past the end can still be read contiguously. Each record starts with an 8-byte header:
 * a 32-bit length whose top bits are BUSY (still being written, stop here) and DISCARD (skip it), then the
 * page offset the kernel uses. Records are padded to 8 bytes.
 *
 * <p>Memory ordering: the producer position and each record header are read with acquire semantics, and
 * the consumer position is written with release semantics, exactly as libbpf's
 * {@code smp_load_acquire}/{@code smp_store_release}. We use {@link VarHandle}s over direct
 * {@link ByteBuffer}s of the mapping: {@code getAcquire}/{@code setRelease} are specified Java memory model
 * operations that the JIT compiles to plain loads/stores plus the barriers the CPU needs (none extra on x86,
 * {@code ldar}/{@code stlr} on arm64). JNA {@code Pointer} reads would be an opaque native call per access,
 * slower, and with ordering only implied by the call boundary, not specified.
 */
public final class RingBuffer {
    static final int BUSY_BIT = 1 << 31;
    static final int DISCARD_BIT = 1 << 30;
    static final int HEADER_SIZE = 8;

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final String name;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final ByteBuffer view;
    private final int dataOffset;
    private final long mask;
    private final RecordHandler handler;
    private final MappedMemory[] mappings;

    /**
     * @param consumer the consumer page (read-write)
     * @param producer the producer page followed by the data area mapped twice (read-only)
     * @param dataOffset where the data area starts in {@code producer} (the page size)
     */
    RingBuffer(String name, ByteBuffer consumer, ByteBuffer producer, int dataOffset, int size, RecordHandler handler,
            MappedMemory... mappings) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring buffer '" + name + "': size " + size + " is not a power of 2");
        }
        if (producer.capacity() < dataOffset + 2L * size) {
            throw new IllegalArgumentException("ring buffer '" + name + "': the data area is not mapped twice");
        }
        this.name = name;
        this.consumer = consumer;
        this.producer = producer;
        this.view = producer.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        this.dataOffset = dataOffset;
        this.mask = size - 1;
        this.handler = handler;
        this.mappings = mappings;
    }

    public String name() {
        return name;
    }

    /** Bytes of the data area. */
    public int size() {
        return (int) (mask + 1);
    }

    public long consumerPosition() {
        checkMapped();
        return (long) LONG.getAcquire(consumer, 0);
    }

    public long producerPosition() {
        checkMapped();
        return (long) LONG.getAcquire(producer, 0);
    }

    /** Bytes written by producers and not consumed yet (records, headers, discarded and busy ones). */
    public long available() {
        return producerPosition() - consumerPosition();
    }

    /** Hands every complete record to the handler; see {@link #consume(int)}. */
    public int consume() {
        return consume(Integer.MAX_VALUE);
    }

    /**
     * Hands up to {@code max} complete records to the handler, in order, stopping at the first record a
     * producer is still writing. Discarded records are skipped (and not counted).
     *
     * @return the number of records handled, or the handler's negative value when it stopped
     * @throws RuntimeException what the handler threw; its record counts as consumed
     */
    public int consume(int max) {
        checkMapped();
        long cons = (long) LONG.getAcquire(consumer, 0);
        int count = 0;
        boolean progress;
        do {
            progress = false;
            long prod = (long) LONG.getAcquire(producer, 0);
            while (cons < prod) {
                int at = dataOffset + (int) (cons & mask);
                int len = (int) INT.getAcquire(producer, at);
                if ((len & BUSY_BIT) != 0) {
                    return count;
                }
                progress = true;
                int dataLen = len & ~(BUSY_BIT | DISCARD_BIT);
                cons += (dataLen + HEADER_SIZE + 7) & ~7L;
                if ((len & DISCARD_BIT) == 0) {
                    view.limit(at + HEADER_SIZE + dataLen);
                    view.position(at + HEADER_SIZE);
                    int r;
                    try {
                        r = handler.onRecord(view);
                    } finally {
                        LONG.setRelease(consumer, 0, cons);
                    }
                    if (r < 0) {
                        return r;
                    }
                    count++;
                } else {
                    LONG.setRelease(consumer, 0, cons);
                }
                if (count >= max) {
                    return count;
                }
            }
        } while (progress);
        return count;
    }

    private void checkMapped() {
        for (MappedMemory m : mappings) {
            if (m.isClosed()) {
                throw new IllegalStateException("ring buffer '" + name + "' is closed");
            }
        }
    }

    void unmap() {
        for (MappedMemory m : mappings) {
            m.close();
        }
    }

    @Override
    public String toString() {
        return "RingBuffer[" + name + ", " + size() + " bytes]";
    }
}
