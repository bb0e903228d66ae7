package io.bpfskel.sys;

import io.bpfskel.error.BpfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Native memory the kernel reads or writes: an address for system calls and a direct buffer (host byte
 * order) for Java to read and write it with plain, JIT-compiled loads and stores on either backend.
 *
 * <p>NativeMemory from {@link #allocate} is owned: {@link #close()} frees it (idempotent), after which neither
 * this object nor buffers obtained from it may be used. Views from {@link #share} or {@link #wrap} own
 * nothing. Not thread-safe.
 */
public final class NativeMemory implements AutoCloseable {
    private final long address;
    private final int size;
    private final ByteBuffer buf;
    private boolean owned;

    private NativeMemory(long address, int size, boolean owned) {
        this.address = address;
        this.size = size;
        this.buf = size == 0 ? ByteBuffer.allocateDirect(0) : NativeAccess.INSTANCE.buffer(address, size);
        this.buf.order(ByteOrder.nativeOrder());
        this.owned = owned;
    }

    private NativeMemory(ByteBuffer direct) {
        this.buf = direct.duplicate().clear().order(ByteOrder.nativeOrder());
        this.address = NativeAccess.INSTANCE.address(direct);
        this.size = direct.capacity();
        this.owned = false;
    }

    /**
     * A view of a direct buffer's whole capacity, for raw system calls over caller memory; it keeps the
     * buffer reachable, so the memory lives as long as both.
     */
    public static NativeMemory of(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return new NativeMemory(direct);
    }

    /** Zeroed native memory of {@code size} bytes (malloc'ed; {@link #close()} frees it). */
    public static NativeMemory allocate(long size) {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot allocate " + size + " bytes of native memory");
        }
        long a = NativeAccess.INSTANCE.malloc(size);
        if (a == 0) {
            throw new BpfException("out of native memory allocating " + size + " bytes");
        }
        NativeMemory m = new NativeMemory(a, (int) size, true);
        m.clear();
        return m;
    }

    /** A view of memory owned elsewhere (a mapping, a kernel-filled buffer); closing it does nothing. */
    static NativeMemory wrap(long address, long size) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot view " + size + " bytes of native memory in one buffer");
        }
        return new NativeMemory(address, (int) size, false);
    }

    /** The address of a direct buffer's first byte, for raw system calls over caller memory. */
    public static long addressOf(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return NativeAccess.INSTANCE.address(direct);
    }

    public long address() {
        return address;
    }

    public long size() {
        return size;
    }

    /** The memory as a direct buffer in host byte order; shared, so callers must not rely on its position. */
    public ByteBuffer byteBuffer() {
        return buf;
    }

    /** A view from {@code offset} to the end (owns nothing). */
    public NativeMemory share(long offset) {
        return new NativeMemory(address + offset, (int) (size - offset), false);
    }

    public void setByte(long offset, byte v) {
        buf.put((int) offset, v);
    }

    public void setShort(long offset, short v) {
        buf.putShort((int) offset, v);
    }

    public void setInt(long offset, int v) {
        buf.putInt((int) offset, v);
    }

    public void setLong(long offset, long v) {
        buf.putLong((int) offset, v);
    }

    public byte getByte(long offset) {
        return buf.get((int) offset);
    }

    public short getShort(long offset) {
        return buf.getShort((int) offset);
    }

    public int getInt(long offset) {
        return buf.getInt((int) offset);
    }

    public long getLong(long offset) {
        return buf.getLong((int) offset);
    }

    public void write(long offset, byte[] src, int index, int length) {
        buf.put((int) offset, src, index, length);
    }

    public void write(long offset, int[] src, int index, int length) {
        for (int i = 0; i < length; i++) {
            buf.putInt((int) offset + 4 * i, src[index + i]);
        }
    }

    public void write(long offset, long[] src, int index, int length) {
        for (int i = 0; i < length; i++) {
            buf.putLong((int) offset + 8 * i, src[index + i]);
        }
    }

    public void read(long offset, byte[] dst, int index, int length) {
        buf.get((int) offset, dst, index, length);
    }

    public byte[] getByteArray(long offset, int length) {
        byte[] out = new byte[length];
        read(offset, out, 0, length);
        return out;
    }

    public int[] getIntArray(long offset, int length) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = buf.getInt((int) offset + 4 * i);
        }
        return out;
    }

    /** The NUL-terminated UTF-8 string at {@code offset} (up to the end of the memory). */
    public String getString(long offset) {
        int start = (int) offset;
        int end = start;
        while (end < size && buf.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buf.get(start, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public void clear() {
        clear(size);
    }

    /** Zeroes the first {@code length} bytes. */
    public void clear(long length) {
        int n = (int) length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            buf.putLong(i, 0);
        }
        for (; i < n; i++) {
            buf.put(i, (byte) 0);
        }
    }

    /** Frees owned memory; nothing for a view. */
    @Override
    public void close() {
        if (owned) {
            owned = false;
            NativeAccess.INSTANCE.free(address);
        }
    }

    @Override
    public String toString() {
        return "NativeMemory(0x" + Long.toHexString(address) + ", " + size + " bytes)";
    }
}
