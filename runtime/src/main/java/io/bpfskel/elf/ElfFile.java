package io.bpfskel.elf;

import io.bpfskel.error.BpfFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed ELF64 file, little- or big-endian: a relocatable BPF object, or an executable or shared object
 * whose symbols a uprobe needs.
 *
 * <p>Every offset and count read from the file is checked against the file's size before use, so a
 * malformed file gives a {@link BpfFormatException} naming the file and the problem, never an
 * {@link IndexOutOfBoundsException} or an allocation proportional to a corrupted count.
 */
public final class ElfFile {
    public static final int EM_BPF = 247;
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;

    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;
    private static final int PHDR_SIZE = 56;

    private final String source;
    private final ByteBuffer buf;
    /** The image {@link #buf} wraps, for byte scans that a read-only buffer would do one bounds-checked get at a time. */
    private final byte[] image;
    private final int type;
    private final int machine;
    private final List<ElfSection> sections;
    private final Map<String, ElfSection> sectionsByName;
    private final List<ElfSymbol> symbols;
    private final List<ElfSymbol> dynamicSymbols;
    private final ElfSection symtab;
    private List<ElfSegment> segments;

    private ElfFile(String source, byte[] bytes) {
        this.source = source;
        if (bytes.length < EHDR_SIZE) {
            throw fail("file too short for an ELF header (" + bytes.length + " bytes)");
        }
        if (bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
            throw fail("not an ELF file (bad magic)");
        }
        if (bytes[4] == 1) {
            throw fail("32-bit ELF is not supported; BPF objects are ELF64");
        }
        if (bytes[4] != 2) {
            throw fail("unknown ELF class " + bytes[4]);
        }
        ByteOrder order;
        if (bytes[5] == 1) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (bytes[5] == 2) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw fail("unknown ELF data encoding " + bytes[5]);
        }
        this.image = bytes;
        this.buf = ByteBuffer.wrap(bytes).order(order).asReadOnlyBuffer().order(order);
        this.type = u16(16);
        this.machine = u16(18);
        long shoff = buf.getLong(40);
        int shentsize = u16(58);
        long shnum = u16(60);
        int shstrndx = u16(62);
        if (shoff == 0) {
            this.sections = List.of();
            this.sectionsByName = Map.of();
            this.symbols = List.of();
            this.dynamicSymbols = List.of();
            this.symtab = null;
            return;
        }
        if (shentsize != SHDR_SIZE) {
            throw fail("section header size " + shentsize + ", expected " + SHDR_SIZE);
        }
        checkRange("section header table", shoff, SHDR_SIZE);
        if (shnum == 0) {
            // Extended numbering: the real count lives in section 0's sh_size.
            shnum = buf.getLong((int) shoff + 32);
        }
        if (shstrndx == ElfSymbol.SHN_XINDEX) {
            shstrndx = buf.getInt((int) shoff + 40);
        }
        if (shnum < 0 || shnum > (bytes.length - shoff) / SHDR_SIZE) {
            throw fail("section count " + shnum + " does not fit in the file");
        }
        int n = (int) shnum;
        long[] raw = new long[n * 10];
        for (int i = 0; i < n; i++) {
            int h = (int) (shoff + (long) i * SHDR_SIZE);
            raw[i * 10] = Integer.toUnsignedLong(buf.getInt(h));
            raw[i * 10 + 1] = Integer.toUnsignedLong(buf.getInt(h + 4));
            raw[i * 10 + 2] = buf.getLong(h + 8);
            raw[i * 10 + 3] = buf.getLong(h + 16);
            raw[i * 10 + 4] = buf.getLong(h + 24);
            raw[i * 10 + 5] = buf.getLong(h + 32);
            raw[i * 10 + 6] = Integer.toUnsignedLong(buf.getInt(h + 40));
            raw[i * 10 + 7] = Integer.toUnsignedLong(buf.getInt(h + 44));
            raw[i * 10 + 8] = buf.getLong(h + 48);
            raw[i * 10 + 9] = buf.getLong(h + 56);
        }
        if (n > 0 && (shstrndx < 0 || shstrndx >= n)) {
            throw fail("section name table index " + shstrndx + " out of range (" + n + " sections)");
        }
        long strOff = n > 0 ? raw[shstrndx * 10 + 4] : 0;
        long strSize = n > 0 ? raw[shstrndx * 10 + 5] : 0;
        if (n > 0) {
            checkRange("section name table", strOff, strSize);
        }
        List<ElfSection> list = new ArrayList<>(n);
        Map<String, ElfSection> byName = new HashMap<>(n * 4 / 3 + 1);
        for (int i = 0; i < n; i++) {
            int b = i * 10;
            String name = string(strOff, strSize, raw[b], "section", i);
            int stype = (int) raw[b + 1];
            ElfSection s = new ElfSection(i, name, stype, raw[b + 2], raw[b + 3], raw[b + 4], raw[b + 5],
                    (int) raw[b + 6], (int) raw[b + 7], raw[b + 8], raw[b + 9]);
            if (stype != ElfSection.SHT_NOBITS && stype != ElfSection.SHT_NULL) {
                checkRange("section " + i + " '" + name + "'", s.offset(), s.size());
            } else if (stype == ElfSection.SHT_NOBITS && s.size() < 0) {
                // A NOBITS size is not bounded by the file, but one of 2^63 or more is no address range at all;
                // refused here so that no reader sees a negative size.
                throw fail("section " + i + " '" + name + "': size " + Long.toUnsignedString(s.size()) + " out of range");
            }
            list.add(s);
            byName.putIfAbsent(name, s);
        }
        this.sections = Collections.unmodifiableList(list);
        this.sectionsByName = Collections.unmodifiableMap(byName);
        ElfSection st = null;
        ElfSection dyn = null;
        for (ElfSection s : list) {
            if (s.type() == ElfSection.SHT_SYMTAB && st == null) {
                st = s;
            } else if (s.type() == ElfSection.SHT_DYNSYM && dyn == null) {
                dyn = s;
            }
        }
        this.symtab = st;
        this.symbols = st == null ? List.of() : readSymbols(st);
        this.dynamicSymbols = dyn == null ? List.of() : readSymbols(dyn);
    }

    /** Parses an ELF image; {@code source} names it in error messages (usually the file name). */
    public static ElfFile parse(String source, byte[] bytes) {
        return new ElfFile(source, bytes);
    }

    /** Reads and parses a file; a missing or unreadable file is a {@link BpfFormatException} naming it. */
    public static ElfFile read(Path path) {
        return parse(path.toString(), readAll(path));
    }

    /**
     * Reads a whole file with an error that names it and says why (no such file, permission denied, a
     * directory, larger than {@link BoundedRead#MAX_FILE_SIZE}).
     */
    public static byte[] readAll(Path path) {
        return BoundedRead.file(path);
    }

    private List<ElfSymbol> readSymbols(ElfSection st) {
        String what = "symbol table '" + st.name() + "'";
        if (st.entsize() != SYM_SIZE) {
            throw fail(what + ": entry size " + st.entsize() + ", expected " + SYM_SIZE);
        }
        if (st.link() <= 0 || st.link() >= sections.size()) {
            throw fail(what + ": string table index " + st.link() + " out of range");
        }
        ElfSection strtab = sections.get(st.link());
        if (strtab.type() != ElfSection.SHT_STRTAB) {
            throw fail(what + ": linked section " + st.link() + " is not a string table");
        }
        long count = st.size() / SYM_SIZE;
        List<ElfSymbol> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int p = (int) (st.offset() + (long) i * SYM_SIZE);
            long nameOff = Integer.toUnsignedLong(buf.getInt(p));
            int info = buf.get(p + 4) & 0xff;
            int other = buf.get(p + 5) & 0xff;
            int shndx = u16(p + 6);
            long value = buf.getLong(p + 8);
            long size = buf.getLong(p + 16);
            String name = string(strtab.offset(), strtab.size(), nameOff, "symbol", i);
            out.add(new ElfSymbol(i, name, value, size, info, other, shndx));
        }
        return Collections.unmodifiableList(out);
    }

    public String source() {
        return source;
    }

    public ByteOrder byteOrder() {
        return buf.order();
    }

    public int type() {
        return type;
    }

    public int machine() {
        return machine;
    }

    /**
     * The program headers (empty for relocatable objects), read on first use; a table that does not fit in the
     * file is a {@link BpfFormatException}.
     */
    public synchronized List<ElfSegment> segments() {
        if (segments == null) {
            segments = readSegments();
        }
        return segments;
    }

    private List<ElfSegment> readSegments() {
        long phoff = buf.getLong(32);
        int phentsize = u16(54);
        int phnum = u16(56);
        if (phoff == 0 || phnum == 0) {
            return List.of();
        }
        if (phentsize != PHDR_SIZE) {
            throw fail("program header size " + phentsize + ", expected " + PHDR_SIZE);
        }
        checkRange("program header table", phoff, (long) phnum * PHDR_SIZE);
        List<ElfSegment> out = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int h = (int) (phoff + (long) i * PHDR_SIZE);
            out.add(new ElfSegment(buf.getInt(h), buf.getInt(h + 4), buf.getLong(h + 8), buf.getLong(h + 16),
                    buf.getLong(h + 32), buf.getLong(h + 40)));
        }
        return Collections.unmodifiableList(out);
    }

    public List<ElfSection> sections() {
        return sections;
    }

    public Optional<ElfSection> section(String name) {
        return Optional.ofNullable(sectionsByName.get(name));
    }

    public ElfSection section(int index) {
        if (index < 0 || index >= sections.size()) {
            throw fail("section index " + index + " out of range (" + sections.size() + " sections)");
        }
        return sections.get(index);
    }

    /** Symbols of {@code .symtab}, including the null symbol at index 0. */
    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /**
     * Symbols of {@code .dynsym} (shared objects and dynamically linked executables; stripped binaries keep only
     * these), including the null symbol at index 0. Names carry no symbol version.
     */
    public List<ElfSymbol> dynamicSymbols() {
        return dynamicSymbols;
    }

    public ElfSymbol symbol(int index) {
        if (index < 0 || index >= symbols.size()) {
            throw fail("symbol index " + index + " out of range (" + symbols.size() + " symbols)");
        }
        return symbols.get(index);
    }

    /** A copy of the section's bytes (empty for NOBITS and NULL). */
    public byte[] bytes(ElfSection s) {
        if (contentSize(s) == 0) {
            return new byte[0];
        }
        byte[] out = new byte[(int) s.fileSize()];
        buf.get((int) s.offset(), out);
        return out;
    }

    /** A read-only view of the section's bytes in the file's byte order (empty for NOBITS and NULL). */
    public ByteBuffer data(ElfSection s) {
        if (contentSize(s) == 0) {
            return ByteBuffer.allocate(0).order(buf.order()).asReadOnlyBuffer().order(buf.order());
        }
        return buf.slice((int) s.offset(), (int) s.fileSize()).order(buf.order());
    }

    /**
     * How many bytes of the file {@code s} covers: 0 for NOBITS and NULL, whose offset and size are not
     * checked at parse time (a NULL header's fields are undefined, a NOBITS section occupies no bytes), and
     * otherwise its range, checked again in case {@code s} did not come from this file.
     */
    private long contentSize(ElfSection s) {
        if (s.type() == ElfSection.SHT_NULL || s.fileSize() == 0) {
            return 0;
        }
        checkRange("section " + s.index() + " '" + s.name() + "'", s.offset(), s.fileSize());
        return s.fileSize();
    }

    /** The section that relocation section {@code rel} applies to (its {@code sh_info}). */
    public ElfSection relocatedSection(ElfSection rel) {
        if (rel.info() <= 0 || rel.info() >= sections.size()) {
            throw fail("relocation section '" + rel.name() + "': target section " + rel.info() + " out of range");
        }
        return sections.get(rel.info());
    }

    /** Entries of a REL or RELA section; every symbol index is checked against the symbol table. */
    public List<ElfRelocation> relocations(ElfSection rel) {
        boolean rela = rel.type() == ElfSection.SHT_RELA;
        if (!rela && rel.type() != ElfSection.SHT_REL) {
            throw fail("section '" + rel.name() + "' is not a relocation section");
        }
        int entsize = rela ? 24 : 16;
        if (rel.entsize() != entsize) {
            throw fail("relocation section '" + rel.name() + "': entry size " + rel.entsize() + ", expected " + entsize);
        }
        if (symtab == null || rel.link() != symtab.index()) {
            throw fail("relocation section '" + rel.name() + "' does not link to the symbol table");
        }
        long count = rel.size() / entsize;
        List<ElfRelocation> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int p = (int) (rel.offset() + (long) i * entsize);
            long offset = buf.getLong(p);
            long info = buf.getLong(p + 8);
            long sym = info >>> 32;
            if (sym >= symbols.size()) {
                throw fail("relocation section '" + rel.name() + "' entry " + i + ": symbol index " + sym + " out of range");
            }
            out.add(new ElfRelocation(offset, (int) sym, (int) info, rela ? buf.getLong(p + 16) : 0));
        }
        return Collections.unmodifiableList(out);
    }

    private int u16(int off) {
        return buf.getShort(off) & 0xffff;
    }

    private void checkRange(String what, long off, long size) {
        if (off < 0 || size < 0 || off > buf.capacity() || size > buf.capacity() - off) {
            throw fail(what + ": bytes [" + off + ", +" + size + ") out of the file's " + buf.capacity() + " bytes");
        }
    }

    /**
     * The NUL-terminated name at {@code off} of a string table; {@code kind} and {@code index} name the section
     * or symbol in the error (built only on failure: this runs once per symbol on every open).
     */
    private String string(long tableOff, long tableSize, long off, String kind, int index) {
        if (off >= tableSize) {
            if (off == 0 && tableSize == 0) {
                return "";
            }
            throw fail(kind + " " + index + " name: string offset " + off + " out of range (table size " + tableSize + ")");
        }
        int start = (int) (tableOff + off);
        int end = (int) (tableOff + tableSize);
        byte[] a = image;
        int i = start;
        while (i < end && a[i] != 0) {
            i++;
        }
        if (i == end) {
            throw fail(kind + " " + index + " name: string at offset " + off + " is not NUL-terminated");
        }
        return i == start ? "" : new String(a, start, i - start, StandardCharsets.UTF_8);
    }

    private BpfFormatException fail(String problem) {
        return new BpfFormatException(source, problem);
    }
}
