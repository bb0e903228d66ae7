package io.bpfskel.ringbuf;

import java.nio.ByteBuffer;

/**
 * One record of a ring buffer, read in place: offsets are relative to the record's first byte, values in
 * host byte order. The object is reused for every record of its ring and reads the ring's own memory, so
 * it is valid only during the handler call that received it (the producer reuses the space once the call
 * returns): copy what you keep.
 *
 * <p>Accessors read the mapping at raw addresses behind an offset check (see {@code RecordView}), which keeps
 * the loop as short as libbpf's. A view kept past its handler call reads whatever the ring holds at that
 * place by then (zeros once the ring is closed), never unmapped memory.
 */
public final class RingRecord extends RecordView {
    /** @param ring a direct buffer over the ring's producer mapping, and its address */
    RingRecord(ByteBuffer ring, long ringAddress) {
        super(ring, ringAddress);
    }

    @Override
    public String toString() {
        return "RingRecord[" + length + " bytes]";
    }
}
