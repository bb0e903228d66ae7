package io.bpfskel.load;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.StructOpsSpec;
import io.bpfskel.sys.Bpf;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MapCreateAttr;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import io.bpfskel.uapi.ProgramType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The struct_ops step of the load: from each {@code .struct_ops*} variable (its local layout, as the object or the
 * user's changes left it) to the value the kernel registers, in libbpf's order and with its rules:
 * <ol>
 *   <li>find the kernel's {@code bpf_struct_ops_<type>} wrapper (the type name without its {@code ___flavor}) in
 *       vmlinux, then in module BTF, and the kernel struct it wraps ({@code find_struct_ops_kern_types});</li>
 *   <li>copy the members by name into a zeroed buffer of the wrapper's size, refusing what libbpf refuses, and bind
 *       each function-pointer member's program to the kernel struct's id and the kernel member index
 *       ({@code bpf_map__init_kern_struct_ops});</li>
 *   <li>member programs load when a map that uses them is created, and not otherwise
 *       ({@code bpf_object_adjust_struct_ops_autoload});</li>
 *   <li>after the programs load, their fds go into the value ({@code bpf_map_prepare_vdata}).</li>
 * </ol>
 * Registration (the map update, or a link) is the attach step's job, not the load's.
 */
final class StructOpsStep {
    /** What a struct_ops program is loaded against (attach_btf_id, expected_attach_type, attach_btf_obj_fd). */
    record ProgTarget(String map, String member, String kernType, int attachBtfId, int memberIndex, int moduleFd) {
        String role() {
            return "member '" + member + "' of struct_ops map '" + map + "', struct " + kernType;
        }
    }

    /** A map ready to be created: the kernel wrapper type and the value with program slots still empty. */
    record Prepared(StructOpsSpec spec, String kernType, int valueTypeId, int valueSize, ModuleBtf module, byte[] value,
            Map<Integer, String> programSlots, Map<String, String> memberPrograms) {}

    private final String source;
    private final Map<String, Prepared> maps = new LinkedHashMap<>();
    private final Map<String, ProgTarget> targets = new HashMap<>();

    private StructOpsStep(String source) {
        this.source = source;
    }

    /**
     * Prepares every autocreate struct_ops map and decides which struct_ops programs load.
     *
     * @param specs the struct_ops variables as the user left them (member programs, data, autocreate)
     * @param autoload the programs to load; struct_ops programs used by some map are added or removed here
     */
    static StructOpsStep prepare(BpfObject obj, List<StructOpsSpec> specs, KernelEnvironment kernel, Set<String> autoload) {
        StructOpsStep step = new StructOpsStep(obj.source());
        if (specs.isEmpty()) {
            return step;
        }
        // The member programs each map ends up with; maps that are not created keep what they declare.
        Map<String, Map<String, String>> slots = new LinkedHashMap<>();
        for (StructOpsSpec s : specs) {
            Map<String, String> bound = new LinkedHashMap<>();
            s.members().forEach(m -> {
                if (m.program() != null) {
                    bound.put(m.name(), m.program());
                }
            });
            slots.put(s.name(), bound);
        }
        for (StructOpsSpec s : specs) {
            if (!s.autocreate()) {
                continue;
            }
            StructOpsSpec declared = obj.structOps(s.name()).orElse(s);
            Prepared p = step.initKern(obj, s, declared, kernel, autoload);
            step.maps.put(s.name(), p);
            slots.put(s.name(), p.memberPrograms());
        }
        // libbpf's bpf_object_adjust_struct_ops_autoload: a program some slot points at loads iff one such map is created.
        for (ProgramSpec p : obj.programs()) {
            if (p.type() != ProgramType.STRUCT_OPS) {
                continue;
            }
            boolean used = false;
            boolean load = false;
            for (StructOpsSpec s : specs) {
                if (slots.get(s.name()).containsValue(p.name())) {
                    used = true;
                    load |= s.autocreate();
                }
            }
            if (used) {
                if (load) {
                    autoload.add(p.name());
                } else {
                    autoload.remove(p.name());
                }
            }
        }
        return step;
    }

    /** libbpf's find_struct_ops_kern_types + bpf_map__init_kern_struct_ops for one map. */
    private Prepared initKern(BpfObject obj, StructOpsSpec s, StructOpsSpec declared, KernelEnvironment kernel,
            Set<String> autoload) {
        String what = source + ": struct_ops map '" + s.name() + "' (struct " + s.typeName() + ")";
        String tname = s.essentialTypeName();
        String wrapperName = "bpf_struct_ops_" + tname;
        Btf vmlinux;
        try {
            vmlinux = kernel.vmlinux();
        } catch (RuntimeException e) {
            throw new BpfLoadException(what + ": struct_ops needs the kernel's BTF: " + e.getMessage(), e);
        }
        Btf kbtf = vmlinux;
        ModuleBtf module = null;
        int wrapperId = vmlinux.findByNameKind(wrapperName, BtfKind.STRUCT);
        if (wrapperId == 0) {
            for (ModuleBtf m : kernel.modules()) {
                int id = m.btf().findOwnByNameKind(wrapperName, BtfKind.STRUCT);
                if (id != 0) {
                    // a module BTF read from a file (fd -1) serves checks; creating the map needs a loaded one
                    module = m;
                    kbtf = m.btf();
                    wrapperId = id;
                    break;
                }
            }
        }
        if (wrapperId == 0) {
            throw new BpfLoadException(what + ": the kernel has no struct_ops type '" + tname + "' (no struct " + wrapperName
                    + " in vmlinux or module BTF)" + (tname.equals(s.typeName()) ? "" : "; '" + s.typeName()
                    + "' was looked up by its essential name") + missingHint(tname));
        }
        int kernTypeId = kbtf.findByNameKind(tname, BtfKind.STRUCT);
        if (kernTypeId == 0) {
            throw new BpfLoadException(what + ": the kernel has struct " + wrapperName + " but no struct " + tname);
        }
        BtfType.Struct wrapper = (BtfType.Struct) kbtf.type(wrapperId);
        BtfType.Struct kern = (BtfType.Struct) kbtf.type(kernTypeId);
        final int wantedType = kernTypeId;
        BtfType.Member dataMember = wrapper.members().stream().filter(m -> m.type() == wantedType).findFirst().orElse(null);
        if (dataMember == null) {
            throw new BpfLoadException(what + ": struct " + wrapperName + " has no member of type struct " + tname);
        }
        int dataOff = dataMember.bitOffset() / 8;
        byte[] value = new byte[wrapper.size()];
        byte[] local = s.data();
        Btf btf = obj.btf();
        Map<Integer, String> programSlots = new LinkedHashMap<>();
        Map<String, String> memberPrograms = new LinkedHashMap<>();
        for (StructOpsSpec.Member m : s.members()) {
            String mwhat = what + ": member '" + m.name() + "'";
            String declaredProg = declared.member(m.name()).map(StructOpsSpec.Member::program).orElse(null);
            int kidx = -1;
            for (int i = 0; i < kern.members().size(); i++) {
                if (kern.members().get(i).name().equals(m.name())) {
                    kidx = i;
                    break;
                }
            }
            if (kidx < 0) {
                if (m.program() != null || !isZero(local, m.offset(), m.size())) {
                    throw new BpfLoadException(mwhat + (m.program() != null ? " (program '" + m.program() + "')" : "")
                            + ": the kernel's struct " + tname + " has no such member, and it is set (members the kernel"
                            + " lacks may only be left zero, e.g. with a ___flavor of the struct for older kernels)");
                }
                // As libbpf: a zero member the kernel lacks is skipped; a program it declared there does not load.
                if (declaredProg != null) {
                    autoload.remove(declaredProg);
                }
                continue;
            }
            BtfType.Member km = kern.members().get(kidx);
            if (m.bitfieldSize() != 0 || km.bitfieldSize() != 0) {
                throw new BpfLoadException(mwhat + ": bitfield members are not supported (libbpf refuses them too)");
            }
            int kmOff = dataOff + km.bitOffset() / 8;
            int localType = btf.skipModsAndTypedefs(m.typeId());
            int kernType = kbtf.skipModsAndTypedefs(km.type());
            BtfKind lk = btf.kind(localType);
            BtfKind kk = kbtf.kind(kernType);
            if (lk != kk) {
                throw new BpfLoadException(mwhat + ": kind " + lk + " here but " + kk + " in the kernel's struct " + tname);
            }
            if (lk == BtfKind.PTR) {
                if (declaredProg != null && !declaredProg.equals(m.program())) {
                    autoload.remove(declaredProg);
                }
                if (m.kind() != StructOpsSpec.Kind.FUNC_PTR) {
                    if (!isZero(local, m.offset(), m.size())) {
                        throw new BpfLoadException(mwhat + ": only function pointers (programs) can be set in a struct_ops map");
                    }
                    continue;
                }
                String prog = m.program();
                if (prog == null) {
                    continue;
                }
                ProgramSpec ps = obj.program(prog).orElse(null);
                if (ps == null || ps.type() != ProgramType.STRUCT_OPS) {
                    throw new BpfLoadException(mwhat + ": '" + prog + "' is not a struct_ops program of this object");
                }
                BtfType pointee = kbtf.type(kbtf.skipMods(((BtfType.Ptr) kbtf.type(kernType)).type()));
                if (!(pointee instanceof BtfType.FuncProto)) {
                    throw new BpfLoadException(mwhat + " (program '" + prog + "'): the kernel member is a pointer to "
                            + pointee.kind() + ", not to a function");
                }
                ProgTarget t = new ProgTarget(s.name(), m.name(), tname, kernTypeId, kidx, module == null ? -1 : module.fd());
                ProgTarget earlier = targets.get(prog);
                if (earlier != null && (earlier.attachBtfId() != t.attachBtfId() || earlier.memberIndex() != t.memberIndex()
                        || earlier.moduleFd() != t.moduleFd())) {
                    throw new BpfLoadException(mwhat + ": program '" + prog + "' is also " + earlier.role()
                            + "; one program can only implement one kernel member (invalid reuse)");
                }
                if (earlier == null) {
                    targets.put(prog, t);
                }
                programSlots.put(kmOff, prog);
                memberPrograms.put(m.name(), prog);
                continue;
            }
            long lsize = btf.resolveSize(m.typeId());
            long ksize = kbtf.resolveSize(km.type());
            if (lsize != ksize || lsize < 0) {
                throw new BpfLoadException(mwhat + ": size " + lsize + " here but " + ksize + " in the kernel's struct " + tname);
            }
            System.arraycopy(local, m.offset(), value, kmOff, (int) lsize);
        }
        return new Prepared(s, tname, wrapperId, wrapper.size(), module, value, programSlots, memberPrograms);
    }

    private static String missingHint(String tname) {
        if (tname.equals("sched_ext_ops")) {
            return " (this kernel was built without sched_ext, CONFIG_SCHED_CLASS_EXT)";
        }
        if (tname.equals("tcp_congestion_ops")) {
            return " (this kernel was built without BPF TCP congestion control, CONFIG_BPF_JIT + CONFIG_INET)";
        }
        return "";
    }

    private static boolean isZero(byte[] b, int off, int len) {
        for (int i = off; i < off + len && i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return maps.isEmpty() && targets.isEmpty();
    }

    /** Whether the map is a struct_ops map this step prepared (created); false for ones with autocreate off. */
    boolean creates(String map) {
        return maps.containsKey(map);
    }

    ProgTarget target(String program) {
        return targets.get(program);
    }

    /** BPF_MAP_CREATE as libbpf: the wrapper's size and id, no BTF value type but the object's BTF fd. */
    Fd createMap(String map, String kernelName, int flags, Fd objectBtf) {
        Prepared p = maps.get(map);
        String what = "struct_ops map '" + map + "' (struct " + p.kernType() + ")";
        if (p.module() != null && p.module().fd() < 0) {
            throw new BpfLoadException(source + ": " + what + ": the kernel type is in module '" + p.module().name()
                    + "', whose BTF is not loaded in this kernel");
        }
        MapCreateAttr.Builder b = MapCreateAttr.builder(MapType.STRUCT_OPS)
                .keySize(4)
                .valueSize(p.valueSize())
                .maxEntries(1)
                .mapFlags(flags | (p.module() != null ? BpfFlags.BPF_F_VTYPE_BTF_OBJ_FD : 0))
                .mapName(kernelName)
                .btfVmlinuxValueTypeId(p.valueTypeId());
        if (objectBtf != null) {
            b.btf(objectBtf);
        }
        if (p.module() != null) {
            b.valueTypeBtfObj(Fd.adopt(p.module().fd()));
        }
        try {
            return Bpf.mapCreate(b.build(), what);
        } catch (BpfSyscallException e) {
            throw new BpfLoadException(source + ": the kernel refused to create " + what + ": " + e.getMessage(), e);
        }
    }

    /** libbpf's bpf_map_prepare_vdata: each member program's fd as an 8-byte word at its kernel member. */
    Map<String, byte[]> values(Map<String, Fd> programs) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Prepared p : maps.values()) {
            byte[] v = p.value().clone();
            ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.nativeOrder());
            for (Map.Entry<Integer, String> e : p.programSlots().entrySet()) {
                Fd fd = programs.get(e.getValue());
                if (fd == null) {
                    throw new BpfLoadException(source + ": struct_ops map '" + p.spec().name() + "': program '" + e.getValue()
                            + "' is not loaded");
                }
                b.putLong(e.getKey(), fd.raw());
            }
            out.put(p.spec().name(), v);
        }
        return out;
    }

    /** What each created map registers, for the attach step. */
    Map<String, StructOpsValue> registrations(Map<String, byte[]> values) {
        Map<String, StructOpsValue> out = new LinkedHashMap<>();
        for (Prepared p : maps.values()) {
            out.put(p.spec().name(), new StructOpsValue(p.spec().name(), p.kernType(), p.spec().link(),
                    values.get(p.spec().name()), p.memberPrograms()));
        }
        return out;
    }
}
