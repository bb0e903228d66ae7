package io.bpfskel.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes raw BTF blobs word by word, for tests that need kinds or values clang does not emit (signed ENUM,
 * ENUM64, INT bit offsets) or deliberately broken graphs (cycles). Types are 32-bit words exactly as in
 * {@code include/uapi/linux/btf.h}; {@link #word} lets a test patch any of them before {@link #build}.
 */
public final class RawBtfWriter {
    public static final int INT = 1, PTR = 2, ARRAY = 3, STRUCT = 4, UNION = 5, ENUM = 6, FWD = 7, TYPEDEF = 8,
            VOLATILE = 9, CONST = 10, RESTRICT = 11, FUNC = 12, FUNC_PROTO = 13, VAR = 14, DATASEC = 15, FLOAT = 16,
            DECL_TAG = 17, TYPE_TAG = 18, ENUM64 = 19;

    private final ByteOrder order;
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    /** Words of each type, index 0 is type id 1. */
    private final List<int[]> types = new ArrayList<>();

    public RawBtfWriter(ByteOrder order) {
        this.order = order;
        strings.write(0);
        stringOffsets.put("", 0);
    }

    /** Offset of {@code s} in the string section, adding it if new. */
    public int str(String s) {
        Integer off = stringOffsets.get(s);
        if (off != null) {
            return off;
        }
        int o = strings.size();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        strings.write(b, 0, b.length);
        strings.write(0);
        stringOffsets.put(s, o);
        return o;
    }

    public static int info(int kind, int vlen, boolean kflag) {
        return (kflag ? 1 << 31 : 0) | kind << 24 | vlen;
    }

    /** Adds a type: name, info, size-or-type, then the kind's extra words. Returns its id. */
    public int type(String name, int info, int sizeOrType, int... extra) {
        int[] w = new int[3 + extra.length];
        w[0] = str(name);
        w[1] = info;
        w[2] = sizeOrType;
        System.arraycopy(extra, 0, w, 3, extra.length);
        types.add(w);
        return types.size();
    }

    /** Overwrites word {@code index} of type {@code id} (0 name, 1 info, 2 size/type, 3.. extra). */
    public RawBtfWriter word(int id, int index, int value) {
        types.get(id - 1)[index] = value;
        return this;
    }

    public int word(int id, int index) {
        return types.get(id - 1)[index];
    }

    public int typeCount() {
        return types.size() + 1;
    }

    public int intType(String name, int size, int encoding, int bitOffset, int bits) {
        return type(name, info(INT, 0, false), size, encoding << 24 | bitOffset << 16 | bits);
    }

    public int ref(int kind, String name, int target) {
        return type(name, info(kind, 0, false), target);
    }

    public int array(int elem, int index, int nelems) {
        return type("", info(ARRAY, 0, false), 0, elem, index, nelems);
    }

    /** A struct or union; {@code members} are (name, type, offset-word) triples. */
    public int composite(int kind, String name, int size, boolean kflag, Object... members) {
        int n = members.length / 3;
        int[] extra = new int[n * 3];
        for (int i = 0; i < n; i++) {
            extra[i * 3] = str((String) members[i * 3]);
            extra[i * 3 + 1] = (Integer) members[i * 3 + 1];
            extra[i * 3 + 2] = (Integer) members[i * 3 + 2];
        }
        return type(name, info(kind, n, kflag), size, extra);
    }

    /** ENUM: (name, int value) pairs. */
    public int enum32(String name, int size, boolean signed, Object... values) {
        int n = values.length / 2;
        int[] extra = new int[n * 2];
        for (int i = 0; i < n; i++) {
            extra[i * 2] = str((String) values[i * 2]);
            extra[i * 2 + 1] = (Integer) values[i * 2 + 1];
        }
        return type(name, info(ENUM, n, signed), size, extra);
    }

    /** ENUM64: (name, long value) pairs. */
    public int enum64(String name, int size, boolean signed, Object... values) {
        int n = values.length / 2;
        int[] extra = new int[n * 3];
        for (int i = 0; i < n; i++) {
            long v = (Long) values[i * 2 + 1];
            extra[i * 3] = str((String) values[i * 2]);
            extra[i * 3 + 1] = (int) v;
            extra[i * 3 + 2] = (int) (v >>> 32);
        }
        return type(name, info(ENUM64, n, signed), size, extra);
    }

    /** FUNC_PROTO: (name, type) pairs. */
    public int funcProto(int ret, Object... params) {
        int n = params.length / 2;
        int[] extra = new int[n * 2];
        for (int i = 0; i < n; i++) {
            extra[i * 2] = str((String) params[i * 2]);
            extra[i * 2 + 1] = (Integer) params[i * 2 + 1];
        }
        return type("", info(FUNC_PROTO, n, false), ret, extra);
    }

    public int func(String name, int proto, int linkage) {
        return type(name, info(FUNC, linkage, false), proto);
    }

    public int var(String name, int type, int linkage) {
        return type(name, info(VAR, 0, false), type, linkage);
    }

    /** DATASEC: (type, offset, size) triples. */
    public int datasec(String name, int size, int... vars) {
        return type(name, info(DATASEC, vars.length / 3, false), size, vars);
    }

    public int declTag(String name, int type, int componentIdx) {
        return type(name, info(DECL_TAG, 0, false), type, componentIdx);
    }

    public byte[] build() {
        int typeLen = 0;
        for (int[] w : types) {
            typeLen += 4 * w.length;
        }
        byte[] str = strings.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(24 + typeLen + str.length).order(order);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0);
        b.putInt(24).putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.length);
        for (int[] w : types) {
            for (int x : w) {
                b.putInt(x);
            }
        }
        b.put(str);
        return b.array();
    }

    /**
     * A valid blob with every kind, including what clang 14 never emits: signed ENUM, signed and unsigned
     * ENUM64, an INT with a bit offset and an unknown encoding, a 16-byte FLOAT, varargs, packed structs.
     */
    public static RawBtfWriter everyKind(ByteOrder order) {
        RawBtfWriter b = new RawBtfWriter(order);
        int i32 = b.intType("int", 4, 1, 0, 32);
        int u8 = b.intType("unsigned char", 1, 0, 0, 8);
        b.intType("_Bool", 1, 4, 0, 8);
        b.intType("char", 1, 2, 0, 8);
        b.intType("bits_at_3", 4, 1, 3, 5);
        int ptr = b.ref(PTR, "", i32);
        int arr = b.array(i32, i32, 16);
        int s = b.composite(STRUCT, "s", 16, true, "a", i32, 3 << 24, "b", u8, 8, "c", ptr, 64);
        b.composite(UNION, "u", 8, false, "x", i32, 0, "y", ptr, 0, "", s, 0);
        b.enum32("e_signed", 4, true, "NEG", -5, "POS", 7, "MIN", Integer.MIN_VALUE);
        b.enum32("e_unsigned", 4, false, "HIGH", 0x80000000, "ZERO", 0);
        b.enum64("e64", 8, false, "TOP", 0xfedcba9876543210L, "ONE", 1L);
        b.enum64("e64s", 8, true, "NEG", -0x100000000L, "LMIN", Long.MIN_VALUE);
        b.type("fs", info(FWD, 0, false), 0);
        b.type("fu", info(FWD, 0, true), 0);
        int td = b.ref(TYPEDEF, "td", s);
        int vol = b.ref(VOLATILE, "", i32);
        b.ref(CONST, "", vol);
        b.ref(RESTRICT, "", ptr);
        int proto = b.funcProto(i32, "a", i32, "", ptr, "", 0);
        int f = b.func("f", proto, 1);
        b.func("g", proto, 0);
        b.func("x", proto, 2);
        int v = b.var("v", s, 1);
        int sv = b.var("sv", i32, 0);
        b.var("ev", i32, 2);
        b.datasec(".data", 20, v, 0, 16, sv, 16, 4);
        b.type("float", info(FLOAT, 0, false), 4);
        b.type("long double", info(FLOAT, 0, false), 16);
        b.declTag("tag", s, -1);
        b.declTag("mtag", s, 1);
        b.declTag("ptag", f, 0);
        int tt = b.ref(TYPE_TAG, "user", i32);
        b.ref(PTR, "", tt);
        b.composite(STRUCT, "packed", 5, false, "a", u8, 0, "b", i32, 8);
        b.array(arr, i32, 2);
        b.ref(TYPEDEF, "td2", td);
        b.ref(PTR, "", proto);
        b.intType("odd_encoding", 2, 8, 0, 16);
        b.composite(STRUCT, "empty", 0, false);
        b.array(i32, i32, 0);
        return b;
    }
}
