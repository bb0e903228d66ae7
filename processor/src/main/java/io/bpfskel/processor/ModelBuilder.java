package io.bpfskel.processor;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfCompat;
import io.bpfskel.btf.BtfFormat;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.DataSection;
import io.bpfskel.object.Extern;
import io.bpfskel.object.MapSpec;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.Variable;
import io.bpfskel.processor.JavaNames.Wanted;
import io.bpfskel.processor.SkeletonModel.Array;
import io.bpfskel.processor.SkeletonModel.Bitfield;
import io.bpfskel.processor.SkeletonModel.BytesCodec;
import io.bpfskel.processor.SkeletonModel.Chars;
import io.bpfskel.processor.SkeletonModel.CodecRef;
import io.bpfskel.processor.SkeletonModel.Component;
import io.bpfskel.processor.SkeletonModel.EnumCodec;
import io.bpfskel.processor.SkeletonModel.EnumConstant;
import io.bpfskel.processor.SkeletonModel.EnumDecl;
import io.bpfskel.processor.SkeletonModel.EnumRef;
import io.bpfskel.processor.SkeletonModel.ExternCheck;
import io.bpfskel.processor.SkeletonModel.Field;
import io.bpfskel.processor.SkeletonModel.Flavor;
import io.bpfskel.processor.SkeletonModel.FlavorGroup;
import io.bpfskel.processor.SkeletonModel.MapAccessor;
import io.bpfskel.processor.SkeletonModel.Opaque;
import io.bpfskel.processor.SkeletonModel.Prim;
import io.bpfskel.processor.SkeletonModel.ProgramAccessor;
import io.bpfskel.processor.SkeletonModel.RecordCodec;
import io.bpfskel.processor.SkeletonModel.RecordDecl;
import io.bpfskel.processor.SkeletonModel.Scalar;
import io.bpfskel.processor.SkeletonModel.ScalarCodec;
import io.bpfskel.processor.SkeletonModel.Section;
import io.bpfskel.processor.SkeletonModel.StringCodec;
import io.bpfskel.processor.SkeletonModel.StructRef;
import io.bpfskel.processor.SkeletonModel.TypeDecl;
import io.bpfskel.processor.SkeletonModel.TypedAccessor;
import io.bpfskel.processor.SkeletonModel.TypedView;
import io.bpfskel.processor.SkeletonModel.ValueType;
import io.bpfskel.processor.SkeletonModel.View;
import io.bpfskel.skel.ViewMemory;
import io.bpfskel.uapi.MapType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.tools.Diagnostic;

/**
 * Builds and validates a {@link SkeletonModel} from a parsed object, making every naming and eligibility decision
 * (which views, records, codecs and typed accessors exist, what stays bytes, how colliding names are told apart)
 * so that the writer only renders. Problems become {@link Problem}s (warnings: renamed collisions, flavor
 * pitfalls; errors: internal invariants), never exceptions; the processor reports them on the annotation.
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
            "object", "maps", "progs", "links", "externs", "structOps");

    /** Static members of view classes. */
    static final Set<String> VIEW_RESERVED = Set.of("wrap");

    /** Field of generated enums. */
    static final Set<String> ENUM_RESERVED = Set.of("cValue");

    /** Field of the flavor enums. */
    static final Set<String> FLAVOR_RESERVED = Set.of("externName");

    /** Suffix of the record generated for a struct used as a map key or value (the view keeps the plain name). */
    static final String RECORD_SUFFIX = "Value";

    private final BpfObject obj;
    private final Btf btf;
    private final String className;
    private final List<Problem> problems = new ArrayList<>();
    private final JavaNames.Scope nested;
    /** The skeleton's fields: the writer's own, then one per section view (private: numbered when taken). */
    private final JavaNames.Scope skeletonFields = new JavaNames.Scope("fields");
    private final Map<Integer, String> typeNames = new HashMap<>();
    private final List<TypeDecl> types = new ArrayList<>();

    /**
     * Type id → C name (or typedef name) of every named type that gets a class, from a first pass; null in that
     * first pass. Naming them together (not in discovery order) keeps {@code struct foo}/{@code struct __foo}
     * stable whichever is reached first.
     */
    private final Map<Integer, String> plannedTypes;
    private final Map<Integer, String> plannedNames = new HashMap<>();
    private final Map<Integer, String> namedTypes = new LinkedHashMap<>();
    /** View class → record class (empty: not recordable). */
    private final Map<String, Optional<String>> recordNames = new HashMap<>();
    private final Map<String, String> recordCodecFields = new HashMap<>();
    private final List<RecordDecl> records = new ArrayList<>();

    private ModelBuilder(BpfObject obj, String className, Map<Integer, String> plannedTypes) {
        this.obj = obj;
        this.plannedTypes = plannedTypes;
        this.btf = obj.btf();
        this.className = className;
        this.nested = new JavaNames.Scope("nested classes of " + className);
        nested.claim(className, "the skeleton class itself");
        nested.claim("Maps", "the maps group");
        nested.claim("Progs", "the programs group");
        nested.claim("Links", "the links group");
        nested.claim("StructOps", "the struct_ops group");
        for (String f : List.of("OBJECT_RESOURCE", "OBJECT_SHA256", "BYTE_ORDER", "obj", "maps", "progs", "links")) {
            skeletonFields.claim(f, "the skeleton's field " + f);
        }
    }

    static Result build(BpfObject obj, String packageName, String className, String resource, String sha256) {
        try {
            // first pass: which named types get classes; second: name them all at once, then build for real
            ModelBuilder first = new ModelBuilder(obj, className, null);
            first.model(packageName, resource, sha256);
            ModelBuilder b = new ModelBuilder(obj, className,
                    Collections.unmodifiableMap(new LinkedHashMap<>(first.namedTypes)));
            SkeletonModel m = b.model(packageName, resource, sha256);
            return new Result(b.errors() ? null : m, List.copyOf(b.problems));
        } catch (BpfFormatException e) {
            return new Result(null, List.of(malformed(e)));
        }
    }

    /**
     * BTF is checked where it is used (a size is resolved, a member followed), so a corrupt type can first show
     * while the model is built: an error on the annotation like any other, not an exception out of javac.
     */
    static Problem malformed(BpfFormatException e) {
        return new Problem(Diagnostic.Kind.ERROR, "is not a valid BPF object: " + e.getMessage());
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

    /** Claims a fixed name in a scope; a clash (a broken invariant, not an object's doing) is an error naming both. */
    private String claim(JavaNames.Scope scope, String javaName, String what) {
        String prev = scope.claim(javaName, what);
        if (prev != null) {
            error("Java name clash in " + scope.description() + ": " + prev + " and " + what + " both become '"
                    + javaName + "'; rename one of them in the BPF source");
        }
        return javaName;
    }

    /**
     * Names the C things of one namespace ({@link JavaNames#assign}); each collision becomes a warning naming the C
     * things and the Java names they got.
     */
    private List<String> names(JavaNames.Scope scope, List<Wanted> wanted, List<UnaryOperator<String>> stems) {
        List<JavaNames.Renaming> renamings = new ArrayList<>();
        List<String> out = JavaNames.assign(scope, wanted, stems, renamings);
        for (JavaNames.Renaming r : renamings) {
            StringBuilder msg = new StringBuilder("Java name clash in ").append(scope.description()).append(": ");
            msg.append(String.join(" and ", r.members().stream().map(Wanted::what).toList()));
            if (r.takenBy() != null) {
                msg.append(r.members().size() == 1 ? " would become '" : " would all become '").append(r.firstChoice())
                        .append("', which is ").append(r.takenBy());
            } else {
                msg.append(r.members().size() == 2 ? " both become '" : " all become '").append(r.firstChoice()).append("'");
            }
            msg.append("; generated ");
            for (int i = 0; i < r.members().size(); i++) {
                msg.append(i == 0 ? "" : ", ").append('\'').append(r.names().get(i)).append("' for ")
                        .append(r.members().get(i).what());
            }
            msg.append(" (colliding names keep their runs of underscores, then their C spelling; see the naming rule "
                    + "in docs/skeleton-api.md)");
            warn(msg.toString());
        }
        return out;
    }

    /**
     * A name the generator derives from another one ({@code <map>Typed}, {@code <member>Bytes}, {@code <View>Value},
     * {@code CODEC}): {@code base}, or when something from the object already holds it, {@code base} with '_'
     * appended until free, with a warning when the name is public.
     */
    private String derived(JavaNames.Scope scope, String base, String what, boolean publicName) {
        String name = base;
        while (scope.taken(name)) {
            name += "_";
        }
        if (!name.equals(base) && publicName) {
            warn("Java name clash in " + scope.description() + ": " + what + " would be '" + base + "', which is "
                    + scope.owner(base) + "; generated '" + name + "' for " + what);
        }
        scope.claim(name, what);
        return name;
    }

    private SkeletonModel model(String packageName, String resource, String sha256) {
        JavaNames.Scope methods = new JavaNames.Scope(className);
        for (String m : SKELETON_METHODS) {
            methods.claim(m, "the skeleton method " + m + "()");
        }
        for (String m : JavaNames.OBJECT_METHODS) {
            methods.claim(m, "java.lang.Object." + m + "()");
        }

        List<DataSection> viewed = new ArrayList<>();
        for (DataSection d : obj.dataSections()) {
            if (d.variables().stream().anyMatch(ModelBuilder::exposed)) {
                viewed.add(d); // bpftool: only mmapable sections (with a non-static variable) get a view
            }
        }
        List<Extern> kconfigs = obj.externs().stream().filter(e -> e.kind() == Extern.Kind.KCONFIG).toList();
        List<Extern> ksymExterns = obj.externs().stream().filter(Extern::isKsym).toList();
        Map<String, List<Extern>> groups = new LinkedHashMap<>();
        for (Extern e : ksymExterns) {
            if (e.kind() == Extern.Kind.KFUNC) {
                groups.computeIfAbsent(e.essentialName(), k -> new ArrayList<>()).add(e);
            } else if (e.hasFlavor()) {
                warn("ksym variable '" + e.name() + "' has a flavor suffix, but libbpf looks ksym variables up by their "
                        + "full name: the kernel is searched for '" + e.name() + "', not '" + e.essentialName()
                        + "' (flavors work only for kfuncs)");
            }
        }
        List<String> flavored = groups.entrySet().stream().filter(g -> g.getValue().stream().anyMatch(Extern::hasFlavor))
                .map(Map.Entry::getKey).toList();

        // The skeleton's own methods: section accessors, has<Extern>(), <kfunc>Flavors().
        List<Wanted> wantedMethods = new ArrayList<>();
        for (DataSection d : viewed) {
            wantedMethods.add(new Wanted(d.name(), "section " + d.name() + " (accessor)", ModelBuilder::escaped));
        }
        if (!kconfigs.isEmpty()) {
            wantedMethods.add(new Wanted(".kconfig", "section .kconfig (accessor)", ModelBuilder::escaped));
        }
        for (Extern e : ksymExterns) {
            wantedMethods.add(new Wanted(e.name(), "extern '" + e.name() + "'", st -> "has" + JavaNames.upperFirst(st)));
        }
        for (String essential : flavored) {
            wantedMethods.add(new Wanted(essential, "the flavors of kfunc '" + essential + "'", st -> st + "Flavors"));
        }
        List<String> methodNames = names(methods, wantedMethods, JavaNames.MEMBER_STEMS);

        // Nested classes the skeleton defines for the object: section views and flavor enums, then BTF types.
        List<Wanted> wantedClasses = new ArrayList<>();
        for (DataSection d : viewed) {
            wantedClasses.add(new Wanted(d.name(), "section " + d.name() + " (view class)", st -> st));
        }
        if (!kconfigs.isEmpty()) {
            wantedClasses.add(new Wanted(".kconfig", "section .kconfig (view class)", st -> st));
        }
        for (String essential : flavored) {
            wantedClasses.add(new Wanted(essential, "the flavor enum of kfunc '" + essential + "'", st -> st + "Flavor"));
        }
        List<String> classNames = names(nested, wantedClasses, JavaNames.CLASS_STEMS);
        if (plannedTypes != null) {
            List<Integer> ids = plannedTypes.keySet().stream().sorted().toList(); // BTF (declaration) order
            List<Wanted> wantedTypes = ids.stream().map(id -> new Wanted(plannedTypes.get(id), describe(id), st -> st))
                    .toList();
            List<String> typeClassNames = names(nested, wantedTypes, JavaNames.CLASS_STEMS);
            for (int i = 0; i < ids.size(); i++) {
                plannedNames.put(ids.get(i), typeClassNames.get(i));
            }
        }

        int mi = 0;
        int ci = 0;
        record PendingSection(DataSection data, String accessor, String cls, ViewMemory.Access access) {}
        List<PendingSection> pending = new ArrayList<>();
        for (DataSection d : viewed) {
            ViewMemory.Access access = d.kind() == MapSpec.Kind.RODATA ? ViewMemory.Access.WRITE_BEFORE_LOAD
                    : ViewMemory.Access.READ_WRITE;
            pending.add(new PendingSection(d, methodNames.get(mi++), classNames.get(ci++), access));
        }
        String kconfigAccessor = kconfigs.isEmpty() ? null : methodNames.get(mi++);
        String kconfigClass = kconfigs.isEmpty() ? null : classNames.get(ci++);
        List<ExternCheck> externChecks = new ArrayList<>();
        for (Extern e : ksymExterns) {
            externChecks.add(new ExternCheck(e.name(), methodNames.get(mi++), ksymDoc(e)));
        }
        List<FlavorGroup> flavorGroups = new ArrayList<>();
        for (String essential : flavored) {
            flavorGroups.add(flavorGroup(essential, groups.get(essential), classNames.get(ci++), methodNames.get(mi++)));
        }

        List<ProgramAccessor> progs = new ArrayList<>();
        JavaNames.Scope progScope = new JavaNames.Scope("the programs of " + className);
        List<String> progNames = names(progScope, obj.programs().stream()
                .map(p -> new Wanted(p.name(), "program '" + p.name() + "'", ModelBuilder::escaped)).toList(),
                JavaNames.MEMBER_STEMS);
        for (int i = 0; i < obj.programs().size(); i++) {
            ProgramSpec p = obj.programs().get(i);
            progs.add(new ProgramAccessor(p.name(), progNames.get(i), progDoc(p)));
        }

        List<Section> sections = new ArrayList<>();
        for (PendingSection p : pending) {
            sections.add(section(p.data(), p.accessor(), p.cls(), p.access()));
        }
        if (!kconfigs.isEmpty()) {
            sections.add(kconfigSection(kconfigs, kconfigAccessor, kconfigClass));
        }

        // after the sections, so that their types keep coming first
        JavaNames.Scope mapScope = new JavaNames.Scope("the maps of " + className);
        List<String> mapNames = names(mapScope, obj.maps().stream()
                .map(m -> new Wanted(m.name(), "map '" + m.name() + "'", ModelBuilder::escaped)).toList(),
                JavaNames.MEMBER_STEMS);
        List<PendingTyped> typed = new ArrayList<>();
        for (MapSpec m : obj.maps()) {
            typed.add(pendingTyped(m));
        }
        // all types are known now: record and accessor names cannot take a view's name
        List<MapAccessor> maps = new ArrayList<>();
        for (int i = 0; i < obj.maps().size(); i++) {
            MapSpec m = obj.maps().get(i);
            PendingTyped t = typed.get(i);
            TypedAccessor access = null;
            if (t != null) {
                String jn = derived(mapScope, unescaped(mapNames.get(i), m.name()) + "Typed", "the typed accessor of map '"
                        + m.name() + "'", true);
                CodecRef value = codecRef(t.value(), m.valueSize());
                CodecRef key = t.key() == null ? null : codecRef(t.key(), m.keySize());
                String lambda = locals().unique("v", "lambda parameter");
                access = new TypedAccessor(jn, t.view(), key, m.keySize(), value, m.valueSize(), lambda);
            }
            maps.add(new MapAccessor(m.name(), mapNames.get(i), mapDoc(m), access));
        }
        progs.replaceAll(r -> withAttachMethods(r, obj));
        String classDoc = "Typed skeleton of the BPF object {@code " + resource + "}: " + obj.programs().size()
                + " program(s), " + obj.maps().size() + " map(s), " + obj.externs().size() + " extern(s).";
        return new SkeletonModel(packageName, className, resource, sha256, obj.elf().byteOrder(), obj.name(), classDoc,
                maps, progs, sections, externChecks, flavorGroups, List.copyOf(types), List.copyOf(records));
    }

    /**
     * The base of a derived name: without the '_' that {@link #escaped} added ({@code class_} → {@code classTyped},
     * not {@code class_Typed}).
     */
    private static String unescaped(String javaName, String cName) {
        String s = javaName;
        while (s.endsWith("_") && s.length() > 1 && !cName.endsWith("_")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** A method or field name: keywords and methods of Object get a trailing '_'. */
    private static String escaped(String stem) {
        return JavaNames.escaped(stem, Set.of());
    }

    /** "struct foo", "enum bar", "typedef baz" for a type planned to get a class. */
    private String describe(int id) {
        BtfType t = btf.type(id);
        String kind = t instanceof BtfType.Union ? "union" : t instanceof BtfType.Composite ? "struct"
                : t instanceof BtfType.AnyEnum ? "enum" : "type";
        return t.name().isEmpty() ? "typedef '" + plannedTypes.get(id) + "' (anonymous " + kind + ")"
                : kind + " '" + t.name() + "'";
    }

    /** A scope for the parameters and locals of one generated method, holding the nested classes' names too. */
    private JavaNames.Scope locals() {
        JavaNames.Scope s = new JavaNames.Scope("locals");
        for (String n : nested.names()) {
            s.claim(n, "nested class " + n);
        }
        return s;
    }

    /** bpftool skips static variables (and function-local statics, named {@code func.var}). */
    private static boolean exposed(Variable v) {
        return !v.isStatic() && !v.name().contains(".");
    }

    // ------------------------------------------------------------------ sections

    private Section section(DataSection d, String accessor, String cls, ViewMemory.Access access) {
        JavaNames.Scope scope = new JavaNames.Scope("section " + d.name());
        List<PendingField> pending = new ArrayList<>();
        for (Variable v : d.variables()) {
            if (!exposed(v)) {
                continue;
            }
            String where = "section {@code " + d.name() + "}, offset " + v.offset() + ", size " + v.size();
            pending.add(pendingField(v.name(), "variable", v.typeId(), v.offset() * 8, 0, cls,
                    BtfFormat.declaration(btf, v.typeId(), v.name()), where));
        }
        List<Field> fields = fields(scope, pending, Set.of());
        String doc = switch (access) {
            case READ_WRITE -> "Section {@code " + d.name() + "} (" + d.size() + " bytes): readable and writable before "
                    + "and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.";
            case WRITE_BEFORE_LOAD -> "Section {@code " + d.name() + "} (" + d.size() + " bytes): writable only before "
                    + "{@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), "
                    + "readable any time.";
            case READ_AFTER_LOAD -> "";
        };
        return new Section(d.name(), accessor, skeletonFields.unique(accessor, "section " + d.name()), cls, access, doc,
                fields);
    }

    private Section kconfigSection(List<Extern> kconfigs, String accessor, String cls) {
        JavaNames.Scope scope = new JavaNames.Scope("section .kconfig");
        List<PendingField> pending = new ArrayList<>();
        for (Extern e : kconfigs) {
            Extern.Kconfig k = e.kconfig();
            String where = "section {@code .kconfig}, offset " + k.offset() + ", size " + k.size()
                    + " (libbpf's sorted layout)";
            String decl = externDecl(btf, e);
            decl = decl.substring(0, decl.length() - 1); // the writer adds ';'
            pending.add(pendingField(e.name(), "kconfig extern", e.typeId(), k.offset() * 8, 0, cls, decl, where));
        }
        List<Field> fields = fields(scope, pending, Set.of());
        int size = obj.kconfigSize();
        String doc = "Section {@code .kconfig} (" + size + " bytes): the kconfig externs, filled by the loader from the "
                + "running kernel (and {@code BpfOpenOptions.kconfig}). Readable only after {@code load()}: before, every "
                + "accessor throws {@link IllegalStateException}. Read-only.";
        return new Section(".kconfig", accessor, skeletonFields.unique(accessor, "section .kconfig"), cls,
                ViewMemory.Access.READ_AFTER_LOAD, doc, fields);
    }

    /** A variable or member with an accessor, before its Java name is decided. */
    private record PendingField(String cName, String what, ValueType type, int offset, String cDecl, String where) {}

    /**
     * The accessor of one variable or member, or null when it gets none (flexible arrays, functions, bitfields
     * wider than an 8-byte window).
     *
     * @param bitOffset offset in bits from the start of the enclosing section or struct
     * @param owner the enclosing view class: anonymous types are named after it
     */
    private PendingField pendingField(String cName, String what, int typeId, long bitOffset, int bitfieldSize,
            String owner, String cDecl, String where) {
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
                return null;
            }
            int byteOff = (int) (bitOffset / 8);
            int bitInByte = (int) (bitOffset % 8);
            if (bitInByte + bitfieldSize > 64) {
                return null; // not expressible in one 8-byte window; no accessor
            }
            Prim prim = bitfieldSize == 1 && t instanceof BtfType.Int i && i.isBool() ? Prim.BOOLEAN : primOfSize(size);
            return new PendingField(cName, what, new Bitfield(prim, bitInByte, bitfieldSize, signed), byteOff, cDecl,
                    where);
        }
        ValueType vt = valueType(typeId, owner + JavaNames.upperCamel(cName));
        return vt == null ? null : new PendingField(cName, what, vt, (int) (bitOffset / 8), cDecl, where);
    }

    /** Names the accessors of one view together, then the {@code byte[]} accessors of char arrays. */
    private List<Field> fields(JavaNames.Scope scope, List<PendingField> all, Set<String> reserved) {
        List<PendingField> pending = all.stream().filter(Objects::nonNull).toList();
        List<String> names = names(scope, pending.stream()
                .map(p -> new Wanted(p.cName(), p.what() + " '" + p.cName() + "'", st -> JavaNames.escaped(st, reserved)))
                .toList(), JavaNames.MEMBER_STEMS);
        List<Field> out = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            PendingField p = pending.get(i);
            String bytes = containsChars(p.type()) ? derived(scope, unescaped(names.get(i), p.cName()) + "Bytes",
                    "the byte[] accessor of "
                    + p.what() + " '" + p.cName() + "'", true) : null;
            out.add(new Field(p.cName(), names.get(i), bytes, p.offset(), p.type(), p.cDecl(), p.where()));
        }
        return out;
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
        String planned = plannedNames.get(id);
        if (planned != null) {
            return planned; // named and claimed with all other named types
        }
        String cn = btf.name(id);
        String cName = !cn.isEmpty() ? cn : typedefName;
        if (cName != null) {
            namedTypes.put(id, cName);
        }
        String base = cName != null ? JavaNames.upperCamel(cName) : anonName;
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
        List<PendingField> pending = new ArrayList<>();
        addMembers(pending, comp, 0, cls, cTitle);
        List<Field> fields = fields(scope, pending, VIEW_RESERVED);
        String doc = "View of {@code " + cTitle + "} (" + comp.size() + " bytes):\n<pre>{@code\n" + BtfFormat.definition(btf, id)
                + "\n}</pre>";
        types.set(index, new View(cls, comp.size(), doc, fields));
        return cls;
    }

    private void addMembers(List<PendingField> out, BtfType.Composite comp, long baseBits, String owner,
            String cTitle) {
        for (BtfType.Member m : comp.members()) {
            long bits = baseBits + Integer.toUnsignedLong(m.bitOffset());
            if (m.name().isEmpty()) {
                BtfType inner = btf.type(btf.skipModsAndTypedefs(m.type()));
                if (inner instanceof BtfType.Composite ic) {
                    addMembers(out, ic, bits, owner, cTitle); // C11 anonymous member: flattened
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
            out.add(pendingField(m.name(), "member", m.type(), bits, m.bitfieldSize(), owner, decl, where));
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
        List<String> names = names(scope, e.values().stream().map(v -> new Wanted(v.name(), "enumerator '" + v.name()
                + "'", st -> JavaNames.escaped(st, ENUM_RESERVED))).toList(), List.of(JavaNames::constant));
        for (int i = 0; i < e.values().size(); i++) {
            BtfType.EnumValue v = e.values().get(i);
            String value = e.signed() ? Long.toString(v.value()) : Long.toUnsignedString(v.value());
            constants.add(new EnumConstant(names.get(i), v.name(), v.value(), "{@code " + v.name() + " = " + value + "}"));
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

    private FlavorGroup flavorGroup(String essential, List<Extern> members, String enumName, String method) {
        JavaNames.Scope scope = new JavaNames.Scope("the flavors of kfunc '" + essential + "'");
        for (Extern e : members) {
            if (!e.hasFlavor()) {
                claim(scope, "UNFLAVORED", "extern '" + e.name() + "'");
            }
        }
        List<Extern> flavoredMembers = members.stream().filter(Extern::hasFlavor).toList();
        List<String> constants = names(scope, flavoredMembers.stream().map(e -> new Wanted(
                e.name().substring(essential.length() + 3), "extern '" + e.name() + "'",
                st -> JavaNames.escaped(st, FLAVOR_RESERVED))).toList(),
                List.of(f -> JavaNames.constant(f.toUpperCase(Locale.ROOT)), JavaNames::constant));
        List<Flavor> flavors = new ArrayList<>();
        for (Extern e : members) {
            String constant = e.hasFlavor() ? constants.get(flavoredMembers.indexOf(e)) : "UNFLAVORED";
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

    /** A map's typed view and the Java mappings of its key (null for keyless kinds) and value. */
    private record PendingTyped(TypedView view, ValueType key, ValueType value) {}

    /**
     * The typed view of a map with BTF key/value types, or null: internal maps, maps without BTF types and kinds
     * whose values are not plain data (ring buffers, perf arrays, map-in-map, prog arrays, ...) keep only the plain
     * accessor.
     */
    private PendingTyped pendingTyped(MapSpec m) {
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
        return new PendingTyped(view, key, value);
    }

    /** How a value of type {@code t}, {@code size} bytes, is encoded; structs become records where they can. */
    private CodecRef codecRef(ValueType t, int size) {
        if (t instanceof Scalar sc) {
            return new ScalarCodec(sc.prim(), sc.unsigned(), sc.pointer());
        }
        if (t instanceof Chars c) {
            return new StringCodec(c.length());
        }
        if (t instanceof EnumRef e && (e.size() == 1 || e.size() == 2 || e.size() == 4 || e.size() == 8)) {
            return new EnumCodec(e.className(), primOfSize(e.size()), !e.signed());
        }
        if (t instanceof StructRef st) {
            String rec = record(st.className());
            return rec != null ? new RecordCodec(rec, recordCodecFields.get(rec)) : new BytesCodec(size, st.className());
        }
        return new BytesCodec(size, null);
    }

    private View viewOf(String className) {
        for (TypeDecl d : types) {
            if (d instanceof View v && v.className().equals(className)) {
                return v;
            }
        }
        throw new IllegalStateException("no view " + className);
    }

    private int fieldSize(ValueType t) {
        if (t instanceof Scalar sc) {
            return switch (sc.prim()) {
                case BOOLEAN, BYTE -> 1;
                case SHORT -> 2;
                case INT, FLOAT -> 4;
                case LONG, DOUBLE -> 8;
            };
        }
        if (t instanceof Chars c) {
            return c.length();
        }
        if (t instanceof Array a) {
            return a.length() * a.stride();
        }
        if (t instanceof Opaque o) {
            return o.size();
        }
        if (t instanceof EnumRef e) {
            return e.size();
        }
        if (t instanceof StructRef st) {
            return viewOf(st.className()).size();
        }
        return -1;
    }

    /**
     * Whether a struct becomes a record: no bitfields, no overlapping members (unions stay bytes) and nested
     * structs recordable too.
     */
    private boolean recordable(View v) {
        return recordable(v, new HashSet<>());
    }

    /**
     * @param enclosing the views this check is inside of: BTF can say that a struct holds itself by value (no C
     *     compiler emits that, a corrupt object can), which no record can hold either
     */
    private boolean recordable(View v, Set<String> enclosing) {
        if (v.fields().isEmpty() || !enclosing.add(v.className())) {
            return false;
        }
        int end = 0;
        for (Field f : v.fields().stream().sorted(Comparator.comparingInt(Field::offset)).toList()) {
            if (f.type() instanceof Bitfield) {
                return false;
            }
            if (f.type() instanceof StructRef st && !recordable(viewOf(st.className()), enclosing)) {
                return false;
            }
            int size = fieldSize(f.type());
            if (size <= 0 || f.offset() < end) {
                return false;
            }
            end = f.offset() + size;
        }
        enclosing.remove(v.className()); // a path, not a visited set: two members of one struct type are fine
        return end <= v.size();
    }

    /**
     * The record of a struct view, made on first use (records of nested structs first), or null when the struct
     * cannot be one. The record's class name is the view's plus {@code Value}; its codec field is {@code CODEC};
     * both move aside (trailing '_') for names the object already uses, with a warning.
     */
    private String record(String viewClass) {
        Optional<String> known = recordNames.get(viewClass);
        if (known != null) {
            return known.orElse(null);
        }
        View v = viewOf(viewClass);
        if (!recordable(v)) {
            recordNames.put(viewClass, Optional.empty());
            return null;
        }
        String cls = derived(nested, viewClass + RECORD_SUFFIX, "the record of view " + viewClass, true);
        recordNames.put(viewClass, Optional.of(cls));
        List<Component> components = new ArrayList<>();
        JavaNames.Scope members = new JavaNames.Scope("record " + cls);
        for (String m : JavaNames.OBJECT_METHODS) {
            members.claim(m, "java.lang.Object." + m + "()");
        }
        for (Field f : v.fields()) {
            members.claim(f.javaName(), "member '" + f.cName() + "'");
            int size = fieldSize(f.type());
            if (f.type() instanceof Scalar sc) {
                components.add(new Component(f.javaName(), f.offset(), size, sc, null));
            } else {
                components.add(new Component(f.javaName(), f.offset(), size, null, codecRef(f.type(), size)));
            }
        }
        String codec = derived(members, "CODEC", "the codec of record " + cls, true);
        recordCodecFields.put(cls, codec);
        String encode = derived(members, "encode", "the encoder of record " + cls, false);
        String decode = derived(members, "decode", "the decoder of record " + cls, false);
        JavaNames.Scope locals = locals();
        String value = locals.unique("v", "the value being encoded");
        String buffer = locals.unique("b", "the buffer");
        String position = locals.unique("p", "the buffer's position");
        String lambda = locals.unique("v", "lambda parameter");
        records.add(new RecordDecl(cls, viewClass, v.size(), components, codec, encode, decode, value, buffer, position,
                lambda));
        return cls;
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
    private static ProgramAccessor withAttachMethods(ProgramAccessor r, BpfObject obj) {
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
        return new ProgramAccessor(r.name(), r.javaName(), r.doc(), new SkeletonModel.AttachMethods(style, method, target));
    }

    private String progDoc(ProgramSpec p) {
        int func = btf.findByNameKind(p.name(), BtfKind.FUNC);
        String sig = func != 0 ? BtfFormat.funcDeclaration(btf, func) : null;
        return "Program {@code " + p.name() + "}:\n<pre>{@code\nSEC(\"" + (p.autoload() ? "" : "?") + p.sectionName() + "\")\n"
                + (sig != null ? sig : p.name()) + "\n}</pre>\nProgram type " + p.type().name()
                + (p.autoload() ? "" : "; not loaded unless enabled with setAutoload(true)") + ".";
    }
}
