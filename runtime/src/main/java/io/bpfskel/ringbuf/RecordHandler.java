package io.bpfskel.ringbuf;

import java.nio.ByteBuffer;

/**
 * Receives one ring-buffer record. The record is the buffer's content between {@code position()} and
 * {@code limit()}, read-only, in host byte order. The buffer is a copy on the Java heap that the next record
 * overwrites, so copy what you keep (keeping the buffer itself is safe, but it changes).
 */
@FunctionalInterface
public interface RecordHandler {
    /**
     * @return 0 (or any non-negative value) to go on; a negative value stops consumption after this
     *     record, and the poll or consume call returns it (libbpf's convention)
     */
    int onRecord(ByteBuffer record);
}
