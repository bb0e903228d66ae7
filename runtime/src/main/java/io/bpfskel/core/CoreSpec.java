package io.bpfskel.core;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * libbpf's {@code struct bpf_core_spec}: an access string resolved against one BTF. The low-level ("raw") spec has
 * one index per step, anonymous struct/union members included; the high-level spec keeps only the meaningful
 * steps: the root, named fields and array elements. {@code bitOffset} is where the accessed field starts.
 */
final class CoreSpec {
    static final int MAX_LEN = 64;

    /** A named field ({@code name != null}: {@code typeId} is the struct/union) or an array element. */
    record Accessor(int typeId, int idx, String name) {}

    final Btf btf;
    final int rootTypeId;
    final CoreReloKind kind;
    final List<Accessor> accessors = new ArrayList<>();
    final int[] raw = new int[MAX_LEN];
    int rawLen;
    long bitOffset;

    CoreSpec(Btf btf, int rootTypeId, CoreReloKind kind) {
        this.btf = btf;
        this.rootTypeId = rootTypeId;
        this.kind = kind;
    }

    Accessor last() {
        return accessors.get(accessors.size() - 1);
    }

    void pushRaw(int idx) {
        if (rawLen == MAX_LEN) {
            throw new CoreFailure("struct/union/array nesting deeper than " + MAX_LEN);
        }
        raw[rawLen++] = idx;
    }

    String rawString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rawLen; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(raw[i]);
        }
        return sb.toString();
    }

    // ---- parsing (bpf_core_parse_spec)

    static CoreSpec parse(Btf btf, int typeId, String access, CoreReloKind kind) {
        if (access.isEmpty() || access.charAt(0) == ':') {
            throw new CoreFailure("invalid access string \"" + access + "\"");
        }
        CoreSpec spec = new CoreSpec(btf, typeId, kind);
        if (kind.isTypeBased()) {
            if (!access.equals("0")) {
                throw new CoreFailure("type relocation with access string \"" + access + "\" (expected \"0\")");
            }
            return spec;
        }
        parseRaw(access, spec);
        int id = skip(btf, typeId);
        BtfType t = btf.type(id);
        int idx = spec.raw[0];
        if (kind.isEnumvalBased()) {
            if (!(t instanceof BtfType.AnyEnum e) || spec.rawLen > 1 || idx >= e.values().size()) {
                throw new CoreFailure("enum value relocation \"" + access + "\" does not name an enumerator of ["
                        + id + "] " + CoreFormat.kindStr(t.kind()));
            }
            spec.accessors.add(new Accessor(id, idx, e.values().get(idx).name()));
            return spec;
        }
        if (!kind.isFieldBased()) {
            throw new CoreFailure("unsupported relocation kind " + kind);
        }
        spec.accessors.add(new Accessor(id, idx, null));
        spec.bitOffset = (long) idx * size(btf, id) * 8;
        for (int i = 1; i < spec.rawLen; i++) {
            id = skip(btf, id);
            t = btf.type(id);
            idx = spec.raw[i];
            if (t instanceof BtfType.Composite c) {
                if (idx >= c.members().size()) {
                    throw new CoreFailure("access index " + idx + " (at position " + i + ") past the "
                            + c.members().size() + " members of [" + id + "] " + CoreFormat.kindStr(t.kind()) + " "
                            + CoreFormat.nameOrAnon(t.name()));
                }
                BtfType.Member m = c.members().get(idx);
                spec.bitOffset += m.bitOffset();
                if (!m.name().isEmpty()) {
                    spec.accessors.add(new Accessor(id, idx, m.name()));
                }
                id = m.type();
            } else if (t instanceof BtfType.Array a) {
                int elem = skip(btf, a.elemType());
                boolean flex = isFlexArray(btf, spec.last(), a);
                if (!flex && Integer.compareUnsigned(idx, a.nelems()) >= 0) {
                    throw new CoreFailure("array index " + idx + " (at position " + i + ") out of bounds of ["
                            + id + "] array of " + Integer.toUnsignedString(a.nelems()));
                }
                spec.accessors.add(new Accessor(elem, idx, null));
                spec.bitOffset += (long) idx * size(btf, elem) * 8;
                id = elem;
            } else {
                throw new CoreFailure("relo for [" + typeId + "] " + access + " (at idx " + i + ") captures type ["
                        + id + "] of unexpected kind " + CoreFormat.kindStr(t.kind()));
            }
        }
        return spec;
    }

    private static void parseRaw(String s, CoreSpec spec) {
        int p = 0;
        int n = s.length();
        while (p < n) {
            if (s.charAt(p) == ':') {
                p++;
            }
            int start = p;
            while (p < n && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
            if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                p++;
            }
            int digits = p;
            while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                p++;
            }
            if (p == digits) {
                throw new CoreFailure("invalid access string \"" + s + "\"");
            }
            long v;
            try {
                v = Long.parseLong(s.substring(start, p).strip());
            } catch (NumberFormatException e) {
                throw new CoreFailure("invalid access string \"" + s + "\"");
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new CoreFailure("invalid access index " + v + " in \"" + s + "\"");
            }
            if (spec.rawLen == MAX_LEN) {
                throw new CoreFailure("access string \"" + s + "\" longer than " + MAX_LEN + " steps");
            }
            spec.raw[spec.rawLen++] = (int) v;
        }
        if (spec.rawLen == 0) {
            throw new CoreFailure("empty access string");
        }
    }

    /** libbpf's is_flex_arr: a zero-length array that is the last member of the struct named by {@code acc}. */
    static boolean isFlexArray(Btf btf, Accessor acc, BtfType.Array a) {
        if (acc.name() == null || a.nelems() != 0) {
            return false;
        }
        BtfType t = btf.type(acc.typeId());
        return t instanceof BtfType.Composite c && acc.idx() == c.members().size() - 1;
    }

    static int skip(Btf btf, int id) {
        try {
            return btf.skipModsAndTypedefs(id);
        } catch (BpfFormatException e) {
            throw new CoreFailure(e.getMessage());
        }
    }

    static long size(Btf btf, int id) {
        try {
            return btf.resolveSize(id);
        } catch (BpfFormatException e) {
            throw new CoreFailure("cannot size [" + id + "] " + CoreFormat.kindStr(btf.kind(id)) + ": " + e.getMessage());
        }
    }

    /** bpf_core_format_spec: {@code <byte_off> [5] struct task_struct.pid (0:18 @ offset 1234)}. */
    String format() {
        return CoreFormat.spec(this);
    }

    @Override
    public String toString() {
        return format();
    }

    static boolean isAnyEnum(BtfKind k) {
        return k == BtfKind.ENUM || k == BtfKind.ENUM64;
    }
}
