package io.bpfskel.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpfskel.testing.FixtureObjects;
import io.bpfskel.testing.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link ElfFile} against {@code llvm-readelf --wide}: for every fixture object of both byte orders, every
 * section header, symbol and relocation must read exactly as llvm-readelf prints it.
 */
class ElfFileVsReadelfTest {

    private static final Map<String, Integer> SECTION_TYPES = Map.ofEntries(
            Map.entry("NULL", 0), Map.entry("PROGBITS", 1), Map.entry("SYMTAB", 2), Map.entry("STRTAB", 3),
            Map.entry("RELA", 4), Map.entry("HASH", 5), Map.entry("DYNAMIC", 6), Map.entry("NOTE", 7),
            Map.entry("NOBITS", 8), Map.entry("REL", 9), Map.entry("SHLIB", 10), Map.entry("DYNSYM", 11),
            Map.entry("INIT_ARRAY", 14), Map.entry("FINI_ARRAY", 15), Map.entry("PREINIT_ARRAY", 16),
            Map.entry("GROUP", 17), Map.entry("LLVM_ODRTAB", 0x6fff4c00), Map.entry("LLVM_LINKER_OPTIONS", 0x6fff4c01),
            Map.entry("LLVM_ADDRSIG", 0x6fff4c03), Map.entry("LLVM_DEPENDENT_LIBRARIES", 0x6fff4c04),
            Map.entry("LLVM_SYMPART", 0x6fff4c05), Map.entry("LLVM_BB_ADDR_MAP", 0x6fff4c08),
            Map.entry("LLVM_CALL_GRAPH_PROFILE", 0x6fff4c09));

    /** llvm-readelf's one-letter section flags and their bits. */
    private static final Map<Character, Long> FLAG_LETTERS = Map.ofEntries(
            Map.entry('W', 0x1L), Map.entry('A', 0x2L), Map.entry('X', 0x4L), Map.entry('M', 0x10L),
            Map.entry('S', 0x20L), Map.entry('I', 0x40L), Map.entry('L', 0x80L), Map.entry('O', 0x100L),
            Map.entry('G', 0x200L), Map.entry('T', 0x400L), Map.entry('C', 0x800L), Map.entry('R', 0x200000L),
            Map.entry('E', 0x80000000L));

    private static final Map<String, Integer> SYMBOL_TYPES = Map.of(
            "NOTYPE", 0, "OBJECT", 1, "FUNC", 2, "SECTION", 3, "FILE", 4, "COMMON", 5, "TLS", 6, "GNU_IFUNC", 10);
    private static final Map<String, Integer> SYMBOL_BINDS = Map.of("LOCAL", 0, "GLOBAL", 1, "WEAK", 2, "UNIQUE", 10);
    private static final Map<String, Integer> VISIBILITIES = Map.of("DEFAULT", 0, "INTERNAL", 1, "HIDDEN", 2, "PROTECTED", 3);
    private static final Map<String, Integer> RELOC_TYPES = Map.of(
            "R_BPF_NONE", 0, "R_BPF_64_64", 1, "R_BPF_64_ABS64", 2, "R_BPF_64_ABS32", 3, "R_BPF_64_NODYLD32", 4,
            "R_BPF_64_32", 10);

    @TestFactory
    Stream<DynamicNode> everyFixtureMatchesReadelf() {
        Path readelf = Tools.llvmReadelf();
        return FixtureObjects.all().stream().map(obj -> DynamicContainer.dynamicContainer(FixtureObjects.displayName(obj),
                Stream.of(
                        DynamicTest.dynamicTest("sections", () -> sections(readelf, obj)),
                        DynamicTest.dynamicTest("symbols", () -> symbols(readelf, obj)),
                        DynamicTest.dynamicTest("relocations", () -> relocations(readelf, obj)))));
    }

    // ---- sections

    private static final Pattern SECTION_COUNT = Pattern.compile("^There are (\\d+) section headers, starting at offset 0x([0-9a-f]+):$");
    /** {@code [Nr] Name Type Address Off Size ES Flg Lk Inf Al}; Name may be empty, Flg may be empty. */
    private static final Pattern SECTION_LINE = Pattern.compile(
            "^\\s*\\[\\s*(\\d+)\\] (.*?)\\s*(\\S+)\\s+([0-9a-f]{16}) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) +([A-Za-z]*) +(\\d+) +(\\d+) +(\\d+)$");

    static void sections(Path readelf, Path obj) {
        ElfFile elf = ElfFile.read(obj);
        String out = Tools.run(30, readelf, "-S", "--wide", obj);
        int declared = -1;
        List<ElfSection> ours = elf.sections();
        int seen = 0;
        for (String line : out.split("\n")) {
            Matcher c = SECTION_COUNT.matcher(line);
            if (c.matches()) {
                declared = Integer.parseInt(c.group(1));
                continue;
            }
            Matcher m = SECTION_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int nr = Integer.parseInt(m.group(1));
            String where = obj.getFileName() + " section [" + nr + "]";
            assertTrue(nr < ours.size(), where + ": we read only " + ours.size() + " sections");
            ElfSection s = ours.get(nr);
            assertEquals(nr, s.index(), where + " index");
            assertEquals(m.group(2), s.name(), where + " name");
            Integer type = SECTION_TYPES.get(m.group(3));
            if (type == null) {
                fail(where + ": section type '" + m.group(3) + "' is not in this test's table; add it");
            }
            assertEquals(type.intValue(), s.type(), where + " '" + s.name() + "' type");
            assertEquals(Long.parseUnsignedLong(m.group(4), 16), s.addr(), where + " '" + s.name() + "' address");
            assertEquals(Long.parseUnsignedLong(m.group(5), 16), s.offset(), where + " '" + s.name() + "' offset");
            assertEquals(Long.parseUnsignedLong(m.group(6), 16), s.size(), where + " '" + s.name() + "' size");
            assertEquals(Long.parseUnsignedLong(m.group(7), 16), s.entsize(), where + " '" + s.name() + "' entsize");
            long known = 0;
            long flags = 0;
            for (long bit : FLAG_LETTERS.values()) {
                known |= bit;
            }
            for (char f : m.group(8).toCharArray()) {
                Long bit = FLAG_LETTERS.get(f);
                if (bit == null) {
                    fail(where + ": flag letter '" + f + "' is not in this test's table; add it");
                }
                flags |= bit;
            }
            assertEquals(flags, s.flags() & known, where + " '" + s.name() + "' flags " + m.group(8));
            assertEquals(0, s.flags() & ~known, where + " '" + s.name() + "' has flags readelf would print as x/o/p");
            assertEquals(Integer.parseInt(m.group(9)), s.link(), where + " '" + s.name() + "' link");
            assertEquals(Integer.parseInt(m.group(10)), s.info(), where + " '" + s.name() + "' info");
            assertEquals(Long.parseLong(m.group(11)), s.addralign(), where + " '" + s.name() + "' addralign");
            seen++;
        }
        assertTrue(declared > 0, "no section count line in llvm-readelf output:\n" + out);
        assertEquals(declared, ours.size(), obj.getFileName() + ": section count");
        assertEquals(declared, seen, obj.getFileName() + ": section lines parsed from llvm-readelf (format changed?)");
    }

    // ---- symbols

    private static final Pattern SYMTAB_HEADER = Pattern.compile("^Symbol table '(.*)' contains (\\d+) entries:$");
    private static final Pattern SYMBOL_LINE = Pattern.compile(
            "^\\s*(\\d+): ([0-9a-f]{16})\\s+(\\d+|0x[0-9a-f]+) (\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+) ?(.*)$");

    static void symbols(Path readelf, Path obj) {
        ElfFile elf = ElfFile.read(obj);
        String out = Tools.run(30, readelf, "-s", "--wide", obj);
        List<ElfSymbol> ours = elf.symbols();
        int declared = -1;
        int seen = 0;
        for (String line : out.split("\n")) {
            Matcher h = SYMTAB_HEADER.matcher(line);
            if (h.matches()) {
                assertEquals(".symtab", h.group(1), "only .symtab is expected in a BPF object");
                declared = Integer.parseInt(h.group(2));
                continue;
            }
            Matcher m = SYMBOL_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int num = Integer.parseInt(m.group(1));
            String where = obj.getFileName() + " symbol " + num;
            assertTrue(num < ours.size(), where + ": we read only " + ours.size() + " symbols");
            ElfSymbol s = ours.get(num);
            assertEquals(num, s.index(), where + " index");
            where += " '" + m.group(8) + "'";
            assertEquals(Long.parseUnsignedLong(m.group(2), 16), s.value(), where + " value");
            String size = m.group(3);
            assertEquals(size.startsWith("0x") ? Long.parseUnsignedLong(size.substring(2), 16) : Long.parseLong(size),
                    s.size(), where + " size");
            assertEquals(lookup(SYMBOL_TYPES, m.group(4), where), s.type(), where + " type");
            assertEquals(lookup(SYMBOL_BINDS, m.group(5), where), s.bind(), where + " bind");
            assertEquals(lookup(VISIBILITIES, m.group(6), where), s.visibility(), where + " visibility");
            assertEquals(0, s.other() & ~3, where + " st_other bits readelf would print");
            String ndx = m.group(7);
            int shndx = ndx.equals("UND") ? ElfSymbol.SHN_UNDEF : ndx.equals("ABS") ? ElfSymbol.SHN_ABS
                    : ndx.equals("COM") ? ElfSymbol.SHN_COMMON : Integer.parseInt(ndx);
            assertEquals(shndx, s.sectionIndex(), where + " section index");
            // llvm-readelf names a section symbol without a name after its section.
            String name = s.name();
            if (name.isEmpty() && s.type() == ElfSymbol.STT_SECTION) {
                name = elf.section(s.sectionIndex()).name();
            }
            assertEquals(m.group(8), name, where + " name");
            seen++;
        }
        assertTrue(declared >= 0, "no symbol table header in llvm-readelf output:\n" + out);
        assertEquals(declared, ours.size(), obj.getFileName() + ": symbol count");
        assertEquals(declared, seen, obj.getFileName() + ": symbol lines parsed from llvm-readelf (format changed?)");
    }

    // ---- relocations

    private static final Pattern RELOC_HEADER = Pattern.compile(
            "^Relocation section '(.*)' at offset 0x([0-9a-f]+) contains (\\d+) entries:$");
    private static final Pattern RELOC_LINE = Pattern.compile(
            "^([0-9a-f]{16})\\s+([0-9a-f]{16}) (\\S+)(?:\\s+([0-9a-f]{16}) (.*?)(?: ([+-]) ([0-9a-f]+))?)?\\s*$");

    static void relocations(Path readelf, Path obj) {
        ElfFile elf = ElfFile.read(obj);
        String out = Tools.run(30, readelf, "-r", "--wide", obj);
        Map<String, List<String[]>> printed = new LinkedHashMap<>();
        Map<String, Long> printedOffsets = new HashMap<>();
        Map<String, Integer> printedCounts = new HashMap<>();
        List<String[]> current = null;
        for (String line : out.split("\n")) {
            Matcher h = RELOC_HEADER.matcher(line);
            if (h.matches()) {
                current = new ArrayList<>();
                printed.put(h.group(1), current);
                printedOffsets.put(h.group(1), Long.parseLong(h.group(2), 16));
                printedCounts.put(h.group(1), Integer.parseInt(h.group(3)));
                continue;
            }
            Matcher m = RELOC_LINE.matcher(line);
            if (m.matches()) {
                assertTrue(current != null, "relocation line before a section header: " + line);
                String[] g = new String[7];
                for (int i = 0; i < 7; i++) {
                    g[i] = m.group(i + 1);
                }
                current.add(g);
            }
        }
        List<ElfSection> relSections = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (s.type() == ElfSection.SHT_REL || s.type() == ElfSection.SHT_RELA) {
                relSections.add(s);
            }
        }
        assertEquals(printed.keySet(), relSections.stream().map(ElfSection::name).collect(
                java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)), obj.getFileName() + ": relocation sections");
        int total = 0;
        for (ElfSection s : relSections) {
            String where = obj.getFileName() + " '" + s.name() + "'";
            List<ElfRelocation> ours = elf.relocations(s);
            List<String[]> theirs = printed.get(s.name());
            assertEquals(printedOffsets.get(s.name()), s.offset(), where + " offset");
            assertEquals(printedCounts.get(s.name()), ours.size(), where + " entry count");
            assertEquals(theirs.size(), ours.size(), where + " entry lines parsed from llvm-readelf (format changed?)");
            ElfSection target = elf.relocatedSection(s);
            assertTrue(target.index() > 0, where + " target");
            for (int i = 0; i < ours.size(); i++) {
                ElfRelocation r = ours.get(i);
                String[] g = theirs.get(i);
                String w = where + " entry " + i;
                assertEquals(Long.parseUnsignedLong(g[0], 16), r.offset(), w + " offset");
                long info = Long.parseUnsignedLong(g[1], 16);
                assertEquals(info >>> 32, r.symbolIndex(), w + " symbol index");
                assertEquals((int) info, r.type(), w + " type");
                assertEquals(lookup(RELOC_TYPES, g[2], w), r.type(), w + " type name " + g[2]);
                if (r.symbolIndex() != 0) {
                    ElfSymbol sym = elf.symbol(r.symbolIndex());
                    assertEquals(Long.parseUnsignedLong(g[3], 16), sym.value(), w + " symbol value");
                    String name = sym.type() == ElfSymbol.STT_SECTION && sym.name().isEmpty()
                            ? elf.section(sym.sectionIndex()).name() : sym.name();
                    assertEquals(g[4], name, w + " symbol name");
                }
                if (s.type() == ElfSection.SHT_RELA) {
                    long addend = g[6] == null ? 0 : Long.parseUnsignedLong(g[6], 16);
                    assertEquals("-".equals(g[5]) ? -addend : addend, r.addend(), w + " addend");
                } else {
                    assertEquals(0, r.addend(), w + " REL entries have no addend");
                }
                total++;
            }
        }
        if (relSections.isEmpty()) {
            assertTrue(out.contains("There are no relocations in this file."), out);
        }
        assertTrue(total >= 0);
    }

    private static int lookup(Map<String, Integer> table, String key, String where) {
        Integer v = table.get(key);
        if (v == null) {
            fail(where + ": '" + key + "' is not in this test's table; add it");
        }
        return v;
    }
}
