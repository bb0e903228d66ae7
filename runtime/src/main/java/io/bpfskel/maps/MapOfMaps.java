package io.bpfskel.maps;

import io.bpfskel.sys.Fd;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A view of an array-of-maps or hash-of-maps. User space writes inner maps by fd and reads them back as
 * map ids; {@link #openInner} turns the id into a usable map.
 */
public final class MapOfMaps<K> {
    private final MapRef map;
    private final TypedMap<K, Integer> slots;

    MapOfMaps(MapRef map, Codec<K> key) {
        if (!map.type().isMapInMap()) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type() + " map, not a map of maps");
        }
        this.map = map;
        this.slots = new TypedMap<>(map, key, Codecs.int32());
    }

    public MapRef map() {
        return map;
    }

    /** Puts {@code inner} at {@code key}; the kernel checks it matches the outer map's inner template. */
    public void set(K key, MapRef inner) {
        set(key, Fd.of(inner.handle()));
    }

    private void set(K key, Fd inner) {
        // The kernel reads the number during the update: hold the inner map's descriptor until then.
        int raw = inner.acquire("BPF_MAP_UPDATE_ELEM", "inner map for map '" + map.name() + "'");
        try {
            slots.update(key, raw);
        } finally {
            inner.exit();
        }
    }

    /** The id of the map at {@code key}; empty when the slot is empty. */
    public OptionalInt innerId(K key) {
        Integer id = slots.lookup(key);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Opens the map at {@code key} by its id (the caller closes it); null when the slot is empty. */
    public KernelMap openInner(K key) {
        OptionalInt id = innerId(key);
        return id.isPresent() ? KernelMap.byId(id.getAsInt()) : null;
    }

    /** Empties the slot; false when it was empty. */
    public boolean delete(K key) {
        return slots.delete(key);
    }

    /** The keys of the occupied slots (an array's empty slots are skipped: their lookup finds nothing). */
    public Iterable<K> keys() {
        return () -> {
            Iterator<Map.Entry<K, Integer>> it = slots.entries().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public K next() {
                    return it.next().getKey();
                }
            };
        };
    }
}
