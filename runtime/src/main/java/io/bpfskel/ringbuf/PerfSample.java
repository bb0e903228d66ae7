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
 * received it: copy what you keep. Accessors check the offset against the sample's length and read at raw
 * addresses (see {@code RingMemory}); no buffer position or limit is touched per sample, which keeps the
 * consumer loop as short as libbpf's. A view kept past its handler call reads whatever the ring holds at that
 * place by then (zeros once the perf buffer is closed), never unmapped memory.
 */
public final class PerfSample {
    /**
     * The memory as a buffer, for {@link #buffer()}: the ring's mapping or the scratch copy. Also what keeps the
     * address range mapped (or backed by zero pages after close) while this view is reachable.
     */
    private final ByteBuffer view;
    /** Address of {@code view}'s first byte. */
    private final long viewAddress;
    private final int cpu;
    /** Address of the sample's first byte; {@code [address, address + length)} lies inside the memory. */
    long address;
    int length;

    /** @param memory a read-only direct buffer in host byte order over the memory, and its address */
    PerfSample(ByteBuffer memory, long memoryAddress, int cpu) {
        this.view = memory.duplicate().clear().order(memory.order());
        this.viewAddress = memoryAddress;
        this.address = memoryAddress;
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
     * The sample as the content between {@code position()} and {@code limit()} of a read-only buffer in host
     * byte order (one buffer per memory, repositioned for each sample; valid during the call only).
     */
    public ByteBuffer buffer() {
        int at = (int) (address - viewAddress);
        view.limit(at + length);
        view.position(at);
        return view;
    }

    @Override
    public String toString() {
        return "PerfSample[cpu " + cpu + ", " + length + " bytes]";
    }
}
