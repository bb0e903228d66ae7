package io.bpfskel.sys;

import java.nio.ByteBuffer;

/** Attributes of the BPF_MAP_*_BATCH commands ({@code union bpf_attr.batch}). */
final class MapBatchAttr {
    static final int IN_BATCH = 0;
    static final int OUT_BATCH = 8;
    static final int KEYS = 16;
    static final int VALUES = 24;
    /** In: number of elements the buffers hold. Out: number processed. */
    static final int COUNT = 32;
    static final int MAP_FD = 36;
    static final int ELEM_FLAGS = 40;
    static final int FLAGS = 48;
    static final int SIZE = 56;

    private MapBatchAttr() {}

    static void encode(NativeMemory p, long inBatch, long outBatch, long keys, long values, int count, int mapFd,
            long elemFlags, long flags) {
        Structs.u64(p, IN_BATCH, inBatch);
        Structs.u64(p, OUT_BATCH, outBatch);
        Structs.u64(p, KEYS, keys);
        Structs.u64(p, VALUES, values);
        Structs.u32(p, COUNT, count);
        Structs.u32(p, MAP_FD, mapFd);
        Structs.u64(p, ELEM_FLAGS, elemFlags);
        Structs.u64(p, FLAGS, flags);
    }

    static int count(NativeMemory p) {
        return Structs.u32(p, COUNT);
    }

    /** Writes all {@link #SIZE} bytes, so the buffer needs no clearing first. */
    static void encode(ByteBuffer b, long inBatch, long outBatch, long keys, long values, int count, int mapFd,
            long elemFlags, long flags) {
        b.putLong(IN_BATCH, inBatch);
        b.putLong(OUT_BATCH, outBatch);
        b.putLong(KEYS, keys);
        b.putLong(VALUES, values);
        b.putInt(COUNT, count);
        b.putInt(MAP_FD, mapFd);
        b.putLong(ELEM_FLAGS, elemFlags);
        b.putLong(FLAGS, flags);
    }

    static int count(ByteBuffer b) {
        return b.getInt(COUNT);
    }
}
