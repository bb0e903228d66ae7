package io.bpfskel.ringbuf;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Reads and writes of a kernel ring's memory at raw addresses, for the consumer loops of this package; Java
 * 17–21 implementation, over {@code sun.misc.Unsafe} (Java 22+ has its own in {@code META-INF/versions/22},
 * over {@code java.lang.foreign}, and never touches {@code Unsafe}).
 *
 * <p>Why raw addresses: the ring buffer consumer does an acquire load per record, and after it the JIT must
 * reload every field it reads, so a {@code ByteBuffer} or {@code VarHandle} access (address, limit, scope and
 * alignment checks) costs several loads and branches per record. Measured on the 24-byte-record benchmark
 * (docs/performance.md, "Ring buffer"): the {@code ByteBuffer} loop ran at 0.75× libbpf, the same loop over
 * these methods at 0.96×. The issue allows {@code Unsafe} only where a measurement shows it is needed, and then
 * in one class: this one.
 *
 * <p>No method checks anything, so every caller must prove its address lies in a mapping that stays mapped
 * for the access: {@link RingBuffer} reads headers inside the first copy of the data area and record bytes only inside
 * a record whose length it checked against the ring's size, while it holds the mapping (and the record view,
 * which refers to the mapping's buffer, keeps the range mapped, or backed by zero pages after close, for as
 * long as it is reachable).
 */
final class RingMemory {
    private static final Unsafe UNSAFE;

    static {
        try {
            // The one way to obtain it; sun.misc.Unsafe is in module jdk.unsupported, kept for this use.
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RingMemory() {}

    /** Which implementation this is, for tests and benchmarks. */
    static String implementation() {
        return "unsafe";
    }

    /** Load-acquire of an aligned int (a volatile load: on x86 and arm64 the same instruction as acquire). */
    static int getIntAcquire(long address) {
        return UNSAFE.getIntVolatile(null, address);
    }

    /** Load-acquire of an aligned long. */
    static long getLongAcquire(long address) {
        return UNSAFE.getLongVolatile(null, address);
    }

    /** Store-release of an aligned long ({@code putOrderedLong} is a release store). */
    static void setLongRelease(long address, long value) {
        UNSAFE.putOrderedLong(null, address, value);
    }

    static byte getByte(long address) {
        return UNSAFE.getByte(address);
    }

    /** Possibly unaligned, like {@code ByteBuffer.getShort}; x86-64 and arm64 load unaligned natively. */
    static short getShort(long address) {
        return UNSAFE.getShort(address);
    }

    static int getInt(long address) {
        return UNSAFE.getInt(address);
    }

    static long getLong(long address) {
        return UNSAFE.getLong(address);
    }

    static void copy(long address, byte[] dst, int dstOffset, int count) {
        UNSAFE.copyMemory(null, address, dst, Unsafe.ARRAY_BYTE_BASE_OFFSET + (long) dstOffset, count);
    }
}
