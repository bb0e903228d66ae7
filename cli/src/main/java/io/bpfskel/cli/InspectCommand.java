package io.bpfskel.cli;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfFormat;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.DataSection;
import io.bpfskel.object.Extern;
import io.bpfskel.object.MapSpec;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.Variable;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** What an object contains, as the loader sees it: maps, programs, global variables, externs and flavor groups. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a BPF object's maps, programs, variables per data section, and externs with their "
                + "flavor groups. Reads the file only; needs no privileges.")
final class InspectCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "OBJECT", description = "the BPF object (.bpf.o)")
    Path object;

    @Option(names = "--json", description = "print JSON instead of tables")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        BpfObject obj = BpfObject.open(object);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.write(toJson(obj)) : text(obj));
        out.flush();
    }

    // ------------------------------------------------------------------ model

    private static String byteOrder(BpfObject obj) {
        return obj.elf().byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian";
    }

    static String mapType(MapSpec m) {
        MapType t = m.mapType();
        return t != null ? t.name() : "type " + m.type();
    }

    private static final Map<Integer, String> MAP_FLAGS = new LinkedHashMap<>();

    static {
        MAP_FLAGS.put(BpfFlags.BPF_F_NO_PREALLOC, "NO_PREALLOC");
        MAP_FLAGS.put(BpfFlags.BPF_F_NO_COMMON_LRU, "NO_COMMON_LRU");
        MAP_FLAGS.put(BpfFlags.BPF_F_NUMA_NODE, "NUMA_NODE");
        MAP_FLAGS.put(BpfFlags.BPF_F_RDONLY, "RDONLY");
        MAP_FLAGS.put(BpfFlags.BPF_F_WRONLY, "WRONLY");
        MAP_FLAGS.put(BpfFlags.BPF_F_STACK_BUILD_ID, "STACK_BUILD_ID");
        MAP_FLAGS.put(BpfFlags.BPF_F_ZERO_SEED, "ZERO_SEED");
        MAP_FLAGS.put(BpfFlags.BPF_F_RDONLY_PROG, "RDONLY_PROG");
        MAP_FLAGS.put(BpfFlags.BPF_F_WRONLY_PROG, "WRONLY_PROG");
        MAP_FLAGS.put(BpfFlags.BPF_F_CLONE, "CLONE");
        MAP_FLAGS.put(BpfFlags.BPF_F_MMAPABLE, "MMAPABLE");
        MAP_FLAGS.put(BpfFlags.BPF_F_PRESERVE_ELEMS, "PRESERVE_ELEMS");
        MAP_FLAGS.put(BpfFlags.BPF_F_INNER_MAP, "INNER_MAP");
        MAP_FLAGS.put(BpfFlags.BPF_F_LINK, "LINK");
        MAP_FLAGS.put(BpfFlags.BPF_F_PATH_FD, "PATH_FD");
        MAP_FLAGS.put(BpfFlags.BPF_F_VTYPE_BTF_OBJ_FD, "VTYPE_BTF_OBJ_FD");
        MAP_FLAGS.put(BpfFlags.BPF_F_TOKEN_FD, "TOKEN_FD");
        MAP_FLAGS.put(BpfFlags.BPF_F_SEGV_ON_FAULT, "SEGV_ON_FAULT");
        MAP_FLAGS.put(BpfFlags.BPF_F_NO_USER_CONV, "NO_USER_CONV");
    }

    /** {@code MMAPABLE|RDONLY_PROG} (BPF_F_ names), unknown bits in hex; {@code 0} for none. */
    static String mapFlags(int flags) {
        if (flags == 0) {
            return "0";
        }
        List<String> names = new ArrayList<>();
        int rest = flags;
        for (Map.Entry<Integer, String> f : MAP_FLAGS.entrySet()) {
            if ((flags & f.getKey()) != 0) {
                names.add(f.getValue());
                rest &= ~f.getKey();
            }
        }
        if (rest != 0) {
            names.add("0x" + Integer.toHexString(rest));
        }
        return String.join("|", names);
    }

    private static String mapKind(MapSpec m) {
        return switch (m.kind()) {
            case USER -> ".maps";
            case DATA, RODATA, BSS -> "global data";
            case KCONFIG -> "kconfig";
            case STRUCT_OPS -> "struct_ops";
        };
    }

    /** The extern's C declaration from the object's BTF. */
    static String externDecl(BpfObject obj, Extern e) {
        Btf btf = obj.btf();
        return switch (e.kind()) {
            case KFUNC -> BtfFormat.funcDeclaration(btf, e.btfId());
            case KSYM_TYPELESS -> "const void " + e.name();
            case KSYM_VAR, KCONFIG -> BtfFormat.typeName(btf, e.btfId());
        };
    }

    static String externKind(Extern e) {
        return externKind(e.kind());
    }

    static String externKind(Extern.Kind k) {
        return switch (k) {
            case KFUNC -> "kfunc";
            case KSYM_VAR -> "ksym var";
            case KSYM_TYPELESS -> "ksym (typeless)";
            case KCONFIG -> "kconfig";
        };
    }

    private static Map<String, Object> toJson(BpfObject obj) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("object", obj.source());
        root.put("name", obj.name());
        root.put("byte_order", byteOrder(obj));
        root.put("license", obj.license());
        root.put("has_btf", obj.btf() != null);
        List<Object> maps = new ArrayList<>();
        for (MapSpec m : obj.maps()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", m.name());
            j.put("kernel_name", m.kernelName());
            j.put("kind", m.kind().name().toLowerCase());
            j.put("type", mapType(m));
            j.put("type_number", m.type());
            j.put("key_size", m.keySize());
            j.put("value_size", m.valueSize());
            j.put("max_entries", Integer.toUnsignedLong(m.maxEntries()));
            j.put("flags", m.flags());
            j.put("flag_names", mapFlags(m.flags()));
            j.put("pinning", m.pinning() == MapSpec.Pinning.BY_NAME ? "by_name" : "none");
            if (m.inner() != null) {
                j.put("inner_type", mapType(m.inner()));
            }
            maps.add(j);
        }
        root.put("maps", maps);
        List<Object> progs = new ArrayList<>();
        for (ProgramSpec p : obj.programs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", p.name());
            j.put("section", p.sectionName());
            j.put("type", p.type().name());
            j.put("attach_type", p.expectedAttachType() == null ? null : p.expectedAttachType().name());
            j.put("attach_target", p.attachTarget());
            j.put("autoload", p.autoload());
            j.put("sleepable", p.sleepable());
            j.put("instructions", p.insnCount());
            progs.add(j);
        }
        root.put("programs", progs);
        List<Object> secs = new ArrayList<>();
        for (DataSection d : obj.dataSections()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("section", d.name());
            j.put("kind", d.kind().name().toLowerCase());
            j.put("size", d.size());
            List<Object> vars = new ArrayList<>();
            for (Variable v : d.variables()) {
                Map<String, Object> vj = new LinkedHashMap<>();
                vj.put("name", v.name());
                vj.put("offset", v.offset());
                vj.put("size", v.size());
                vj.put("type", obj.btf() == null ? null : BtfFormat.typeName(obj.btf(), v.typeId()));
                vj.put("declaration", obj.btf() == null ? null : BtfFormat.declaration(obj.btf(), v.typeId(), v.name()));
                vj.put("static", v.isStatic());
                vars.add(vj);
            }
            j.put("variables", vars);
            secs.add(j);
        }
        root.put("data_sections", secs);
        List<Object> externs = new ArrayList<>();
        for (Extern e : obj.externs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", e.name());
            j.put("essential_name", e.essentialName());
            j.put("lookup_name", FlavorGroups.lookupName(e));
            j.put("kind", e.kind().name().toLowerCase());
            j.put("weak", e.weak());
            j.put("declaration", externDecl(obj, e));
            if (e.kconfig() != null) {
                j.put("kconfig_type", e.kconfig().type().name().toLowerCase());
                j.put("kconfig_offset", e.kconfig().offset());
                j.put("kconfig_size", e.kconfig().size());
            }
            externs.add(j);
        }
        root.put("externs", externs);
        List<Object> groups = new ArrayList<>();
        FlavorGroups.of(obj).groups().forEach((name, members) -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("essential_name", name);
            j.put("externs", members.stream().map(Extern::name).toList());
            groups.add(j);
        });
        root.put("flavor_groups", groups);
        return root;
    }

    // ------------------------------------------------------------------ text

    private static String text(BpfObject obj) {
        StringBuilder sb = new StringBuilder();
        sb.append(obj.source()).append(": ").append(byteOrder(obj)).append(" BPF object '").append(obj.name())
                .append("', license ").append(obj.license() == null || obj.license().isEmpty() ? "(none)" : obj.license())
                .append(obj.btf() == null ? ", no BTF" : "").append('\n');

        sb.append("\nMaps (").append(obj.maps().size()).append(")\n");
        if (!obj.maps().isEmpty()) {
            Table t = new Table("name", "type", "key", "value", "max_entries", "flags", "pinning", "from");
            for (MapSpec m : obj.maps()) {
                t.row(m.name(), mapType(m) + (m.inner() != null ? " of " + mapType(m.inner()) : ""), m.keySize(),
                        m.valueSize(), Integer.toUnsignedString(m.maxEntries()), mapFlags(m.flags()),
                        m.pinning() == MapSpec.Pinning.BY_NAME ? "by_name" : "none", mapKind(m));
            }
            sb.append(t.render("  "));
        }

        sb.append("\nPrograms (").append(obj.programs().size()).append(")\n");
        if (!obj.programs().isEmpty()) {
            Table t = new Table("name", "section", "type", "attach type", "autoload", "insns");
            for (ProgramSpec p : obj.programs()) {
                t.row(p.name(), p.sectionName(), p.type().name(), p.expectedAttachType() == null ? null : p.expectedAttachType().name(),
                        p.autoload() ? "yes" : "no (SEC(\"?...\"))", p.insnCount());
            }
            sb.append(t.render("  "));
        }

        sb.append("\nVariables\n");
        if (obj.dataSections().isEmpty()) {
            sb.append("  (no global data)\n");
        }
        for (DataSection d : obj.dataSections()) {
            sb.append("  ").append(d.name()).append(" (").append(d.size()).append(" bytes");
            if (d.kind() == MapSpec.Kind.RODATA) {
                sb.append(", read-only for programs; settable before load");
            }
            sb.append(")\n");
            if (d.variables().isEmpty()) {
                sb.append("    (no named variables)\n");
                continue;
            }
            Table t = new Table("offset", "size", "declaration", "");
            for (Variable v : d.variables()) {
                String decl = obj.btf() == null ? v.name() : BtfFormat.declaration(obj.btf(), v.typeId(), v.name());
                t.row(v.offset(), v.size(), decl, v.isStatic() ? "static" : "");
            }
            sb.append(t.render("    "));
        }

        sb.append("\nExterns (").append(obj.externs().size()).append(")\n");
        if (!obj.externs().isEmpty()) {
            Table t = new Table("name", "kind", "binding", "looked up as", "declaration");
            for (Extern e : obj.externs()) {
                t.row(e.name(), externKind(e), e.weak() ? "weak" : "strong", FlavorGroups.lookupName(e), externDecl(obj, e));
            }
            sb.append(t.render("  "));
        }

        FlavorGroups groups = FlavorGroups.of(obj);
        if (!groups.isEmpty()) {
            sb.append("\nFlavor groups (kfuncs looked up under one essential name; a kernel takes the flavors whose "
                    + "prototype it is compatible with)\n");
            groups.groups().forEach((name, members) -> {
                sb.append("  ").append(name).append('\n');
                for (Extern e : members) {
                    sb.append("    ").append(e.name()).append("  ").append(externDecl(obj, e))
                            .append(e.weak() ? "" : "  (strong)").append('\n');
                }
            });
        }
        return sb.toString();
    }
}
