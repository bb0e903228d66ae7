package io.bpfskel.maps;

import io.bpfskel.fd.BpfFd;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.BpfFs;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MapInfo;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import java.nio.file.Path;

/**
 * A map opened outside a collection (from a bpffs pin, by id, or an inner map of a map-in-map), described by
 * what the kernel reports for it. Owns its fd: close it.
 */
public final class KernelMap implements MapRef, AutoCloseable {
    private final Fd fd;
    private final MapInfo info;
    private final String name;

    private KernelMap(Fd fd, MapInfo info, String origin) {
        this.fd = fd;
        this.info = info;
        this.name = info.name().isEmpty() ? origin : info.name();
    }

    /** Takes ownership of {@code fd} (closing it on failure too). */
    static KernelMap adopt(Fd fd, String origin) {
        try {
            return new KernelMap(fd, Bpf.mapInfo(fd, origin), origin);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** Opens the map pinned at {@code path} for reading and writing. */
    public static KernelMap openPinned(Path path) {
        return openPinned(path, 0);
    }

    /** @param fileFlags 0, {@link BpfFlags#BPF_F_RDONLY} or {@link BpfFlags#BPF_F_WRONLY} */
    public static KernelMap openPinned(Path path, int fileFlags) {
        return adopt(BpfFs.open(path, fileFlags, "pinned map"), "map pinned at " + path);
    }

    public static KernelMap byId(int id) {
        return adopt(Bpf.mapGetFdById(id, 0), "map id " + id);
    }

    MapInfo info() {
        return info;
    }

    public int id() {
        return info.id();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MapType type() {
        MapType t = MapType.of(info.type());
        if (t == null) {
            throw new IllegalStateException("map '" + name + "' has map type " + info.type() + ", unknown to bpfskel");
        }
        return t;
    }

    @Override
    public int keySize() {
        return info.keySize();
    }

    @Override
    public int valueSize() {
        return info.valueSize();
    }

    @Override
    public int maxEntries() {
        return info.maxEntries();
    }

    @Override
    public int flags() {
        return info.mapFlags();
    }

    /** The map's fd, owned by this object: closed by {@link #close()}. */
    @Override
    public BpfFd handle() {
        return fd;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "KernelMap[" + name + ", id " + info.id() + ", " + fd + "]";
    }
}
