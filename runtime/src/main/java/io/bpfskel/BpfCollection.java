package io.bpfskel;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.link.BpfLink;
import io.bpfskel.link.Links;
import io.bpfskel.link.StructOpsLink;
import io.bpfskel.load.KernelEnvironment;
import io.bpfskel.load.LoadedObject;
import io.bpfskel.load.ObjectLoader;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.DataSection;
import io.bpfskel.object.MapSpec;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.StructOpsSpec;
import io.bpfskel.sys.MappedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    private final Map<String, BpfStructOps> structOps = new LinkedHashMap<>();
    private final Map<String, ByteBuffer> images = new LinkedHashMap<>();
    private final List<BpfLink> links = new ArrayList<>();
    /** The link {@link #attach()} made for each program; a program whose link is still open is not attached again. */
    private final Map<String, BpfLink> autoLinks = new LinkedHashMap<>();
    /** Keys of struct_ops registrations in {@link #autoLinks}, which are otherwise by program name. */
    private static final String STRUCT_OPS_KEY = "struct_ops:";
    private State state = State.OPENED;
    private List<ExternStatus> externs = List.of();
    private LoadedObject loaded;

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
        for (StructOpsSpec s : spec.structOps()) {
            structOps.put(s.name(), new BpfStructOps(this, s));
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

    /** The struct_ops maps ({@code SEC(".struct_ops")}, {@code SEC(".struct_ops.link")}), in object order. */
    public List<BpfStructOps> structOps() {
        return List.copyOf(structOps.values());
    }

    public BpfStructOps structOps(String name) {
        BpfStructOps s = structOps.get(name);
        if (s == null) {
            throw new IllegalArgumentException(spec.source() + ": no struct_ops map '" + name + "' (have " + structOps.keySet() + ")");
        }
        return s;
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
            if (state == State.LOADED && spec.dataSection(name).isPresent()) {
                throw new IllegalStateException(spec.source() + ": data section '" + name
                        + "' is not memory-mapped after load (it has no non-static variables, like string literals)");
            }
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
        load(null);
    }

    /**
     * Loads against a given kernel environment (tests and tools); null means the running kernel.
     */
    public void load(KernelEnvironment kernel) {
        checkOpened("load");
        Map<String, MapSpec> mapSpecs = new LinkedHashMap<>();
        maps.forEach((n, m) -> mapSpecs.put(n, m.spec()));
        Set<String> autoload = new LinkedHashSet<>();
        programs.forEach((n, p) -> {
            if (p.autoload()) {
                autoload.add(n);
            }
        });
        Map<String, byte[]> initial = new LinkedHashMap<>();
        images.forEach((n, b) -> {
            byte[] copy = new byte[b.capacity()];
            b.get(0, copy);
            initial.put(n, copy);
        });
        List<StructOpsSpec> ops = structOps.values().stream().map(BpfStructOps::spec).toList();
        LoadedObject result = ObjectLoader.load(new ObjectLoader.Request(spec, options, mapSpecs, autoload, initial, kernel,
                ops));
        this.loaded = result;
        this.externs = result.externs().statuses();
        result.maps().forEach((n, fd) -> maps.get(n).created(fd));
        result.programs().forEach((n, fd) -> programs.get(n).loaded(fd, result.programIds().get(n)));
        result.structOps().forEach((n, v) -> structOps.get(n).loaded(v));
        for (BpfProgram p : programs.values()) {
            if (p.type() == io.bpfskel.uapi.ProgramType.STRUCT_OPS) {
                p.autoloadDecided(result.programs().containsKey(p.name()));
            }
        }
        for (DataSection d : spec.dataSections()) {
            MappedMemory m = result.mappings().get(d.name());
            if (m != null) {
                ByteBuffer b = m.byteBuffer().order(ByteOrder.nativeOrder());
                images.put(d.name(), d.kind() == MapSpec.Kind.RODATA ? b.asReadOnlyBuffer().order(ByteOrder.nativeOrder()) : b);
            } else {
                images.remove(d.name());
            }
        }
        MappedMemory kc = result.mappings().get(".kconfig");
        if (kc != null) {
            images.put(".kconfig", kc.byteBuffer().asReadOnlyBuffer().order(ByteOrder.nativeOrder()));
        }
        state = State.LOADED;
    }

    /** The externs' resolution, the programs' ids and the resolver's log; only after load. */
    public LoadReport report() {
        checkLoaded("report the load");
        List<LoadReport.ProgramStatus> progs = new ArrayList<>();
        for (BpfProgram p : programs.values()) {
            progs.add(new LoadReport.ProgramStatus(p.name(), p.sectionName(), p.type(), p.isLoaded(), p.isLoaded() ? p.id() : 0));
        }
        return new LoadReport(spec.source(), externs, progs, loaded.externs().log());
    }

    /** What the load put into the kernel (fds, mappings, extern decisions); only after load. */
    public LoadedObject loaded() {
        checkLoaded("inspect the loaded object");
        return loaded;
    }

    /**
     * Attaches every loaded program whose section says where (libbpf's {@code bpf_object__attach_skeleton}):
     * tracepoints, raw tracepoints, k/uprobes with a target, iterators, fentry/fexit/lsm/tp_btf. Programs whose
     * section cannot say where (bare {@code uprobe}, {@code xdp}, {@code cgroup_skb/...}, {@code socket}, ...)
     * and programs with {@link BpfProgram#setAutoattach autoattach} off are skipped, and so are programs whose link
     * from an earlier call is still open (attach() again after closing one link re-attaches just that program).
     * Then every created struct_ops map with {@link BpfStructOps#setAutoattach autoattach} on is registered.
     * When one attachment fails, the ones made by this call are detached again and the failure is thrown.
     *
     * @return the links made by this call (also in {@link #links()})
     */
    public List<BpfLink> attach() {
        checkLoaded("attach");
        Map<String, BpfLink> made = new LinkedHashMap<>();
        synchronized (links) {
            try {
                for (BpfProgram p : programs.values()) {
                    BpfLink earlier = autoLinks.get(p.name());
                    if (!p.isLoaded() || !p.autoattach() || (earlier != null && !earlier.isClosed())) {
                        continue;
                    }
                    Optional<BpfLink> l = Links.auto(p.ref());
                    l.ifPresent(link -> made.put(p.name(), link));
                }
                // Then struct_ops maps, as libbpf's skeleton attach (1.5+): each created one with autoattach registers.
                for (BpfStructOps s : structOps.values()) {
                    BpfLink earlier = autoLinks.get(STRUCT_OPS_KEY + s.name());
                    if (s.autoattach() && maps.get(s.name()).isCreated() && (earlier == null || earlier.isClosed())) {
                        made.put(STRUCT_OPS_KEY + s.name(), StructOpsLink.register(maps.get(s.name()).handle(), s.registration()));
                    }
                }
            } catch (RuntimeException e) {
                closeLinks(made.values(), e);
                throw e;
            }
            links.removeIf(BpfLink::isClosed);
            links.addAll(made.values());
            autoLinks.putAll(made);
        }
        return List.copyOf(made.values());
    }

    /** Closes every link made through this collection and its programs that is still open. */
    public void detach() {
        List<BpfLink> all;
        synchronized (links) {
            all = new ArrayList<>(links);
            links.clear();
            autoLinks.clear();
        }
        RuntimeException failure = null;
        for (BpfLink l : all) {
            try {
                l.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The open links made by {@link #attach()} and by the programs' attach methods. */
    public List<BpfLink> links() {
        synchronized (links) {
            links.removeIf(BpfLink::isClosed);
            return List.copyOf(links);
        }
    }

    /** The newest open link of program {@code name} made through this collection, or null. */
    BpfLink linkOf(String name) {
        synchronized (links) {
            for (int i = links.size() - 1; i >= 0; i--) {
                BpfLink l = links.get(i);
                if (!l.isClosed() && l.program().equals(name) && !(l instanceof StructOpsLink)) {
                    return l;
                }
            }
        }
        return null;
    }

    /** The newest open registration of struct_ops map {@code name} made through this collection, or null. */
    StructOpsLink structOpsLinkOf(String name) {
        synchronized (links) {
            for (int i = links.size() - 1; i >= 0; i--) {
                if (links.get(i) instanceof StructOpsLink l && !l.isClosed() && l.program().equals(name)) {
                    return l;
                }
            }
        }
        return null;
    }

    <T extends BpfLink> T track(T link) {
        synchronized (links) {
            links.removeIf(BpfLink::isClosed);
            links.add(link);
        }
        return link;
    }

    private static void closeLinks(Collection<BpfLink> made, RuntimeException failure) {
        for (BpfLink l : made) {
            try {
                l.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Detaches every link (pinned links stay), then releases every fd and mapping. Pinned maps stay pinned. Idempotent. */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        RuntimeException detachFailure = null;
        try {
            detach();
        } catch (RuntimeException e) {
            detachFailure = e;
        }
        if (loaded != null) {
            maps.values().forEach(BpfMap::closed);
            structOps.values().forEach(BpfStructOps::closed);
            programs.values().forEach(BpfProgram::closed);
            images.clear();
            loaded.close();
            loaded = null;
        }
        state = State.CLOSED;
        if (detachFailure != null) {
            throw detachFailure;
        }
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

}
