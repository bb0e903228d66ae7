package io.bpfskel.core;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only BTF writer: just enough to build synthetic local and target BTFs for the CO-RE engine tests. Ids are
 * handed out in call order starting at 1; a type may refer to an id that is added later ({@link #nextId()}).
 */
final class TestBtf {
    record M(String name, int type, int bitOffset, int bitSize) {}

    private final List<int[]> types = new ArrayList<>();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private final int firstId;
    private final int strBase;

    TestBtf() {
        this(1, 0);
    }

    private TestBtf(int firstId, int strBase) {
        this.firstId = firstId;
        this.strBase = strBase;
        strings.write(0);
        stringOffsets.put("", 0);
    }

    /** A builder for split BTF (a module's) on top of what {@code base} builds. */
    static TestBtf splitOn(TestBtf base) {
        return new TestBtf(base.nextId(), base.strings.size());
    }

    static M m(String name, int type, int bitOffset) {
        return new M(name, type, bitOffset, 0);
    }

    static M bf(String name, int type, int bitOffset, int bitSize) {
        return new M(name, type, bitOffset, bitSize);
    }

    int nextId() {
        return firstId + types.size();
    }

    private int str(String s) {
        return stringOffsets.computeIfAbsent(s, k -> {
            int off = strBase + strings.size();
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            strings.write(b, 0, b.length);
            strings.write(0);
            return off;
        });
    }

    private int add(String name, BtfKind kind, int vlen, boolean kflag, int sizeOrType, int... extra) {
        int[] t = new int[3 + extra.length];
        t[0] = str(name);
        t[1] = vlen | (kind.ordinal() << 24) | (kflag ? 1 << 31 : 0);
        t[2] = sizeOrType;
        System.arraycopy(extra, 0, t, 3, extra.length);
        types.add(t);
        return firstId + types.size() - 1;
    }

    int integer(String name, int size, boolean signed) {
        return add(name, BtfKind.INT, 0, false, size, (signed ? 1 << 24 : 0) | size * 8);
    }

    int ptr(int type) {
        return add("", BtfKind.PTR, 0, false, type);
    }

    int typedef(String name, int type) {
        return add(name, BtfKind.TYPEDEF, 0, false, type);
    }

    int constOf(int type) {
        return add("", BtfKind.CONST, 0, false, type);
    }

    int volatileOf(int type) {
        return add("", BtfKind.VOLATILE, 0, false, type);
    }

    int array(int elem, int nelems) {
        return add("", BtfKind.ARRAY, 0, false, 0, elem, 0, nelems);
    }

    int struct(String name, int size, M... members) {
        return composite(BtfKind.STRUCT, name, size, members);
    }

    int union(String name, int size, M... members) {
        return composite(BtfKind.UNION, name, size, members);
    }

    private int composite(BtfKind kind, String name, int size, M... members) {
        boolean kflag = false;
        for (M m : members) {
            kflag |= m.bitSize() != 0;
        }
        int[] extra = new int[members.length * 3];
        for (int i = 0; i < members.length; i++) {
            M m = members[i];
            extra[i * 3] = str(m.name());
            extra[i * 3 + 1] = m.type();
            extra[i * 3 + 2] = kflag ? (m.bitSize() << 24) | m.bitOffset() : m.bitOffset();
        }
        return add(name, kind, members.length, kflag, size, extra);
    }

    /** {@code values} alternates names and values: "A", 1, "B", 2. */
    int enumeration(String name, int size, boolean signed, Object... values) {
        int[] extra = new int[values.length];
        for (int i = 0; i < values.length; i += 2) {
            extra[i] = str((String) values[i]);
            extra[i + 1] = ((Number) values[i + 1]).intValue();
        }
        return add(name, BtfKind.ENUM, values.length / 2, signed, size, extra);
    }

    int enum64(String name, int size, boolean signed, Object... values) {
        int n = values.length / 2;
        int[] extra = new int[n * 3];
        for (int i = 0; i < n; i++) {
            long v = ((Number) values[i * 2 + 1]).longValue();
            extra[i * 3] = str((String) values[i * 2]);
            extra[i * 3 + 1] = (int) v;
            extra[i * 3 + 2] = (int) (v >>> 32);
        }
        return add(name, BtfKind.ENUM64, n, signed, size, extra);
    }

    int fwd(String name, boolean union) {
        return add(name, BtfKind.FWD, 0, union, 0);
    }

    /** {@code params} are type ids (parameter names are left empty). */
    int funcProto(int ret, int... params) {
        int[] extra = new int[params.length * 2];
        for (int i = 0; i < params.length; i++) {
            extra[i * 2 + 1] = params[i];
        }
        return add("", BtfKind.FUNC_PROTO, params.length, false, ret, extra);
    }

    int floating(String name, int size) {
        return add(name, BtfKind.FLOAT, 0, false, size);
    }

    byte[] bytes() {
        int typeLen = 0;
        for (int[] t : types) {
            typeLen += t.length * 4;
        }
        byte[] str = strings.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(24 + typeLen + str.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0);
        b.putInt(24).putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.length);
        for (int[] t : types) {
            for (int v : t) {
                b.putInt(v);
            }
        }
        b.put(str);
        return b.array();
    }

    Btf build(String source) {
        return Btf.parse(source, bytes());
    }

    Btf buildSplit(String source, Btf base) {
        return Btf.parseSplit(source, bytes(), base);
    }
}
