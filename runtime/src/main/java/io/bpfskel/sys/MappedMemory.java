package io.bpfskel.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A region mapped with mmap(2), e.g. the values of a BPF_F_MMAPABLE array or a ring buffer.
 *
 * <p>{@link #close()} unmaps it (idempotent). Pointers and buffers obtained earlier must not be
 * used after that: touching unmapped memory crashes the JVM, which is why {@link #memory()} and
 * {@link #byteBuffer()} refuse to hand out new views once closed.
 */
public final class MappedMemory implements AutoCloseable {
    private final AtomicLong address;
    private final long size;

    MappedMemory(long address, long size) {
        this.address = new AtomicLong(address);
        this.size = size;
    }

    public long size() {
        return size;
    }

    public boolean isClosed() {
        return address.get() == 0;
    }

    /** The mapping as native memory (a view: closing it does not unmap). */
    public NativeMemory memory() {
        return NativeMemory.wrap(liveAddress(), size);
    }

    /** A direct buffer over the whole mapping in host byte order, as the kernel writes it. */
    public ByteBuffer byteBuffer() {
        return NativeMemory.wrap(liveAddress(), size).byteBuffer().order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        long a = address.getAndSet(0);
        if (a == 0) {
            return;
        }
        int r = Syscalls.NATIVE.munmap(a, size);
        if (r < 0) {
            throw new BpfSyscallException("munmap", -r, "mapping of " + size + " bytes");
        }
    }

    @Override
    public String toString() {
        long a = address.get();
        return a == 0 ? "MappedMemory(unmapped)" : "MappedMemory(0x" + Long.toHexString(a) + ", " + size + " bytes)";
    }

    private long liveAddress() {
        long a = address.get();
        if (a == 0) {
            throw new IllegalStateException("the mapping was already unmapped");
        }
        return a;
    }
}
