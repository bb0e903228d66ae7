package io.bpfskel.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpfskel.error.BpfFormatException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Section sizes the file does not bound (NOBITS) are still sizes: the object fuzz found these. */
class HostileSectionSizeTest {
    @Test
    void aBssOfTwoToTheSixtyFourMinusTenBytesIsRefusedByName() throws Exception {
        byte[] o = Files.readAllBytes(Fixtures.bpfel("minimal"));
        ElfSection bss = ElfFile.parse("minimal.bpf.o", o).section(".bss").orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong((int) (b.getLong(40) + 64L * bss.index() + 32), -10L);
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> BpfObject.parse("mutant.bpf.o", o));
        assertEquals("mutant.bpf.o: section " + bss.index() + " '.bss': size 18446744073709551606 out of range",
                e.getMessage());
    }

    @Test
    void aBssAboveTheDataSectionLimitIsRefusedWithItsSize() throws Exception {
        byte[] o = Files.readAllBytes(Fixtures.bpfel("minimal"));
        ElfSection bss = ElfFile.parse("minimal.bpf.o", o).section(".bss").orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong((int) (b.getLong(40) + 64L * bss.index() + 32), 0x7fff_ffff_0000_0000L);
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> BpfObject.parse("mutant.bpf.o", o));
        assertEquals("mutant.bpf.o: section '.bss' is 9223372032559808512 bytes; global-data sections of at most 64 MiB"
                + " are supported (keep large buffers in array maps)", e.getMessage());
    }
}
