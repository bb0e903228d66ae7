package io.bpfskel.ringbuf;

import java.nio.ByteBuffer;

/**
 * Receives one ring-buffer record. The record is the buffer's content between {@code position()} and
 * {@code limit()}, read-only, in host byte order. The buffer is the ring's own memory: its content is valid
 * only during the call (the producer reuses the space once the call returns), so copy what you keep. Keeping
 * the buffer itself never crashes: the memory stays mapped while the buffer is reachable, and reads zeros
 * after the ring is closed.
 */
@FunctionalInterface
public interface RecordHandler {
    /**
     * @return 0 (or any non-negative value) to go on; a negative value stops consumption after this
     *     record, and the poll or consume call returns it (libbpf's convention)
     */
    int onRecord(ByteBuffer record);
}
