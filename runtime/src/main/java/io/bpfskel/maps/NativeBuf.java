package io.bpfskel.maps;

import io.bpfskel.sys.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A direct buffer and its address, reused across calls so that typed map operations allocate nothing but
 * the decoded values. Not thread-safe: views keep one set per thread.
 */
final class NativeBuf {
    final ByteBuffer buf;
    final NativeMemory ptr;
    /** {@code ptr.address()}, read on every operation. */
    final long address;

    NativeBuf(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("buffer of " + size + " bytes is too large");
        }
        buf = ByteBuffer.allocateDirect((int) Math.max(8, size)).order(ByteOrder.nativeOrder());
        ptr = NativeMemory.of(buf);
        address = ptr.address();
    }

    int capacity() {
        return buf.capacity();
    }

    /** The buffer limited to {@code [offset, offset + size)}, zeroed there, for a codec to encode into. */
    ByteBuffer forEncode(int offset, int size) {
        zero(offset, size);
        return window(offset, size);
    }

    /** The buffer limited to {@code [offset, offset + size)} for a codec to decode from. */
    ByteBuffer window(int offset, int size) {
        buf.limit(offset + size);
        buf.position(offset);
        return buf;
    }

    void zero(int offset, int size) {
        buf.limit(buf.capacity());
        int i = offset;
        int end = offset + size;
        for (; i + 8 <= end; i += 8) {
            buf.putLong(i, 0);
        }
        for (; i < end; i++) {
            buf.put(i, (byte) 0);
        }
    }

    /** Whether the first {@code size} bytes equal those of {@code other}. */
    boolean sameBytes(NativeBuf other, int size) {
        for (int i = 0; i < size; i++) {
            if (buf.get(i) != other.buf.get(i)) {
                return false;
            }
        }
        return true;
    }

    void copyFrom(NativeBuf other, int size) {
        for (int i = 0; i < size; i++) {
            buf.put(i, other.buf.get(i));
        }
    }
}
