package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpfskel.error.BpfFormatException;
import io.bpfskel.testing.RawBtfWriter;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Sizes and offsets that no C type has are refused where the type is decoded; the processor's fuzzing found them. */
class BtfHostileSizeTest {
    @Test
    void aStructOfFourGibibytesIsRefusedByItsId() {
        RawBtfWriter w = new RawBtfWriter(ByteOrder.LITTLE_ENDIAN);
        int i = w.intType("int", 4, 1, 0, 32);
        int s = w.composite(RawBtfWriter.STRUCT, "ops", -1, false, "a", i, 0);
        Btf btf = Btf.parse("hostile", w.build());
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> btf.type(s));
        assertEquals("hostile: type " + s + ": STRUCT size 4294967295 out of range", e.getMessage());
    }

    @Test
    void aMemberBitOffsetOfTwoToTheThirtyFirstOrMoreIsRefused() {
        RawBtfWriter w = new RawBtfWriter(ByteOrder.LITTLE_ENDIAN);
        int i = w.intType("int", 4, 1, 0, 32);
        int s = w.composite(RawBtfWriter.STRUCT, "ops", 8, false, "a", i, 0, "b", i, 0x8000_0000);
        Btf btf = Btf.parse("hostile", w.build());
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> btf.type(s));
        assertEquals("hostile: type " + s + ": member 1 bit offset 2147483648 out of range", e.getMessage());
    }
}
