package io.bpfskel.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link BtfType} records as a BTF blob: a 24-byte header, the type section, then a deduplicated
 * string section. {@code Btf.parse(encode(types)).ownTypes()} equals {@code types}.
 *
 * <p>The kind flag of a type is derived from its record (bitfield members, enum signedness, union
 * forwards). The one flag a record cannot express, "this TYPE_TAG/DECL_TAG is a plain attribute", is
 * carried by {@link BtfBuilder}, which {@link BtfBuilder#copyOf(Btf)} fills from the source blob.
 */
public final class BtfEncoder {
    static final int HEADER_LEN = 24;
    private static final int MAX_VLEN = 0xffffff;
    private static final int MAX_NAME_OFFSET = 0xffffff;

    private BtfEncoder() {}

    /** Encodes a base BTF; the types' ids must be 1, 2, 3, … in list order. */
    public static byte[] encode(List<? extends BtfType> types, ByteOrder order) {
        return builderFor(null, types).encode(order);
    }

    /** Encodes split BTF on top of {@code base}; the types' ids must start at {@code base.typeCount()}. */
    public static byte[] encodeSplit(Btf base, List<? extends BtfType> types, ByteOrder order) {
        if (base == null) {
            throw new IllegalArgumentException("split BTF needs a base");
        }
        return builderFor(base, types).encode(order);
    }

    private static BtfBuilder builderFor(Btf base, List<? extends BtfType> types) {
        BtfBuilder b = base == null ? new BtfBuilder() : new BtfBuilder(base);
        for (BtfType t : types) {
            if (t.id() != b.nextId()) {
                throw new IllegalArgumentException("type " + t + " has id " + t.id() + " but is at the position of id " + b.nextId()
                        + "; ids must be consecutive from " + (base == null ? 1 : base.typeCount()));
            }
            b.add(t);
        }
        return b;
    }

    // ---- the writer behind BtfBuilder.encode

    static byte[] write(Btf base, int firstId, List<BtfType> types, BitSet attributeTags, ByteOrder order) {
        int typeCount = firstId + types.size();
        long typeLen = 0;
        for (BtfType t : types) {
            typeLen += 12 + extraSize(t);
        }
        if (typeLen > Integer.MAX_VALUE - HEADER_LEN) {
            throw new IllegalArgumentException("type section too large: " + typeLen + " bytes");
        }
        Strings strings = new Strings(base);
        ByteBuffer tb = ByteBuffer.allocate((int) typeLen).order(order);
        for (int i = 0; i < types.size(); i++) {
            writeType(tb, types.get(i), attributeTags.get(i), typeCount, strings);
        }
        byte[] str = strings.bytes();
        ByteBuffer out = ByteBuffer.allocate(HEADER_LEN + tb.capacity() + str.length).order(order);
        out.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0);
        out.putInt(HEADER_LEN).putInt(0).putInt(tb.capacity()).putInt(tb.capacity()).putInt(str.length);
        out.put(tb.array()).put(str);
        return out.array();
    }

    private static long extraSize(BtfType t) {
        if (t instanceof BtfType.Int || t instanceof BtfType.Var || t instanceof BtfType.DeclTag) {
            return 4;
        } else if (t instanceof BtfType.Array) {
            return 12;
        } else if (t instanceof BtfType.Composite c) {
            return 12L * c.members().size();
        } else if (t instanceof BtfType.Enum e) {
            return 8L * e.values().size();
        } else if (t instanceof BtfType.Enum64 e) {
            return 12L * e.values().size();
        } else if (t instanceof BtfType.FuncProto p) {
            return 8L * p.params().size();
        } else if (t instanceof BtfType.DataSec d) {
            return 12L * d.vars().size();
        }
        return 0;
    }

    private static void writeType(ByteBuffer b, BtfType t, boolean attribute, int typeCount, Strings s) {
        int id = t.id();
        int nameOff = s.add(t.name(), id);
        int kind = t.kind().ordinal();
        if (t instanceof BtfType.Int i) {
            if ((i.encoding() & ~0xf) != 0 || (i.bitOffset() & ~0xff) != 0 || (i.bits() & ~0xff) != 0) {
                throw bad(id, "INT encoding " + i.encoding() + ", bit offset " + i.bitOffset() + " or bits " + i.bits()
                        + " does not fit its field (4, 8, 8 bits)");
            }
            header(b, nameOff, kind, false, 0, i.size());
            b.putInt((i.encoding() << 24) | (i.bitOffset() << 16) | i.bits());
        } else if (t instanceof BtfType.Ref r) {
            boolean kflag = attribute && t instanceof BtfType.TypeTag;
            header(b, nameOff, kind, kflag, 0, ref(r.type(), typeCount, id));
        } else if (t instanceof BtfType.Array a) {
            header(b, nameOff, kind, false, 0, 0);
            b.putInt(ref(a.elemType(), typeCount, id)).putInt(ref(a.indexType(), typeCount, id)).putInt(a.nelems());
        } else if (t instanceof BtfType.Composite c) {
            List<BtfType.Member> ms = c.members();
            boolean kflag = false;
            for (BtfType.Member m : ms) {
                kflag |= m.bitfieldSize() != 0;
            }
            header(b, nameOff, kind, kflag, vlen(ms.size(), id), c.size());
            for (BtfType.Member m : ms) {
                int off = m.bitOffset();
                if (kflag) {
                    if ((m.bitfieldSize() & ~0xff) != 0) {
                        throw bad(id, "member '" + m.name() + "' bitfield size " + m.bitfieldSize() + " does not fit 8 bits");
                    }
                    if ((off & ~0xffffff) != 0) {
                        throw bad(id, "member '" + m.name() + "' bit offset " + Integer.toUnsignedString(off)
                                + " does not fit the 24 bits left next to bitfield sizes");
                    }
                    off |= m.bitfieldSize() << 24;
                }
                b.putInt(s.add(m.name(), id)).putInt(ref(m.type(), typeCount, id)).putInt(off);
            }
        } else if (t instanceof BtfType.Enum e) {
            header(b, nameOff, kind, e.signed(), vlen(e.values().size(), id), e.size());
            for (BtfType.EnumValue v : e.values()) {
                long val = v.value();
                boolean fits = e.signed() ? val >= Integer.MIN_VALUE && val <= Integer.MAX_VALUE : val >= 0 && val <= 0xffffffffL;
                if (!fits) {
                    throw bad(id, "enumerator " + v.name() + " = " + val + " does not fit a " + (e.signed() ? "signed" : "unsigned") + " 32-bit ENUM");
                }
                b.putInt(s.add(v.name(), id)).putInt((int) val);
            }
        } else if (t instanceof BtfType.Enum64 e) {
            header(b, nameOff, kind, e.signed(), vlen(e.values().size(), id), e.size());
            for (BtfType.EnumValue v : e.values()) {
                b.putInt(s.add(v.name(), id)).putInt((int) v.value()).putInt((int) (v.value() >>> 32));
            }
        } else if (t instanceof BtfType.Fwd f) {
            header(b, nameOff, kind, f.union(), 0, 0);
        } else if (t instanceof BtfType.Func f) {
            if (f.linkage() < 0 || f.linkage() > MAX_VLEN) {
                throw bad(id, "FUNC linkage " + f.linkage() + " out of range");
            }
            header(b, nameOff, kind, false, f.linkage(), ref(f.type(), typeCount, id));
        } else if (t instanceof BtfType.FuncProto p) {
            header(b, nameOff, kind, false, vlen(p.params().size(), id), ref(p.returnType(), typeCount, id));
            for (BtfType.Param prm : p.params()) {
                b.putInt(s.add(prm.name(), id)).putInt(ref(prm.type(), typeCount, id));
            }
        } else if (t instanceof BtfType.Var v) {
            header(b, nameOff, kind, false, 0, ref(v.type(), typeCount, id));
            b.putInt(v.linkage());
        } else if (t instanceof BtfType.DataSec d) {
            header(b, nameOff, kind, false, vlen(d.vars().size(), id), d.size());
            for (BtfType.VarSecinfo v : d.vars()) {
                b.putInt(ref(v.type(), typeCount, id)).putInt(v.offset()).putInt(v.size());
            }
        } else if (t instanceof BtfType.Float f) {
            header(b, nameOff, kind, false, 0, f.size());
        } else if (t instanceof BtfType.DeclTag d) {
            if (d.componentIdx() < -1) {
                throw bad(id, "DECL_TAG component index " + d.componentIdx() + " below -1");
            }
            header(b, nameOff, kind, attribute, 0, ref(d.type(), typeCount, id));
            b.putInt(d.componentIdx());
        } else {
            throw new IllegalArgumentException("type " + id + ": " + t.kind() + " cannot be encoded (void is implicit id 0)");
        }
    }

    private static void header(ByteBuffer b, int nameOff, int kind, boolean kflag, int vlen, int sizeOrType) {
        b.putInt(nameOff).putInt((kflag ? 0x80000000 : 0) | (kind << 24) | vlen).putInt(sizeOrType);
    }

    private static int vlen(int n, int id) {
        if (n > MAX_VLEN) {
            throw bad(id, n + " members/values/params do not fit the 24-bit vlen");
        }
        return n;
    }

    private static int ref(int target, int typeCount, int from) {
        if (target < 0 || target >= typeCount) {
            throw bad(from, "refers to type id " + Integer.toUnsignedString(target) + " but only " + typeCount + " ids exist");
        }
        return target;
    }

    private static IllegalArgumentException bad(int id, String problem) {
        return new IllegalArgumentException("type " + id + ": " + problem);
    }

    /**
     * The string section being written. A base BTF starts with the empty string at offset 0; split BTF
     * refers to the base's empty string (and to any other string the base already has, as libbpf's
     * btf__add_str does) and appends only new ones, at offsets continuing the base's section.
     */
    private static final class Strings {
        private final Btf base;
        private final int shift;
        private final Map<String, Integer> own = new HashMap<>();
        private Map<String, Integer> inBase;
        private byte[] data = new byte[4096];
        private int len;

        Strings(Btf base) {
            this.base = base;
            this.shift = base == null ? 0 : base.stringsLength();
            if (base == null) {
                len = 1; // offset 0 is ""
            }
        }

        int add(String s, int forType) {
            if (s.isEmpty()) {
                return 0;
            }
            Integer off = own.get(s);
            if (off != null) {
                return off;
            }
            if (base != null) {
                if (inBase == null) {
                    Map<String, Integer> m = new HashMap<>();
                    base.forEachOwnString((str, o) -> m.putIfAbsent(str, o));
                    inBase = m;
                }
                off = inBase.get(s);
                if (off != null) {
                    return off;
                }
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            for (byte x : bytes) {
                if (x == 0) {
                    throw bad(forType, "name \"" + s.replace("\0", "\\0") + "\" contains NUL");
                }
            }
            int at = shift + len;
            if ((long) at + bytes.length > MAX_NAME_OFFSET + 1L) {
                throw bad(forType, "string section exceeds BTF's 16 MiB name offset limit");
            }
            if (len + bytes.length + 1 > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, len + bytes.length + 1));
            }
            System.arraycopy(bytes, 0, data, len, bytes.length);
            len += bytes.length + 1;
            own.put(s, at);
            return at;
        }

        byte[] bytes() {
            return Arrays.copyOf(data, len);
        }
    }
}
