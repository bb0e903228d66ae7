package io.bpfskel.maps;

import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;

/**
 * A typed view of a map with one value per key: hash, array, LRU hash, LPM trie, and the like.
 *
 * <pre>{@code
 * TypedMap<FlowKey, FlowStats> flows = obj.map("flows").typed(FlowKey.CODEC, FlowStats.CODEC);
 * FlowStats s = flows.lookup(key);          // null when absent
 * flows.update(key, stats, BpfFlags.BPF_NOEXIST);
 * for (var e : flows.entries()) { ... }
 * }</pre>
 */
public final class TypedMap<K, V> extends KeyedMap<K, V> {
    private final Codec<V> valueCodec;

    TypedMap(MapRef map, Codec<K> key, Codec<V> value) {
        super(map, key, map.valueSize());
        checkNotType(map, "perCpu(...)", MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_PERCPU_HASH,
                MapType.PERCPU_CGROUP_STORAGE);
        checkSize(map, "value", value, map.valueSize());
        this.valueCodec = value;
    }

    public Codec<V> valueCodec() {
        return valueCodec;
    }

    /**
     * The value for {@code key} decoded into {@code target} ({@link Codec#decodeInto}), or null when there is
     * none: with a codec of a mutable type that reuses the target, a lookup allocates nothing. Codecs of
     * immutable types (records, boxed numbers) return a new value as {@link #lookup(Object)} does. A name of
     * its own, not a {@code lookup} overload: beside {@code lookup(K, long flags)} the call
     * {@code lookup(1, 0L)} on a {@code TypedMap<Integer, Long>} would be ambiguous.
     */
    public V lookupInto(K key, V target) {
        return lookupInto(key, target, 0);
    }

    /** {@link #lookupInto(Object, Object)} with flags: 0 or {@link BpfFlags#BPF_F_LOCK}. */
    public V lookupInto(K key, V target, long flags) {
        NativeBuf b = lookupIntoBuffer(key, flags);
        return b == null ? null : valueCodec.decodeInto(b.window(0, valueBytes), target);
    }

    @Override
    void encodeValue(V value, NativeBuf b, int offset) {
        if (value == null) {
            throw new NullPointerException("map '" + map.name() + "': null value");
        }
        valueCodec.encode(value, b.forEncode(offset, valueBytes));
    }

    @Override
    V decodeValue(NativeBuf b, int offset) {
        return valueCodec.decode(b.window(offset, valueBytes));
    }
}
