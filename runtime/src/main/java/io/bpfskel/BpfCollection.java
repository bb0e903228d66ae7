package io.bpfskel;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.error.BpfException;
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
import io.bpfskel.sys.Guarded;
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
    private io.bpfskel.link.UsdtManager usdt;
    private final Map<String, MemoryView> images = new LinkedHashMap<>();
    /** Closed with the collection: views of the initial images refuse access from then on, like mapped ones. */
    private final Lifetime lifetime = new Lifetime();
    /**
     * The initial images' own lifetime, closed also by a successful load: from then on the programs read the live
     * maps, and a write to a view of an image kept from before would be lost without a word.
     */
    private final Lifetime imageLifetime = new Lifetime();
    private final List<BpfLink> links = new ArrayList<>();
    /** The link {@link #attach()} made for each program; a program whose link is still open is not attached again. */
    private final Map<String, BpfLink> autoLinks = new LinkedHashMap<>();
    /** Keys of struct_ops registrations in {@link #autoLinks}, which are otherwise by program name. */
    private static final String STRUCT_OPS_KEY = "struct_ops:";
    /** Read by views and maps on any thread. */
    private volatile State state = State.OPENED;
    private List<ExternStatus> externs = List.of();
    private final List<GlobalVariable> variables;
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
        List<GlobalVariable> vars = new ArrayList<>();
        for (DataSection d : spec.dataSections()) {
            images.put(d.name(), MemoryView.guarded(sectionName(d.name()),
                    ByteBuffer.wrap(d.initialData().clone()).order(ByteOrder.nativeOrder()), imageLifetime));
            d.variables().stream().filter(v -> !v.isStatic())
                    .sorted(java.util.Comparator.comparingInt(io.bpfskel.object.Variable::offset))
                    .forEach(v -> vars.add(new GlobalVariable(v.name(), d.name(), v.offset(), v.size())));
        }
        this.variables = List.copyOf(vars);
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

    /** The object as read from the file (programs, maps, data sections and their variables, externs, BTF). */
    BpfObject object() {
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
     * {@code .kconfig} are then read-only. {@code .kconfig} exists only after load. A view of the initial image
     * throws {@link IllegalStateException} once the load succeeded (what it would write, no program would see): get
     * the view again. After {@link #close()} every view throws, also one obtained earlier and used from another
     * thread.
     */
    public MemoryView dataSection(String name) {
        if (name.equals(".kconfig")) {
            if (state != State.LOADED) {
                throw new IllegalStateException(".kconfig is readable only after load: the loader fills it from the running kernel");
            }
        } else if (state == State.CLOSED) {
            throw new IllegalStateException("object '" + spec.name() + "' is closed");
        }
        MemoryView b = images.get(name);
        if (b == null) {
            if (state == State.LOADED && spec.dataSection(name).isPresent()) {
                throw new IllegalStateException(spec.source() + ": data section '" + name
                        + "' is not memory-mapped after load (it has no non-static variables, like string literals)");
            }
            throw new IllegalArgumentException(spec.source() + ": no data section '" + name + "' (have " + images.keySet() + ")");
        }
        return b;
    }

    /** Every global variable of the object's data sections, in section order and by offset within each. */
    public List<GlobalVariable> variables() {
        return variables;
    }

    /**
     * The bytes of one global variable: a view of {@link #dataSection(String)} from the variable's offset, as long as
     * the variable, under the same rules (writable before load; after load the live map value, {@code .rodata}
     * read-only; unusable after close). The counterpart of cilium/ebpf's {@code Collection.Variables}.
     *
     * <pre>{@code
     * obj.variable("target_pid").putInt(0, pid);   // a const volatile in .rodata, before load
     * obj.load();
     * long hits = obj.variable("hits").getLong(0); // a counter in .bss, live
     * }</pre>
     *
     * @throws IllegalArgumentException when the object has no such global variable (the message lists those it has)
     */
    public MemoryView variable(String name) {
        for (GlobalVariable v : variables) {
            if (v.name().equals(name)) {
                return dataSection(v.section()).slice(v.offset(), v.size(),
                        "variable '" + name + "' in " + sectionName(v.section()));
            }
        }
        throw new IllegalArgumentException(spec.source() + ": no global variable '" + name + "' (have "
                + variables.stream().map(GlobalVariable::name).toList() + ")");
    }

    private String sectionName(String section) {
        return "data section '" + section + "' of object '" + spec.name() + "'";
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
     * Loads against a given kernel environment (tests); null means the running kernel.
     */
    void load(KernelEnvironment kernel) {
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
        images.forEach((n, b) -> initial.put(n, b.toByteArray()));
        List<StructOpsSpec> ops = structOps.values().stream().map(BpfStructOps::spec).toList();
        LoadedObject result = ObjectLoader.load(new ObjectLoader.Request(spec, new ObjectLoader.Options(options.kconfig(),
                options.targetBtf(), options.logLevel(), options.logSize(), options.pinRoot()), mapSpecs, autoload, initial,
                kernel, ops));
        this.loaded = result;
        this.externs = result.externs().externs().stream().map(ExternStatus::of).toList();
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
                images.put(d.name(), MemoryView.mapped(sectionName(d.name()), m, d.kind() == MapSpec.Kind.RODATA));
            } else {
                images.remove(d.name());
            }
        }
        MappedMemory kc = result.mappings().get(".kconfig");
        if (kc != null) {
            images.put(".kconfig", MemoryView.mapped(sectionName(".kconfig"), kc, true));
        }
        state = State.LOADED;
        imageLifetime.close();
    }

    /** The externs' resolution, the programs' ids and the resolver's log; only after load. */
    public LoadReport report() {
        checkLoaded("report the load");
        List<LoadReport.ProgramStatus> progs = new ArrayList<>();
        for (BpfProgram p : programs.values()) {
            progs.add(new LoadReport.ProgramStatus(p.name(), p.sectionName(), p.type(), p.isLoaded(), p.isLoaded() ? p.id() : 0));
        }
        return new LoadReport(spec.source(), externs, progs, loaded.externs().log(), loaded.pinnedPaths());
    }

    /** What the load put into the kernel (fds, mappings, extern decisions); only after load. */
    LoadedObject loaded() {
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
                    Optional<BpfLink> l = Links.auto(p.ref(), p.isUsdt() ? usdtManager() : null);
                    l.ifPresent(link -> made.put(p.name(), link));
                }
                // Then struct_ops maps, as libbpf's skeleton attach (1.5+): each created one with autoattach registers.
                for (BpfStructOps s : structOps.values()) {
                    BpfLink earlier = autoLinks.get(STRUCT_OPS_KEY + s.name());
                    if (s.autoattach() && maps.get(s.name()).isCreated() && (earlier == null || earlier.isClosed())) {
                        made.put(STRUCT_OPS_KEY + s.name(), StructOpsLink.register(maps.get(s.name()).handle(), s.linkRegistration()));
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

    /**
     * The object's USDT state (spec maps and ids), made on first use: the maps {@code <bpf/usdt.bpf.h>} declares
     * must exist.
     */
    synchronized io.bpfskel.link.UsdtManager usdtManager() {
        checkLoaded("attach a USDT probe");
        if (usdt == null) {
            BpfMap specs = maps.get(io.bpfskel.link.UsdtManager.SPECS_MAP);
            BpfMap ips = maps.get(io.bpfskel.link.UsdtManager.IP_MAP);
            if (specs == null || ips == null) {
                throw new BpfException(spec.source() + ": no map " + (specs == null ? io.bpfskel.link.UsdtManager.SPECS_MAP
                        : io.bpfskel.link.UsdtManager.IP_MAP) + ": USDT programs read their arguments through the maps "
                        + "of <bpf/usdt.bpf.h>; did you forget to include it?");
            }
            usdt = new io.bpfskel.link.UsdtManager(spec.source().toString(), specs.handle(), specs.valueSize(),
                    specs.maxEntries(), ips.handle(), loadedBpfCookie());
        }
        return usdt;
    }

    /**
     * The {@code LINUX_HAS_BPF_COOKIE} the loader gave the object (usdt.bpf.h reads spec ids from the cookie or from
     * the IP map by it); the kernel's answer when the object has no such extern.
     */
    private boolean loadedBpfCookie() {
        for (io.bpfskel.object.Extern e : spec.externs()) {
            if (e.name().equals("LINUX_HAS_BPF_COOKIE") && e.kconfig() != null && images.containsKey(".kconfig")) {
                return images.get(".kconfig").get(e.kconfig().offset()) != 0;
            }
        }
        return new io.bpfskel.load.LiveKernel(null, (vmlinux, warnings) -> List.of()).hasBpfCookie();
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
        lifetime.close();
        imageLifetime.close();
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

    /** The collection's own lifetime, for views of memory it owns on the Java heap. */
    private final class Lifetime extends Guarded {
        @Override
        protected void free() {
            // Heap memory: nothing to release, only accesses to refuse.
        }

        @Override
        public IllegalStateException closedError(String operation, String context) {
            if (state == State.LOADED) {
                return new IllegalStateException(context + ": " + operation + " on the initial image after object '"
                        + spec.name() + "' was loaded; the programs use the live map now: get the view again "
                        + "(dataSection, variable)");
            }
            return new IllegalStateException(context + ": " + operation + " after object '" + spec.name()
                    + "' was closed");
        }
    }

}
