package io.bpfskel.maps;

import io.bpfskel.sys.Syscalls;
import io.bpfskel.uapi.BpfFlags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A typed view of a per-CPU map (percpu hash/array, LRU percpu hash): every key holds one value per
 * possible CPU ({@link Syscalls#possibleCpus()}, which counts offline CPUs too). The kernel lays the values
 * out {@code round_up(value_size, 8)} bytes apart; the padding is handled here, the codec sees one value.
 *
 * <p>{@link #lookup} returns a list indexed by CPU number. Sum it to get a total:
 * {@code counts.lookup(k).stream().mapToLong(Long::longValue).sum()}.
 */
public final class PerCpuMap<K, V> extends KeyedMap<K, List<V>> {
    private final Codec<V> valueCodec;
    private final int cpus;
    private final int stride;

    PerCpuMap(MapRef map, Codec<K> key, Codec<V> value) {
        this(map, key, value, Syscalls.possibleCpus());
    }

    private PerCpuMap(MapRef map, Codec<K> key, Codec<V> value, int cpus) {
        super(map, key, Math.multiplyExact(stride(map.valueSize()), cpus));
        if (!map.type().isPerCpu()) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type()
                    + " map, not a per-CPU one: use typed(...)");
        }
        checkSize(map, "value", value, map.valueSize());
        this.valueCodec = value;
        this.cpus = cpus;
        this.stride = stride(map.valueSize());
    }

    private static int stride(int valueSize) {
        return (valueSize + 7) & ~7;
    }

    /** Number of values per key: the possible CPUs. */
    public int cpus() {
        return cpus;
    }

    /** Sets every CPU's value to {@code value} (BPF_ANY). */
    public void updateAll(K key, V value) {
        updateAll(key, value, BpfFlags.BPF_ANY);
    }

    public void updateAll(K key, V value, long flags) {
        update(key, Collections.nCopies(cpus, value), flags);
    }

    @Override
    void encodeValue(List<V> values, NativeBuf b, int offset) {
        if (values.size() != cpus) {
            throw new IllegalArgumentException("map '" + map.name() + "' needs one value per possible CPU (" + cpus
                    + "), got " + values.size());
        }
        b.zero(offset, valueBytes);
        for (int cpu = 0; cpu < cpus; cpu++) {
            V v = values.get(cpu);
            if (v == null) {
                throw new NullPointerException("map '" + map.name() + "': null value for CPU " + cpu);
            }
            valueCodec.encode(v, b.window(offset + cpu * stride, valueCodec.size()));
        }
    }

    @Override
    List<V> decodeValue(NativeBuf b, int offset) {
        List<V> out = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            out.add(valueCodec.decode(b.window(offset + cpu * stride, valueCodec.size())));
        }
        return Collections.unmodifiableList(out);
    }
}
