package io.bpfskel.sys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@link MemoryView} over a direct buffer with {@code VarHandle}s: the Java 17 means. */
final class BufferView extends MemoryView {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer buf;

    BufferView(ByteBuffer buf) {
        this.buf = buf.duplicate().clear().order(ByteOrder.nativeOrder());
    }

    @Override
    public long size() {
        return buf.capacity();
    }

    @Override
    public int getInt(long offset) {
        return buf.getInt((int) offset);
    }

    @Override
    public long getLong(long offset) {
        return buf.getLong((int) offset);
    }

    @Override
    public short getShort(long offset) {
        return buf.getShort((int) offset);
    }

    @Override
    public byte getByte(long offset) {
        return buf.get((int) offset);
    }

    @Override
    public int getIntAcquire(long offset) {
        return (int) INT.getAcquire(buf, (int) offset);
    }

    @Override
    public long getLongAcquire(long offset) {
        return (long) LONG.getAcquire(buf, (int) offset);
    }

    @Override
    public void setLongRelease(long offset, long value) {
        LONG.setRelease(buf, (int) offset, value);
    }

    @Override
    public void copyTo(long offset, byte[] dst, int dstOffset, int length) {
        buf.get((int) offset, dst, dstOffset, length);
    }

    @Override
    public ByteBuffer newBuffer() {
        return buf.duplicate().order(ByteOrder.nativeOrder());
    }
}
