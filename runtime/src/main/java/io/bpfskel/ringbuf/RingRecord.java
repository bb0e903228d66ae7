package io.bpfskel.ringbuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One record of a ring buffer, read in place: offsets are relative to the record's first byte, values in
 * host byte order. The object is reused for every record of its ring and reads the ring's own memory, so
 * it is valid only during the handler call that received it (the producer reuses the space once the call
 * returns): copy what you keep.
 *
 * <p>Accessors check the offset against the record's length and read the mapping at its raw address (see
 * {@code RingMemory}); no buffer position or limit is touched per record, and no field needs reloading after
 * the consumer's per-record acquire load, which keeps the loop as short as libbpf's. A view kept past its
 * handler call reads whatever the ring holds at that place by then (zeros once the ring is closed), never
 * unmapped memory.
 */
public final class RingRecord {
    /**
     * The ring's mapping as a buffer, for {@link #buffer()}. Also what keeps the address range mapped (or backed
     * by zero pages after close) while this view is reachable: the accessors read raw addresses.
     */
    private final ByteBuffer view;
    /** Address of {@code view}'s first byte. */
    private final long viewAddress;
    /** Address of the record's first data byte; {@code [address, address + length)} lies inside the mapping. */
    long address;
    int length;

    /** @param ring a direct buffer over the ring's producer mapping, and its address */
    RingRecord(ByteBuffer ring, long ringAddress) {
        this.view = ring.duplicate().clear().order(ByteOrder.nativeOrder());
        this.viewAddress = ringAddress;
        this.address = ringAddress;
    }

    /** Bytes of data in the record (without the ring's header, with the producer's padding). */
    public int length() {
        return length;
    }

    public byte getByte(int offset) {
        return RingMemory.getByte(address + Objects.checkFromIndexSize(offset, 1, length));
    }

    public short getShort(int offset) {
        return RingMemory.getShort(address + Objects.checkFromIndexSize(offset, 2, length));
    }

    public int getInt(int offset) {
        return RingMemory.getInt(address + Objects.checkFromIndexSize(offset, 4, length));
    }

    public long getLong(int offset) {
        return RingMemory.getLong(address + Objects.checkFromIndexSize(offset, 8, length));
    }

    /** Copies {@code count} bytes from {@code offset} into {@code dst[dstOffset..]}. */
    public void get(int offset, byte[] dst, int dstOffset, int count) {
        Objects.checkFromIndexSize(offset, count, length);
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        RingMemory.copy(address + offset, dst, dstOffset, count);
    }

    public byte[] toByteArray() {
        byte[] out = new byte[length];
        RingMemory.copy(address, out, 0, out.length);
        return out;
    }

    /**
     * The record as the content between {@code position()} and {@code limit()} of a read-only buffer (one
     * buffer per ring, repositioned for each record).
     */
    public ByteBuffer buffer() {
        int at = (int) (address - viewAddress);
        view.limit(at + length);
        view.position(at);
        return view;
    }

    @Override
    public String toString() {
        return "RingRecord[" + length + " bytes]";
    }
}
