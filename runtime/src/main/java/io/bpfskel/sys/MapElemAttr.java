package io.bpfskel.sys;

import java.nio.ByteBuffer;

/**
 * Attributes of BPF_MAP_LOOKUP_ELEM, _UPDATE_ELEM, _DELETE_ELEM, _GET_NEXT_KEY,
 * _LOOKUP_AND_DELETE_ELEM and BPF_MAP_FREEZE. Pointers are native addresses.
 */
final class MapElemAttr {
    static final int MAP_FD = 0;
    static final int KEY = 8;
    static final int VALUE = 16;
    /** Union with {@link #VALUE}, used by BPF_MAP_GET_NEXT_KEY. */
    static final int NEXT_KEY = 16;
    static final int FLAGS = 24;
    static final int SIZE = 32;

    private MapElemAttr() {}

    static void encode(NativeMemory p, int mapFd, long key, long valueOrNextKey, long flags) {
        Structs.u32(p, MAP_FD, mapFd);
        Structs.u64(p, KEY, key);
        Structs.u64(p, VALUE, valueOrNextKey);
        Structs.u64(p, FLAGS, flags);
    }

    /** Writes all {@link #SIZE} bytes (padding included), so the buffer needs no clearing first. */
    static void encode(ByteBuffer b, int mapFd, long key, long valueOrNextKey, long flags) {
        b.putInt(MAP_FD, mapFd);
        b.putInt(MAP_FD + 4, 0);
        b.putLong(KEY, key);
        b.putLong(VALUE, valueOrNextKey);
        b.putLong(FLAGS, flags);
    }
}
