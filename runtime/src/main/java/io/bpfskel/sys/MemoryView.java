package io.bpfskel.sys;

import java.nio.ByteBuffer;

/**
 * Shared memory read and written in place, such as a ring buffer's pages: plain, acquire and release
 * accesses at byte offsets, in host byte order. The backend decides the means: a {@code MemorySegment} on
 * Java 22+ (whose checks the JIT folds best there), a direct {@code ByteBuffer} with {@code VarHandle}s on 17.
 * Only one implementation is loaded per JVM, so calls through this class inline.
 *
 * <p>A view does not own the memory: it must not be used after the mapping is unmapped.
 */
public abstract class MemoryView {
    MemoryView() {}

    /** A view of a mapping. */
    public static MemoryView of(MappedMemory memory) {
        return NativeAccess.INSTANCE.view(memory.memory().address(), memory.size(), null);
    }

    /** A view of a direct buffer's whole capacity (kept reachable by the view). */
    public static MemoryView of(ByteBuffer direct) {
        return NativeAccess.INSTANCE.view(NativeMemory.addressOf(direct), direct.capacity(), direct);
    }

    public abstract long size();

    public abstract int getInt(long offset);

    public abstract long getLong(long offset);

    public abstract short getShort(long offset);

    public abstract byte getByte(long offset);

    public abstract int getIntAcquire(long offset);

    public abstract long getLongAcquire(long offset);

    public abstract void setLongRelease(long offset, long value);

    public abstract void copyTo(long offset, byte[] dst, int dstOffset, int length);

    /** The memory as a new direct buffer (host byte order), for APIs that take buffers. */
    public abstract ByteBuffer newBuffer();
}
