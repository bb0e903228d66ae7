package io.bpfskel.ringbuf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    // Java 22+: reads the mapping as a MemorySegment (see PerfRing); the public API is the Java 17 class's.
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final MemorySegment memory;
    /**
     * The buffer the segment was made from: a segment of a buffer that the java.lang.foreign backend made does
     * not keep that buffer reachable, and the mapping stays mapped (zeros after close) only while it is.
     */
    @SuppressWarnings("unused")
    private final ByteBuffer owner;
    private final int cpu;
    long base;
    int length;

    PerfSample(MemorySegment memory, ByteBuffer owner, int cpu) {
        this.memory = memory;
        this.owner = owner;
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
        return memory.get(ValueLayout.JAVA_BYTE, base + Objects.checkFromIndexSize(offset, 1, length));
    }

    public short getShort(int offset) {
        return memory.get(SHORT, base + Objects.checkFromIndexSize(offset, 2, length));
    }

    public int getInt(int offset) {
        return memory.get(INT, base + Objects.checkFromIndexSize(offset, 4, length));
    }

    public long getLong(int offset) {
        return memory.get(LONG, base + Objects.checkFromIndexSize(offset, 8, length));
    }

    /** Copies {@code count} bytes from {@code offset} into {@code dst[dstOffset..]}. */
    public void get(int offset, byte[] dst, int dstOffset, int count) {
        Objects.checkFromIndexSize(offset, count, length);
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, base + offset, dst, dstOffset, count);
    }

    public byte[] toByteArray() {
        byte[] out = new byte[length];
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, base, out, 0, length);
        return out;
    }

    /**
     * The sample as the content between {@code position()} and {@code limit()} of a read-only buffer in host
     * byte order (valid during the call only).
     */
    public ByteBuffer buffer() {
        ByteBuffer b = owner.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        b.limit((int) base + length);
        b.position((int) base);
        return b;
    }

    @Override
    public String toString() {
        return "PerfSample[cpu " + cpu + ", " + length + " bytes]";
    }
}
