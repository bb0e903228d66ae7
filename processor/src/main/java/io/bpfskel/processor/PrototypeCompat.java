package io.bpfskel.processor;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;

/**
 * libbpf's {@code __bpf_core_types_are_compat} (relo_core.c), used here to compare two LOCAL kfunc prototypes
 * of one flavor group: when they are compatible, every kernel that resolves one resolves the other, so the
 * flavors cannot tell kernels apart. Names, struct members, int sizes and signedness, enum sizes and array
 * lengths are all ignored; parameter counts and type kinds (after modifiers and typedefs) must match.
 */
final class PrototypeCompat {
    static final int LEVEL = 32;

    private PrototypeCompat() {}

    /** 1 compatible, 0 incompatible, negative on an error (too deep, invalid); callers treat {@code <= 0} as incompatible. */
    static int compat(Btf local, int localId, Btf target, int targetId, int level) {
        if (!kindCompat(local.kind(localId), target.kind(targetId))) {
            return 0;
        }
        int depth = 32;
        while (true) {
            if (--depth < 0) {
                return -1;
            }
            localId = local.skipModsAndTypedefs(localId);
            targetId = target.skipModsAndTypedefs(targetId);
            BtfKind lk = local.kind(localId);
            BtfKind tk = target.kind(targetId);
            if (lk == null || tk == null) {
                return -1;
            }
            if (!kindCompat(lk, tk)) {
                return 0;
            }
            switch (lk) {
                case UNKN, STRUCT, UNION, ENUM, ENUM64, FWD:
                    return 1;
                case INT:
                    return ((BtfType.Int) local.type(localId)).bitOffset() == 0
                            && ((BtfType.Int) target.type(targetId)).bitOffset() == 0 ? 1 : 0;
                case PTR:
                    localId = ((BtfType.Ptr) local.type(localId)).type();
                    targetId = ((BtfType.Ptr) target.type(targetId)).type();
                    continue;
                case ARRAY:
                    localId = ((BtfType.Array) local.type(localId)).elemType();
                    targetId = ((BtfType.Array) target.type(targetId)).elemType();
                    continue;
                case FUNC_PROTO: {
                    BtfType.FuncProto lp = (BtfType.FuncProto) local.type(localId);
                    BtfType.FuncProto tp = (BtfType.FuncProto) target.type(targetId);
                    if (lp.params().size() != tp.params().size()) {
                        return 0;
                    }
                    for (int i = 0; i < lp.params().size(); i++) {
                        if (level <= 0) {
                            return -1;
                        }
                        int r = compat(local, local.skipModsAndTypedefs(lp.params().get(i).type()), target,
                                target.skipModsAndTypedefs(tp.params().get(i).type()), level - 1);
                        if (r <= 0) {
                            return r;
                        }
                    }
                    localId = lp.returnType();
                    targetId = tp.returnType();
                    continue;
                }
                default:
                    return 0;
            }
        }
    }

    private static boolean kindCompat(BtfKind a, BtfKind b) {
        return a == b || (isEnum(a) && isEnum(b));
    }

    private static boolean isEnum(BtfKind k) {
        return k == BtfKind.ENUM || k == BtfKind.ENUM64;
    }
}
