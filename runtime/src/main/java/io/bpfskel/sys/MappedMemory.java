package io.bpfskel.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A region mapped with mmap(2), e.g. the values of a BPF_F_MMAPABLE array or a ring buffer.
 *
 * <p>Touching unmapped memory crashes the JVM, so the mapping is a {@link Guarded} resource: every access
 * runs between {@link #enter} and {@link #exit()}, and {@link #close()} unmaps only when no access is in
 * flight; an access after close throws {@link IllegalStateException}. The buffer over the mapping is
 * never handed to users: public types wrap it ({@code io.bpfskel.MemoryView}, the ring buffers) and enter
 * the mapping around each access. A {@code java.lang.foreign} backend provides the same contract with a
 * shared arena's segment.
 */
public final class MappedMemory extends Guarded {
    private final long address;
    private final long size;
    private final String what;
    private final ByteBuffer buffer;

    MappedMemory(long address, long size, String what) {
        this.address = address;
        this.size = size;
        this.what = what;
        this.buffer = size <= Integer.MAX_VALUE
                ? new Pointer(address).getByteBuffer(0, size).order(ByteOrder.nativeOrder())
                : null;
    }

    public long size() {
        return size;
    }

    /**
     * The whole mapping as a direct buffer in host byte order (the kernel's). Read or write it only between
     * {@link #enter} and {@link #exit()}, and never let it (or a duplicate) escape to code that does not.
     */
    public ByteBuffer buffer() {
        if (buffer == null) {
            throw new IllegalStateException(what + ": " + size + " bytes do not fit in one buffer");
        }
        return buffer;
    }

    @Override
    protected void free() {
        try {
            Libc.munmap(address, size);
        } catch (LastErrorException e) {
            throw new BpfSyscallException("munmap", e.getErrorCode(), what);
        }
    }

    @Override
    protected IllegalStateException closedError(String operation, String context) {
        return new IllegalStateException((context == null ? what : context) + ": " + operation
                + " after the memory was unmapped (its owner was closed)");
    }

    @Override
    public String toString() {
        return "MappedMemory(" + what + ", " + size + " bytes" + (isClosed() ? ", unmapped)" : ")");
    }
}
