package io.bpfskel.ringbuf;

import io.bpfskel.sys.MappedMemory;
import io.bpfskel.sys.NativeMemory;
import java.nio.ByteBuffer;

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
 * <p>Memory ordering is libbpf's ({@code ringbuf_process_ring}): the producer position and each record
 * header are read with acquire semantics, and the consumer position is written with release semantics
 * after every record (discarded ones and one whose handler threw included), exactly as libbpf's
 * {@code smp_load_acquire}/{@code smp_store_release}. Publishing after every record matters beyond free
 * space: the kernel wakes the consumer only when, at commit, the consumer position equals the committed
 * record's position, so holding the position back can cost a wakeup. The loop reads and writes the mapping
 * at raw addresses through {@code RingMemory} ({@code sun.misc.Unsafe} on Java 17–21, one all-memory
 * {@code MemorySegment} on 22+): an acquire load is a barrier after which the JIT must reload every field,
 * so a checked buffer or segment access would cost several loads and branches per record, while a raw
 * acquire/release compiles to the plain load/store plus the barrier the CPU needs (none extra on x86,
 * {@code ldar}/{@code stlr} on arm64). Memory safety is proven here instead of checked per access: a header
 * is read inside the first copy of the data area, a record longer than the ring can hold is refused, and the record
 * view checks offsets against the record's length, so every access stays inside the twice-mapped data area.
 *
 * <p>Handlers: {@link RingRecordHandler} gets the reused {@link RingRecord} view (no per-record buffer
 * state); {@link RecordHandler} gets a repositioned {@code ByteBuffer}. The loop is compiled on its own, not
 * inlined into its callers (see {@link #consume(RingRecordHandler, int)}), so its handler call is monomorphic
 * while the process's rings share one handler class, and a dispatched call per record, like libbpf's callback
 * pointer, beyond two.
 *
 * <p>Lifetime: each call holds the ring (and with it both mappings, see {@link MappedMemory}), so closing the
 * poller from another thread releases the ring only after the call returns, and later calls throw {@link IllegalStateException}.
 * The handler reads the record in place; a buffer it keeps refers to the mapping, which therefore stays
 * mapped (reading zeros once the ring is closed) until the buffer is unreachable. One thread consumes at a
 * time: a second concurrent {@link #consume} throws.
 */
public final class RingBuffer {
    static final int BUSY_BIT = 1 << 31;
    static final int DISCARD_BIT = 1 << 30;
    static final int HEADER_SIZE = 8;

    private final String name;
    /** Names the ring in lifetime errors; built once, not per access. */
    private final String what;
    /** The mappings as buffers: referenced so that they stay mapped while this ring is (see MappedMemory). */
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    /** Raw addresses of the consumer position, the producer position and the data area. */
    private final long consumerAddress;
    private final long producerAddress;
    private final long dataAddress;
    /** The longest record data the ring can hold; a longer length would lead reads past the mapping. */
    private final int maxDataLength;
    private final long mask;
    private final RingRecordHandler handler;
    private final RingRecord record;
    /** One consumer at a time, and the mappings' lifetime: closing it unmaps them once no call is in flight. */
    private final Lifetime lifetime;

    /**
     * @param consumer the consumer page (read-write)
     * @param producer the producer page followed by the data area mapped twice (read-only)
     * @param dataOffset where the data area starts in {@code producer} (the page size)
     */
    RingBuffer(String name, ByteBuffer consumer, ByteBuffer producer, int dataOffset, int size, RecordHandler handler,
            MappedMemory... mappings) {
        this(name, consumer, producer, dataOffset, size, adapt(handler), mappings);
    }

    RingBuffer(String name, ByteBuffer consumer, ByteBuffer producer, int dataOffset, int size,
            RingRecordHandler handler, MappedMemory... mappings) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring buffer '" + name + "': size " + size + " is not a power of 2");
        }
        if (producer.capacity() < dataOffset + 2L * size) {
            throw new IllegalArgumentException("ring buffer '" + name + "': the data area is not mapped twice");
        }
        if (consumer.capacity() < Long.BYTES) {
            throw new IllegalArgumentException("ring buffer '" + name + "': the consumer page is not mapped");
        }
        this.name = name;
        this.what = "ring buffer '" + name + "'";
        this.consumer = consumer;
        this.producer = producer;
        this.consumerAddress = NativeMemory.addressOf(consumer);
        this.producerAddress = NativeMemory.addressOf(producer);
        this.dataAddress = producerAddress + dataOffset;
        this.maxDataLength = size - HEADER_SIZE;
        this.mask = size - 1;
        this.handler = handler;
        this.record = new RingRecord(producer.asReadOnlyBuffer(), producerAddress);
        this.lifetime = new Lifetime(mappings);
    }

    private static RingRecordHandler adapt(RecordHandler handler) {
        return handler == null ? null : record -> handler.onRecord(record.buffer());
    }

    public String name() {
        return name;
    }

    /** Bytes of the data area. */
    public int size() {
        return (int) (mask + 1);
    }

    public long consumerPosition() {
        lifetime.enter("read of the consumer position", null);
        try {
            return RingMemory.getLongAcquire(consumerAddress);
        } finally {
            lifetime.exit();
        }
    }

    public long producerPosition() {
        lifetime.enter("read of the producer position", null);
        try {
            return RingMemory.getLongAcquire(producerAddress);
        } finally {
            lifetime.exit();
        }
    }

    /** Bytes written by producers and not consumed yet (records, headers, discarded and busy ones). */
    public long available() {
        lifetime.enter("read of the positions", null);
        try {
            return RingMemory.getLongAcquire(producerAddress) - RingMemory.getLongAcquire(consumerAddress);
        } finally {
            lifetime.exit();
        }
    }

    /** Hands every complete record to the ring's handler; see {@link #consume(RingRecordHandler, int)}. */
    public int consume() {
        return consume(handler, Integer.MAX_VALUE);
    }

    /** Hands up to {@code max} complete records to the ring's handler; see {@link #consume(RingRecordHandler, int)}. */
    public int consume(int max) {
        return consume(handler, max);
    }

    /** Hands every complete record to {@code handler} instead of the ring's own. */
    public int consume(RingRecordHandler handler) {
        return consume(handler, Integer.MAX_VALUE);
    }

    /**
     * Hands up to {@code max} complete records to {@code handler}, in order, stopping at the first record a
     * producer is still writing (libbpf's {@code ring__consume_n}). Discarded records are skipped (and not
     * counted).
     *
     * @return the number of records handled, or the handler's negative value when it stopped
     * @throws RuntimeException what the handler threw; its record counts as consumed
     * @throws IllegalStateException when the ring is closed, or another thread is consuming it
     */
    public int consume(RingRecordHandler handler, int max) {
        // One method, the loop and its lifetime together, on purpose: it is the JIT's compilation root. On Java
        // 22+ every ring access is a chain of ~10 nested VarHandle/segment methods; most are @ForceInline, but a
        // few leaves (the segment's alignment mask, its base, Unsafe's unaligned read) are inlined only within
        // C2's MaxInlineLevel (15). When C2 inlined the loop into its callers (the poller, the application's
        // loop around it) those leaves ended up deeper than that and became a call each, per access: 0.5x
        // libbpf instead of 0.9x, depending on which method C2 happened to compile first. C2 never inlines a
        // hot method of more than FreqInlineSize (325) bytes of bytecode, and this one is larger (the
        // lifetime's exit is repeated at every return), so the loop is always compiled on its own and the
        // handler and the accesses inline at a fixed depth below it (RingBufferShapeTest keeps it so). The
        // handler's type profile is then this loop's, shared by every ring: monomorphic for one handler class,
        // a dispatched call per record (what libbpf's callback pointer costs) for three or more.
        lifetime.begin("consume");
        try {
            // Locals, not fields: every acquire load is a barrier after which the JIT would reload fields. The
            // mappings stay mapped meanwhile: the lifetime entered above holds them.
            long consAt = consumerAddress;
            long prodAt = producerAddress;
            long data = dataAddress;
            long dataEnd = data + mask + 1;
            long ringMask = mask;
            int maxLen = maxDataLength;
            RingRecord rec = record;
            long cons = RingMemory.getLongAcquire(consAt);
            int count = 0;
            while (true) {
                long avail = RingMemory.getLongAcquire(prodAt) - cons;
                if (avail <= 0) {
                    return count;
                }
                // A pass walks the header's raw address, from the record at cons to the end of the first copy of
                // the data area at most: a record starting there continues into the second copy, which maps the
                // same pages, so no per-record mask is needed (the next pass starts over at cons & mask). The
                // walk is one chain of dependent loads, each header's length giving the next header's address:
                // libbpf masks the position on every step (and, add the base); this does one add, which is
                // what the loop's speed is made of. The position to publish is origin + at.
                long at = data + (cons & ringMask);
                long end = Math.min(at + avail, dataEnd);
                long origin = cons - at;
                do {
                    // data <= at < dataEnd, and the record's length is checked below: every read stays inside
                    // the twice-mapped data area.
                    int len = RingMemory.getIntAcquire(at);
                    if ((len & BUSY_BIT) != 0) {
                        return count;
                    }
                    int dataLen = len & ~(BUSY_BIT | DISCARD_BIT);
                    if (dataLen > maxLen) {
                        // Only the kernel writes headers; this keeps a broken one from leading reads off the mapping.
                        throw corruptHeader(origin + at, dataLen);
                    }
                    long recordAt = at + HEADER_SIZE;
                    // The record's size rounded up to 8, from len directly (one step less on the chain): the
                    // DISCARD bit is cleared by the mask, and dataLen + 15 < 2^29 + 15 cannot carry into it.
                    at += (len + HEADER_SIZE + 7) & (~(BUSY_BIT | DISCARD_BIT) & ~7);
                    if ((len & DISCARD_BIT) != 0) {
                        RingMemory.setLongRelease(consAt, origin + at);
                        continue;
                    }
                    rec.address = recordAt;
                    rec.length = dataLen;
                    int r;
                    try {
                        r = handler.onRecord(rec);
                    } finally {
                        // After the handler (the record's memory is the producer's again once published), and
                        // also when it threw: that record counts as consumed.
                        RingMemory.setLongRelease(consAt, origin + at);
                    }
                    if (r < 0) {
                        return r;
                    }
                    if (++count >= max) {
                        return count;
                    }
                } while (at < end);
                cons = origin + at;
            }
        } finally {
            lifetime.end();
        }
    }

    private IllegalStateException corruptHeader(long pos, int dataLen) {
        return new IllegalStateException(what + ": the record at position " + pos + " claims " + dataLen
                + " bytes, more than the ring's " + size() + " bytes can hold");
    }

    /** Unmaps the ring once no call is in flight (from the poller's close). */
    void unmap() {
        lifetime.close();
    }

    private final class Lifetime extends OneConsumer {
        private final MappedMemory[] mappings;

        Lifetime(MappedMemory[] mappings) {
            this.mappings = mappings;
        }

        @Override
        IllegalStateException busyError(String operation) {
            return new IllegalStateException(what + ": " + operation + "() is already running (on another thread, "
                    + "or from this ring's handler); a ring buffer has one consumer at a time");
        }

        @Override
        protected void free() {
            for (MappedMemory m : mappings) {
                m.close();
            }
        }

        @Override
        public IllegalStateException closedError(String operation, String context) {
            return new IllegalStateException(what + ": " + operation + " after the ring was closed (its poller was "
                    + "closed)");
        }
    }

    @Override
    public String toString() {
        return "RingBuffer[" + name + ", " + size() + " bytes]";
    }
}
