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
 * <p>Accessors check the offset against the record's length and read the mapping directly; no buffer
 * position or limit is touched per record, which keeps the consumer loop short enough for the JIT.
 */
public final class RingRecord {
    private final ByteBuffer ring;
    private final ByteBuffer view;
    int base;
    int length;

    RingRecord(ByteBuffer ring) {
        this.ring = ring.duplicate().clear().order(ByteOrder.nativeOrder());
        this.view = this.ring.duplicate().order(ByteOrder.nativeOrder());
    }

    /** Bytes of data in the record (without the ring's header, with the producer's padding). */
    public int length() {
        return length;
    }

    public byte getByte(int offset) {
        return ring.get(base + Objects.checkFromIndexSize(offset, 1, length));
    }

    public short getShort(int offset) {
        return ring.getShort(base + Objects.checkFromIndexSize(offset, 2, length));
    }

    public int getInt(int offset) {
        return ring.getInt(base + Objects.checkFromIndexSize(offset, 4, length));
    }

    public long getLong(int offset) {
        return ring.getLong(base + Objects.checkFromIndexSize(offset, 8, length));
    }

    /** Copies {@code count} bytes from {@code offset} into {@code dst[dstOffset..]}. */
    public void get(int offset, byte[] dst, int dstOffset, int count) {
        Objects.checkFromIndexSize(offset, count, length);
        ring.get(base + offset, dst, dstOffset, count);
    }

    public byte[] toByteArray() {
        byte[] out = new byte[length];
        ring.get(base, out, 0, length);
        return out;
    }

    /**
     * The record as the content between {@code position()} and {@code limit()} of a read-only buffer (one
     * buffer per ring, repositioned for each record).
     */
    public ByteBuffer buffer() {
        view.limit(base + length);
        view.position(base);
        return view;
    }

    @Override
    public String toString() {
        return "RingRecord[" + length + " bytes]";
    }
}
