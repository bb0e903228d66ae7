package io.bpfskel.processor;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfFormat;
import io.bpfskel.btf.BtfType;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.StructOpsSpec;
import io.bpfskel.processor.ModelBuilder.Problem;
import io.bpfskel.processor.SkeletonModel.Prim;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
     * @param prim for {@link DataKind#SCALAR}: the Java primitive (ints by size, unsigned ones documented)
     */
    record Data(String cName, String javaName, String cDecl, int offset, int size, DataKind kind, Prim prim,
            boolean unsigned) implements Member {}

    /** The views, or the problems (name clashes) that prevent them. */
    record Result(StructOpsModel model, List<Problem> problems) {}

    static Result build(BpfObject obj, String skeletonClass) {
        Btf btf = obj.btf();
        List<Problem> problems = new ArrayList<>();
        List<OpsView> views = new ArrayList<>();
        JavaNames.Scope accessors = new JavaNames.Scope("the StructOps group of " + skeletonClass);
        JavaNames.Scope classes = new JavaNames.Scope("the StructOps group's classes");
        classes.claim("StructOps", "the group class itself");
        classes.claim(skeletonClass, "the skeleton class");
        for (String m : JavaNames.OBJECT_METHODS) {
            accessors.claim(m, "java.lang.Object." + m + "()");
        }
        for (StructOpsSpec s : obj.structOps()) {
            String what = "struct_ops map " + s.name();
            String accessor = claim(problems, accessors, JavaNames.escapeKeyword(JavaNames.camel(s.name())), what);
            String cls = claim(problems, classes, JavaNames.upperCamel(s.name()), what + " (view class)");
            JavaNames.Scope memberNames = new JavaNames.Scope("the view of struct_ops map " + s.name());
            List<Member> members = new ArrayList<>();
            for (StructOpsSpec.Member m : s.members()) {
                String base = JavaNames.method(JavaNames.camel(m.name()), VIEW_METHODS);
                String decl = BtfFormat.declaration(btf, m.typeId(), m.name());
                String mwhat = "member " + m.name() + " of " + what;
                switch (m.kind()) {
                    case FUNC_PTR -> members.add(new Program(m.name(), claim(problems, memberNames, base, mwhat), decl,
                            m.program()));
                    case SCALAR -> {
                        if (m.bitfieldSize() != 0) {
                            continue; // the loader refuses bitfields in struct_ops maps, as libbpf
                        }
                        BtfType t = btf.type(btf.skipModsAndTypedefs(m.typeId()));
                        Prim prim = prim(t, m.size());
                        boolean unsigned = t instanceof BtfType.Int i && !i.isSigned() && !i.isBool()
                                || t instanceof BtfType.AnyEnum e && !e.signed();
                        if (prim == null) {
                            members.add(new Data(m.name(), claim(problems, memberNames, base, mwhat), decl, m.offset(),
                                    m.size(), DataKind.BYTES, null, false));
                        } else {
                            members.add(new Data(m.name(), claim(problems, memberNames, base, mwhat), decl, m.offset(),
                                    m.size(), DataKind.SCALAR, prim, unsigned));
                        }
                    }
                    case OTHER -> {
                        if (m.size() <= 0) {
                            continue;
                        }
                        String name = claim(problems, memberNames, base, mwhat);
                        boolean chars = isCharArray(btf, m.typeId());
                        if (chars) {
                            claim(problems, memberNames, base + "Bytes", mwhat + " (bytes)");
                        }
                        members.add(new Data(m.name(), name, decl, m.offset(), m.size(), chars ? DataKind.CHARS : DataKind.BYTES,
                                null, false));
                    }
                }
            }
            views.add(new OpsView(s.name(), accessor, cls, s.typeName(), s.essentialTypeName(), s.link(), s.autocreate(),
                    members));
        }
        boolean errors = problems.stream().anyMatch(p -> p.kind() == Diagnostic.Kind.ERROR);
        return new Result(errors ? null : new StructOpsModel(views), problems);
    }

    private static String claim(List<Problem> problems, JavaNames.Scope scope, String javaName, String what) {
        String prev = scope.claim(javaName, what);
        if (prev != null) {
            problems.add(new Problem(Diagnostic.Kind.ERROR, "Java name clash in " + scope.description() + ": " + prev
                    + " and " + what + " both become '" + javaName + "'; rename one of them in the BPF source"));
        }
        return javaName;
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
