package io.bpfskel.btf;

import io.bpfskel.error.BpfFormatException;

/**
 * libbpf's {@code bpf_core_types_are_compat} ({@code __bpf_core_types_are_compat} in {@code relo_core.c}),
 * the loose check libbpf runs between a BPF object's kfunc/ksym types and the kernel's before resolving
 * an extern. It is reproduced rule for rule, including its looseness (names, members, sizes, signedness
 * and array lengths are never compared), because which kfunc {@code ___flavors} resolve on a given kernel
 * depends on exactly these rules.
 *
 * <p>Return convention as in libbpf: 1 compatible, 0 incompatible, negative (-EINVAL) on malformed input
 * or when the depth limits are hit; callers treat anything {@code <= 0} as incompatible.
 */
public final class BtfCompat {
    /** libbpf's recursion budget for nested FUNC_PROTO parameters ({@code bpf_core_types_are_compat}). */
    public static final int LIBBPF_LEVEL = 32;
    /** The kernel's own copy uses {@code MAX_TYPES_ARE_COMPAT_DEPTH} = 2. */
    public static final int KERNEL_LEVEL = 2;
    public static final int EINVAL = -22;
    /** Per-call budget of pointer/array/return-type hops, the {@code depth = 32} in libbpf. */
    private static final int MAX_DEPTH = 32;
    /** Modifier/typedef chain bound; libbpf has none and would spin forever on a cyclic chain. */
    private static final int MAX_SKIP = 32;

    private BtfCompat() {}

    /** {@code bpf_core_types_are_compat(local, localId, target, targetId)}: level 32. */
    public static int typesAreCompat(Btf local, int localId, Btf target, int targetId) {
        return typesAreCompat(local, localId, target, targetId, LIBBPF_LEVEL);
    }

    /** {@code __bpf_core_types_are_compat} with an explicit parameter-nesting {@code level}. */
    public static int typesAreCompat(Btf local, int localId, Btf target, int targetId, int level) {
        try {
            return compat(local, localId, target, targetId, level);
        } catch (BpfFormatException e) {
            // A dangling reference in either BTF: libbpf would see a NULL type and return -EINVAL (or crash).
            return EINVAL;
        }
    }

    /** True only when {@link #typesAreCompat(Btf, int, Btf, int)} returns a positive value. */
    public static boolean isCompatible(Btf local, int localId, Btf target, int targetId) {
        return typesAreCompat(local, localId, target, targetId) > 0;
    }

    private static int compat(Btf l, int lid, Btf t, int tid, int level) {
        if (!validId(l, lid) || !validId(t, tid)) {
            return EINVAL;
        }
        // Raw kinds, before skipping: a typedef'd local against a bare target type is already a mismatch.
        if (!kindCompat(l.kind(lid), t.kind(tid))) {
            return 0;
        }
        int depth = MAX_DEPTH;
        while (true) {
            if (--depth < 0) {
                return EINVAL;
            }
            lid = skip(l, lid);
            tid = skip(t, tid);
            if (lid < 0 || tid < 0) {
                return EINVAL;
            }
            BtfKind lk = l.kind(lid);
            if (!kindCompat(lk, t.kind(tid))) {
                return 0;
            }
            switch (lk) {
                case UNKN, STRUCT, UNION, ENUM, ENUM64, FWD:
                    return 1;
                case INT:
                    return ((BtfType.Int) l.type(lid)).bitOffset() == 0 && ((BtfType.Int) t.type(tid)).bitOffset() == 0 ? 1 : 0;
                case PTR:
                    lid = ((BtfType.Ptr) l.type(lid)).type();
                    tid = ((BtfType.Ptr) t.type(tid)).type();
                    continue;
                case ARRAY:
                    lid = ((BtfType.Array) l.type(lid)).elemType();
                    tid = ((BtfType.Array) t.type(tid)).elemType();
                    continue;
                case FUNC_PROTO: {
                    BtfType.FuncProto lp = (BtfType.FuncProto) l.type(lid);
                    BtfType.FuncProto tp = (BtfType.FuncProto) t.type(tid);
                    if (lp.params().size() != tp.params().size()) {
                        return 0;
                    }
                    for (int i = 0; i < lp.params().size(); i++) {
                        if (level <= 0) {
                            return EINVAL;
                        }
                        int pl = skip(l, lp.params().get(i).type());
                        int pt = skip(t, tp.params().get(i).type());
                        if (pl < 0 || pt < 0) {
                            return EINVAL;
                        }
                        int r = compat(l, pl, t, pt, level - 1);
                        if (r <= 0) {
                            return r;
                        }
                    }
                    lid = lp.returnType();
                    tid = tp.returnType();
                    continue;
                }
                default:
                    // FLOAT, VAR, DATASEC, FUNC, DECL_TAG: libbpf warns "unexpected kind" and says no.
                    return 0;
            }
        }
    }

    /** ENUM and ENUM64 match each other; everything else needs the same kind ({@code btf_kind_core_compat}). */
    static boolean kindCompat(BtfKind a, BtfKind b) {
        return a == b || (isEnum(a) && isEnum(b));
    }

    private static boolean isEnum(BtfKind k) {
        return k == BtfKind.ENUM || k == BtfKind.ENUM64;
    }

    private static boolean validId(Btf btf, int id) {
        return id >= 0 && id < btf.typeCount();
    }

    /** {@code skip_mods_and_typedefs}, or -1 for a dangling id or an over-long (cyclic) chain. */
    private static int skip(Btf btf, int id) {
        for (int i = 0; i <= MAX_SKIP; i++) {
            if (!validId(btf, id)) {
                return -1;
            }
            if (!btf.kind(id).isModifierOrTypedef()) {
                return id;
            }
            id = ((BtfType.Ref) btf.type(id)).type();
        }
        return -1;
    }
}
