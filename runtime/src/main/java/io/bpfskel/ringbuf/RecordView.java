package io.bpfskel.ringbuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The read-in-place part shared by {@link RingRecord} and {@link PerfSample}: a reused view of one record in a
 * kernel ring's memory, offsets relative to the record's first byte, values in host byte order.
 *
 * <p>Accessors check the offset against the record's length and read the memory at its raw address (see
 * {@code RingMemory}); no buffer position or limit is touched per record, and no field needs reloading after
 * the consumer's per-record acquire load. Every method is final and both subclasses are final, so the JIT
 * binds the calls statically, as it did when each view had its own copy of them.
 */
abstract sealed class RecordView permits RingRecord, PerfSample {
    /**
     * The memory as a buffer, for {@link #buffer()}. Also what keeps the address range mapped (or backed by zero
     * pages after close) while this view is reachable: the accessors read raw addresses.
     */
    private final ByteBuffer view;
    /** Address of {@code view}'s first byte. */
    private final long viewAddress;
    /** Address of the record's first data byte; {@code [address, address + length)} lies inside the memory. */
    long address;
    int length;

    /** @param memory a direct buffer over the memory the records lie in, and its address */
    RecordView(ByteBuffer memory, long memoryAddress) {
        this.view = memory.duplicate().clear().order(ByteOrder.nativeOrder());
        this.viewAddress = memoryAddress;
        this.address = memoryAddress;
    }

    /** Bytes of data in the record (without the ring's header, with the producer's or kernel's padding). */
    public final int length() {
        return length;
    }

    public final byte getByte(int offset) {
        return RingMemory.getByte(address + Objects.checkFromIndexSize(offset, 1, length));
    }

    public final short getShort(int offset) {
        return RingMemory.getShort(address + Objects.checkFromIndexSize(offset, 2, length));
    }

    public final int getInt(int offset) {
        return RingMemory.getInt(address + Objects.checkFromIndexSize(offset, 4, length));
    }

    public final long getLong(int offset) {
        return RingMemory.getLong(address + Objects.checkFromIndexSize(offset, 8, length));
    }

    /** Copies {@code count} bytes from {@code offset} into {@code dst[dstOffset..]}. */
    public final void get(int offset, byte[] dst, int dstOffset, int count) {
        Objects.checkFromIndexSize(offset, count, length);
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        RingMemory.copy(address + offset, dst, dstOffset, count);
    }

    public final byte[] toByteArray() {
        byte[] out = new byte[length];
        RingMemory.copy(address, out, 0, out.length);
        return out;
    }

    /**
     * The record as the content between {@code position()} and {@code limit()} of a read-only buffer in host
     * byte order (one buffer per memory, repositioned for each record; valid during the handler call only).
     */
    public final ByteBuffer buffer() {
        int at = (int) (address - viewAddress);
        view.limit(at + length);
        view.position(at);
        return view;
    }
}
