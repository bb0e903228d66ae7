package io.bpfskel.load;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.object.BpfObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the fields of a struct a BPF program wrote (a ring buffer record, a map value) by name, with the offsets
 * from the object's own BTF, so tests do not repeat the C layout.
 */
final class StructView {
    private final String name;
    private final int size;
    private final Map<String, Integer> offsets = new HashMap<>();

    private StructView(String name, int size) {
        this.name = name;
        this.size = size;
    }

    static StructView of(BpfObject obj, String struct) {
        Btf btf = obj.btf();
        int id = btf.findByNameKind(struct, BtfKind.STRUCT);
        if (id <= 0) {
            throw new IllegalArgumentException(obj.source() + ": no struct " + struct + " in BTF");
        }
        BtfType.Struct s = (BtfType.Struct) btf.type(id);
        StructView v = new StructView(struct, s.size());
        for (BtfType.Member m : s.members()) {
            v.offsets.put(m.name(), m.bitOffset() / 8);
        }
        return v;
    }

    int size() {
        return size;
    }

    int offset(String field) {
        Integer off = offsets.get(field);
        if (off == null) {
            throw new IllegalArgumentException("struct " + name + " has no field " + field + " (has " + offsets.keySet() + ")");
        }
        return off;
    }

    int s32(ByteBuffer b, String field) {
        return b.getInt(offset(field));
    }

    long u32(ByteBuffer b, String field) {
        return Integer.toUnsignedLong(b.getInt(offset(field)));
    }

    long u64(ByteBuffer b, String field) {
        return b.getLong(offset(field));
    }

    int u16(ByteBuffer b, String field) {
        return Short.toUnsignedInt(b.getShort(offset(field)));
    }

    int u8(ByteBuffer b, String field) {
        return Byte.toUnsignedInt(b.get(offset(field)));
    }

    byte[] bytes(ByteBuffer b, String field, int n) {
        byte[] out = new byte[n];
        b.get(offset(field), out);
        return out;
    }

    /** A NUL-terminated string in a char array field of {@code max} bytes. */
    String string(ByteBuffer b, String field, int max) {
        int off = offset(field);
        int n = 0;
        while (n < max && b.get(off + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(off, s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
