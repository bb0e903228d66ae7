package io.bpfskel.ringbuf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Reads and writes of a kernel ring's memory at raw addresses, for the consumer loops of this package; Java
 * 22+ implementation over {@code java.lang.foreign} (the Java 17–21 one uses {@code sun.misc.Unsafe}).
 *
 * <p>Every access goes through one segment that spans the address space, a constant: its bounds and its
 * (global, never closed) session fold away, so an access costs what a plain load costs plus an alignment test
 * for the acquire/release ones. A segment per mapping would check its bounds instead, but after each
 * per-record acquire load the JIT must reload the segment's fields (address, size, session), which measured
 * 25 % slower than this (docs/performance.md, "Ring buffer"); the bounds are proven by the callers instead.
 *
 * <p>No method checks anything, so every caller must prove its address lies in a mapping that stays mapped
 * for the access: {@link RingBuffer} reads headers inside the first copy of the data area and record bytes only inside
 * a record whose length it checked against the ring's size, while it holds the mapping (and the record view,
 * which refers to the mapping's buffer, keeps the range mapped, or backed by zero pages after close, for as
 * long as it is reachable).
 */
final class RingMemory {
    /** All of the address space; a restricted method, like the rest of the java.lang.foreign backend. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    // The plain reads through var handles too, rather than ALL.get(layout, ..): one nesting level less under
    // the consumer loop, whose accesses must stay within C2's MaxInlineLevel (see RingBuffer.consume).
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle SHORT_U = ValueLayout.JAVA_SHORT_UNALIGNED.varHandle();
    private static final VarHandle INT_U = ValueLayout.JAVA_INT_UNALIGNED.varHandle();
    private static final VarHandle LONG_U = ValueLayout.JAVA_LONG_UNALIGNED.varHandle();

    private RingMemory() {}

    /** Which implementation this is, for tests and benchmarks. */
    static String implementation() {
        return "java.lang.foreign";
    }

    static int getIntAcquire(long address) {
        return (int) INT.getAcquire(ALL, address);
    }

    static long getLongAcquire(long address) {
        return (long) LONG.getAcquire(ALL, address);
    }

    static void setLongRelease(long address, long value) {
        LONG.setRelease(ALL, address, value);
    }

    static byte getByte(long address) {
        return (byte) BYTE.get(ALL, address);
    }

    static short getShort(long address) {
        return (short) SHORT_U.get(ALL, address);
    }

    static int getInt(long address) {
        return (int) INT_U.get(ALL, address);
    }

    static long getLong(long address) {
        return (long) LONG_U.get(ALL, address);
    }

    static void copy(long address, byte[] dst, int dstOffset, int count) {
        MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, address, dst, dstOffset, count);
    }
}
