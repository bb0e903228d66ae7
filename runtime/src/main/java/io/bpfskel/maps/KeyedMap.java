package io.bpfskel.maps;

import io.bpfskel.error.BpfException;
import io.bpfskel.sys.Bpf;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.error.Errno;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.Scratch;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * Operations shared by the typed views of maps with keys: {@link TypedMap} (one value per key) and
 * {@link PerCpuMap} (one value per key and CPU, {@code R = List<V>}).
 *
 * <p>Element operations copy through native buffers kept per view and thread, so a lookup allocates only
 * the decoded key/value objects. Views are thread-safe; codecs must not call back into map operations.
 *
 * @param <K> key type
 * @param <R> what one key maps to
 */
public abstract sealed class KeyedMap<K, R> permits TypedMap, PerCpuMap {
    /** Chunk used by batch lookups when the caller does not choose one. */
    public static final int DEFAULT_BATCH = 256;

    final MapRef map;
    final Codec<K> keyCodec;
    final int keySize;
    /** Bytes of one element's value as the kernel copies it (per-CPU: stride times possible CPUs). */
    final int valueBytes;
    private final String lookupCtx;
    private final String updateCtx;
    private final String deleteCtx;
    private final String lookupDeleteCtx;
    private final String nextKeyCtx;
    private final String batchCtx;
    private final ThreadLocal<Elem> local;
    private final ThreadLocal<Batch> localBatch;

    KeyedMap(MapRef map, Codec<K> keyCodec, int valueBytes) {
        this.map = map;
        this.keyCodec = keyCodec;
        this.keySize = map.keySize();
        this.valueBytes = valueBytes;
        if (keySize == 0) {
            throw new IllegalArgumentException("map '" + map.name() + "' (" + map.type()
                    + ") has no keys: use queue(), bloomFilter() or a ring buffer consumer");
        }
        checkSize(map, "key", keyCodec, keySize);
        String m = "map '" + map.name() + "'";
        lookupCtx = "lookup in " + m;
        updateCtx = "update of " + m;
        deleteCtx = "delete from " + m;
        lookupDeleteCtx = "lookup and delete in " + m;
        nextKeyCtx = "key iteration of " + m;
        batchCtx = "batch operation on " + m;
        local = ThreadLocal.withInitial(() -> new Elem(keySize, valueBytes));
        localBatch = ThreadLocal.withInitial(Batch::new);
    }

    static void checkSize(MapRef map, String what, Codec<?> codec, int expected) {
        if (codec.size() != expected) {
            throw new IllegalArgumentException("map '" + map.name() + "': the " + what + " codec encodes " + codec.size()
                    + " bytes but the map's " + what + " size is " + expected);
        }
    }

    static void checkNotType(MapRef map, String use, MapType... types) {
        for (MapType t : types) {
            if (map.type() == t) {
                throw new IllegalArgumentException("map '" + map.name() + "' is a " + t + " map: use " + use);
            }
        }
    }

    /** Writes {@code value} as {@link #valueBytes} bytes at {@code offset}. */
    abstract void encodeValue(R value, NativeBuf b, int offset);

    abstract R decodeValue(NativeBuf b, int offset);

    public MapRef map() {
        return map;
    }

    // ------------------------------------------------------------------ single elements

    /** The value for {@code key}, or null when there is none. */
    public R lookup(K key) {
        return lookup(key, 0);
    }

    /** @param flags 0 or {@link BpfFlags#BPF_F_LOCK} (copy under the value's {@code bpf_spin_lock}) */
    public R lookup(K key, long flags) {
        Elem e = local.get();
        encodeKey(key, e.key, 0);
        if (!Bpf.mapLookupElem(e.scratch, Fd.of(map.handle()), e.key.address, e.value.address, flags, lookupCtx)) {
            return null;
        }
        return decodeValue(e.value, 0);
    }

    /**
     * Looks {@code key} up into this thread's value buffer: the buffer, or null when absent. Valid until the
     * thread's next operation on this map.
     */
    final NativeBuf lookupIntoBuffer(K key, long flags) {
        Elem e = local.get();
        encodeKey(key, e.key, 0);
        return Bpf.mapLookupElem(e.scratch, Fd.of(map.handle()), e.key.address, e.value.address, flags, lookupCtx)
                ? e.value : null;
    }

    public boolean containsKey(K key) {
        Elem e = local.get();
        encodeKey(key, e.key, 0);
        return Bpf.mapLookupElem(e.scratch, Fd.of(map.handle()), e.key.address, e.value.address, 0, lookupCtx);
    }

    /** Creates or replaces the element (BPF_ANY). */
    public void update(K key, R value) {
        update(key, value, BpfFlags.BPF_ANY);
    }

    /**
     * @param flags {@link BpfFlags#BPF_ANY}, {@link BpfFlags#BPF_NOEXIST} (fails with EEXIST when present),
     *     {@link BpfFlags#BPF_EXIST} (fails with ENOENT when absent), optionally or-ed with {@link BpfFlags#BPF_F_LOCK}
     * @throws BpfSyscallException carrying the kernel's errno (E2BIG when a hash map is full)
     */
    public void update(K key, R value, long flags) {
        Elem e = local.get();
        encodeKey(key, e.key, 0);
        encodeValue(value, e.value, 0);
        Bpf.mapUpdateElem(e.scratch, Fd.of(map.handle()), e.key.address, e.value.address, flags, updateCtx);
    }

    /** Creates the element unless the key exists (BPF_NOEXIST); false when it existed. */
    public boolean putIfAbsent(K key, R value) {
        return updateUnless(key, value, BpfFlags.BPF_NOEXIST, Errno.EEXIST);
    }

    /** Replaces the element only when the key exists (BPF_EXIST); false when it did not. */
    public boolean replace(K key, R value) {
        return updateUnless(key, value, BpfFlags.BPF_EXIST, Errno.ENOENT);
    }

    private boolean updateUnless(K key, R value, long flags, int expectedErrno) {
        Elem e = local.get();
        encodeKey(key, e.key, 0);
        encodeValue(value, e.value, 0);
        int errno = Bpf.mapUpdateElemErrno(e.scratch, Fd.of(map.handle()), e.key.address, e.value.address, flags, updateCtx);
        if (errno == 0) {
            return true;
        }
        if (errno == expectedErrno) {
            return false;
        }
        throw new BpfSyscallException("BPF_MAP_UPDATE_ELEM", errno, updateCtx);
    }

    /** False when the key did not exist. Arrays cannot delete (EINVAL). */
    public boolean delete(K key) {
        Elem e = local.get();
        encodeKey(key, e.key, 0);
        return Bpf.mapDeleteElem(e.scratch, Fd.of(map.handle()), e.key.address, deleteCtx);
    }

    /** Atomically reads and removes the element (hash maps, kernel 5.14+); null when absent. */
    public R lookupAndDelete(K key) {
        Elem e = local.get();
        encodeKey(key, e.key, 0);
        if (!Bpf.mapLookupAndDeleteElem(e.scratch, Fd.of(map.handle()), e.key.address, e.value.address, 0, lookupDeleteCtx)) {
            return null;
        }
        return decodeValue(e.value, 0);
    }

    // ------------------------------------------------------------------ iteration

    /**
     * The keys, in the kernel's order, by BPF_MAP_GET_NEXT_KEY.
     *
     * <p>Deleting keys while iterating is safe: the iterator fetches the following key before handing one
     * out, so removing the key just returned (or any key already returned) does not disturb it, and
     * removed keys that were not reached yet are simply not seen. When another party removes the key the
     * iterator is positioned on, the kernel restarts from the first key of a hash map, and keys may then
     * be seen twice (as with libbpf and cilium/ebpf). An iteration that sees more than {@code max_entries}
     * keys throws, since the map is then changing faster than it can be read.
     */
    public Iterable<K> keys() {
        return () -> new Cursor<>(false) {
            @Override
            K make(NativeBuf key, NativeBuf value) {
                return decodeKey(key, 0);
            }
        };
    }

    /**
     * The elements, like {@link #keys()}; an element deleted between reading its key and its value is
     * skipped. The entries are snapshots: {@code setValue} is not supported.
     */
    public Iterable<Map.Entry<K, R>> entries() {
        return () -> new Cursor<>(true) {
            @Override
            Map.Entry<K, R> make(NativeBuf key, NativeBuf value) {
                return new AbstractMap.SimpleImmutableEntry<>(decodeKey(key, 0), decodeValue(value, 0));
            }
        };
    }

    public void forEach(BiConsumer<? super K, ? super R> action) {
        for (Map.Entry<K, R> e : entries()) {
            action.accept(e.getKey(), e.getValue());
        }
    }

    /** A snapshot of every element, in iteration order. */
    public Map<K, R> toMap() {
        Map<K, R> out = new LinkedHashMap<>();
        forEach(out::put);
        return out;
    }

    /**
     * Iterates with the key after the one handed out already fetched, so the caller may delete what it
     * was given. {@code prev} is the last key handed out: when the key ahead vanished before its turn,
     * the walk resumes from {@code prev} instead of letting the kernel restart from the first key.
     */
    private abstract class Cursor<T> implements Iterator<T> {
        private final boolean withValues;
        private final long limit = Math.max(1, Integer.toUnsignedLong(map.maxEntries()));
        private NativeBuf head = new NativeBuf(keySize);
        private NativeBuf prev = new NativeBuf(keySize);
        private NativeBuf spare = new NativeBuf(keySize);
        private final NativeBuf value;
        private boolean havePrev;
        private int state; // 0 not started, 1 head holds the next key, 2 finished
        private T pending;
        private long fetched;

        Cursor(boolean withValues) {
            this.withValues = withValues;
            this.value = new NativeBuf(withValues ? valueBytes : 1);
        }

        abstract T make(NativeBuf key, NativeBuf value);

        @Override
        public boolean hasNext() {
            if (pending == null && state != 2) {
                pending = advance();
            }
            return pending != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T t = pending;
            pending = null;
            return t;
        }

        private boolean fetch(NativeBuf from, NativeBuf into, boolean count) {
            if (!Bpf.mapGetNextKey(Fd.of(map.handle()), from == null ? null : from.ptr, into.ptr, nextKeyCtx)) {
                state = 2;
                return false;
            }
            if (count) {
                countStep();
            }
            return true;
        }

        private void countStep() {
            if (++fetched > limit) {
                state = 2;
                throw new BpfException("iteration of map '" + map.name() + "' aborted after " + limit
                        + " keys (max_entries): the map keeps changing under the iterator");
            }
        }

        private T advance() {
            if (state == 0) {
                if (!fetch(null, head, true)) {
                    return null;
                }
                state = 1;
            }
            while (state == 1) {
                boolean present = !withValues || Bpf.mapLookupElem(Fd.of(map.handle()), head.ptr, value.ptr, 0, lookupCtx);
                T item = present ? make(head, value) : null;
                boolean more;
                if (present || !havePrev) {
                    more = fetch(head, spare, true);
                } else {
                    // Resume after prev; when that leads back to head, head still exists (an empty slot of
                    // a fd array, not a deleted key) and the walk goes on from head itself.
                    more = fetch(prev, spare, false);
                    if (more && spare.sameBytes(head, keySize)) {
                        more = fetch(head, spare, true);
                    } else if (more) {
                        countStep();
                    }
                }
                if (more) {
                    NativeBuf t = spare;
                    if (present) {
                        spare = prev;
                        prev = head;
                        havePrev = true;
                    } else {
                        spare = head;
                    }
                    head = t;
                }
                if (item != null) {
                    return item;
                }
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ batches

    /**
     * Creates or updates {@code keys.size()} elements in one BPF_MAP_UPDATE_BATCH.
     *
     * @return the number written (all of them unless it throws; the exception tells how many were)
     */
    public int updateBatch(List<? extends K> keys, List<? extends R> values, long flags) {
        int n = keys.size();
        if (values.size() != n) {
            throw new IllegalArgumentException("map '" + map.name() + "': " + n + " keys but " + values.size() + " values");
        }
        if (n == 0) {
            return 0;
        }
        Batch b = batch(n);
        try {
            for (int i = 0; i < n; i++) {
                encodeKey(keys.get(i), b.keys, i * keySize);
                encodeValue(values.get(i), b.values, i * valueBytes);
            }
            return Bpf.mapUpdateBatch(Fd.of(map.handle()), b.keys.ptr, b.values.ptr, n, flags, batchCtx);
        } finally {
            b.busy = false;
        }
    }

    public int updateBatch(Map<? extends K, ? extends R> elements, long flags) {
        return updateBatch(List.copyOf(elements.keySet()), List.copyOf(elements.values()), flags);
    }

    /**
     * Deletes the keys in one BPF_MAP_DELETE_BATCH. Stops with ENOENT at a key that does not exist; the
     * exception tells how many were deleted before it.
     */
    public int deleteBatch(Collection<? extends K> keys) {
        int n = keys.size();
        if (n == 0) {
            return 0;
        }
        Batch b = batch(n);
        try {
            int i = 0;
            for (K k : keys) {
                encodeKey(k, b.keys, i++ * keySize);
            }
            return Bpf.mapDeleteBatch(Fd.of(map.handle()), b.keys.ptr, n, 0, batchCtx);
        } finally {
            b.busy = false;
        }
    }

    /** Every element, read {@link #DEFAULT_BATCH} at a time with BPF_MAP_LOOKUP_BATCH. */
    public int lookupBatch(BiConsumer<? super K, ? super R> sink) {
        return readBatches(false, DEFAULT_BATCH, sink);
    }

    /**
     * Every element, read {@code chunk} at a time with BPF_MAP_LOOKUP_BATCH until the kernel reports the
     * end (ENOENT, with the last elements). A hash bucket holding more than {@code chunk} elements makes
     * the kernel answer ENOSPC; the chunk then doubles and the call is repeated.
     *
     * @return the number of elements passed to {@code sink}
     */
    public int lookupBatch(int chunk, BiConsumer<? super K, ? super R> sink) {
        return readBatches(false, chunk, sink);
    }

    /** Like {@link #lookupBatch(int, BiConsumer)} but removes what it reads (hash maps only). */
    public int lookupAndDeleteBatch(int chunk, BiConsumer<? super K, ? super R> sink) {
        return readBatches(true, chunk, sink);
    }

    /** Receives one chunk of a raw batch lookup. */
    @FunctionalInterface
    public interface RawBatchHandler {
        /**
         * @param keys {@code count} keys of the map's key size, back to back from position 0, host byte order
         * @param values {@code count} values (per-CPU maps: each value is the CPU slots) from position 0
         */
        void accept(ByteBuffer keys, ByteBuffer values, int count);
    }

    /**
     * {@link #lookupBatch(int, BiConsumer)} without decoding: each chunk is handed over as the native
     * buffers the kernel filled (valid during the call only). For bulk reads where boxing every key and
     * value would cost more than the system call per element.
     *
     * @return the number of elements read
     */
    public int lookupBatchRaw(int chunk, RawBatchHandler handler) {
        return readBatches(false, chunk, null, handler);
    }

    private int readBatches(boolean andDelete, int chunk, BiConsumer<? super K, ? super R> sink) {
        return readBatches(andDelete, chunk, sink, null);
    }

    private int readBatches(boolean andDelete, int chunk, BiConsumer<? super K, ? super R> sink,
            RawBatchHandler raw) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("chunk must be positive, got " + chunk);
        }
        Batch b = batch(chunk);
        try {
            int total = 0;
            boolean first = true;
            while (true) {
                int r;
                try {
                    r = Bpf.mapLookupBatch(Fd.of(map.handle()), andDelete, first ? null : b.in.ptr, b.out.ptr, b.keys.ptr,
                            b.values.ptr, chunk, 0, batchCtx);
                } catch (BpfSyscallException e) {
                    if (e.is(Errno.ENOSPC) && chunk < Math.max(1, map.maxEntries())) {
                        chunk = Math.min(chunk * 2, Math.max(1, map.maxEntries()));
                        b.ensure(chunk);
                        continue;
                    }
                    throw e;
                }
                boolean done = r < 0;
                int got = done ? -r - 1 : r;
                if (raw != null) {
                    raw.accept(b.keys.window(0, got * keySize), b.values.window(0, got * valueBytes), got);
                } else {
                    for (int i = 0; i < got; i++) {
                        sink.accept(decodeKey(b.keys, i * keySize), decodeValue(b.values, i * valueBytes));
                    }
                }
                total += got;
                if (done) {
                    return total;
                }
                NativeBuf t = b.in;
                b.in = b.out;
                b.out = t;
                first = false;
            }
        } finally {
            b.busy = false;
        }
    }

    private Batch batch(int count) {
        Batch b = localBatch.get();
        if (b.busy) {
            b = new Batch(); // re-entered from a sink on this thread: use a private set
        }
        b.busy = true;
        b.ensure(count);
        return b;
    }

    private final class Batch {
        NativeBuf keys;
        NativeBuf values;
        NativeBuf in = new NativeBuf(Math.max(8, keySize));
        NativeBuf out = new NativeBuf(Math.max(8, keySize));
        boolean busy;

        void ensure(int count) {
            long k = (long) count * keySize;
            long v = (long) count * valueBytes;
            if (keys == null || keys.capacity() < k) {
                keys = new NativeBuf(k);
            }
            if (values == null || values.capacity() < v) {
                values = new NativeBuf(v);
            }
        }
    }

    // ------------------------------------------------------------------ codec plumbing

    void encodeKey(K key, NativeBuf b, int offset) {
        if (key == null) {
            throw new NullPointerException("map '" + map.name() + "': null key");
        }
        keyCodec.encode(key, b.forEncode(offset, keySize));
    }

    K decodeKey(NativeBuf b, int offset) {
        return keyCodec.decode(b.window(offset, keySize));
    }

    /**
     * One thread's key and value buffers for this map, created on that thread: it also keeps the thread's
     * bpf(2) state ({@link Scratch}: attribute memory, errno capture), so that an element operation looks
     * up one thread-local, not one per layer.
     */
    private static final class Elem {
        final NativeBuf key;
        final NativeBuf value;
        final Scratch scratch = Scratch.get();

        Elem(int keySize, int valueBytes) {
            key = new NativeBuf(keySize);
            value = new NativeBuf(valueBytes);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + map.name() + "]";
    }
}
