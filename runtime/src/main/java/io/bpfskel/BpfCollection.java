package io.bpfskel;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.DataSection;
import io.bpfskel.object.MapSpec;
import io.bpfskel.object.ProgramSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BPF object on its way into the kernel: opened (settings and initial data can change), then loaded (maps
 * created, externs resolved, programs verified), then closed. The counterpart of libbpf's {@code bpf_object}.
 *
 * <pre>{@code
 * try (BpfCollection obj = BpfCollection.open(Path.of("flavors.bpf.o"))) {
 *     obj.dataSection(".rodata").putInt(0, targetPid);   // before load
 *     obj.load();
 *     obj.extern("some_kfunc___old").resolved();
 * }
 * }</pre>
 */
public final class BpfCollection implements AutoCloseable {
    public enum State { OPENED, LOADED, CLOSED }

    private final BpfObject spec;
    private final BpfOpenOptions options;
    private final Map<String, BpfProgram> programs = new LinkedHashMap<>();
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final Map<String, ByteBuffer> images = new LinkedHashMap<>();
    private State state = State.OPENED;
    private List<ExternStatus> externs = List.of();

    private BpfCollection(BpfObject spec, BpfOpenOptions options) {
        this.spec = spec;
        this.options = options;
        for (ProgramSpec p : spec.programs()) {
            programs.put(p.name(), new BpfProgram(this, p));
        }
        for (MapSpec m : spec.maps()) {
            maps.put(m.name(), new BpfMap(this, m));
        }
        for (DataSection d : spec.dataSections()) {
            images.put(d.name(), ByteBuffer.wrap(d.initialData().clone()).order(ByteOrder.nativeOrder()));
        }
    }

    public static BpfCollection open(Path path) {
        return open(path, BpfOpenOptions.defaults());
    }

    public static BpfCollection open(Path path, BpfOpenOptions options) {
        return open(path.toString(), ElfFile.readAll(path), options);
    }

    /** Opens an object from memory; {@code fileName} names it in errors and derives the object name. */
    public static BpfCollection open(String fileName, byte[] bytes, BpfOpenOptions options) {
        BpfObject obj = BpfObject.parse(fileName, bytes);
        return new BpfCollection(obj, options == null ? BpfOpenOptions.defaults() : options);
    }

    public BpfObject spec() {
        return spec;
    }

    public BpfOpenOptions options() {
        return options;
    }

    public State state() {
        return state;
    }

    public List<BpfProgram> programs() {
        return List.copyOf(programs.values());
    }

    public BpfProgram program(String name) {
        BpfProgram p = programs.get(name);
        if (p == null) {
            throw new IllegalArgumentException(spec.source() + ": no program '" + name + "' (have " + programs.keySet() + ")");
        }
        return p;
    }

    public List<BpfMap> maps() {
        return List.copyOf(maps.values());
    }

    public BpfMap map(String name) {
        BpfMap m = maps.get(name);
        if (m == null) {
            throw new IllegalArgumentException(spec.source() + ": no map '" + name + "' (have " + maps.keySet() + ")");
        }
        return m;
    }

    /**
     * The bytes of a global-data section, in host byte order. Before load: the initial image, writable (this is
     * how {@code .rodata} constants are set). After load: the live memory-mapped map value; {@code .rodata} and
     * {@code .kconfig} are then read-only. {@code .kconfig} exists only after load.
     */
    public ByteBuffer dataSection(String name) {
        if (name.equals(".kconfig")) {
            if (state != State.LOADED) {
                throw new IllegalStateException(".kconfig is readable only after load: the loader fills it from the running kernel");
            }
        } else if (state == State.CLOSED) {
            throw new IllegalStateException("object '" + spec.name() + "' is closed");
        }
        ByteBuffer b = images.get(name);
        if (b == null) {
            throw new IllegalArgumentException(spec.source() + ": no data section '" + name + "' (have " + images.keySet() + ")");
        }
        return b.duplicate().order(ByteOrder.nativeOrder());
    }

    /** Every extern's resolution, in libbpf's extern order. Only after load. */
    public List<ExternStatus> externs() {
        checkLoaded("read extern resolution");
        return externs;
    }

    public ExternStatus extern(String name) {
        checkLoaded("read extern '" + name + "'");
        for (ExternStatus e : externs) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(spec.source() + ": no extern '" + name + "'");
    }

    /** Creates maps, resolves externs, relocates and loads every autoload program. */
    public void load() {
        checkOpened("load");
        throw new UnsupportedOperationException("loader not yet available");
    }

    @Override
    public void close() {
        state = State.CLOSED;
    }

    void checkOpened(String what) {
        if (state != State.OPENED) {
            throw new IllegalStateException("cannot " + what + ": object '" + spec.name() + "' is " + state.name().toLowerCase()
                    + (state == State.LOADED ? " (only possible before load)" : ""));
        }
    }

    void checkLoaded(String what) {
        if (state != State.LOADED) {
            throw new IllegalStateException("cannot " + what + ": object '" + spec.name() + "' is "
                    + state.name().toLowerCase() + " (only possible after load)");
        }
    }

    @Override
    public String toString() {
        return "BpfCollection[" + spec.source() + ", " + state + "]";
    }

    static <T> List<T> unmodifiable(List<T> l) {
        return Collections.unmodifiableList(new ArrayList<>(l));
    }
}
