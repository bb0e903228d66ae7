package io.bpfskel.load;

import io.bpfskel.error.BpfLoadException;
import io.bpfskel.error.BpfNotSupportedException;
import io.bpfskel.error.BpfVerifierException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.MapSpec;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.SectionDef;
import io.bpfskel.object.StructOpsSpec;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.BpfFs;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.sys.BtfLoadAttr;
import io.bpfskel.error.Errno;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MapCreateAttr;
import io.bpfskel.sys.MapInfo;
import io.bpfskel.sys.MappedMemory;
import io.bpfskel.sys.ProgLoadAttr;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import io.bpfskel.uapi.ProgramType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@link BpfObject} into the running kernel. The pipeline reads as libbpf's {@code bpf_object_load}:
 * resolve externs → fix up and load BTF → create and populate maps → relocate and load programs → fill
 * prog arrays → map global data. Any failure closes everything created so far and throws an exception that
 * names the object and what was being done.
 */
public final class ObjectLoader {
    private final BpfObject obj;
    private final Options options;
    private final Map<String, MapSpec> maps;
    private final Set<String> autoload;
    private final List<StructOpsSpec> structOpsSpecs;
    private StructOpsStep structOps;
    private final Map<String, byte[]> images;
    private final KernelEnvironment kernel;
    private final LoadedObject out = new LoadedObject();
    private final KernelModules modules = new KernelModules();

    /**
     * What to load.
     *
     * @param maps the maps as they should be created (after the user's changes), by name
     * @param autoload names of the programs to load
     * @param images initial contents of global-data sections, by section name
     * @param kernel the kernel to resolve externs against; null for the running kernel
     * @param structOps the struct_ops maps as they should be registered (after the user's changes); null for the
     *     object's own
     */
    public record Request(BpfObject obj, Options options, Map<String, MapSpec> maps, Set<String> autoload,
            Map<String, byte[]> images, KernelEnvironment kernel, List<StructOpsSpec> structOps) {
        public Request(BpfObject obj, Options options, Map<String, MapSpec> maps, Set<String> autoload,
                Map<String, byte[]> images, KernelEnvironment kernel) {
            this(obj, options, maps, autoload, images, kernel, null);
        }
    }

    /**
     * The settings a load reads (the public API's open options, as this package needs them).
     *
     * @param kconfig kconfig lines that take precedence over the kernel's config, or null
     * @param targetBtf BTF to resolve against instead of the running kernel's, or null
     * @param logLevel verifier log level of the first attempt (0: log only on failure)
     * @param logSize verifier log buffer size in bytes
     * @param pinRoot directory of the maps pinned by name
     */
    public record Options(String kconfig, Path targetBtf, int logLevel, int logSize, Path pinRoot) {}

    private ObjectLoader(Request r) {
        this.obj = r.obj();
        this.options = r.options();
        this.maps = r.maps();
        // struct_ops programs follow their maps (StructOpsStep), so the set is ours to change
        this.autoload = new LinkedHashSet<>(r.autoload());
        this.structOpsSpecs = r.structOps() != null ? r.structOps() : r.obj().structOps();
        this.images = r.images();
        this.kernel = r.kernel() != null ? r.kernel() : new LiveKernel(options.targetBtf(), modules::load);
    }

    public static LoadedObject load(Request request) {
        ObjectLoader l = new ObjectLoader(request);
        try {
            l.run();
            return l.out;
        } catch (RuntimeException e) {
            // Like libbpf, a failed load takes back the pins it made (not the ones it reused).
            for (String pin : l.out.pinnedPaths()) {
                try {
                    BpfFs.unpin(Path.of(pin), "the pin of a failed load");
                } catch (RuntimeException u) {
                    e.addSuppressed(u);
                }
            }
            l.out.close();
            throw e;
        } finally {
            // Module BTF fds are only needed while programs load: the kernel holds its own references after that.
            l.modules.close();
        }
    }

    private void run() {
        if (obj.elf().byteOrder() != ByteOrder.nativeOrder()) {
            throw fail("the object is " + name(obj.elf().byteOrder()) + " but this machine is " + name(ByteOrder.nativeOrder())
                    + "; compile it with -target bpf (host order) or -target " + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "bpfel" : "bpfeb"));
        }
        ExternResolution externs = ExternResolver.resolve(obj, kernel, options.kconfig());
        out.setExterns(externs);
        structOps = StructOpsStep.prepare(obj, structOpsSpecs, kernel, autoload);
        CoreStep core = CoreStep.apply(obj, kernel, autoload);
        loadBtf();
        createMaps(externs);
        loadPrograms(externs, core);
        out.setStructOps(structOps.registrations(structOps.values(out.programs())));
        initProgArrays();
        mapGlobalData();
    }

    private static String name(ByteOrder o) {
        return o == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian";
    }

    // ---------------------------------------------------------------- BTF

    private void loadBtf() {
        if (obj.btf() == null) {
            return;
        }
        byte[] fixed = ObjectBtfFixup.fixup(obj);
        try {
            out.setBtf(Bpf.btfLoad(new BtfLoadAttr(fixed, 0, 0, 0, null), "object BTF of " + obj.source()));
        } catch (BpfSyscallException e) {
            throw new BpfLoadException(obj.source() + ": the kernel rejected the object's BTF: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- maps

    /** Map types that must be created without BTF key/value types (libbpf's list in bpf_object__create_map). */
    private static boolean noBtfTypes(MapType t) {
        if (t == null) {
            return false;
        }
        switch (t) {
            case PERF_EVENT_ARRAY, CGROUP_ARRAY, STACK_TRACE, ARRAY_OF_MAPS, HASH_OF_MAPS, DEVMAP, DEVMAP_HASH, CPUMAP,
                    XSKMAP, SOCKMAP, SOCKHASH, QUEUE, STACK, ARENA:
                return true;
            default:
                return false;
        }
    }

    private void createMaps(ExternResolution externs) {
        for (MapSpec spec : maps.values()) {
            String what = "map '" + spec.name() + "'";
            if (spec.kind() == MapSpec.Kind.STRUCT_OPS) {
                if (structOps.creates(spec.name())) {
                    out.addMap(spec.name(), structOps.createMap(spec.name(), spec.kernelName(), spec.flags(), out.btf()));
                }
                continue;
            }
            Fd fd = null;
            boolean reused = false;
            if (spec.pinning() == MapSpec.Pinning.BY_NAME) {
                fd = reusePinned(spec);
                reused = fd != null;
            }
            if (fd == null) {
                try {
                    fd = createMap(spec, what);
                } catch (BpfSyscallException e) {
                    throw new BpfLoadException(mapRefused(spec, e), e);
                }
            }
            out.addMap(spec.name(), fd);
            if (!reused) {
                populate(spec, fd, externs);
            }
            if (spec.pinning() == MapSpec.Pinning.BY_NAME && !reused) {
                Path pin = options.pinRoot().resolve(spec.name());
                BpfFs.pin(fd, pin, what); // creates a missing pin root, as libbpf does
                out.addPinned(pin.toString());
            }
        }
    }

    /**
     * max_entries as the kernel will see it: a perf event array without one gets a slot per possible CPU
     * (libbpf's map_set_def_max_entries), a ring buffer is rounded up to a power-of-two number of pages
     * (adjust_ringbuf_sz). Applied before reusing a pin too, so a second load matches the first.
     */
    static int effectiveMaxEntries(MapSpec spec) {
        int maxEntries = spec.maxEntries();
        MapType type = spec.mapType();
        if (type == MapType.PERF_EVENT_ARRAY && maxEntries == 0) {
            return Syscalls.possibleCpus();
        }
        if ((type == MapType.RINGBUF || type == MapType.USER_RINGBUF) && maxEntries != 0) {
            long page = Syscalls.pageSize();
            for (long size = page; size <= Integer.MAX_VALUE; size <<= 1) {
                if (size >= Integer.toUnsignedLong(maxEntries)) {
                    return (int) size;
                }
            }
        }
        return maxEntries;
    }

    /**
     * The kernel's EINVAL alone does not say which part of a definition it refused; tools often leave sizes to user
     * space (a stack map's value_size from the stack depth option, a hash sized to pid_max), so name the definition
     * and say when a size is still 0.
     */
    private String mapRefused(MapSpec spec, BpfSyscallException e) {
        MapType type = spec.mapType();
        int maxEntries = effectiveMaxEntries(spec);
        StringBuilder sb = new StringBuilder(obj.source() + ": map '" + spec.name() + "' (" + (type == null ? spec.type() : type)
                + ", key_size " + spec.keySize() + ", value_size " + spec.valueSize() + ", max_entries " + maxEntries
                + ", flags 0x" + Integer.toHexString(spec.flags()) + "): the kernel refused to create it: " + e.getMessage());
        List<String> unset = new ArrayList<>();
        if (spec.valueSize() == 0 && type != MapType.RINGBUF && type != MapType.USER_RINGBUF && type != MapType.ARENA) {
            unset.add("value_size");
        }
        if (maxEntries == 0) {
            unset.add("max_entries");
        }
        if (!unset.isEmpty() && !spec.isInternal()) {
            sb.append("; ").append(String.join(" and ", unset)).append(unset.size() == 1 ? " is" : " are")
                    .append(" 0 in the object: the application sets ").append(unset.size() == 1 ? "it" : "them")
                    .append(" before load (BpfMap.setValueSize/setMaxEntries, as libbpf's bpf_map__set_value_size/"
                            + "bpf_map__set_max_entries)");
        }
        return sb.toString();
    }

    private Fd createMap(MapSpec spec, String what) {
        int maxEntries = effectiveMaxEntries(spec);
        MapType type = spec.mapType();
        Fd inner = null;
        try {
            if (spec.inner() != null) {
                inner = createMap(spec.inner(), what + " (inner map template)");
            }
            if (type == null) {
                throw new BpfLoadException(obj.source() + ": " + what + ": map type " + spec.type()
                        + " is newer than the kernel headers bpfskel knows (runtime/src/main/uapi)");
            }
            MapCreateAttr.Builder b = MapCreateAttr.builder(type)
                    .keySize(spec.keySize())
                    .valueSize(spec.valueSize())
                    .maxEntries(maxEntries)
                    .mapFlags(spec.flags())
                    .numaNode(spec.numaNode())
                    .mapExtra(spec.mapExtra())
                    .mapName(spec.kernelName())
                    .innerMap(inner);
            boolean withBtf = out.btf() != null && !noBtfTypes(type) && (spec.keyTypeId() != 0 || spec.valueTypeId() != 0);
            if (withBtf) {
                b.btf(out.btf()).btfKeyTypeId(spec.keyTypeId()).btfValueTypeId(spec.valueTypeId());
            }
            try {
                return Bpf.mapCreate(b.build(), what);
            } catch (BpfSyscallException e) {
                if (type == MapType.ARENA) {
                    throw arenaRefused(spec, e);
                }
                if (!withBtf || e.errno() == Errno.EPERM) {
                    throw e;
                }
                // As libbpf: a kernel that does not like the BTF types still gets the map, without them.
                b.btf(null).btfKeyTypeId(0).btfValueTypeId(0);
                return Bpf.mapCreate(b.build(), what);
            }
        } finally {
            if (inner != null) {
                inner.close();
            }
        }
    }

    /**
     * A refused arena map: when the kernel creates an ordinary map, it lacks arenas (no CONFIG_BPF_ARENA, or older
     * than 6.9), which is no missing privilege whatever the errno says.
     */
    private RuntimeException arenaRefused(MapSpec spec, BpfSyscallException e) {
        try (Fd probe = Bpf.mapCreate(MapCreateAttr.builder(MapType.ARRAY).keySize(4).valueSize(4)
                .maxEntries(1).build(), "probe of map creation")) {
            return new BpfNotSupportedException("arena maps", obj.source() + ": map '" + spec.name()
                    + "' is a BPF arena (BPF_MAP_TYPE_ARENA), which this kernel cannot create: it refuses it with "
                    + e.errnoName() + " while it creates other maps (arenas need Linux 6.9+ built with"
                    + " CONFIG_BPF_ARENA); bpfskel does not support arenas or __arena globals yet either", e);
        } catch (BpfSyscallException probeFailure) {
            return e;
        }
    }

    /** An existing pin is reused when it is compatible (libbpf's map_is_reuse_compat), else the load fails. */
    private Fd reusePinned(MapSpec spec) {
        Path pin = options.pinRoot().resolve(spec.name());
        if (!Files.exists(pin)) {
            return null;
        }
        Fd fd = BpfFs.open(pin, 0, "pinned map");
        MapInfo info = Bpf.mapInfo(fd, "pinned map " + pin);
        int maxEntries = effectiveMaxEntries(spec);
        // Some kernels report BPF_F_RDONLY_PROG on devmaps they create themselves; libbpf ignores it there.
        int flagMask = spec.mapType() == MapType.DEVMAP || spec.mapType() == MapType.DEVMAP_HASH ? ~BpfFlags.BPF_F_RDONLY_PROG : ~0;
        if (info.type() != spec.type() || info.keySize() != spec.keySize() || info.valueSize() != spec.valueSize()
                || info.maxEntries() != maxEntries || (info.mapFlags() & flagMask) != (spec.flags() & flagMask)
                || info.mapExtra() != spec.mapExtra()) {
            fd.close();
            throw fail("map '" + spec.name() + "': the map pinned at " + pin + " is incompatible (type " + info.type()
                    + ", key " + info.keySize() + ", value " + info.valueSize() + ", max_entries " + info.maxEntries()
                    + ", flags 0x" + Integer.toHexString(info.mapFlags()) + "); remove the pin or change the definition");
        }
        return fd;
    }

    /** Initial contents: global-data images (then freeze read-only ones), and map-in-map slots. */
    private void populate(MapSpec spec, Fd fd, ExternResolution externs) {
        String what = "map '" + spec.name() + "'";
        if (spec.isInternal()) {
            byte[] value = spec.kind() == MapSpec.Kind.KCONFIG ? externs.kconfigImage() : images.get(spec.name());
            if (value != null && value.length > 0) {
                Bpf.mapUpdateElem(fd, new byte[4], value, 0, what + " initial value");
            }
            if (spec.kind() == MapSpec.Kind.RODATA || spec.kind() == MapSpec.Kind.KCONFIG) {
                Bpf.mapFreeze(fd, what);
            }
            return;
        }
        if (spec.mapType() != null && spec.mapType().isMapInMap()) {
            for (MapSpec.InitialSlot s : spec.initialSlots()) {
                Fd target = out.maps().get(s.target());
                if (target == null) {
                    throw fail(what + ": slot " + s.slot() + " holds map '" + s.target() + "', which is not created before it");
                }
                Bpf.mapUpdateElem(fd, int32(s.slot()), int32(target.raw()), 0, what + " slot " + s.slot());
            }
        }
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, v).array();
    }

    // ---------------------------------------------------------------- programs

    private void loadPrograms(ExternResolution externs, CoreStep core) {
        Fd[] fdArray = null;
        if (externs.fdArray().length > 0) {
            fdArray = new Fd[externs.fdArray().length];
            for (int i = 1; i < fdArray.length; i++) {
                Fd module = modules.handle(externs.fdArray()[i]);
                if (module == null) {
                    throw fail("a kfunc resolved to a module BTF that is not open in this kernel (fd " + externs.fdArray()[i]
                            + "); module kfuncs need the running kernel's module BTF");
                }
                fdArray[i] = module;
            }
        }
        // fdArray entries belong to KernelModules, which closes them after the load.
        for (ProgramSpec p : obj.programs()) {
            if (autoload.contains(p.name())) {
                loadProgram(p, externs, core, fdArray);
            }
        }
    }

    /**
     * The attach type a program is loaded with: its section's, except that {@code usdt} programs get
     * {@code BPF_TRACE_UPROBE_MULTI} where the kernel has uprobe.multi links (as libbpf does, so that the verifier
     * gives them the same helpers and the same translated instructions); such a program can then only be attached
     * through uprobe.multi links.
     */
    public static AttachType attachTypeAtLoad(ProgramSpec p) {
        if (p.def() != null && (p.def().flags() & SectionDef.USDT) != 0
                && io.bpfskel.sys.UprobeMultiSupport.available()) {
            return AttachType.TRACE_UPROBE_MULTI;
        }
        return p.expectedAttachType();
    }

    private void loadProgram(ProgramSpec p, ExternResolution externs, CoreStep core, Fd[] fdArray) {
        if (p.def() == null) {
            throw fail("program '" + p.name() + "': section '" + p.sectionName() + "' names no program type libbpf knows"
                    + (p.sectionName().equals(".text") ? " (a lone function outside any SEC() is a program of no type, as"
                    + " in libbpf; put it in a SEC(\"<type>/...\") section)" : ""));
        }
        StructOpsStep.ProgTarget member = null;
        if (p.type() == ProgramType.STRUCT_OPS) {
            member = structOps.target(p.name());
            if (member == null) {
                // As libbpf (1.5+): without a member the kernel would not know which struct and callback it is for.
                throw fail("struct_ops program '" + p.name() + "' (" + p.sectionName() + ") is not referenced by any"
                        + " created struct_ops map: point a member at it, or turn its autoload off");
            }
        }
        ProgramLinker.Linked linked = ProgramLinker.link(obj, p, core::insns);
        byte[] insns = ProgramLinker.relocateData(obj, linked, name -> {
            Fd fd = out.maps().get(name);
            if (fd == null) {
                throw fail("program '" + p.name() + "' references map '" + name + "', which was not created");
            }
            return fd.raw();
        }, externs);
        int flags = 0;
        if ((p.def().flags() & SectionDef.SLEEPABLE) != 0) {
            flags |= BpfFlags.BPF_F_SLEEPABLE;
        }
        if ((p.def().flags() & SectionDef.XDP_FRAGS) != 0) {
            flags |= BpfFlags.BPF_F_XDP_HAS_FRAGS;
        }
        ProgLoadAttr.Builder b = ProgLoadAttr.builder(p.type())
                .insns(insns)
                .license(obj.license())
                .kernVersion(obj.kernelVersion() != 0 ? obj.kernelVersion() : kernel.kernelVersion())
                .progFlags(flags)
                .progName(p.name().length() > 15 ? p.name().substring(0, 15) : p.name())
                .expectedAttachType(attachTypeAtLoad(p))
                .logLevel(options.logLevel())
                .logSize(options.logSize());
        if (member != null) {
            b.structOpsMember(member.memberIndex()).attachBtfId(member.attachBtfId());
            if (member.moduleFd() >= 0) {
                b.attachBtfObj(Fd.adopt(member.moduleFd()));
            }
        }
        if (out.btf() != null && linked.funcInfo() != null) {
            b.progBtf(out.btf()).funcInfo(ProgramLinker.FUNC_INFO_REC_SIZE, linked.funcInfo());
            if (linked.lineInfo() != null) {
                b.lineInfo(ProgramLinker.LINE_INFO_REC_SIZE, linked.lineInfo());
            }
        }
        if (fdArray != null) {
            b.fdArray(fdArray, false);
        }
        AttachBtfTarget target = null;
        if ((p.def().flags() & SectionDef.ATTACH_BTF) != 0) {
            target = AttachBtfTarget.resolve(obj.source(), p, kernel);
            b.attachBtfId(target.id());
            if (target.moduleFd() >= 0) {
                b.attachBtfObj(Fd.adopt(target.moduleFd()));
            }
        }
        Fd fd;
        try {
            fd = Bpf.progLoad(b.build(), "program '" + p.name() + "'");
        } catch (BpfSyscallException e) {
            if (target != null) {
                target.checkKernelSupport(obj.source(), p, flags, e);
            }
            if (e.errno() == Errno.EPERM) {
                throw e;
            }
            String log = core.fixupLog(VerifierLogFixup.fixup(e.log(), obj.externs()), linked);
            throw new BpfVerifierException(obj.source(), p.name(), member == null ? null : member.role(), e.errno(),
                    e.errnoName(), log);
        }
        int id;
        try {
            id = Bpf.progId(fd, "program '" + p.name() + "'");
            bindReadOnlyData(p, fd);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
        out.addProgram(p.name(), fd, id);
    }

    /**
     * As libbpf's bpf_object_load_prog: every {@code .rodata*} map is bound to every program, so it lives as long as
     * the program even when the verifier folded all its loads into constants ({@code bpftool prog show} reads the
     * {@code bpf_metadata_*} variables from it). Kernels without BPF_PROG_BIND_MAP (before 5.10) lose only that,
     * so, as in libbpf, a failure does not fail the load.
     */
    private void bindReadOnlyData(ProgramSpec p, Fd prog) {
        for (MapSpec spec : maps.values()) {
            if (spec.kind() != MapSpec.Kind.RODATA) {
                continue;
            }
            try {
                Bpf.progBindMap(prog, out.maps().get(spec.name()), "program '" + p.name() + "' bind map '" + spec.name() + "'");
            } catch (BpfSyscallException e) {
                // see above: not fatal
            }
        }
    }

    /** Prog-array {@code .values}: after every program is loaded, as libbpf's bpf_object_init_prog_arrays. */
    private void initProgArrays() {
        for (MapSpec spec : maps.values()) {
            if (spec.mapType() != MapType.PROG_ARRAY || spec.initialSlots().isEmpty()) {
                continue;
            }
            Fd map = out.maps().get(spec.name());
            for (MapSpec.InitialSlot s : spec.initialSlots()) {
                Fd prog = out.programs().get(s.target());
                if (prog == null) {
                    throw fail("map '" + spec.name() + "': slot " + s.slot() + " holds program '" + s.target()
                            + "', which is not loaded (is it autoload?)");
                }
                Bpf.mapUpdateElem(map, int32(s.slot()), int32(prog.raw()), 0, "map '" + spec.name() + "' slot " + s.slot());
            }
        }
    }

    /** Global data is shared with user space through mmap: read-write, or read-only for .rodata and .kconfig. */
    private void mapGlobalData() {
        long page = Syscalls.pageSize();
        for (MapSpec spec : maps.values()) {
            if (!spec.isInternal() || !spec.isMmapable()) {
                continue;
            }
            long size = ((long) roundUp(spec.valueSize(), 8) * spec.maxEntries() + page - 1) / page * page;
            int prot = spec.isReadOnlyForPrograms() ? Syscalls.PROT_READ : Syscalls.PROT_READ | Syscalls.PROT_WRITE;
            MappedMemory m = Syscalls.mmap(out.maps().get(spec.name()), size, prot, Syscalls.MAP_SHARED, 0,
                    "map '" + spec.name() + "' mmap");
            out.addMapping(spec.name(), m);
        }
    }

    private static int roundUp(int v, int a) {
        return (v + a - 1) / a * a;
    }

    private BpfLoadException fail(String problem) {
        return new BpfLoadException(obj.source() + ": " + problem);
    }
}
