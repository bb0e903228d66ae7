package io.bpfskel.testing;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Where a type's record lies in a little-endian object's {@code .BTF}, for tests that corrupt one field of it. */
public final class BtfRecords {
    private BtfRecords() {}

    /** File offset of type {@code id}'s record (its 12-byte header; kind-specific data follows). */
    public static int typeRecord(byte[] object, int id) {
        ElfSection btf = ElfFile.parse("object", object).section(".BTF").orElseThrow();
        ByteBuffer h = ByteBuffer.wrap(object).order(ByteOrder.LITTLE_ENDIAN);
        int start = (int) btf.offset();
        int at = start + h.getInt(start + 4) + h.getInt(start + 8);
        for (int t = 1; t < id; t++) {
            int info = h.getInt(at + 4);
            int vlen = info & 0xffff;
            at += 12 + switch ((info >>> 24) & 0x1f) {
                case RawBtfWriter.INT, RawBtfWriter.VAR, RawBtfWriter.DECL_TAG -> 4;
                case RawBtfWriter.ARRAY -> 12;
                case RawBtfWriter.STRUCT, RawBtfWriter.UNION, RawBtfWriter.DATASEC, RawBtfWriter.ENUM64 -> 12 * vlen;
                case RawBtfWriter.ENUM, RawBtfWriter.FUNC_PROTO -> 8 * vlen;
                default -> 0;
            };
        }
        return at;
    }

    /** File offset of member {@code index} (name, type, offset: 4 bytes each) of the struct or union {@code id}. */
    public static int member(byte[] object, int id, int index) {
        return typeRecord(object, id) + 12 + 12 * index;
    }
}
