package io.bpfskel.maps;

import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;

/**
 * A typed view of a bloom filter map: values can be added and tested, never removed or listed. A test
 * answers "maybe present" or "certainly absent".
 */
public final class BloomFilter<V> {
    private final MapRef map;
    private final Codec<V> codec;
    private final int size;
    private final String addCtx;
    private final String testCtx;
    private final ThreadLocal<NativeBuf> local;

    BloomFilter(MapRef map, Codec<V> codec) {
        if (map.type() != MapType.BLOOM_FILTER) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type() + " map, not a bloom filter");
        }
        KeyedMap.checkSize(map, "value", codec, map.valueSize());
        this.map = map;
        this.codec = codec;
        this.size = map.valueSize();
        addCtx = "add to bloom filter '" + map.name() + "'";
        testCtx = "test of bloom filter '" + map.name() + "'";
        local = ThreadLocal.withInitial(() -> new NativeBuf(size));
    }

    public MapRef map() {
        return map;
    }

    public void add(V value) {
        Bpf.mapUpdateElem(Fd.of(map.handle()), null, encode(value).ptr, BpfFlags.BPF_ANY, addCtx);
    }

    /** False means {@code value} was never added; true means it probably was. */
    public boolean mightContain(V value) {
        // The kernel reads the value to test from the lookup's value pointer; ENOENT means absent.
        return Bpf.mapLookupElem(Fd.of(map.handle()), null, encode(value).ptr, 0, testCtx);
    }

    private NativeBuf encode(V value) {
        if (value == null) {
            throw new NullPointerException("bloom filter '" + map.name() + "': null value");
        }
        NativeBuf b = local.get();
        codec.encode(value, b.forEncode(0, size));
        return b;
    }
}
