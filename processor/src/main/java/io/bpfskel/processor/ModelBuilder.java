package io.bpfskel.processor;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfCompat;
import io.bpfskel.btf.BtfFormat;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.DataSection;
import io.bpfskel.object.Extern;
import io.bpfskel.object.MapSpec;
import io.bpfskel.object.MapType;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.Variable;
import io.bpfskel.processor.SkeletonModel.Array;
import io.bpfskel.processor.SkeletonModel.Bitfield;
import io.bpfskel.processor.SkeletonModel.Chars;
import io.bpfskel.processor.SkeletonModel.EnumConstant;
import io.bpfskel.processor.SkeletonModel.EnumDecl;
import io.bpfskel.processor.SkeletonModel.EnumRef;
import io.bpfskel.processor.SkeletonModel.Field;
import io.bpfskel.processor.SkeletonModel.Flavor;
import io.bpfskel.processor.SkeletonModel.FlavorGroup;
import io.bpfskel.processor.SkeletonModel.Ksym;
import io.bpfskel.processor.SkeletonModel.MapRef;
import io.bpfskel.processor.SkeletonModel.TypedAccess;
import io.bpfskel.processor.SkeletonModel.TypedView;
import io.bpfskel.processor.SkeletonModel.Opaque;
import io.bpfskel.processor.SkeletonModel.Prim;
import io.bpfskel.processor.SkeletonModel.ProgRef;
import io.bpfskel.processor.SkeletonModel.Scalar;
import io.bpfskel.processor.SkeletonModel.Section;
import io.bpfskel.processor.SkeletonModel.StructRef;
import io.bpfskel.processor.SkeletonModel.TypeDecl;
import io.bpfskel.processor.SkeletonModel.ValueType;
import io.bpfskel.processor.SkeletonModel.View;
import io.bpfskel.skel.ViewMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;

/**
 * Builds and validates a {@link SkeletonModel} from a parsed object. Problems become {@link Problem}s (errors:
 * Java name clashes; warnings: flavor pitfalls), never exceptions; the processor reports them on the annotation.
 */
final class ModelBuilder {
    /** A diagnostic for the annotated element. */
    record Problem(Diagnostic.Kind kind, String message) {}

    /** The model (null when there are errors) and every problem found. */
    record Result(SkeletonModel model, List<Problem> problems) {
        boolean hasErrors() {
            return problems.stream().anyMatch(p -> p.kind() == Diagnostic.Kind.ERROR);
        }
    }

    /** Skeleton methods the generator itself defines; section accessors and extern methods must avoid them. */
    static final Set<String> SKELETON_METHODS = Set.of("open", "openAndLoad", "load", "attach", "detach", "close",
            "object", "maps", "progs", "links", "externs");

    /** Static members of view classes. */
    static final Set<String> VIEW_RESERVED = Set.of("wrap");

    /** Field of generated enums. */
    static final Set<String> ENUM_RESERVED = Set.of("cValue");

    private final BpfObject obj;
    private final Btf btf;
    private final String className;
    private final List<Problem> problems = new ArrayList<>();
    private final JavaNames.Scope nested;
    private final Map<Integer, String> typeNames = new HashMap<>();
    private final List<TypeDecl> types = new ArrayList<>();

    private ModelBuilder(BpfObject obj, String className) {
        this.obj = obj;
        this.btf = obj.btf();
        this.className = className;
        this.nested = new JavaNames.Scope("nested classes of " + className);
        nested.claim(className, "the skeleton class itself");
        nested.claim("Maps", "the maps group");
        nested.claim("Progs", "the programs group");
        nested.claim("Links", "the links group");
    }

    static Result build(BpfObject obj, String packageName, String className, String resource, String sha256) {
        ModelBuilder b = new ModelBuilder(obj, className);
        SkeletonModel m = b.model(packageName, resource, sha256);
        return new Result(b.errors() ? null : m, List.copyOf(b.problems));
    }

    private boolean errors() {
        return problems.stream().anyMatch(p -> p.kind() == Diagnostic.Kind.ERROR);
    }

    private void error(String msg) {
        problems.add(new Problem(Diagnostic.Kind.ERROR, msg));
    }

    private void warn(String msg) {
        problems.add(new Problem(Diagnostic.Kind.WARNING, msg));
    }

    /** Claims a name in a scope; a clash is an error naming both C things. */
    private String claim(JavaNames.Scope scope, String javaName, String what) {
        String prev = scope.claim(javaName, what);
        if (prev != null) {
            error("Java name clash in " + scope.description() + ": " + prev + " and " + what + " both become '"
                    + javaName + "'; rename one of them in the BPF source");
        }
        return javaName;
    }

    private SkeletonModel model(String packageName, String resource, String sha256) {
        JavaNames.Scope methods = new JavaNames.Scope(className);
        for (String m : SKELETON_METHODS) {
            methods.claim(m, "the skeleton method " + m + "()");
        }
        for (String m : JavaNames.OBJECT_METHODS) {
            methods.claim(m, "java.lang.Object." + m + "()");
        }

        // Section groups first: their class names take precedence over struct views of the same name.
        record PendingSection(DataSection data, String accessor, String cls, ViewMemory.Access access) {}
        List<PendingSection> pending = new ArrayList<>();
        for (DataSection d : obj.dataSections()) {
            if (d.variables().stream().noneMatch(v -> exposed(v))) {
                continue; // bpftool: only mmapable sections (with a non-static variable) get a view
            }
            String accessor = JavaNames.camel(d.name());
            String cls = JavaNames.upperCamel(d.name());
            claim(methods, accessor, "section " + d.name() + " (accessor)");
            claim(nested, cls, "section " + d.name() + " (view class)");
            ViewMemory.Access access = d.kind() == MapSpec.Kind.RODATA ? ViewMemory.Access.WRITE_BEFORE_LOAD
                    : ViewMemory.Access.READ_WRITE;
            pending.add(new PendingSection(d, accessor, cls, access));
        }
        List<Extern> kconfigs = obj.externs().stream().filter(e -> e.kind() == Extern.Kind.KCONFIG).toList();
        if (!kconfigs.isEmpty()) {
            claim(methods, "kconfig", "section .kconfig (accessor)");
            claim(nested, "Kconfig", "section .kconfig (view class)");
        }

        // Extern methods and flavor enums.
        List<Ksym> ksyms = new ArrayList<>();
        Map<String, List<Extern>> groups = new LinkedHashMap<>();
        for (Extern e : obj.externs()) {
            if (!e.isKsym()) {
                continue;
            }
            String method = "has" + JavaNames.upperFirst(JavaNames.camel(e.name()));
            claim(methods, method, "extern '" + e.name() + "'");
            ksyms.add(new Ksym(e.name(), method, ksymDoc(e)));
            if (e.kind() == Extern.Kind.KFUNC) {
                groups.computeIfAbsent(e.essentialName(), k -> new ArrayList<>()).add(e);
            } else if (e.hasFlavor()) {
                warn("ksym variable '" + e.name() + "' has a flavor suffix, but libbpf looks ksym variables up by their "
                        + "full name: the kernel is searched for '" + e.name() + "', not '" + e.essentialName()
                        + "' (flavors work only for kfuncs)");
            }
        }
        List<FlavorGroup> flavorGroups = new ArrayList<>();
        for (Map.Entry<String, List<Extern>> g : groups.entrySet()) {
            List<Extern> members = g.getValue();
            if (members.stream().noneMatch(Extern::hasFlavor)) {
                continue;
            }
            flavorGroups.add(flavorGroup(g.getKey(), members, methods));
        }

        List<ProgRef> progs = new ArrayList<>();
        JavaNames.Scope progScope = new JavaNames.Scope("the programs of " + className);
        for (ProgramSpec p : obj.programs()) {
            String jn = JavaNames.method(JavaNames.camel(p.name()), Set.of());
            claim(progScope, jn, "program '" + p.name() + "'");
            progs.add(new ProgRef(p.name(), jn, progDoc(p)));
        }

        List<Section> sections = new ArrayList<>();
        for (PendingSection p : pending) {
            sections.add(section(p.data(), p.accessor(), p.cls(), p.access()));
        }
        if (!kconfigs.isEmpty()) {
            sections.add(kconfigSection(kconfigs));
        }

        // after the sections, so that their types keep coming first
        List<MapRef> maps = new ArrayList<>();
        JavaNames.Scope mapScope = new JavaNames.Scope("the maps of " + className);
        for (MapSpec m : obj.maps()) {
            String jn = JavaNames.method(JavaNames.camel(m.name()), Set.of());
            claim(mapScope, jn, "map '" + m.name() + "'");
            TypedAccess typed = typedAccess(m, jn);
            if (typed != null) {
                claim(mapScope, typed.javaName(), "typed accessor of map '" + m.name() + "'");
            }
            maps.add(new MapRef(m.name(), jn, mapDoc(m), typed));
        }
        progs.replaceAll(r -> withAttachMethods(r, obj));
        String classDoc = "Typed skeleton of the BPF object {@code " + resource + "}: " + obj.programs().size()
                + " program(s), " + obj.maps().size() + " map(s), " + obj.externs().size() + " extern(s).";
        return new SkeletonModel(packageName, className, resource, sha256, obj.elf().byteOrder(), obj.name(), classDoc,
                maps, progs, sections, ksyms, flavorGroups, List.copyOf(types));
    }

    /** bpftool skips static variables (and function-local statics, named {@code func.var}). */
    private static boolean exposed(Variable v) {
        return !v.isStatic() && !v.name().contains(".");
    }

    // ------------------------------------------------------------------ sections

    private Section section(DataSection d, String accessor, String cls, ViewMemory.Access access) {
        JavaNames.Scope scope = new JavaNames.Scope("section " + d.name());
        List<Field> fields = new ArrayList<>();
        for (Variable v : d.variables()) {
            if (!exposed(v)) {
                continue;
            }
            String where = "section {@code " + d.name() + "}, offset " + v.offset() + ", size " + v.size();
            addField(fields, scope, v.name(), "variable", v.typeId(), v.offset() * 8, 0, cls, BtfFormat.declaration(btf, v.typeId(), v.name()),
                    where, Set.of());
        }
        String doc = switch (access) {
            case READ_WRITE -> "Section {@code " + d.name() + "} (" + d.size() + " bytes): readable and writable before "
                    + "and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.";
            case WRITE_BEFORE_LOAD -> "Section {@code " + d.name() + "} (" + d.size() + " bytes): writable only before "
                    + "{@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), "
                    + "readable any time.";
            case READ_AFTER_LOAD -> "";
        };
        return new Section(d.name(), accessor, cls, access, doc, fields);
    }

    private Section kconfigSection(List<Extern> kconfigs) {
        JavaNames.Scope scope = new JavaNames.Scope("section .kconfig");
        List<Field> fields = new ArrayList<>();
        for (Extern e : kconfigs) {
            Extern.Kconfig k = e.kconfig();
            String where = "section {@code .kconfig}, offset " + k.offset() + ", size " + k.size()
                    + " (libbpf's sorted layout)";
            String decl = externDecl(btf, e);
            decl = decl.substring(0, decl.length() - 1); // the writer adds ';'
            addField(fields, scope, e.name(), "kconfig extern", e.typeId(), k.offset() * 8, 0, "Kconfig", decl, where,
                    Set.of());
        }
        int size = obj.kconfigSize();
        String doc = "Section {@code .kconfig} (" + size + " bytes): the kconfig externs, filled by the loader from the "
                + "running kernel (and {@code BpfOpenOptions.kconfig}). Readable only after {@code load()}: before, every "
                + "accessor throws {@link IllegalStateException}. Read-only.";
        return new Section(".kconfig", "kconfig", "Kconfig", ViewMemory.Access.READ_AFTER_LOAD, doc, fields);
    }

    /**
     * Adds the accessor(s) for one variable or member; anonymous struct/union members are flattened into the
     * enclosing scope as C does.
     *
     * @param bitOffset offset in bits from the start of the enclosing section or struct
     */
    private void addField(List<Field> out, JavaNames.Scope scope, String cName, String what, int typeId, long bitOffset,
            int bitfieldSize, String owner, String cDecl, String where, Set<String> reserved) {
        if (bitfieldSize > 0) {
            int base = btf.skipModsAndTypedefs(typeId);
            BtfType t = btf.type(base);
            int size;
            boolean signed;
            if (t instanceof BtfType.Int i) {
                size = i.size();
                signed = i.isSigned();
            } else if (t instanceof BtfType.AnyEnum e) {
                size = e.size();
                signed = e.signed();
            } else {
                return;
            }
            int byteOff = (int) (bitOffset / 8);
            int bitInByte = (int) (bitOffset % 8);
            if (bitInByte + bitfieldSize > 64) {
                return; // not expressible in one 8-byte window; no accessor
            }
            Prim prim = bitfieldSize == 1 && t instanceof BtfType.Int i && i.isBool() ? Prim.BOOLEAN : primOfSize(size);
            String jn = claim(scope, JavaNames.method(JavaNames.camel(cName), reserved), what + " '" + cName + "'");
            out.add(new Field(cName, jn, byteOff, new Bitfield(prim, bitInByte, bitfieldSize, signed), cDecl, where));
            return;
        }
        ValueType vt = valueType(typeId, owner + JavaNames.upperCamel(cName));
        if (vt == null) {
            return;
        }
        String jn = JavaNames.method(JavaNames.camel(cName), reserved);
        claim(scope, jn, what + " '" + cName + "'");
        if (containsChars(vt)) {
            claim(scope, jn + "Bytes", what + " '" + cName + "' (byte[] accessor)");
        }
        out.add(new Field(cName, jn, (int) (bitOffset / 8), vt, cDecl, where));
    }

    private static boolean containsChars(ValueType t) {
        while (t instanceof Array a) {
            t = a.elem();
        }
        return t instanceof Chars;
    }

    private static Prim primOfSize(int size) {
        return switch (size) {
            case 1 -> Prim.BYTE;
            case 2 -> Prim.SHORT;
            case 4 -> Prim.INT;
            default -> Prim.LONG;
        };
    }

    /** The Java mapping of a BTF type; null when it has none (zero-length arrays, functions, void). */
    private ValueType valueType(int typeId, String anonName) {
        String typedefName = null;
        int id = typeId;
        for (int depth = 0; depth < 64; depth++) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Typedef td) {
                if (typedefName == null) {
                    typedefName = td.name();
                }
                id = td.type();
            } else if (t instanceof BtfType.Const || t instanceof BtfType.Volatile || t instanceof BtfType.Restrict
                    || t instanceof BtfType.TypeTag) {
                id = ((BtfType.Ref) t).type();
            } else {
                break;
            }
        }
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Int i) {
            if (i.isBool() && i.size() == 1) {
                return new Scalar(Prim.BOOLEAN, false, false);
            }
            boolean unsigned = !i.isSigned();
            return switch (i.size()) {
                case 1 -> new Scalar(Prim.BYTE, unsigned, false);
                case 2 -> new Scalar(Prim.SHORT, unsigned, false);
                case 4 -> new Scalar(Prim.INT, unsigned, false);
                case 8 -> new Scalar(Prim.LONG, unsigned, false);
                default -> new Opaque(i.size());
            };
        }
        if (t instanceof BtfType.Ptr) {
            return new Scalar(Prim.LONG, true, true);
        }
        if (t instanceof BtfType.Float f) {
            return f.size() == 4 ? new Scalar(Prim.FLOAT, false, false)
                    : f.size() == 8 ? new Scalar(Prim.DOUBLE, false, false) : new Opaque(f.size());
        }
        if (t instanceof BtfType.Array a) {
            if (a.nelems() <= 0) {
                return null; // flexible array member: nothing to access
            }
            if (isCharType(a.elemType())) {
                return new Chars(a.nelems());
            }
            ValueType elem = valueType(a.elemType(), anonName);
            if (elem == null) {
                return null;
            }
            return new Array(elem, a.nelems(), (int) btf.resolveSize(a.elemType()));
        }
        if (t instanceof BtfType.Composite) {
            return new StructRef(view(id, typedefName, anonName));
        }
        if (t instanceof BtfType.AnyEnum e) {
            if (e.values().isEmpty()) {
                Prim p = primOfSize(e.size());
                return e.size() == 1 || e.size() == 2 || e.size() == 4 || e.size() == 8 ? new Scalar(p, !e.signed(), false)
                        : new Opaque(e.size());
            }
            return new EnumRef(enumDecl(id, typedefName, anonName), e.size(), e.signed());
        }
        if (t instanceof BtfType.Void || t instanceof BtfType.FuncProto || t instanceof BtfType.Fwd) {
            return null;
        }
        long size = btf.resolveSize(id);
        return size > 0 ? new Opaque((int) size) : null;
    }

    /** {@code char}, {@code signed char}, {@code unsigned char} (through modifiers, not typedefs like {@code __u8}). */
    private boolean isCharType(int id) {
        BtfType t = btf.type(btf.skipMods(id));
        if (!(t instanceof BtfType.Int i) || i.size() != 1 || i.isBool()) {
            return false;
        }
        return i.isChar() || i.name().equals("char") || i.name().equals("signed char") || i.name().equals("unsigned char");
    }

    private String typeClassName(int id, String typedefName, String anonName) {
        String cn = btf.name(id);
        String base = !cn.isEmpty() ? JavaNames.upperCamel(cn)
                : typedefName != null ? JavaNames.upperCamel(typedefName) : anonName;
        return nested.unique(base, "type [" + id + "]");
    }

    private String view(int id, String typedefName, String anonName) {
        String known = typeNames.get(id);
        if (known != null) {
            return known;
        }
        BtfType.Composite comp = (BtfType.Composite) btf.type(id);
        String cls = typeClassName(id, typedefName, anonName);
        typeNames.put(id, cls);
        int index = types.size();
        types.add(null); // keep discovery order: this view before the types its members introduce
        String kw = comp instanceof BtfType.Union ? "union" : "struct";
        String cTitle = comp.name().isEmpty() ? (typedefName != null ? typedefName : "anonymous " + kw) : kw + " " + comp.name();
        JavaNames.Scope scope = new JavaNames.Scope(cTitle);
        List<Field> fields = new ArrayList<>();
        addMembers(fields, scope, comp, 0, cls, cTitle);
        String doc = "View of {@code " + cTitle + "} (" + comp.size() + " bytes):\n<pre>{@code\n" + BtfFormat.definition(btf, id)
                + "\n}</pre>";
        types.set(index, new View(cls, comp.size(), doc, fields));
        return cls;
    }

    private void addMembers(List<Field> out, JavaNames.Scope scope, BtfType.Composite comp, long baseBits, String owner,
            String cTitle) {
        for (BtfType.Member m : comp.members()) {
            long bits = baseBits + Integer.toUnsignedLong(m.bitOffset());
            if (m.name().isEmpty()) {
                BtfType inner = btf.type(btf.skipModsAndTypedefs(m.type()));
                if (inner instanceof BtfType.Composite ic) {
                    addMembers(out, scope, ic, bits, owner, cTitle); // C11 anonymous member: flattened
                }
                continue;
            }
            String decl = BtfFormat.declaration(btf, m.type(), m.name()) + (m.bitfieldSize() > 0 ? ": " + m.bitfieldSize() : "");
            String where;
            if (m.bitfieldSize() > 0) {
                where = "offset " + bits / 8 + ", bit " + bits % 8 + ", " + m.bitfieldSize() + " bit"
                        + (m.bitfieldSize() == 1 ? "" : "s") + " in {@code " + cTitle + "}";
            } else {
                where = "offset " + bits / 8 + ", size " + btf.resolveSize(m.type()) + " in {@code " + cTitle + "}";
            }
            addField(out, scope, m.name(), "member", m.type(), bits, m.bitfieldSize(), owner, decl, where, VIEW_RESERVED);
        }
    }

    private String enumDecl(int id, String typedefName, String anonName) {
        String known = typeNames.get(id);
        if (known != null) {
            return known;
        }
        BtfType.AnyEnum e = (BtfType.AnyEnum) btf.type(id);
        String cls = typeClassName(id, typedefName, anonName);
        typeNames.put(id, cls);
        JavaNames.Scope scope = new JavaNames.Scope("enum " + (e.name().isEmpty() ? cls : e.name()));
        List<EnumConstant> constants = new ArrayList<>();
        for (BtfType.EnumValue v : e.values()) {
            String jn = JavaNames.method(JavaNames.constant(v.name()), ENUM_RESERVED);
            claim(scope, jn, "enumerator '" + v.name() + "'");
            String value = e.signed() ? Long.toString(v.value()) : Long.toUnsignedString(v.value());
            constants.add(new EnumConstant(jn, v.name(), v.value(), "{@code " + v.name() + " = " + value + "}"));
        }
        String title = e.name().isEmpty() ? (typedefName != null ? typedefName : "anonymous enum") : "enum " + e.name();
        String doc = "{@code " + title + "} (" + e.size() + " bytes, " + (e.signed() ? "signed" : "unsigned") + "):\n"
                + "<pre>{@code\n" + BtfFormat.definition(btf, id) + "\n}</pre>";
        types.add(new EnumDecl(cls, doc, constants));
        return cls;
    }

    // ------------------------------------------------------------------ externs

    /** The extern as declared in BPF C: {@code extern int CONFIG_HZ __kconfig __weak;}. */
    static String externDecl(Btf btf, Extern e) {
        BtfType t = btf.type(e.btfId());
        int type = t instanceof BtfType.Func f ? f.type() : ((BtfType.Var) t).type();
        return "extern " + BtfFormat.declaration(btf, type, e.name())
                + (e.kind() == Extern.Kind.KCONFIG ? " __kconfig" : " __ksym") + (e.weak() ? " __weak" : "") + ";";
    }

    private String ksymDoc(Extern e) {
        String kind = switch (e.kind()) {
            case KFUNC -> "kfunc";
            case KSYM_VAR -> "typed ksym variable (resolved by BTF id)";
            case KSYM_TYPELESS -> "typeless ksym (resolved by address from /proc/kallsyms)";
            case KCONFIG -> "kconfig";
        };
        String lookup = e.kind() == Extern.Kind.KFUNC && e.hasFlavor()
                ? "the loader searches the kernel for {@code " + e.essentialName() + "} (flavor {@code "
                        + e.name().substring(e.essentialName().length() + 3) + "})"
                : "the loader searches the kernel for {@code " + e.name() + "}";
        return "Whether the loader resolved this " + kind + ":\n<pre>{@code\n" + externDecl(btf, e) + "\n}</pre>\n"
                + "Section {@code .ksyms}, extern index " + e.index() + "; " + lookup + ".";
    }

    private FlavorGroup flavorGroup(String essential, List<Extern> members, JavaNames.Scope methods) {
        String enumName = JavaNames.upperCamel(essential) + "Flavor";
        claim(nested, enumName, "the flavor enum of kfunc '" + essential + "'");
        String method = JavaNames.camel(essential) + "Flavors";
        claim(methods, method, "the flavors of kfunc '" + essential + "'");
        JavaNames.Scope scope = new JavaNames.Scope("the flavors of kfunc '" + essential + "'");
        List<Flavor> flavors = new ArrayList<>();
        for (Extern e : members) {
            String flavor = e.hasFlavor() ? e.name().substring(essential.length() + 3) : "";
            String constant = e.hasFlavor() ? JavaNames.method(JavaNames.constant(flavor.toUpperCase(Locale.ROOT)), ENUM_RESERVED)
                    : "UNFLAVORED";
            claim(scope, constant, "extern '" + e.name() + "'");
            flavors.add(new Flavor(constant, e.name(), "{@code " + externDecl(btf, e) + "}"));
            if (e.hasFlavor() && !e.weak()) {
                warn("kfunc '" + e.name() + "' has a flavor but is not __weak: libbpf fails the whole load on every kernel "
                        + "where '" + essential + "' is missing or has a prototype incompatible with this flavor; declare "
                        + "it __weak and guard its calls with bpf_ksym_exists()");
            }
        }
        for (int i = 0; i < members.size(); i++) {
            for (int j = i + 1; j < members.size(); j++) {
                Extern a = members.get(i);
                Extern b = members.get(j);
                if (BtfCompat.isCompatible(btf, a.typeId(), btf, b.typeId())) {
                    warn("flavors '" + a.name() + "' and '" + b.name() + "' of kfunc '" + essential + "' have prototypes "
                            + "that are compatible by libbpf's rules (bpf_core_types_are_compat ignores names, int sizes "
                            + "and signedness): on a kernel where one resolves, both do, so they cannot tell kernels apart; "
                            + "make them differ in parameter count or in a parameter's kind (pointer, int, struct, void)");
                }
            }
        }
        StringBuilder doc = new StringBuilder("The flavors of kfunc {@code " + essential + "} the loader resolved (an "
                + "{@link java.util.EnumSet}; empty when none did). Each flavor is resolved independently against the "
                + "kernel's {@code " + essential + "}; several may resolve at once.\n<pre>{@code\n");
        for (Extern e : members) {
            doc.append(externDecl(btf, e)).append('\n');
        }
        doc.append("}</pre>");
        return new FlavorGroup(essential, enumName, method, doc.toString(), flavors);
    }

    // ------------------------------------------------------------------ maps and programs

    /**
     * The typed accessor of a map with BTF key/value types, or null: internal maps, maps without BTF types and
     * kinds whose values are not plain data (ring buffers, perf arrays, map-in-map, prog arrays, ...) keep only the
     * plain accessor.
     */
    private TypedAccess typedAccess(MapSpec m, String javaName) {
        MapType type = m.mapType();
        if (type == null || m.isInternal() || m.valueTypeId() == 0) {
            return null;
        }
        TypedView view = switch (type) {
            case HASH, ARRAY, LRU_HASH, LPM_TRIE -> TypedView.TYPED;
            case PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH -> TypedView.PER_CPU;
            case QUEUE, STACK -> TypedView.QUEUE;
            case BLOOM_FILTER -> TypedView.BLOOM_FILTER;
            default -> null;
        };
        if (view == null) {
            return null;
        }
        boolean keyed = view == TypedView.TYPED || view == TypedView.PER_CPU;
        if (keyed && m.keyTypeId() == 0) {
            return null;
        }
        ValueType key = keyed ? valueType(m.keyTypeId(), m.name() + "_key") : null;
        ValueType value = valueType(m.valueTypeId(), m.name() + "_value");
        if (value == null || keyed && key == null) {
            return null;
        }
        return new TypedAccess(javaName + "Typed", view, key, m.keySize(), value, m.valueSize());
    }

    private String mapDoc(MapSpec m) {
        MapType type = m.mapType();
        String typeName = type != null ? type.name() : "type " + m.type();
        StringBuilder b = new StringBuilder();
        if (m.isInternal()) {
            b.append("Internal map of section {@code ").append(m.name()).append("}");
        } else {
            b.append("Map {@code ").append(m.name()).append("} from section {@code .maps}");
        }
        b.append(" (kernel name {@code ").append(m.kernelName()).append("}): ").append(typeName);
        b.append(", key ").append(m.keySize()).append(" bytes");
        if (m.keyTypeId() != 0) {
            b.append(" ({@code ").append(BtfFormat.typeName(btf, m.keyTypeId())).append("})");
        }
        b.append(", value ").append(m.valueSize()).append(" bytes");
        if (!m.isInternal() && m.valueTypeId() != 0) {
            b.append(" ({@code ").append(BtfFormat.typeName(btf, m.valueTypeId())).append("})");
        }
        b.append(", max_entries ").append(Integer.toUnsignedString(m.maxEntries()));
        if (m.flags() != 0) {
            b.append(", flags 0x").append(Integer.toHexString(m.flags()));
        }
        return b.append('.').toString();
    }

    /** USDT and multi-probe programs need more than the section to attach: they get skeleton attach methods. */
    private static ProgRef withAttachMethods(ProgRef r, BpfObject obj) {
        ProgramSpec p = obj.programs().stream().filter(q -> q.name().equals(r.name())).findFirst().orElseThrow();
        if (p.def() == null) {
            return r;
        }
        String sec = p.sectionName();
        String prefix = p.def().pattern().replace("+", "");
        boolean target = !p.def().attachTarget(sec).isEmpty();
        SkeletonModel.AttachStyle style;
        if ((p.def().flags() & io.bpfskel.object.SectionDef.USDT) != 0) {
            style = SkeletonModel.AttachStyle.USDT;
        } else if (prefix.startsWith("uprobe.multi") || prefix.startsWith("uretprobe.multi")) {
            style = SkeletonModel.AttachStyle.UPROBE_MULTI;
        } else if (prefix.startsWith("kprobe.multi") || prefix.startsWith("kretprobe.multi")) {
            style = SkeletonModel.AttachStyle.KPROBE_MULTI;
        } else {
            return r;
        }
        String method = "attach" + Character.toUpperCase(r.javaName().charAt(0)) + r.javaName().substring(1);
        return new ProgRef(r.name(), r.javaName(), r.doc(), new SkeletonModel.AttachMethods(style, method, target));
    }

    private String progDoc(ProgramSpec p) {
        int func = btf.findByNameKind(p.name(), BtfKind.FUNC);
        String sig = func != 0 ? BtfFormat.funcDeclaration(btf, func) : null;
        return "Program {@code " + p.name() + "}:\n<pre>{@code\nSEC(\"" + (p.autoload() ? "" : "?") + p.sectionName() + "\")\n"
                + (sig != null ? sig : p.name()) + "\n}</pre>\nProgram type " + p.type().name()
                + (p.autoload() ? "" : "; not loaded unless enabled with setAutoload(true)") + ".";
    }
}
