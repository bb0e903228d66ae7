package io.bpfskel.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.object.BpfObject;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Names in messages are the object's bytes; every error stays one inert line whatever they hold. */
class OneLineMessageTest {
    @Test
    void controlAndFormatCharactersAreEscaped() {
        // the object fuzz found a map member name 'values' that became 'v\nlues', and a relocation section whose
        // name ran through a string table of binary data
        assertEquals("map 'm': unknown field 'v\\nlues'",
                new BpfFormatException("x.o", "map 'm': unknown field 'v\nlues'").getMessage().substring(5));
        assertEquals("a\\tb\\x01c\\x7f\\r\\x1b[31m\\x85\\u202e", BpfException.oneLine("a\tb\u0001c\u007f\r\u001b[31m\u0085\u202e"));
        assertEquals("café ✓", BpfException.oneLine("café ✓"), "printable text outside ASCII stays as it is");
        String plain = "map 'counts': unknown field 'x'";
        assertSame(plain, BpfException.oneLine(plain), "no copy when there is nothing to escape");
    }

    @Test
    void everyKindOfErrorIsOneLine() {
        String name = "se\nc\u0000";
        for (BpfException e : new BpfException[] {new BpfException(name), new BpfFormatException(name, name),
                new BpfLoadException(name), new BpfLoadException(name, new RuntimeException()),
                new BpfNotSupportedException(name, name)}) {
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u0000"), e.getMessage());
        }
    }

    @Test
    void theVerifierLogKeepsItsLinesAndEscapesInsideThem() {
        BpfVerifierException e = new BpfVerifierException("o\n.bpf.o", "prog\n", 13, "EACCES",
                "0: R1=ctx\nfunc 'x\u001by' not found\n");
        assertTrue(e.getMessage().startsWith("o\\n.bpf.o: program 'prog\\n' was rejected by the kernel: EACCES (errno 13)\n"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  0: R1=ctx\n  func 'x\\x1by' not found"), e.getMessage());
        assertEquals("0: R1=ctx\nfunc 'x\u001by' not found\n", e.log(), "log() is the kernel's text as it was");
    }

    @Test
    void aSyscallErrorKeepsTheKernelLogsLinesOnly() {
        BpfSyscallException e = new BpfSyscallException("BPF_BTF_LOAD", 22, "object 'a\nb'", null, "[1] STRUCT x\n[2] bad\u001b\n");
        String[] lines = e.getMessage().split("\n");
        assertTrue(lines[0].startsWith("BPF_BTF_LOAD for object 'a\\nb' failed: EINVAL"), lines[0]);
        assertEquals("kernel log:", lines[1]);
        assertEquals("[2] bad\\x1b", lines[3]);
    }

    @Test
    void aSectionNameTableOfBinaryDataGivesOneLine() throws Exception {
        // CI's object fuzz: e_shstrndx moved to the .BTF section, so every section name is binary data, and a
        // relocation section's target index out of range made the reader quote one of those names
        byte[] o = Files.readAllBytes(Fixtures.bpfel("ringbuf"));
        ElfFile elf = ElfFile.parse("ringbuf.bpf.o", o);
        ByteBuffer b = ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN);
        ElfSection btf = elf.section(".BTF").orElseThrow();
        ElfSection rel = elf.sections().stream().filter(s -> s.type() == ElfSection.SHT_REL).findFirst().orElseThrow();
        b.putShort(62, (short) btf.index());
        b.putInt((int) (b.getLong(40) + 64L * rel.index() + 44), 1_900_565);
        b.putInt((int) (b.getLong(40) + 64L * rel.index()), 0); // its name: the BTF magic and version, 9f eb 01
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> BpfObject.parse("mutant.bpf.o", o));
        assertTrue(e.getMessage().startsWith("mutant.bpf.o: relocation section '\ufffd\ufffd\\x01'"), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)),
                e.getMessage());
    }
}
