package io.bpfskel;

import io.bpfskel.fd.BpfFd;
import io.bpfskel.maps.KernelMap;
import io.bpfskel.maps.MapRef;
import io.bpfskel.object.MapSpec;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.BpfFs;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.uapi.MapType;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A map of a {@link BpfCollection}. Before load its size can change; after load it has a kernel fd and typed
 * views ({@link #typed}, {@link #perCpu}, {@link #queue}, ... from {@link MapRef}).
 */
public final class BpfMap implements MapRef {
    private final BpfCollection owner;
    private MapSpec spec;
    /** Set by load, cleared by close; read by any thread that uses the map. */
    private volatile Fd fd;
    private volatile boolean closed;
    // Built once: a per-call string concatenation would be most of what a lookup allocates.
    private final String lookupCtx;
    private final String updateCtx;
    private final String deleteCtx;
    private int possibleCpus;

    BpfMap(BpfCollection owner, MapSpec spec) {
        this.owner = owner;
        this.spec = spec;
        this.lookupCtx = "lookup in map '" + spec.name() + "'";
        this.updateCtx = "update of map '" + spec.name() + "'";
        this.deleteCtx = "delete from map '" + spec.name() + "'";
    }

    @Override
    public String name() {
        return spec.name();
    }

    /** The map's current definition, including changes made before load. */
    MapSpec spec() {
        return spec;
    }

    @Override
    public MapType type() {
        return spec.mapType();
    }

    @Override
    public int keySize() {
        return spec.keySize();
    }

    @Override
    public int valueSize() {
        return spec.valueSize();
    }

    @Override
    public int maxEntries() {
        return spec.maxEntries();
    }

    @Override
    public int flags() {
        return spec.flags();
    }

    public void setMaxEntries(int n) {
        owner.checkOpened("set max_entries of map '" + name() + "'");
        if (n <= 0) {
            throw new IllegalArgumentException("map '" + name() + "': max_entries must be positive, got " + n);
        }
        spec = spec.withMaxEntries(n);
    }

    public void setValueSize(int n) {
        owner.checkOpened("set value_size of map '" + name() + "'");
        if (spec.isInternal()) {
            throw new IllegalStateException("map '" + name() + "': the value size of a global-data map follows its section");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("map '" + name() + "': value_size must be positive, got " + n);
        }
        spec = spec.withValueSize(n);
    }

    public int fd() {
        return liveFd().raw();
    }

    /**
     * The map's fd, owned by the collection (closed with it; do not close it); {@link BpfFd#dup()} it for code
     * that may outlive the collection.
     */
    @Override
    public BpfFd handle() {
        return liveFd();
    }

    /** The fd for a call: thrown at when the map is not created or closed. */
    Fd liveFd() {
        Fd f = fd;
        if (f == null || f.isClosed()) {
            throw new IllegalStateException("map '" + name() + "' is " + (closed || f != null
                    ? "closed (its collection was closed)" : "not created (load the object first)"));
        }
        return f;
    }

    public boolean isCreated() {
        Fd f = fd;
        return f != null && !f.isClosed();
    }

    /** Looks a key up; false when it is absent. {@code value} must hold the value size (times possible CPUs for per-CPU maps). */
    public boolean lookup(byte[] key, byte[] value) {
        return Bpf.mapLookupElem(liveFd(), key, value, lookupCtx);
    }

    public void update(byte[] key, byte[] value, long flags) {
        Bpf.mapUpdateElem(liveFd(), key, value, flags, updateCtx);
    }

    public boolean delete(byte[] key) {
        return Bpf.mapDeleteElem(liveFd(), key, deleteCtx);
    }

    /**
     * The raw path over caller memory: the kernel reads the key from {@code key} and writes the value into
     * {@code value}, each from the buffer's position (positions do not move). Direct buffers are used in place:
     * nothing is copied or allocated; heap buffers are copied through per-thread native memory. On Java 22+ a
     * {@code MemorySegment} reaches here as {@code segment.asByteBuffer()}. The memory must stay valid during the
     * call: bpfskel cannot hold a caller's arena open, so do not close a segment's arena while a call uses it.
     *
     * @throws IllegalArgumentException when a buffer's remaining bytes are fewer than the map's key or value size
     *     (times the possible CPUs for per-CPU maps), or {@code value} is read-only
     */
    public boolean lookup(ByteBuffer key, ByteBuffer value) {
        checkRaw(key, value);
        if (value.isReadOnly()) {
            throw new IllegalArgumentException("map '" + name() + "': the value buffer of a lookup is read-only");
        }
        return Bpf.mapLookupElem(liveFd(), key, value, 0, lookupCtx);
    }

    /** {@link #update(byte[], byte[], long)} over caller memory; see {@link #lookup(ByteBuffer, ByteBuffer)}. */
    public void update(ByteBuffer key, ByteBuffer value, long flags) {
        checkRaw(key, value);
        Bpf.mapUpdateElem(liveFd(), key, value, flags, updateCtx);
    }

    /**
     * The value of a 4-byte key in a map of 8-byte values (a {@code u32 -> u64} counter, say), or
     * {@code defaultValue} when the key is absent; allocates nothing.
     */
    public long lookupLong(int key, long defaultValue) {
        checkPrimitive();
        return Bpf.mapLookupLong(liveFd(), key, defaultValue, lookupCtx);
    }

    /** Sets a 4-byte key of a map of 8-byte values; allocates nothing. */
    public void updateLong(int key, long value, long flags) {
        checkPrimitive();
        Bpf.mapUpdateLong(liveFd(), key, value, flags, updateCtx);
    }

    private void checkPrimitive() {
        if (spec.keySize() != 4 || spec.valueSize() != 8 || type().isPerCpu()) {
            throw new IllegalStateException("map '" + name() + "' has " + spec.keySize() + "-byte keys and "
                    + spec.valueSize() + "-byte " + (type().isPerCpu() ? "per-CPU " : "")
                    + "values; lookupLong/updateLong need 4-byte keys and 8-byte values");
        }
    }

    private void checkRaw(ByteBuffer key, ByteBuffer value) {
        long valueBytes = spec.valueSize();
        if (type().isPerCpu()) {
            if (possibleCpus == 0) {
                possibleCpus = Syscalls.possibleCpus();
            }
            valueBytes = ((valueBytes + 7) & ~7L) * possibleCpus;
        }
        if (key.remaining() < spec.keySize() || value.remaining() < valueBytes) {
            throw new IllegalArgumentException("map '" + name() + "' needs " + spec.keySize() + " key bytes and "
                    + valueBytes + " value bytes, got " + key.remaining() + " and " + value.remaining());
        }
    }

    /** Opens a map pinned on a bpf filesystem (by this or another process); the caller closes it. */
    public static KernelMap openPinned(Path path) {
        return KernelMap.openPinned(path);
    }

    /** Removes a pin; false when there was none. Open fds keep the map alive. */
    public static boolean unpin(Path path) {
        return BpfFs.unpin(path, "map");
    }

    void created(Fd fd) {
        this.fd = fd;
    }

    void closed() {
        this.closed = true;
        this.fd = null;
    }

    @Override
    public String toString() {
        return "BpfMap[" + name() + ", " + type() + (isCreated() ? ", " + fd : "") + "]";
    }
}
