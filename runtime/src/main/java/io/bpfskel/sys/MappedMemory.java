package io.bpfskel.sys;

import io.bpfskel.error.BpfSyscallException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A region mapped with mmap(2), e.g. the values of a BPF_F_MMAPABLE array or a ring buffer.
 *
 * <p>Touching unmapped memory crashes the JVM, and a Java 17 {@code ByteBuffer} over native memory cannot be
 * revoked, so the address range stays mapped for as long as any buffer over it is reachable:
 * <ul>
 *   <li>{@link #close()} (once no {@linkplain #enter operation} is in flight) replaces the kernel object's
 *       pages with private anonymous memory in one mmap(MAP_FIXED) call. The kernel drops its reference to
 *       the map at once; a read that races with the close, or a buffer kept past it, sees the map's bytes or
 *       zeros, never a fault.</li>
 *   <li>The range is unmapped by a {@link Cleaner} when the root {@link #buffer()} becomes unreachable; every
 *       duplicate, slice or read-only view of it (and every {@link #memory()} view) refers to the root, so that
 *       is when no Java code can reach the memory any more.</li>
 * </ul>
 * Both native backends ({@link NativeAccess}) use this scheme: the mmap calls go through the backend, and the
 * buffer it makes over the range is an ordinary direct buffer whose duplicates keep it reachable. Public types
 * never hand out the buffer: {@code io.bpfskel.MemoryView} checks {@link #isClosed()} before each access and
 * throws {@link IllegalStateException} after close.
 */
public final class MappedMemory extends Guarded {
    private static final Cleaner UNMAPPER = Cleaner.create();
    private static final int MAP_FIXED = 0x10;
    private static final int MAP_ANONYMOUS = 0x20;

    private final long address;
    private final long size;
    private final String what;
    private final ByteBuffer buffer;

    MappedMemory(long address, long size, String what) {
        this.address = address;
        this.size = size;
        this.what = what;
        if (size <= Integer.MAX_VALUE) {
            this.buffer = Syscalls.NATIVE.buffer(address, (int) size).order(ByteOrder.nativeOrder());
            UNMAPPER.register(buffer, new Unmap(address, size));
        } else {
            this.buffer = null;
        }
    }

    public long size() {
        return size;
    }

    /**
     * The whole mapping as a direct buffer in host byte order (the kernel's). For the runtime's own types, which
     * keep it (or views derived from it, which keep it reachable) private and check {@link #isClosed()} or
     * {@link #enter} around accesses.
     */
    public ByteBuffer buffer() {
        if (buffer == null) {
            throw new IllegalStateException(what + ": " + size + " bytes do not fit in one buffer");
        }
        return buffer;
    }

    /**
     * The mapping as native memory, for raw system calls and the ring buffer's hot loop; a view that keeps
     * {@link #buffer()} reachable (so the range stays mapped while it is) and owns nothing.
     */
    public NativeMemory memory() {
        return NativeMemory.of(buffer());
    }

    @Override
    protected void free() {
        if (buffer == null) {
            unmap(address, size, what); // no buffer was ever made, so nothing can reach the range
            return;
        }
        long r = Syscalls.NATIVE.mmap(address, size, Syscalls.PROT_READ | Syscalls.PROT_WRITE,
                Syscalls.MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (r < 0) {
            // Out of address space bookkeeping: keep the kernel's pages mapped until the Cleaner unmaps them
            // rather than risk a fault; the map object lives that long.
            throw new BpfSyscallException("mmap(MAP_FIXED)", (int) -r, what,
                    "could not release the mapping now; it is released when no buffer refers to it", null);
        }
    }

    @Override
    public IllegalStateException closedError(String operation, String context) {
        return new IllegalStateException((context == null ? what : context) + ": " + operation
                + " after the memory was unmapped (its owner was closed)");
    }

    @Override
    public String toString() {
        return "MappedMemory(" + what + ", " + size + " bytes" + (isClosed() ? ", unmapped)" : ")");
    }

    private static void unmap(long address, long size, String what) {
        int r = Syscalls.NATIVE.munmap(address, size);
        if (r < 0) {
            throw new BpfSyscallException("munmap", -r, what);
        }
    }

    /** Unmaps the range once no buffer over it is reachable; holds no reference to the buffer. */
    private record Unmap(long address, long size) implements Runnable {
        @Override
        public void run() {
            // Nothing can use the range any more; a failure only leaks address space, so it is not checked.
            Syscalls.NATIVE.munmap(address, size);
        }
    }
}
