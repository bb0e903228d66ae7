package io.bpfskel.btf;

/**
 * C syntax for single BTF types, as {@code bpftool}/libbpf's btf_dump prints declarations: for generated
 * Javadoc and for errors that name two prototypes side by side ("func_proto [L] incompatible with
 * vmlinux [K]").
 *
 * <p>Anonymous structs, unions and enums are abbreviated ({@code struct {...}}) except in a
 * {@link #definition}; use {@link BtfDump} for full, compilable headers. Names are printed as they are in
 * the BTF.
 */
public final class BtfFormat {
    private BtfFormat() {}

    /**
     * The type as it would be written in a cast: {@code struct task_struct *}, {@code const char *},
     * {@code int [16]}, {@code void (*)(int)}, {@code int (const char *)} for a FUNC_PROTO. A FUNC gives its
     * {@link #funcDeclaration}, a VAR its {@link #declaration}.
     */
    public static String typeName(Btf btf, int id) {
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Func) {
            return funcDeclaration(btf, id);
        } else if (t instanceof BtfType.Var v) {
            return declaration(btf, v.type(), v.name());
        } else if (t instanceof BtfType.DataSec d) {
            return "SEC(\"" + d.name() + "\")";
        } else if (t instanceof BtfType.DeclTag d) {
            return btf.kflag(id) ? "__attribute__((" + d.name() + "))" : "__attribute__((btf_decl_tag(\"" + d.name() + "\")))";
        }
        return declaration(btf, id, "");
    }

    /** A declaration of {@code name} with type {@code id}: {@code char comm[16]}, {@code void (*fn)(int)}. */
    public static String declaration(Btf btf, int id, String name) {
        StringBuilder sb = new StringBuilder();
        CDeclWriter.forMessages(btf, sb).emitTypeDecl(id, name == null ? "" : name, 0);
        return sb.toString();
    }

    /**
     * The definition of a struct, union or enum as {@code bpftool btf dump ... format c} prints it, ending in
     * {@code ;}: tab-indented members, anonymous member types written out in full, the explicit padding
     * ({@code long: 64;}) and attributes ({@code __attribute__((packed))}) that reproduce BTF's layout. Names
     * are kept as they are (no {@code ___2} deduplication); named member types are referenced, not expanded.
     */
    public static String definition(Btf btf, int id) {
        BtfType t = btf.type(id);
        StringBuilder sb = new StringBuilder();
        CDeclWriter w = CDeclWriter.forDefinitions(btf, sb);
        if (t instanceof BtfType.Composite) {
            w.emitStructDef(id, 0);
        } else if (t instanceof BtfType.AnyEnum) {
            w.emitEnumDef(id, 0);
        } else {
            throw new IllegalArgumentException(btf.source() + ": type " + id + " is " + t.kind()
                    + ", not a struct, union or enum");
        }
        return sb.append(';').toString();
    }

    /**
     * A FUNC as a C prototype, with parameter names where the BTF has them:
     * {@code int bpf_strlen(const char *s__ign)}, or {@code int some_kfunc___old(void *)} for the unnamed
     * parameters clang writes for extern kfuncs.
     */
    public static String funcDeclaration(Btf btf, int funcId) {
        BtfType t = btf.type(funcId);
        if (!(t instanceof BtfType.Func f)) {
            throw new IllegalArgumentException(btf.source() + ": type " + funcId + " is " + t.kind() + ", not FUNC");
        }
        return declaration(btf, f.type(), f.name());
    }
}
