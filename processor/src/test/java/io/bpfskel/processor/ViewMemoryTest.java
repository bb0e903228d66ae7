package io.bpfskel.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpfskel.skel.ViewMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The runtime helper the generated views call (io.bpfskel.skel.ViewMemory). */
class ViewMemoryTest {
    @Test
    void bitfieldsLittleEndian() {
        ByteBuffer b = ByteBuffer.allocate(16);
        ViewMemory m = ViewMemory.of(b, ByteOrder.LITTLE_ENDIAN);
        // 12 bits at bit 6 of byte 1: spans bytes 1..3
        m.putBits(1, 6, 12, 0xabc);
        assertEquals(0xabc, m.getBits(1, 6, 12, false));
        assertEquals(0xabcL << 6, Byte.toUnsignedLong(b.get(1)) | Byte.toUnsignedLong(b.get(2)) << 8
                | Byte.toUnsignedLong(b.get(3)) << 16);
        assertEquals(0xabc - 0x1000, m.getBits(1, 6, 12, true));
        b.put(0, (byte) 0xff);
        m.putBits(0, 0, 3, 2);
        assertEquals((byte) 0xfa, b.get(0), "neighbouring bits kept");
        m.putBits(8, 0, 64, -2L);
        assertEquals(-2L, m.getBits(8, 0, 64, true));
    }

    @Test
    void bitfieldsBigEndian() {
        ByteBuffer b = ByteBuffer.allocate(4);
        ViewMemory m = ViewMemory.of(b, ByteOrder.BIG_ENDIAN);
        // BTF numbers big-endian bits from the most significant bit: bits 0..2 are the top 3 bits of byte 0
        m.putBits(0, 0, 3, 5);
        assertEquals((byte) 0xa0, b.get(0));
        m.putBits(0, 3, 1, 1);
        assertEquals((byte) 0xb0, b.get(0));
        m.putBits(0, 6, 4, 0xf);
        assertArrayEquals(new byte[] {(byte) 0xb3, (byte) 0xc0, 0, 0}, b.array());
        assertEquals(-1, m.getBits(0, 6, 4, true));
        assertEquals(5, m.getBits(0, 0, 3, false));
    }

    @Test
    void integersStringsBytes() {
        ByteBuffer b = ByteBuffer.allocate(16);
        ViewMemory m = ViewMemory.of(b, ByteOrder.LITTLE_ENDIAN);
        m.putInteger(0, 4, 0xfffffffeL);
        assertEquals(0xfffffffeL, m.getInteger(0, 4, false));
        assertEquals(-2L, m.getInteger(0, 4, true));
        m.putString(4, 8, "abcdefg");
        assertEquals("abcdefg", m.getString(4, 8));
        assertThrows(IllegalArgumentException.class, () -> m.putString(4, 8, "abcdefgh"));
        m.putString(4, 8, "é");
        assertEquals("é", m.getString(4, 8));
        assertEquals(0, m.getByte(7), "zero-padded");
        m.putBytes(4, 8, new byte[] {'x', 'y', 'z', 'w', 'v', 'u', 't', 's'});
        assertEquals("xyzwvuts", m.getString(4, 8), "no NUL: the whole array");
        assertThrows(IllegalArgumentException.class, () -> m.putBytes(4, 8, new byte[9]));
    }
}
