package io.bpfskel.processor;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfFormat;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.StructOpsSpec;
import io.bpfskel.processor.JavaNames.Wanted;
import io.bpfskel.processor.ModelBuilder.Problem;
import io.bpfskel.processor.SkeletonModel.Prim;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.tools.Diagnostic;

/**
 * The typed view of each struct_ops map, built beside {@link SkeletonModel}: the Java side of libbpf's skeleton
 * "shadow types" ({@code struct <obj>__<map>__<type>}). Function-pointer members become program handles,
 * integer/enum/float members typed fields, {@code char[]} members strings, anything else bytes.
 *
 * @param views one per struct_ops map, in object order
 */
record StructOpsModel(List<OpsView> views) {
    /** Methods of every view class; members with these names get a trailing {@code _}. */
    static final Set<String> VIEW_METHODS = Set.of("handle", "attach", "link");

    /**
     * @param accessor the method of the {@code StructOps} group returning the view
     * @param className the view class, nested in the group
     */
    record OpsView(String map, String accessor, String className, String typeName, String kernelTypeName,
            boolean link, boolean autocreate, List<Member> members) {}

    /** A member of the struct in the object's layout. */
    sealed interface Member permits Program, Data {
        String cName();

        String javaName();

        /** The member's C declaration, e.g. {@code void (*cong_avoid)(struct sock *, __u32, __u32)}. */
        String cDecl();
    }

    /** A function pointer: the program it points at ({@code initial}, or null). */
    record Program(String cName, String javaName, String cDecl, String initial) implements Member {}

    /** How a data member is read and written. */
    enum DataKind { SCALAR, CHARS, BYTES }

    /**
     * A data member at {@code offset} of the struct.
     *
     * @param bytesName for {@link DataKind#CHARS}: the name of the {@code byte[]} accessors ({@code <javaName>Bytes})
     * @param prim for {@link DataKind#SCALAR}: the Java primitive (ints by size, unsigned ones documented)
     */
    record Data(String cName, String javaName, String bytesName, String cDecl, int offset, int size, DataKind kind,
            Prim prim, boolean unsigned) implements Member {}

    /** The views, or the problems (name clashes) that prevent them. */
    record Result(StructOpsModel model, List<Problem> problems) {}

    static Result build(BpfObject obj, String skeletonClass) {
        try {
            return buildChecked(obj, skeletonClass);
        } catch (BpfFormatException e) {
            return new Result(null, List.of(ModelBuilder.malformed(e)));
        }
    }

    private static Result buildChecked(BpfObject obj, String skeletonClass) {
        Btf btf = obj.btf();
        List<Problem> problems = new ArrayList<>();
        JavaNames.Scope accessors = new JavaNames.Scope("the StructOps group of " + skeletonClass);
        JavaNames.Scope classes = new JavaNames.Scope("the StructOps group's classes");
        classes.claim("StructOps", "the group class itself");
        classes.claim(skeletonClass, "the skeleton class");
        for (String m : JavaNames.OBJECT_METHODS) {
            accessors.claim(m, "java.lang.Object." + m + "()");
        }
        List<StructOpsSpec> specs = obj.structOps();
        List<Wanted> mapNames = specs.stream()
                .map(s -> new Wanted(s.name(), "struct_ops map '" + s.name() + "'", n -> JavaNames.escaped(n, Set.of()))).toList();
        List<String> accessorNames = names(problems, accessors, mapNames, JavaNames.MEMBER_STEMS);
        List<String> classNames = names(problems, classes, specs.stream()
                .map(s -> new Wanted(s.name(), "struct_ops map '" + s.name() + "' (view class)", UnaryOperator.identity()))
                .toList(), JavaNames.CLASS_STEMS);
        List<OpsView> views = new ArrayList<>();
        for (int k = 0; k < specs.size(); k++) {
            StructOpsSpec s = specs.get(k);
            JavaNames.Scope scope = new JavaNames.Scope("the view of struct_ops map " + s.name());
            for (String m : VIEW_METHODS) {
                scope.claim(m, "the view's method " + m + "()");
            }
            for (String m : JavaNames.OBJECT_METHODS) {
                scope.claim(m, "java.lang.Object." + m + "()");
            }
            // bitfields get no accessor: the loader refuses them, as libbpf
            List<StructOpsSpec.Member> exposed = s.members().stream()
                    .filter(m -> m.bitfieldSize() == 0 && (m.kind() == StructOpsSpec.Kind.FUNC_PTR || m.size() > 0)).toList();
            List<String> memberNames = names(problems, scope, exposed.stream().map(m -> new Wanted(m.name(),
                    "member '" + m.name() + "'", n -> JavaNames.escaped(n, Set.of()))).toList(), JavaNames.MEMBER_STEMS);
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < exposed.size(); i++) {
                StructOpsSpec.Member m = exposed.get(i);
                String name = memberNames.get(i);
                String decl = BtfFormat.declaration(btf, m.typeId(), m.name());
                switch (m.kind()) {
                    case FUNC_PTR -> members.add(new Program(m.name(), name, decl, m.program()));
                    case SCALAR -> {
                        BtfType t = btf.type(btf.skipModsAndTypedefs(m.typeId()));
                        Prim prim = prim(t, m.size());
                        boolean unsigned = t instanceof BtfType.Int it && !it.isSigned() && !it.isBool()
                                || t instanceof BtfType.AnyEnum e && !e.signed();
                        members.add(new Data(m.name(), name, null, decl, m.offset(), m.size(),
                                prim == null ? DataKind.BYTES : DataKind.SCALAR, prim, unsigned));
                    }
                    case OTHER -> {
                        boolean chars = isCharArray(btf, m.typeId());
                        String bytesName = chars ? derived(problems, scope, unescaped(name, m.name()) + "Bytes",
                                "member '" + m.name() + "' (bytes)") : null;
                        members.add(new Data(m.name(), name, bytesName, decl, m.offset(), m.size(),
                                chars ? DataKind.CHARS : DataKind.BYTES, null, false));
                    }
                }
            }
            views.add(new OpsView(s.name(), accessorNames.get(k), classNames.get(k), s.typeName(), s.essentialTypeName(),
                    s.link(), s.autocreate(), members));
        }
        boolean errors = problems.stream().anyMatch(p -> p.kind() == Diagnostic.Kind.ERROR);
        return new Result(errors ? null : new StructOpsModel(views), problems);
    }

    /** {@link JavaNames#assign} with a warning per collision, as the rest of the skeleton (docs/skeleton-api.md). */
    private static List<String> names(List<Problem> problems, JavaNames.Scope scope, List<Wanted> wanted,
            List<UnaryOperator<String>> stems) {
        List<JavaNames.Renaming> renamings = new ArrayList<>();
        List<String> out = JavaNames.assign(scope, wanted, stems, renamings);
        for (JavaNames.Renaming r : renamings) {
            StringBuilder msg = new StringBuilder("Java name clash in ").append(scope.description()).append(": ")
                    .append(String.join(" and ", r.members().stream().map(Wanted::what).toList()))
                    .append(r.takenBy() != null ? " would become '" + r.firstChoice() + "', which is " + r.takenBy()
                            : " all become '" + r.firstChoice() + "'")
                    .append("; generated ");
            for (int i = 0; i < r.members().size(); i++) {
                msg.append(i == 0 ? "" : ", ").append('\'').append(r.names().get(i)).append("' for ")
                        .append(r.members().get(i).what());
            }
            problems.add(new Problem(Diagnostic.Kind.WARNING, msg.append(" (see the naming rule in docs/skeleton-api.md)")
                    .toString()));
        }
        return out;
    }

    /** The name without the '_' that escaped it ({@code class_} → {@code class}), as the skeleton's derived names. */
    private static String unescaped(String javaName, String cName) {
        String s = javaName;
        while (s.endsWith("_") && s.length() > 1 && !cName.endsWith("_")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** A derived name ({@code <member>Bytes}): itself, or with '_' appended while the object holds it, warned. */
    private static String derived(List<Problem> problems, JavaNames.Scope scope, String base, String what) {
        String name = base;
        while (scope.taken(name)) {
            name += "_";
        }
        if (!name.equals(base)) {
            problems.add(new Problem(Diagnostic.Kind.WARNING, "Java name clash in " + scope.description() + ": '" + base
                    + "' for " + what + " is " + scope.owner(base) + "; generated '" + name + "'"));
        }
        scope.claim(name, what);
        return name;
    }

    private static Prim prim(BtfType t, int size) {
        if (t instanceof BtfType.Int i && i.isBool() && size == 1) {
            return Prim.BOOLEAN;
        }
        if (t instanceof BtfType.Float) {
            return size == 4 ? Prim.FLOAT : size == 8 ? Prim.DOUBLE : null;
        }
        return switch (size) {
            case 1 -> Prim.BYTE;
            case 2 -> Prim.SHORT;
            case 4 -> Prim.INT;
            case 8 -> Prim.LONG;
            default -> null;
        };
    }

    private static boolean isCharArray(Btf btf, int typeId) {
        if (!(btf.type(btf.skipModsAndTypedefs(typeId)) instanceof BtfType.Array a)) {
            return false;
        }
        return btf.type(btf.skipModsAndTypedefs(a.elemType())) instanceof BtfType.Int i && i.size() == 1 && a.nelems() > 0;
    }
}
