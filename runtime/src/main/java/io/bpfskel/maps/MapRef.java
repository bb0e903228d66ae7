package io.bpfskel.maps;

import io.bpfskel.fd.BpfFd;
import io.bpfskel.sys.BpfFs;
import io.bpfskel.sys.Fd;
import io.bpfskel.uapi.MapType;
import java.nio.file.Path;

/**
 * A map that exists in the kernel: a {@link io.bpfskel.BpfMap} of a loaded collection, or a {@link KernelMap}
 * opened from a pin or an id. The typed views are created from here; they check that the map's type and
 * sizes fit the codecs.
 */
public interface MapRef {
    String name();

    MapType type();

    /** 0 for maps without keys (queue, stack, bloom filter, ring buffer). */
    int keySize();

    int valueSize();

    int maxEntries();

    /** {@code map_flags} ({@code BPF_F_NO_PREALLOC}, ...). */
    int flags();

    /**
     * The map's fd, owned by whoever owns this reference (closed with it); never close it through here, and
     * {@link BpfFd#dup()} it to hand it to code that may outlive the owner.
     */
    BpfFd handle();

    /** A typed view of a hash, array, LRU, LPM-trie or other keyed map with one value per key. */
    default <K, V> TypedMap<K, V> typed(Codec<K> key, Codec<V> value) {
        return new TypedMap<>(this, key, value);
    }

    /** A typed view of a per-CPU map: one value per possible CPU. */
    default <K, V> PerCpuMap<K, V> perCpu(Codec<K> key, Codec<V> value) {
        return new PerCpuMap<>(this, key, value);
    }

    /** A typed view of a queue (FIFO) or stack (LIFO) map. */
    default <V> QueueMap<V> queue(Codec<V> value) {
        return new QueueMap<>(this, value);
    }

    default <V> BloomFilter<V> bloomFilter(Codec<V> value) {
        return new BloomFilter<>(this, value);
    }

    /** A view of an array-of-maps or hash-of-maps. */
    default <K> MapOfMaps<K> mapOfMaps(Codec<K> key) {
        return new MapOfMaps<>(this, key);
    }

    default ProgArray progArray() {
        return new ProgArray(this);
    }

    /** Pins the map at {@code path} on a bpf filesystem, creating missing parent directories. */
    default void pin(Path path) {
        BpfFs.pin(Fd.of(handle()), path, "map '" + name() + "'");
    }
}
