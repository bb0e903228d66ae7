package io.bpfskel.ringbuf;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One {@code PERF_RECORD_SAMPLE} of a {@link PerfBuffer}, read in place: the bytes a BPF program passed to
 * {@code bpf_perf_event_output}, followed by the kernel's padding (the record is 8-byte aligned, so a
 * 24-byte output arrives as 28 bytes). Offsets are relative to the sample's first byte, values in host byte
 * order.
 *
 * <p>The object is reused for every sample of its perf buffer and reads the ring's own memory (or, for a
 * sample that wraps past the ring's end, a scratch copy), so it is valid only during the handler call that
 * received it: copy what you keep. Accessors check the offset against the sample's length; no buffer position
 * or limit is touched per sample, which keeps the consumer loop short enough for the JIT.
 */
public final class PerfSample {
    /** What the accessors read: the ring's mapping, or the scratch copy of wrapping records. */
    private final ByteBuffer memory;
    /** Handed out by {@link #buffer()}: repositioned there, so that {@link #memory}'s limit never changes. */
    private final ByteBuffer view;
    private final int cpu;
    int base;
    int length;

    /** @param memory a read-only buffer in host byte order, its limit its capacity */
    PerfSample(ByteBuffer memory, int cpu) {
        this.memory = memory;
        this.view = memory.duplicate().order(memory.order());
        this.cpu = cpu;
    }

    /** The CPU whose ring delivered the sample (the CPU the BPF program ran on, with BPF_F_CURRENT_CPU). */
    public int cpu() {
        return cpu;
    }

    /** Bytes of the sample, the kernel's padding included. */
    public int length() {
        return length;
    }

    public byte getByte(int offset) {
        return memory.get(base + Objects.checkFromIndexSize(offset, 1, length));
    }

    public short getShort(int offset) {
        return memory.getShort(base + Objects.checkFromIndexSize(offset, 2, length));
    }

    public int getInt(int offset) {
        return memory.getInt(base + Objects.checkFromIndexSize(offset, 4, length));
    }

    public long getLong(int offset) {
        return memory.getLong(base + Objects.checkFromIndexSize(offset, 8, length));
    }

    /** Copies {@code count} bytes from {@code offset} into {@code dst[dstOffset..]}. */
    public void get(int offset, byte[] dst, int dstOffset, int count) {
        Objects.checkFromIndexSize(offset, count, length);
        memory.get(base + offset, dst, dstOffset, count);
    }

    public byte[] toByteArray() {
        byte[] out = new byte[length];
        memory.get(base, out, 0, length);
        return out;
    }

    /**
     * The sample as the content between {@code position()} and {@code limit()} of a read-only buffer in host
     * byte order (one buffer per memory, repositioned for each sample; valid during the call only).
     */
    public ByteBuffer buffer() {
        view.limit(base + length);
        view.position(base);
        return view;
    }

    @Override
    public String toString() {
        return "PerfSample[cpu " + cpu + ", " + length + " bytes]";
    }
}
