package io.bpfskel.maps;

import io.bpfskel.sys.Bpf;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.error.Errno;
import io.bpfskel.sys.Fd;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;

/**
 * A typed view of a queue (FIFO) or stack (LIFO) map: push, pop and peek, no keys.
 */
public final class QueueMap<V> {
    private final MapRef map;
    private final Codec<V> codec;
    private final int size;
    private final String pushCtx;
    private final String popCtx;
    private final String peekCtx;
    private final ThreadLocal<NativeBuf> local;

    QueueMap(MapRef map, Codec<V> codec) {
        if (map.type() != MapType.QUEUE && map.type() != MapType.STACK) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type() + " map, not a queue or stack");
        }
        KeyedMap.checkSize(map, "value", codec, map.valueSize());
        this.map = map;
        this.codec = codec;
        this.size = map.valueSize();
        String m = (map.type() == MapType.QUEUE ? "queue '" : "stack '") + map.name() + "'";
        pushCtx = "push to " + m;
        popCtx = "pop from " + m;
        peekCtx = "peek at " + m;
        local = ThreadLocal.withInitial(() -> new NativeBuf(size));
    }

    public MapRef map() {
        return map;
    }

    /** Adds a value; throws with E2BIG when the map is full. */
    public void push(V value) {
        push(value, BpfFlags.BPF_ANY);
    }

    /**
     * @param flags {@link BpfFlags#BPF_ANY}, or {@link BpfFlags#BPF_EXIST} to drop the oldest (queue) / bottom
     *     (stack) value when full instead of failing
     */
    public void push(V value, long flags) {
        NativeBuf b = encode(value);
        Bpf.mapUpdateElem(Fd.of(map.handle()), null, b.ptr, flags, pushCtx);
    }

    /** Adds a value unless the map is full; false when it is. */
    public boolean offer(V value) {
        NativeBuf b = encode(value);
        int errno = Bpf.mapUpdateElemErrno(Fd.of(map.handle()), null, b.ptr, BpfFlags.BPF_ANY, pushCtx);
        if (errno == 0) {
            return true;
        }
        if (errno == Errno.E2BIG) {
            return false;
        }
        throw new BpfSyscallException("BPF_MAP_UPDATE_ELEM", errno, pushCtx);
    }

    /** Removes and returns the next value (oldest for a queue, newest for a stack); null when empty. */
    public V pop() {
        NativeBuf b = local.get();
        if (!Bpf.mapLookupAndDeleteElem(Fd.of(map.handle()), null, b.ptr, 0, popCtx)) {
            return null;
        }
        return codec.decode(b.window(0, size));
    }

    /** The value {@link #pop()} would return, without removing it; null when empty. */
    public V peek() {
        NativeBuf b = local.get();
        if (!Bpf.mapLookupElem(Fd.of(map.handle()), null, b.ptr, 0, peekCtx)) {
            return null;
        }
        return codec.decode(b.window(0, size));
    }

    private NativeBuf encode(V value) {
        if (value == null) {
            throw new NullPointerException("map '" + map.name() + "': null value");
        }
        NativeBuf b = local.get();
        codec.encode(value, b.forEncode(0, size));
        return b;
    }
}
