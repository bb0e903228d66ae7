package io.bpfskel.usdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfFormatException;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.elf.ElfSymbol;
import io.bpfskel.testing.Commands;
import io.bpfskel.testing.UsdtTargets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsdtNotesTest {
    @TempDir
    static Path tmp;
    static UsdtTargets.Built o2;
    static UsdtTargets.Built o0;

    @BeforeAll
    static void build() throws IOException {
        UsdtTargets.requireSdt();
        o2 = UsdtTargets.build(Files.createDirectories(tmp.resolve("o2")), "-O2");
        o0 = UsdtTargets.build(Files.createDirectories(tmp.resolve("o0")), "-O0");
    }

    /** provider, name, location, semaphore, arguments as binutils' readelf -n prints them. */
    record Readelf(String provider, String name, long location, long semaphore, String args) {}

    private static final Pattern NOTE = Pattern.compile(
            "Provider: (\\S*)\\s+Name: (\\S+)\\s+Location: 0x([0-9a-f]+), Base: 0x[0-9a-f]+, Semaphore: 0x([0-9a-f]+)\\s+"
                    + "Arguments: ?([^\\n]*)");

    static List<Readelf> readelf(Path binary) {
        String out = Commands.run("readelf", "-n", binary.toString());
        List<Readelf> list = new ArrayList<>();
        Matcher m = NOTE.matcher(out);
        while (m.find()) {
            list.add(new Readelf(m.group(1), m.group(2), Long.parseUnsignedLong(m.group(3), 16),
                    Long.parseUnsignedLong(m.group(4), 16), m.group(5).strip()));
        }
        return list;
    }

    private static void assertSameAsReadelf(Path binary) {
        List<UsdtProbe> probes = UsdtNotes.read(binary);
        List<Readelf> expected = readelf(binary);
        assertTrue(!expected.isEmpty(), "readelf sees notes in " + binary);
        assertEquals(expected.size(), probes.size(), binary.toString());
        for (int i = 0; i < probes.size(); i++) {
            UsdtProbe p = probes.get(i);
            Readelf r = expected.get(i);
            assertEquals(r.provider(), p.provider());
            assertEquals(r.name(), p.name());
            assertEquals(r.location(), p.address(), p.id());
            assertEquals(r.semaphore(), p.semaphoreAddress(), p.id());
            assertEquals(r.args(), p.argsText(), p.id());
            assertNull(p.argsError(), p.id() + ": " + p.argsError());
            assertEquals(offsetBySegments(binary, p.address(), true), p.fileOffset(), p.id());
            if (p.hasSemaphore()) {
                assertEquals(offsetBySegments(binary, p.semaphoreAddress(), false), p.semaphoreOffset(), p.id());
            }
        }
    }

    /** The file offset of {@code addr} through binutils' view of the PT_LOAD segments ({@code readelf -lW}). */
    private static long offsetBySegments(Path binary, long addr, boolean exec) {
        for (String line : Commands.run("readelf", "-lW", binary.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 7 && f[0].equals("LOAD")) {
                long offset = Long.decode(f[1]);
                long vaddr = Long.decode(f[2]);
                long memsz = Long.decode(f[5]);
                if (addr >= vaddr && addr < vaddr + memsz) {
                    // flags are the fields between the memory size and the alignment: "R", "R E", "RW"
                    assertEquals(exec, String.join("", List.of(f).subList(6, f.length - 1)).contains("E"),
                            "segment flags of 0x" + Long.toHexString(addr) + ": " + line);
                    return addr - vaddr + offset;
                }
            }
        }
        throw new AssertionError("no segment holds 0x" + Long.toHexString(addr));
    }

    @Test
    void probesOfTheTestBinariesMatchReadelf() {
        for (UsdtTargets.Built b : List.of(o2, o0)) {
            assertSameAsReadelf(b.executable());
            assertSameAsReadelf(b.library());
        }
    }

    @Test
    void everyX86ArgumentFormAppearsInTheTestBinary() {
        List<UsdtProbe> probes = UsdtNotes.read(o2.executable());
        String kinds = probes.stream().flatMap(p -> p.args().stream())
                .map(a -> a.kind() + (a.symbol() != null ? "+rip" : "") + "/" + a.size())
                .distinct().sorted().collect(Collectors.joining(" "));
        for (String k : List.of("REG/8", "REG/4", "REG/2", "REG/1", "CONST/4", "CONST/8", "REG_DEREF/4", "SIB/8",
                "REG_DEREF+rip/4", "REG_DEREF+rip/8")) {
            assertTrue(kinds.contains(k), k + " in " + kinds);
        }
        assertEquals(2, UsdtNotes.find(probes, "bpfskel", "twice").size(), "an inlined probe has a note per site");
        UsdtProbe guarded = UsdtNotes.find(probes, "bpfskel", "guarded").get(0);
        assertTrue(guarded.hasSemaphore());
        assertEquals(0, UsdtNotes.find(probes, "bpfskel", "consts").get(0).semaphoreAddress());
        // -O0 keeps arguments in the stack frame: offset(%rbp) forms.
        assertTrue(UsdtNotes.read(o0.executable()).stream().flatMap(p -> p.args().stream())
                .anyMatch(a -> a.kind() == UsdtArg.Kind.REG_DEREF && a.register().equals("rbp") && a.valOff() < 0));
    }

    @Test
    void ripRelativeGlobalsAreReadRelativeToTheProbeAddress() {
        ElfFile elf = ElfFile.read(o2.executable());
        UsdtProbe g = UsdtNotes.find(UsdtNotes.read(elf), "bpfskel", "globals").get(0);
        long intAddr = symbol(elf, "bpfskel_global_int");
        long arrAddr = symbol(elf, "bpfskel_global_arr");
        assertEquals("bpfskel_global_int", g.args().get(0).symbol());
        assertEquals(intAddr - g.address(), g.args().get(0).valOff());
        assertEquals(arrAddr + 8 - g.address(), g.args().get(1).valOff());
    }

    private static long symbol(ElfFile elf, String name) {
        for (ElfSymbol s : elf.symbols()) {
            if (s.name().equals(name)) {
                return s.value();
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void prelinkedBinaryMovesProbesByTheBaseDelta() throws IOException {
        byte[] bytes = Files.readAllBytes(o2.executable());
        ElfFile elf = ElfFile.parse("x", bytes);
        ElfSection base = elf.section(UsdtNotes.BASE_SECTION).orElseThrow();
        List<UsdtProbe> before = UsdtNotes.read(elf);
        // As if prelink had moved .stapsdt.base (and the code) back by 16 bytes: sh_addr of its section header.
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(40);
        int hdr = (int) (shoff + 64L * base.index());
        b.putLong(hdr + 16, base.addr() - 16);
        List<UsdtProbe> after = UsdtNotes.read(ElfFile.parse("moved", bytes));
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).address() - 16, after.get(i).address());
            assertEquals(before.get(i).fileOffset() - 16, after.get(i).fileOffset());
            assertEquals(before.get(i).semaphoreAddress(), after.get(i).semaphoreAddress(), "semaphores stay");
        }
    }

    @Test
    void malformedNotesNameTheNote() throws IOException {
        byte[] bytes = Files.readAllBytes(o2.executable());
        ElfSection notes = ElfFile.parse("x", bytes).section(UsdtNotes.NOTE_SECTION).orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] copy = bytes.clone();
        ByteBuffer c = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt((int) notes.offset() + 4, 0x7fff0000);
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> UsdtNotes.read(ElfFile.parse("bad", copy)));
        assertTrue(e.getMessage().contains(".note.stapsdt note 0"), e.getMessage());
        byte[] copy2 = bytes.clone();
        ByteBuffer.wrap(copy2).order(ByteOrder.LITTLE_ENDIAN).putInt((int) notes.offset() + 8, 5);
        e = assertThrows(BpfFormatException.class, () -> UsdtNotes.read(ElfFile.parse("bad", copy2)));
        assertTrue(e.getMessage().contains("type 5"), e.getMessage());
        byte[] copy3 = bytes.clone();
        ByteBuffer.wrap(copy3).order(ByteOrder.LITTLE_ENDIAN).putInt((int) notes.offset() + 4, 20);
        e = assertThrows(BpfFormatException.class, () -> UsdtNotes.read(ElfFile.parse("bad", copy3)));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
        assertEquals(b.getInt((int) notes.offset()), 8, "name 'stapsdt' with its NUL");
    }

    @Test
    void hotspotProbesOfTheInstalledJdks() throws IOException {
        List<Path> jvms;
        try (var s = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms = s.map(d -> d.resolve("lib/server/libjvm.so")).filter(Files::isRegularFile).toList();
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(jvms.isEmpty(), "no JDK with libjvm.so under /usr/lib/jvm");
        for (Path jvm : jvms) {
            List<UsdtProbe> probes = UsdtNotes.read(jvm);
            List<Readelf> expected = readelf(jvm);
            assertEquals(expected.size(), probes.size(), jvm.toString());
            long unparsed = probes.stream().filter(p -> p.argsError() != null).count();
            assertEquals(0, unparsed, jvm + ": " + probes.stream().filter(p -> p.argsError() != null)
                    .map(p -> p.id() + " " + p.argsText() + ": " + p.argsError()).limit(5).toList());
            if (!probes.isEmpty()) {
                assertTrue(UsdtNotes.find(probes, "hotspot", "gc__begin").size() >= 1, jvm.toString());
            }
        }
    }
}
