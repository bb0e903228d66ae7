package io.bpfskel.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Everything a thread needs to make bpf(2) calls in hot loops (map element and batch operations), prepared
 * once per thread so that a lookup allocates nothing and looks up one thread-local: the attribute memory,
 * the native backend's per-thread call state (the errno capture memory on {@code java.lang.foreign}) and
 * key/value slots. Buffers only grow. Safe because no bpf() wrapper calls back into user code while it holds
 * them.
 *
 * <p>Public only for the typed map views ({@code io.bpfskel.maps}), which keep the instance of the thread
 * that created their per-thread buffers, so that a typed operation does not look it up again; the package
 * is not exported to applications. An instance must only be used by the thread it was obtained on.
 */
public final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
    /** Room for every attribute struct used with scratch memory (the largest, PROG_LOAD, is 152 bytes). */
    private static final int ATTR_CAPACITY = 256;

    private final NativeMemory attr = NativeMemory.allocate(ATTR_CAPACITY);
    /**
     * The same memory as a direct buffer: element and batch attributes are written through it with plain
     * (JIT-compiled) stores instead of one JNI call per field, which was a measurable share of a lookup.
     */
    private final ByteBuffer attrBuffer = attr.byteBuffer();
    /** {@code attr.address()}, read on every call. */
    final long attrAddress = attr.address();
    /** The backend's state for this thread ({@link NativeAccess#newThreadState()}). */
    final Object nativeState = NativeAccess.INSTANCE.newThreadState();
    private final NativeMemory[] slots = new NativeMemory[4];
    /**
     * The last direct buffer seen in each slot and its base address: finding a direct buffer's address allocates
     * on the JNA backend, and callers of the raw path pass the same buffers call after call. Keeps that one buffer
     * per slot and thread reachable.
     */
    private final ByteBuffer[] lastDirect = new ByteBuffer[4];
    private final long[] lastBase = new long[4];

    private Scratch() {}

    /** The calling thread's instance. */
    public static Scratch get() {
        return PER_THREAD.get();
    }

    /** The attribute buffer, zeroed over the first {@code size} bytes. */
    NativeMemory attr(int size) {
        attr.clear(size);
        return attr;
    }

    /**
     * The attribute memory as a buffer, not cleared: for encoders that write every byte of their struct.
     * Pass {@link #attrMemory()} to the system call.
     */
    ByteBuffer attrBuffer() {
        return attrBuffer;
    }

    NativeMemory attrMemory() {
        return attr;
    }

    /**
     * Buffer number {@code slot} with at least {@code size} bytes (contents undefined).
     * Slots let one call hold key, value and batch cursors at the same time.
     */
    NativeMemory slot(int slot, long size) {
        NativeMemory m = slots[slot];
        if (m == null || m.size() < size) {
            if (m != null) {
                m.close();
            }
            long capacity = Math.max(64, Long.highestOneBit(Math.max(1, size - 1)) << 1);
            m = NativeMemory.allocate(capacity);
            slots[slot] = m;
        }
        return m;
    }

    /** Copies {@code data} into slot memory and returns its address; 0 for null. */
    long copyIn(int slot, byte[] data) {
        if (data == null) {
            return 0;
        }
        NativeMemory m = slot(slot, Math.max(1, data.length));
        m.write(0, data, 0, data.length);
        return m.address();
    }

    /**
     * Slot memory for the kernel to write into; 0 for null. It starts as a copy of {@code data}: the kernel may
     * write fewer bytes than the array holds, and {@link #copyOut} must not hand the caller what an earlier call
     * left in the reused slot (another map's values).
     */
    long outBuffer(int slot, byte[] data) {
        return copyIn(slot, data);
    }

    void copyOut(int slot, byte[] data) {
        if (data != null) {
            slots[slot].read(0, data, 0, data.length);
        }
    }

    /**
     * The address of {@code b}'s bytes from its position, for the kernel to read: a direct buffer's own memory,
     * or a heap buffer's remaining bytes copied into slot memory.
     */
    long in(int slot, ByteBuffer b) {
        if (b.isDirect()) {
            return base(slot, b) + b.position();
        }
        int n = b.remaining();
        NativeMemory m = slot(slot, Math.max(1, n));
        m.byteBuffer().put(0, b, b.position(), n);
        return m.address();
    }

    /**
     * The address for the kernel to write {@code b}'s bytes from its position: a direct buffer's own memory, or
     * slot memory holding a copy of a heap buffer's remaining bytes, to be copied back with {@link #copyOut(int,
     * ByteBuffer)}.
     */
    long out(int slot, ByteBuffer b) {
        return in(slot, b);
    }

    void copyOut(int slot, ByteBuffer b) {
        if (!b.isDirect()) {
            b.put(b.position(), slots[slot].byteBuffer(), 0, b.remaining());
        }
    }

    private long base(int slot, ByteBuffer direct) {
        if (lastDirect[slot] != direct) {
            lastBase[slot] = NativeAccess.INSTANCE.address(direct);
            lastDirect[slot] = direct;
        }
        return lastBase[slot];
    }
}
