package io.bpfskel.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfskel.testing.FixtureObjects;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ELF extended numbering (gABI): {@code e_shnum == 0} with the count in section 0's {@code sh_size}, and
 * {@code e_shstrndx == SHN_XINDEX} with the index in section 0's {@code sh_link}. clang only emits these
 * for 65,280+ sections, so each fixture is rewritten to use them and must read exactly as before.
 */
class ElfExtendedNumberingTest {

    @TestFactory
    Stream<DynamicTest> extendedNumberingReadsTheSame() {
        return FixtureObjects.all().stream().map(obj -> DynamicTest.dynamicTest(FixtureObjects.displayName(obj), () -> {
            byte[] orig = ElfFile.readAll(obj);
            ElfFile a = ElfFile.parse("orig", orig);
            byte[] ext = orig.clone();
            ByteBuffer b = ByteBuffer.wrap(ext).order(a.byteOrder());
            long shoff = b.getLong(40);
            int shnum = b.getShort(60) & 0xffff;
            int shstrndx = b.getShort(62) & 0xffff;
            b.putShort(60, (short) 0);
            b.putLong((int) shoff + 32, shnum);
            b.putShort(62, (short) ElfSymbol.SHN_XINDEX);
            b.putInt((int) shoff + 40, shstrndx);
            ElfFile e = ElfFile.parse("extended", ext);
            assertEquals(a.sections().size(), e.sections().size(), obj + ": section count");
            for (int i = 1; i < a.sections().size(); i++) {
                assertEquals(a.sections().get(i), e.sections().get(i), obj + ": section " + i);
            }
            assertEquals(a.symbols(), e.symbols(), obj + ": symbols");
            assertEquals(ElfFile.ET_REL, e.type());
            assertEquals(ElfFile.EM_BPF, e.machine());
        }));
    }

    @TestFactory
    Stream<DynamicTest> noSectionHeaderTableMeansNoSections() {
        return FixtureObjects.all().stream().limit(2).map(obj -> DynamicTest.dynamicTest(FixtureObjects.displayName(obj), () -> {
            byte[] bytes = ElfFile.readAll(obj);
            ElfFile a = ElfFile.parse("orig", bytes);
            ByteBuffer.wrap(bytes).order(a.byteOrder()).putLong(40, 0);
            ElfFile e = ElfFile.parse(Path.of("x").toString(), bytes);
            assertEquals(0, e.sections().size());
            assertEquals(0, e.symbols().size());
        }));
    }
}
