package io.bpfskel.ringbuf;

import java.nio.ByteBuffer;

/**
 * One {@code PERF_RECORD_SAMPLE} of a {@link PerfBuffer}, read in place: the bytes a BPF program passed to
 * {@code bpf_perf_event_output}, followed by the kernel's padding (the record is 8-byte aligned, so a
 * 24-byte output arrives as 28 bytes). Offsets are relative to the sample's first byte, values in host byte
 * order.
 *
 * <p>The object is reused for every sample of its perf buffer and reads the ring's own memory (or, for a
 * sample that wraps past the ring's end, a scratch copy), so it is valid only during the handler call that
 * received it: copy what you keep. Accessors read at raw addresses behind an offset check (see
 * {@code RecordView}), which keeps the consumer loop as short as libbpf's. A view kept past its handler call
 * reads whatever the ring holds at that place by then (zeros once the perf buffer is closed), never unmapped
 * memory.
 */
public final class PerfSample extends RecordView {
    private final int cpu;

    /** @param memory a read-only direct buffer over the ring's mapping or the scratch copy, and its address */
    PerfSample(ByteBuffer memory, long memoryAddress, int cpu) {
        super(memory, memoryAddress);
        this.cpu = cpu;
    }

    /** The CPU whose ring delivered the sample (the CPU the BPF program ran on, with BPF_F_CURRENT_CPU). */
    public int cpu() {
        return cpu;
    }

    @Override
    public String toString() {
        return "PerfSample[cpu " + cpu + ", " + length + " bytes]";
    }
}
