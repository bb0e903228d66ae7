package io.bpfskel.core;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.object.Extern;
import java.util.List;

/**
 * The three type relations CO-RE uses, with libbpf's rules: {@code bpf_core_types_are_compat} (type-based
 * relocations), {@code bpf_core_fields_are_compat} (field matching) and {@code bpf_core_types_match}
 * ({@code TYPE_MATCHES}). Each returns 1 (yes), 0 (no) or throws {@link CoreFailure} (libbpf's negative errno).
 */
final class CoreTypes {
    private static final int MAX_DEPTH = 32;

    private CoreTypes() {}

    /** btf_kind_core_compat: same kind, or both some enum. */
    static boolean kindCompat(BtfKind a, BtfKind b) {
        return a == b || (CoreSpec.isAnyEnum(a) && CoreSpec.isAnyEnum(b));
    }

    static boolean isComposite(BtfKind k) {
        return k == BtfKind.STRUCT || k == BtfKind.UNION;
    }

    static int typesAreCompat(Btf lb, int lid, Btf tb, int tid) {
        return typesAreCompat(lb, lid, tb, tid, MAX_DEPTH);
    }

    /** __bpf_core_types_are_compat: root names already matched; names below the root are ignored. */
    static int typesAreCompat(Btf lb, int lid, Btf tb, int tid, int level) {
        if (!kindCompat(lb.kind(lid), tb.kind(tid))) {
            return 0;
        }
        for (int depth = MAX_DEPTH - 1; ; depth--) {
            if (depth < 0) {
                throw new CoreFailure("type chain deeper than " + MAX_DEPTH + " comparing local [" + lid
                        + "] with target [" + tid + "]");
            }
            lid = CoreSpec.skip(lb, lid);
            tid = CoreSpec.skip(tb, tid);
            BtfType lt = lb.type(lid);
            BtfType tt = tb.type(tid);
            if (!kindCompat(lb.kind(lid), tb.kind(tid))) {
                return 0;
            }
            switch (lb.kind(lid)) {
                case UNKN, STRUCT, UNION, ENUM, FWD, ENUM64:
                    return 1;
                case INT:
                    return ((BtfType.Int) lt).bitOffset() == 0 && ((BtfType.Int) tt).bitOffset() == 0 ? 1 : 0;
                case PTR:
                    lid = ((BtfType.Ptr) lt).type();
                    tid = ((BtfType.Ptr) tt).type();
                    continue;
                case ARRAY:
                    lid = ((BtfType.Array) lt).elemType();
                    tid = ((BtfType.Array) tt).elemType();
                    continue;
                case FUNC_PROTO: {
                    List<BtfType.Param> lp = ((BtfType.FuncProto) lt).params();
                    List<BtfType.Param> tp = ((BtfType.FuncProto) tt).params();
                    if (lp.size() != tp.size()) {
                        return 0;
                    }
                    for (int i = 0; i < lp.size(); i++) {
                        if (level <= 0) {
                            throw new CoreFailure("function prototypes nested deeper than " + MAX_DEPTH);
                        }
                        int r = typesAreCompat(lb, CoreSpec.skip(lb, lp.get(i).type()), tb,
                                CoreSpec.skip(tb, tp.get(i).type()), level - 1);
                        if (r <= 0) {
                            return r;
                        }
                    }
                    lid = CoreSpec.skip(lb, ((BtfType.FuncProto) lt).returnType());
                    tid = CoreSpec.skip(tb, ((BtfType.FuncProto) tt).returnType());
                    continue;
                }
                default:
                    return 0;
            }
        }
    }

    /** bpf_core_fields_are_compat: may the local field be relocated to the target field? */
    static int fieldsAreCompat(Btf lb, int lid, Btf tb, int tid) {
        for (int depth = 0; ; depth++) {
            if (depth > MAX_DEPTH) {
                throw new CoreFailure("array nesting deeper than " + MAX_DEPTH);
            }
            lid = CoreSpec.skip(lb, lid);
            tid = CoreSpec.skip(tb, tid);
            BtfKind lk = lb.kind(lid);
            BtfKind tk = tb.kind(tid);
            if (isComposite(lk) && isComposite(tk)) {
                return 1;
            }
            if (!kindCompat(lk, tk)) {
                return 0;
            }
            switch (lk) {
                case PTR, FLOAT:
                    return 1;
                case FWD, ENUM, ENUM64: {
                    int ll = Extern.essentialNameLength(lb.name(lid));
                    int tl = Extern.essentialNameLength(tb.name(tid));
                    return ll == 0 || tl == 0
                            || (ll == tl && lb.name(lid).regionMatches(0, tb.name(tid), 0, ll)) ? 1 : 0;
                }
                case INT:
                    return ((BtfType.Int) lb.type(lid)).bitOffset() == 0
                            && ((BtfType.Int) tb.type(tid)).bitOffset() == 0 ? 1 : 0;
                case ARRAY:
                    lid = ((BtfType.Array) lb.type(lid)).elemType();
                    tid = ((BtfType.Array) tb.type(tid)).elemType();
                    continue;
                default:
                    return 0;
            }
        }
    }

    /** bpf_core_names_match: an anonymous target matches only an anonymous local; else essential names. */
    static boolean namesMatch(String local, String targ) {
        if (targ.isEmpty()) {
            return local.isEmpty();
        }
        int tl = Extern.essentialNameLength(targ);
        int ll = Extern.essentialNameLength(local);
        return tl == ll && local.regionMatches(0, targ, 0, ll);
    }

    static int typesMatch(Btf lb, int lid, Btf tb, int tid) {
        return typesMatch(lb, lid, tb, tid, false, MAX_DEPTH);
    }

    /** __bpf_core_types_match: the stricter relation behind {@code bpf_core_type_matches()}. */
    static int typesMatch(Btf lb, int lid, Btf tb, int tid, boolean behindPtr, int level) {
        if (level <= 0) {
            throw new CoreFailure("types nested deeper than " + MAX_DEPTH + " comparing local [" + lid
                    + "] with target [" + tid + "]");
        }
        for (int depth = MAX_DEPTH - 1; ; depth--) {
            if (depth < 0) {
                throw new CoreFailure("type chain deeper than " + MAX_DEPTH + " comparing local [" + lid
                        + "] with target [" + tid + "]");
            }
            lid = CoreSpec.skip(lb, lid);
            tid = CoreSpec.skip(tb, tid);
            BtfType lt = lb.type(lid);
            BtfType tt = tb.type(tid);
            if (!namesMatch(lt.name(), tt.name())) {
                return 0;
            }
            BtfKind lk = lb.kind(lid);
            BtfKind tk = tb.kind(tid);
            switch (lk) {
                case UNKN:
                    return lk == tk ? 1 : 0;
                case FWD: {
                    boolean lf = ((BtfType.Fwd) lt).union();
                    if (behindPtr) {
                        if (lk == tk) {
                            return lf == ((BtfType.Fwd) tt).union() ? 1 : 0;
                        }
                        return (tk == BtfKind.STRUCT && !lf) || (tk == BtfKind.UNION && lf) ? 1 : 0;
                    }
                    if (lk != tk) {
                        return 0;
                    }
                    return lf == ((BtfType.Fwd) tt).union() ? 1 : 0;
                }
                case ENUM, ENUM64:
                    if (!(tt instanceof BtfType.AnyEnum te)) {
                        return 0;
                    }
                    return enumsMatch((BtfType.AnyEnum) lt, te) ? 1 : 0;
                case STRUCT, UNION:
                    if (behindPtr) {
                        if (lk == tk) {
                            return 1;
                        }
                        if (tk != BtfKind.FWD) {
                            return 0;
                        }
                        return (lk == BtfKind.UNION) == ((BtfType.Fwd) tt).union() ? 1 : 0;
                    }
                    if (lk != tk) {
                        return 0;
                    }
                    return compositesMatch(lb, (BtfType.Composite) lt, tb, (BtfType.Composite) tt, behindPtr, level);
                case INT: {
                    if (lk != tk) {
                        return 0;
                    }
                    BtfType.Int li = (BtfType.Int) lt;
                    BtfType.Int ti = (BtfType.Int) tt;
                    return li.size() == ti.size() && li.isSigned() == ti.isSigned() ? 1 : 0;
                }
                case PTR:
                    if (lk != tk) {
                        return 0;
                    }
                    behindPtr = true;
                    lid = ((BtfType.Ptr) lt).type();
                    tid = ((BtfType.Ptr) tt).type();
                    continue;
                case ARRAY: {
                    if (lk != tk) {
                        return 0;
                    }
                    BtfType.Array la = (BtfType.Array) lt;
                    BtfType.Array ta = (BtfType.Array) tt;
                    if (la.nelems() != ta.nelems()) {
                        return 0;
                    }
                    lid = la.elemType();
                    tid = ta.elemType();
                    continue;
                }
                case FUNC_PROTO: {
                    if (lk != tk) {
                        return 0;
                    }
                    BtfType.FuncProto lf = (BtfType.FuncProto) lt;
                    BtfType.FuncProto tf = (BtfType.FuncProto) tt;
                    if (lf.params().size() != tf.params().size()) {
                        return 0;
                    }
                    for (int i = 0; i < lf.params().size(); i++) {
                        int r = typesMatch(lb, lf.params().get(i).type(), tb, tf.params().get(i).type(), behindPtr,
                                level - 1);
                        if (r <= 0) {
                            return r;
                        }
                    }
                    lid = lf.returnType();
                    tid = tf.returnType();
                    continue;
                }
                default:
                    return 0;
            }
        }
    }

    private static boolean enumsMatch(BtfType.AnyEnum l, BtfType.AnyEnum t) {
        if (l.size() != t.size() || l.values().size() > t.values().size()) {
            return false;
        }
        for (BtfType.EnumValue lv : l.values()) {
            boolean matched = false;
            for (BtfType.EnumValue tv : t.values()) {
                if (namesMatch(lv.name(), tv.name())) {
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static int compositesMatch(Btf lb, BtfType.Composite l, Btf tb, BtfType.Composite t, boolean behindPtr,
            int level) {
        if (l.members().size() > t.members().size()) {
            return 0;
        }
        for (BtfType.Member lm : l.members()) {
            boolean matched = false;
            for (BtfType.Member tm : t.members()) {
                if (!namesMatch(lm.name(), tm.name())) {
                    continue;
                }
                int r = typesMatch(lb, lm.type(), tb, tm.type(), behindPtr, level - 1);
                if (r > 0) {
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                return 0;
            }
        }
        return 1;
    }
}
