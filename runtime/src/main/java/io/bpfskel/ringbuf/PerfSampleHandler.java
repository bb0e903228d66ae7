package io.bpfskel.ringbuf;

/**
 * Receives perf buffer samples through the reused {@link PerfSample} view: the fastest way to consume (no
 * buffer repositioning per sample), and when passed to {@link PerfBuffer#consume(PerfSampleHandler)} at the
 * call site, a call the JIT can inline.
 */
@FunctionalInterface
public interface PerfSampleHandler {
    /** One sample; {@code sample} is valid during the call only. */
    void onSample(PerfSample sample);

    /** {@code count} samples were dropped on {@code cpu} because its ring was full. */
    default void onLost(int cpu, long count) {}
}
