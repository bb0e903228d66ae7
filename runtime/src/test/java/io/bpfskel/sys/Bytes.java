package io.bpfskel.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Host-order encoding of keys and values for tests. */
final class Bytes {
    private Bytes() {}

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    static int u32(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getInt();
    }

    static int u32(byte[] b, int index) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getInt(index * 4);
    }

    static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong();
    }

    static long u64(byte[] b, int index) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong(index * 8);
    }
}
