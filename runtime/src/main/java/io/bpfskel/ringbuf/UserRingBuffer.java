package io.bpfskel.ringbuf;

import io.bpfskel.error.BpfException;
import io.bpfskel.maps.Codec;
import io.bpfskel.maps.MapRef;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MappedMemory;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.uapi.MapType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The producer side of a {@code BPF_MAP_TYPE_USER_RINGBUF} (libbpf's {@code user_ring_buffer}): user space
 * writes records that a BPF program consumes with {@code bpf_user_ringbuf_drain}.
 *
 * <p>The layout is the one of {@link RingBuffer} with the roles swapped: the kernel owns the consumer
 * position (mapped read-only here), we own the producer position and the data area (mapped read-write,
 * twice in a row). A reservation writes a BUSY header and publishes the new producer position with release
 * semantics; submitting (or discarding) clears BUSY (or sets DISCARD) with an atomic exchange, which the
 * kernel's acquire read of the header pairs with. Like libbpf's, a producer is not thread-safe: use one
 * thread, or serialize {@code reserve} and {@code submit} yourself.
 *
 * <p>A reservation's buffer is on the Java heap and copied into the ring at submit, so no buffer over the
 * ring's memory is handed out; every access holds the mappings, and {@link #close()} (from any thread)
 * unmaps once none is in flight.
 */
public final class UserRingBuffer implements AutoCloseable {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final String name;
    /** Names the ring in lifetime errors; built once, not per access. */
    private final String what;
    private final MappedMemory consumerMem;
    private final MappedMemory producerMem;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final int dataOffset;
    private final long mask;

    private UserRingBuffer(String name, MappedMemory consumerMem, MappedMemory producerMem, int page, int size) {
        this.name = name;
        this.what = "user ring buffer '" + name + "'";
        this.consumerMem = consumerMem;
        this.producerMem = producerMem;
        this.consumer = consumerMem.buffer().asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        this.producer = producerMem.buffer();
        this.dataOffset = page;
        this.mask = size - 1;
    }

    public static UserRingBuffer open(MapRef map) {
        String what = "user ring buffer '" + map.name() + "'";
        if (map.type() != MapType.USER_RINGBUF) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type() + " map, not a user ring buffer");
        }
        int size = Bpf.mapInfo(Fd.of(map.handle()), what).maxEntries();
        long page = Syscalls.pageSize();
        if (page + 2L * size > Integer.MAX_VALUE) {
            throw new BpfException(what + ": " + size + " bytes are too large to map in one buffer");
        }
        MappedMemory cons = Syscalls.mmap(Fd.of(map.handle()), page, Syscalls.PROT_READ, Syscalls.MAP_SHARED, 0,
                what + " consumer page");
        try {
            MappedMemory prod = Syscalls.mmap(Fd.of(map.handle()), page + 2L * size, Syscalls.PROT_READ | Syscalls.PROT_WRITE,
                    Syscalls.MAP_SHARED, page, what + " producer page and data");
            return new UserRingBuffer(map.name(), cons, prod, (int) page, size);
        } catch (RuntimeException e) {
            cons.close();
            throw e;
        }
    }

    /** A reserved record: write its bytes through {@link #buffer()}, then {@link #submit()} or {@link #discard()}. */
    public final class Reservation {
        private final int header;
        private final int size;
        private ByteBuffer staging;
        private boolean done;

        private Reservation(int header, int size) {
            this.header = header;
            this.size = size;
        }

        /**
         * The record's {@code size} bytes, zeroed, position 0 to limit, host byte order; copied into the ring at
         * {@link #submit()}.
         */
        public ByteBuffer buffer() {
            checkPending();
            if (staging == null) {
                staging = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
            }
            return staging;
        }

        public int size() {
            return size;
        }

        /** Hands the record to the kernel. */
        public void submit() {
            commit(false);
        }

        /** Gives the space back without the kernel seeing a record. */
        public void discard() {
            commit(true);
        }

        private void commit(boolean discard) {
            checkPending();
            enter("submit");
            try {
                done = true;
                if (!discard && staging != null) {
                    producer.put(header + RingBuffer.HEADER_SIZE, staging, 0, size);
                }
                int len = size | (discard ? RingBuffer.DISCARD_BIT : 0);
                INT.getAndSet(producer, header, len);
            } finally {
                exit();
            }
        }

        private void checkPending() {
            if (done) {
                throw new IllegalStateException("user ring buffer '" + name + "': the reservation was already "
                        + "submitted or discarded");
            }
        }
    }

    /**
     * Reserves room for a record of {@code size} bytes; null when the kernel has not consumed enough yet.
     *
     * @throws IllegalArgumentException when a record of that size can never fit
     */
    public Reservation reserve(int size) {
        enter("reserve");
        try {
            return reserveMapped(size);
        } finally {
            exit();
        }
    }

    private Reservation reserveMapped(int size) {
        long max = mask + 1;
        long total = (size + RingBuffer.HEADER_SIZE + 7L) & ~7L;
        if (size <= 0 || (size & (RingBuffer.BUSY_BIT | RingBuffer.DISCARD_BIT)) != 0 || total > max) {
            throw new IllegalArgumentException("user ring buffer '" + name + "': a record of " + size
                    + " bytes does not fit a ring of " + max + " bytes");
        }
        long cons = (long) LONG.getAcquire(consumer, 0);
        long prod = (long) LONG.getAcquire(producer, 0);
        if (max - (prod - cons) < total) {
            return null;
        }
        int header = dataOffset + (int) (prod & mask);
        producer.putInt(header, size | RingBuffer.BUSY_BIT);
        producer.putInt(header + 4, 0);
        LONG.setRelease(producer, 0, prod + total);
        return new Reservation(header, size);
    }

    /** Writes {@code data} as one record; false when there is no room now. */
    public boolean write(byte[] data) {
        Reservation r = reserve(data.length);
        if (r == null) {
            return false;
        }
        enter("write");
        try {
            producer.put(r.header + RingBuffer.HEADER_SIZE, data);
        } finally {
            exit();
        }
        r.submit();
        return true;
    }

    /** Writes {@code value} as one record of {@code codec.size()} bytes; false when there is no room now. */
    public <T> boolean write(Codec<T> codec, T value) {
        Reservation r = reserve(codec.size());
        if (r == null) {
            return false;
        }
        ByteBuffer b = r.buffer(); // zeroed, as codecs expect
        try {
            codec.encode(value, b);
        } catch (RuntimeException e) {
            r.discard();
            throw e;
        }
        r.submit();
        return true;
    }

    /** Bytes not yet consumed by the kernel, headers included. */
    public long pending() {
        enter("read of the positions");
        try {
            return (long) LONG.getAcquire(producer, 0) - (long) LONG.getAcquire(consumer, 0);
        } finally {
            exit();
        }
    }

    private void enter(String operation) {
        producerMem.enter(operation, what);
        try {
            consumerMem.enter(operation, what);
        } catch (RuntimeException e) {
            producerMem.exit();
            throw e;
        }
    }

    private void exit() {
        consumerMem.exit();
        producerMem.exit();
    }

    /** Thread-safe; unmaps once no call is in flight. */
    @Override
    public void close() {
        producerMem.close();
        consumerMem.close();
    }
}
