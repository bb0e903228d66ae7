package io.bpfskel.ringbuf;

/**
 * Receives ring-buffer records through the reused {@link RingRecord} view: the fastest way to consume
 * (no buffer repositioning per record), and when passed to {@link RingBuffer#consume(RingRecordHandler)}
 * at the call site, a call the JIT can inline.
 */
@FunctionalInterface
public interface RingRecordHandler {
    /**
     * @return 0 (or any non-negative value) to go on; a negative value stops consumption after this
     *     record, and the poll or consume call returns it (libbpf's convention)
     */
    int onRecord(RingRecord record);
}
