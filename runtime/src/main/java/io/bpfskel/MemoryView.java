package io.bpfskel;

import io.bpfskel.sys.Guarded;
import io.bpfskel.sys.MappedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Bytes owned by something that can be closed: a global-data section of a {@link BpfCollection} (its initial
 * image before load, the live memory-mapped map value after), or a plain buffer. Absolute accessors with the
 * names of {@link ByteBuffer}'s, in {@link #order()}; thread-safe.
 *
 * <p>A view never outlives its memory: once the owner is closed, every access throws an
 * {@link IllegalStateException} naming the section and object. An access racing with the close from another
 * thread reads the map's bytes or zeros, never unmapped memory (see {@link MappedMemory}). That is why this is
 * not a {@code ByteBuffer}: a buffer over a mapping cannot be revoked.
 */
public final class MemoryView {
    private final String name;
    private final ByteBuffer buffer;
    /** Null for views of plain buffers, which stay valid as long as they are reachable. */
    private final Guarded guard;

    /**
     * @param buffer a duplicate of the owner's buffer: a view of a mapping refers to the mapping's root buffer,
     *     which keeps the address range mapped (see {@link MappedMemory})
     */
    private MemoryView(String name, ByteBuffer buffer, Guarded guard) {
        this.name = name;
        this.buffer = buffer;
        this.guard = guard;
    }

    /** A view of a plain buffer (not of a mapping); it shares the buffer's content and takes its order. */
    public static MemoryView of(String name, ByteBuffer buffer) {
        return new MemoryView(name, buffer.duplicate().order(buffer.order()), null);
    }

    /** A view of a mapping, in host byte order. */
    static MemoryView mapped(String name, MappedMemory memory, boolean readOnly) {
        ByteBuffer b = memory.buffer().duplicate().order(ByteOrder.nativeOrder());
        return new MemoryView(name, readOnly ? b.asReadOnlyBuffer().order(ByteOrder.nativeOrder()) : b, memory);
    }

    /** A view of a buffer that is usable while {@code guard} is open. */
    static MemoryView guarded(String name, ByteBuffer buffer, Guarded guard) {
        return new MemoryView(name, buffer.duplicate().order(buffer.order()), Objects.requireNonNull(guard));
    }

    /** What the bytes are, e.g. {@code data section '.bss' of object 'minimal'}. */
    public String name() {
        return name;
    }

    public int capacity() {
        return buffer.capacity();
    }

    public ByteOrder order() {
        return buffer.order();
    }

    /** The same bytes in another byte order. */
    public MemoryView order(ByteOrder order) {
        ByteBuffer b = buffer.duplicate().order(order);
        return new MemoryView(name, b, guard);
    }

    public boolean isReadOnly() {
        return buffer.isReadOnly();
    }

    public MemoryView asReadOnly() {
        return new MemoryView(name, buffer.asReadOnlyBuffer().order(buffer.order()), guard);
    }

    /** True once the owner was closed; accesses then throw. */
    public boolean isClosed() {
        return guard != null && guard.isClosed();
    }

    public byte get(int off) {
        check("read");
        return buffer.get(off);
    }

    public void put(int off, byte v) {
        check("write");
        buffer.put(off, v);
    }

    public short getShort(int off) {
        check("read");
        return buffer.getShort(off);
    }

    public void putShort(int off, short v) {
        check("write");
        buffer.putShort(off, v);
    }

    public int getInt(int off) {
        check("read");
        return buffer.getInt(off);
    }

    public void putInt(int off, int v) {
        check("write");
        buffer.putInt(off, v);
    }

    public long getLong(int off) {
        check("read");
        return buffer.getLong(off);
    }

    public void putLong(int off, long v) {
        check("write");
        buffer.putLong(off, v);
    }

    public float getFloat(int off) {
        check("read");
        return buffer.getFloat(off);
    }

    public void putFloat(int off, float v) {
        check("write");
        buffer.putFloat(off, v);
    }

    public double getDouble(int off) {
        check("read");
        return buffer.getDouble(off);
    }

    public void putDouble(int off, double v) {
        check("write");
        buffer.putDouble(off, v);
    }

    /** Copies {@code dst.length} bytes starting at {@code off} into {@code dst}. */
    public void get(int off, byte[] dst) {
        get(off, dst, 0, dst.length);
    }

    public void get(int off, byte[] dst, int dstOff, int len) {
        check("read");
        buffer.get(off, dst, dstOff, len);
    }

    /** Copies {@code src} to {@code off}. */
    public void put(int off, byte[] src) {
        put(off, src, 0, src.length);
    }

    public void put(int off, byte[] src, int srcOff, int len) {
        check("write");
        buffer.put(off, src, srcOff, len);
    }

    /**
     * The {@code length} bytes from {@code offset}, as a view of their own whose offset 0 is {@code offset} here: the
     * same memory, order, write access and owner (closing the owner closes the slice).
     *
     * @param name what the bytes are, for messages
     * @throws IndexOutOfBoundsException when the range is not inside this view
     */
    public MemoryView slice(int offset, int length, String name) {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        check("slice");
        return new MemoryView(name, buffer.slice(offset, length).order(buffer.order()), guard);
    }

    /** A copy of all the bytes. */
    public byte[] toByteArray() {
        byte[] out = new byte[buffer.capacity()];
        get(0, out);
        return out;
    }

    /** One volatile read: a racing close is harmless (the range stays mapped), a later access throws. */
    private void check(String operation) {
        if (guard != null && guard.isClosed()) {
            throw guard.closedError(operation, name);
        }
    }

    @Override
    public String toString() {
        return "MemoryView[" + name + ", " + buffer.capacity() + " bytes" + (isClosed() ? ", closed]" : "]");
    }
}
