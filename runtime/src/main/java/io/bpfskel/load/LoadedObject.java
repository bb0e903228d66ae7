package io.bpfskel.load;

import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MappedMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a load put into the kernel for one object: map and program fds, the object's BTF, the memory
 * mappings of global-data maps, and the extern decisions. Closing it releases every fd and mapping.
 */
public final class LoadedObject implements AutoCloseable {
    private final Map<String, Fd> maps = new LinkedHashMap<>();
    private final Map<String, Fd> programs = new LinkedHashMap<>();
    private final Map<String, Integer> programIds = new LinkedHashMap<>();
    private final Map<String, MappedMemory> mappings = new LinkedHashMap<>();
    private final List<String> pinned = new ArrayList<>();
    private final Map<String, StructOpsValue> structOps = new LinkedHashMap<>();
    private Fd btf;
    private ExternResolution externs;

    LoadedObject() {}

    void addMap(String name, Fd fd) {
        maps.put(name, fd);
    }

    void addProgram(String name, Fd fd, int id) {
        programs.put(name, fd);
        programIds.put(name, id);
    }

    void addMapping(String name, MappedMemory m) {
        mappings.put(name, m);
    }

    void setBtf(Fd fd) {
        this.btf = fd;
    }

    void setExterns(ExternResolution r) {
        this.externs = r;
    }

    void setStructOps(Map<String, StructOpsValue> values) {
        structOps.putAll(values);
    }

    void addPinned(String path) {
        pinned.add(path);
    }

    /** Map fds by map name (the name in the object: {@code .bss}, {@code counts}, ...). */
    public Map<String, Fd> maps() {
        return Collections.unmodifiableMap(maps);
    }

    /** Program fds of the loaded programs, by function name. */
    public Map<String, Fd> programs() {
        return Collections.unmodifiableMap(programs);
    }

    public Map<String, Integer> programIds() {
        return Collections.unmodifiableMap(programIds);
    }

    /** Memory mappings of mmap-able global-data maps, by section name. */
    public Map<String, MappedMemory> mappings() {
        return Collections.unmodifiableMap(mappings);
    }

    /** The object's BTF in the kernel, or null when it has none. */
    public Fd btf() {
        return btf;
    }

    /** What each created struct_ops map registers at attach, by map name. */
    public Map<String, StructOpsValue> structOps() {
        return Collections.unmodifiableMap(structOps);
    }

    public ExternResolution externs() {
        return externs;
    }

    /** bpffs paths this load pinned (maps with {@code LIBBPF_PIN_BY_NAME}); closing does not unpin them. */
    public List<String> pinnedPaths() {
        return Collections.unmodifiableList(pinned);
    }

    @Override
    public void close() {
        for (MappedMemory m : mappings.values()) {
            m.close();
        }
        mappings.clear();
        for (Fd fd : programs.values()) {
            fd.close();
        }
        for (Fd fd : maps.values()) {
            fd.close();
        }
        if (btf != null) {
            btf.close();
        }
    }
}
