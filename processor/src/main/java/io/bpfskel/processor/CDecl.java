package io.bpfskel.processor;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.object.Extern;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders C declarations from BTF, for the Javadoc of generated members: {@code const volatile __u32 target_pid},
 * {@code int (*cb)(void *)}, {@code extern int bpf_strlen___new(const char *) __ksym __weak;}, and full
 * struct/union/enum definitions. A small stand-in until {@code io.bpfskel.btf.BtfFormat} lands.
 */
final class CDecl {
    private static final String INDENT = "    ";
    private static final int MAX_DEPTH = 64;

    private final Btf btf;

    CDecl(Btf btf) {
        this.btf = btf;
    }

    /** {@code type name}, e.g. {@code char comm[16]}; anonymous structs, unions and enums abbreviated. */
    String decl(int typeId, String name) {
        return render(typeId, name, 0, false, 0);
    }

    /** The type alone, as in a cast: {@code const char *}. */
    String typeName(int typeId) {
        return render(typeId, "", 0, false, 0);
    }

    /** A struct, union or enum definition over several lines, anonymous member types expanded. */
    String definition(int typeId) {
        return render(typeId, "", 0, true, 0) + ";";
    }

    /** The extern's declaration as written in BPF C, e.g. {@code extern int CONFIG_HZ __kconfig __weak;}. */
    String externDecl(Extern e) {
        BtfType t = btf.type(e.btfId());
        String d;
        if (t instanceof BtfType.Func f) {
            d = render(f.type(), e.name(), 0, false, 0);
        } else {
            d = render(((BtfType.Var) t).type(), e.name(), 0, false, 0);
        }
        return "extern " + d + (e.kind() == Extern.Kind.KCONFIG ? " __kconfig" : " __ksym") + (e.weak() ? " __weak" : "") + ";";
    }

    /** A program's C signature from its BTF FUNC, or null when BTF has no FUNC of that name. */
    String function(String name) {
        int id = btf.findByNameKind(name, BtfKind.FUNC);
        if (id == 0) {
            return null;
        }
        return render(((BtfType.Func) btf.type(id)).type(), name, 0, false, 0);
    }

    private String render(int id, String decl, int indent, boolean expand, int depth) {
        if (depth > MAX_DEPTH) {
            return "/* ... */" + sep(decl);
        }
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Ptr p) {
            BtfKind target = btf.kind(p.type());
            String inner = "*" + decl;
            if (target == BtfKind.ARRAY || target == BtfKind.FUNC_PROTO) {
                inner = "(" + inner + ")";
            }
            return render(p.type(), inner, indent, expand, depth + 1);
        }
        if (t instanceof BtfType.Const || t instanceof BtfType.Volatile || t instanceof BtfType.Restrict) {
            String q = t instanceof BtfType.Const ? "const" : t instanceof BtfType.Volatile ? "volatile" : "restrict";
            int target = ((BtfType.Ref) t).type();
            if (btf.kind(target) == BtfKind.PTR) {
                return render(target, q + sep(decl), indent, expand, depth + 1);
            }
            return q + " " + render(target, decl, indent, expand, depth + 1);
        }
        if (t instanceof BtfType.TypeTag tt) {
            return render(tt.type(), decl, indent, expand, depth + 1);
        }
        if (t instanceof BtfType.Array a) {
            return render(a.elemType(), decl + "[" + Integer.toUnsignedString(a.nelems()) + "]", indent, expand, depth + 1);
        }
        if (t instanceof BtfType.FuncProto fp) {
            List<String> ps = new ArrayList<>();
            List<BtfType.Param> params = fp.params();
            for (int i = 0; i < params.size(); i++) {
                BtfType.Param p = params.get(i);
                if (i == params.size() - 1 && p.type() == 0 && p.name().isEmpty()) {
                    ps.add("...");
                } else {
                    ps.add(render(p.type(), p.name(), indent, false, depth + 1));
                }
            }
            String args = ps.isEmpty() ? "void" : String.join(", ", ps);
            return render(fp.returnType(), decl + "(" + args + ")", indent, expand, depth + 1);
        }
        return base(t, indent, expand, depth) + sep(decl);
    }

    private static String sep(String decl) {
        return decl.isEmpty() ? "" : " " + decl;
    }

    private String base(BtfType t, int indent, boolean expand, int depth) {
        if (t instanceof BtfType.Void) {
            return "void";
        }
        if (t instanceof BtfType.Composite c) {
            String kw = c instanceof BtfType.Union ? "union" : "struct";
            if (!c.name().isEmpty() && !(expand && depth == 0)) {
                return kw + " " + c.name();
            }
            if (!expand) {
                return kw + " {...}";
            }
            StringBuilder b = new StringBuilder(kw).append(c.name().isEmpty() ? "" : " " + c.name()).append(" {\n");
            String pad = INDENT.repeat(indent + 1);
            for (BtfType.Member m : c.members()) {
                b.append(pad).append(render(m.type(), m.name(), indent + 1, true, depth + 1));
                if (m.bitfieldSize() > 0) {
                    b.append(": ").append(m.bitfieldSize());
                }
                b.append(";\n");
            }
            return b.append(INDENT.repeat(indent)).append("}").toString();
        }
        if (t instanceof BtfType.AnyEnum e) {
            if (!e.name().isEmpty() && !(expand && depth == 0)) {
                return "enum " + e.name();
            }
            if (!expand) {
                return "enum {...}";
            }
            StringBuilder b = new StringBuilder("enum").append(e.name().isEmpty() ? "" : " " + e.name()).append(" {\n");
            String pad = INDENT.repeat(indent + 1);
            for (BtfType.EnumValue v : e.values()) {
                b.append(pad).append(v.name()).append(" = ").append(e.signed() ? Long.toString(v.value())
                        : Long.toUnsignedString(v.value())).append(",\n");
            }
            return b.append(INDENT.repeat(indent)).append("}").toString();
        }
        if (t instanceof BtfType.Fwd f) {
            return (f.union() ? "union " : "struct ") + f.name();
        }
        if (t.name().isEmpty()) {
            return "/* " + t.kind().name().toLowerCase() + " */";
        }
        return t.name();
    }
}
