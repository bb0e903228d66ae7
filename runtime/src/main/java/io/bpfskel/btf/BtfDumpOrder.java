package io.bpfskel.btf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * bpftool's sorted root order for {@code btf dump … format c} ({@code sort_btf_c} in bpftool's
 * {@code btf.c}): named enums and anonymous constant enums first, then base types, structs/unions,
 * function types, and everything else, each group by name, ties broken by a structural hash so that
 * same-named types come out in the same order on every kernel build.
 */
final class BtfDumpOrder {
    private static final int MAX_RANK = 10;
    /** Bound on reference chains followed while ranking/hashing; a longer one is a cycle. */
    private static final int MAX_CHAIN = 64;

    private BtfDumpOrder() {}

    /** Names as UTF-8 bytes, compared unsigned like strcmp. */
    private record Datum(int id, int rank, byte[] sortName, byte[] ownName, long hash) {}

    /** Every type id except void, in dump order. */
    static int[] sortedRoots(Btf btf) {
        int n = btf.typeCount();
        Datum[] ds = new Datum[n];
        for (int id = 0; id < n; id++) {
            ds[id] = new Datum(id, rank(btf, id, false, 0), utf8(sortName(btf, id, false, 0)), utf8(btf.name(id)), hash(btf, id, true, 0));
        }
        Arrays.sort(ds, Comparator.comparingInt(Datum::rank)
                .thenComparing(Datum::sortName, Arrays::compareUnsigned)
                .thenComparing(Datum::ownName, Arrays::compareUnsigned)
                .thenComparing(Datum::hash, Long::compareUnsigned)
                .thenComparingInt(Datum::id));
        return Arrays.stream(ds).mapToInt(Datum::id).filter(id -> id != 0).toArray();
    }

    private static int rank(Btf btf, int id, boolean hasName, int depth) {
        if (depth > MAX_CHAIN) {
            return MAX_RANK;
        }
        BtfType t = btf.type(id);
        hasName |= !t.name().isEmpty();
        switch (t.kind()) {
            case ENUM:
            case ENUM64:
                return hasName ? 1 : 0;
            case INT:
            case FLOAT:
                return 2;
            case STRUCT:
            case UNION:
                return hasName ? 3 : MAX_RANK;
            case FUNC_PROTO:
                return hasName ? 4 : MAX_RANK;
            case ARRAY:
                return hasName ? rank(btf, ((BtfType.Array) t).elemType(), true, depth + 1) : MAX_RANK;
            case TYPE_TAG:
            case CONST:
            case PTR:
            case VOLATILE:
            case RESTRICT:
            case TYPEDEF:
                return hasName ? rank(btf, ((BtfType.Ref) t).type(), true, depth + 1) : MAX_RANK;
            case DECL_TAG:
                return hasName ? rank(btf, ((BtfType.DeclTag) t).type(), true, depth + 1) : MAX_RANK;
            default:
                return MAX_RANK;
        }
    }

    /** The name a type sorts by: what it refers to, or an anonymous enum's first enumerator. */
    private static String sortName(Btf btf, int id, boolean fromRef, int depth) {
        if (depth > MAX_CHAIN) {
            return "";
        }
        BtfType t = btf.type(id);
        if (t instanceof BtfType.AnyEnum e) {
            if (!fromRef && t.name().isEmpty() && !e.values().isEmpty()) {
                return e.values().get(0).name();
            }
            return t.name();
        } else if (t instanceof BtfType.Array a) {
            return sortName(btf, a.elemType(), true, depth + 1);
        } else if (t instanceof BtfType.Ref r) {
            return sortName(btf, r.type(), true, depth + 1);
        } else if (t instanceof BtfType.DeclTag d) {
            return sortName(btf, d.type(), true, depth + 1);
        }
        return t.name();
    }

    /** bpftool's btf_type_disambig_hash, in the same unsigned 64-bit arithmetic. */
    private static long hash(Btf btf, int id, boolean includeMembers, int depth) {
        if (depth > MAX_CHAIN) {
            return 0;
        }
        BtfType t = btf.type(id);
        long h = nameHash(0, t.name());
        if (t instanceof BtfType.AnyEnum e) {
            for (BtfType.EnumValue v : e.values()) {
                h = nameHash(h, v.name());
            }
        } else if (t instanceof BtfType.Composite c) {
            if (includeMembers) {
                for (BtfType.Member m : c.members()) {
                    h = nameHash(h, m.name());
                    h = h * 31 + hash(btf, m.type(), false, depth + 1);
                }
            }
        } else if (t instanceof BtfType.Ref r) {
            h = h * 31 + hash(btf, r.type(), includeMembers, depth + 1);
        } else if (t instanceof BtfType.DeclTag d) {
            h = h * 31 + hash(btf, d.type(), includeMembers, depth + 1);
        } else if (t instanceof BtfType.Array a) {
            h = h * 31 + Integer.toUnsignedLong(a.nelems());
            h = h * 31 + hash(btf, a.elemType(), includeMembers, depth + 1);
        }
        return h;
    }

    private static long nameHash(long h, String name) {
        if (name.isEmpty()) {
            return h;
        }
        // libbpf's str_hash over C chars (signed on the x86/arm64 hosts bpftool runs on).
        long s = 0;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            s = s * 31 + b;
        }
        return h * 31 + s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
