package io.bpfskel.usdt;

import io.bpfskel.error.BpfFormatException;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.elf.ElfSegment;
import io.bpfskel.elf.ElfSymbol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the USDT probes of an executable or shared object from its {@code .note.stapsdt} section, the way
 * libbpf's {@code usdt.c} does: note type 3 named {@code stapsdt}, descriptor = probe address, {@code .stapsdt.base}
 * address and semaphore address (one word each), then provider, name and argument strings. Addresses are turned
 * into file offsets through the {@code PT_LOAD} segments (the probe's must be executable, the semaphore's not).
 *
 * <p>A malformed note makes the whole file unreadable (a {@link BpfFormatException} naming the note), as in libbpf;
 * an argument string that cannot be parsed only marks its probe ({@link UsdtProbe#argsError()}).
 */
public final class UsdtNotes {
    public static final String NOTE_SECTION = ".note.stapsdt";
    public static final String BASE_SECTION = ".stapsdt.base";
    static final int NT_STAPSDT = 3;
    static final String NOTE_NAME = "stapsdt";

    private UsdtNotes() {}

    /** The probes of the ELF file at {@code path}; empty when it has no {@code .note.stapsdt}. */
    public static List<UsdtProbe> read(Path path) {
        return read(ElfFile.read(path));
    }

    /**
     * The probes of an executable or shared object in memory, in note order; {@code source} names it in errors and
     * in {@link UsdtProbe#binary()}.
     */
    public static List<UsdtProbe> read(String source, byte[] bytes) {
        return read(ElfFile.parse(source, bytes));
    }

    /** The probes of a parsed executable or shared object, in note order. */
    static List<UsdtProbe> read(ElfFile elf) {
        Optional<ElfSection> notes = elf.section(NOTE_SECTION);
        if (notes.isEmpty()) {
            return List.of();
        }
        ElfSection sec = notes.get();
        String where = NOTE_SECTION;
        if (sec.type() != ElfSection.SHT_NOTE) {
            throw new BpfFormatException(elf.source(), where + " is not a note section (type " + sec.type() + ")");
        }
        if (elf.type() != ElfFile.ET_EXEC && elf.type() != ElfFile.ET_DYN) {
            throw new BpfFormatException(elf.source(), "USDT probes are read from executables and shared objects, "
                    + "not ELF type " + elf.type());
        }
        UsdtArch arch = UsdtArch.ofElfMachine(elf.machine()).orElse(null);
        long base = elf.section(BASE_SECTION).map(ElfSection::addr).orElse(0L);
        List<ElfSegment> loads = elf.segments().stream().filter(ElfSegment::isLoad).toList();
        Map<String, Long> symbols = null;
        ByteBuffer b = elf.data(sec);
        List<UsdtProbe> out = new ArrayList<>();
        int pos = 0;
        int index = 0;
        while (b.limit() - pos >= 12) {
            String what = where + " note " + index;
            long namesz = Integer.toUnsignedLong(b.getInt(pos));
            long descsz = Integer.toUnsignedLong(b.getInt(pos + 4));
            int type = b.getInt(pos + 8);
            long nameAt = pos + 12L;
            long descAt = nameAt + pad(namesz, 4);
            long next = descAt + pad(descsz, 4);
            if (descAt + descsz > b.limit() || next > b.limit() + 3L) {
                throw new BpfFormatException(elf.source(), what + ": name (" + namesz + " bytes) and descriptor ("
                        + descsz + " bytes) run past the section's " + b.limit() + " bytes");
            }
            String noteName = cString(b, (int) nameAt, (int) namesz);
            if (type != NT_STAPSDT || !noteName.equals(NOTE_NAME)) {
                throw new BpfFormatException(elf.source(), what + ": type " + type + " name '" + noteName
                        + "', expected type " + NT_STAPSDT + " '" + NOTE_NAME + "'");
            }
            if (descsz < 3 * 8 + 3) {
                throw new BpfFormatException(elf.source(), what + ": descriptor of " + descsz + " bytes is too short");
            }
            int d = (int) descAt;
            int dEnd = (int) (descAt + descsz);
            long loc = b.getLong(d);
            long noteBase = b.getLong(d + 8);
            long sema = b.getLong(d + 16);
            int p = d + 24;
            String provider = cString(b, p, dEnd - p);
            p += provider.getBytes(StandardCharsets.UTF_8).length + 1;
            if (p >= dEnd) {
                throw new BpfFormatException(elf.source(), what + " (" + provider + "): no probe name");
            }
            String name = cString(b, p, dEnd - p);
            p += name.getBytes(StandardCharsets.UTF_8).length + 1;
            if (name.isEmpty() || p > dEnd) {
                throw new BpfFormatException(elf.source(), what + " (" + provider + "): empty or unterminated probe name");
            }
            if (p >= dEnd) {
                throw new BpfFormatException(elf.source(), what + " (" + provider + ":" + name + "): no argument string");
            }
            String args = cString(b, p, dEnd - p);
            String probe = what + " (" + provider + ":" + name + ")";
            // Prelink moves the code but not the notes: the assembler recorded .stapsdt.base's address, so the
            // difference to where that section is now is how far the probe moved. The semaphore is data and
            // its address is never adjusted (as in libbpf).
            long address = base != 0 && noteBase != 0 ? loc + (base - noteBase) : loc;
            ElfSegment code = segmentOf(loads, address);
            if (code == null || !code.isExecutable()) {
                throw new BpfFormatException(elf.source(), probe + ": address 0x" + Long.toHexString(address)
                        + (code == null ? " is in no PT_LOAD segment" : " is in a non-executable segment"));
            }
            long semaOff = 0;
            if (sema != 0) {
                ElfSegment data = segmentOf(loads, sema);
                if (data == null || data.isExecutable()) {
                    throw new BpfFormatException(elf.source(), probe + ": semaphore address 0x" + Long.toHexString(sema)
                            + (data == null ? " is in no PT_LOAD segment" : " is in an executable segment"));
                }
                semaOff = data.fileOffsetOf(sema);
            }
            List<UsdtArg> parsed = List.of();
            String error = null;
            if (arch == null) {
                error = "arguments of ELF machine " + elf.machine() + " are not supported (x86-64 and aarch64 are)";
            } else {
                try {
                    parsed = UsdtArgParser.parse(args, arch);
                    if (parsed.stream().anyMatch(a -> a.symbol() != null)) {
                        if (symbols == null) {
                            symbols = symbolAddresses(elf);
                        }
                        parsed = resolveRipSymbols(parsed, symbols, address);
                    }
                } catch (IllegalArgumentException e) {
                    error = e.getMessage();
                    parsed = List.of();
                }
            }
            out.add(new UsdtProbe(elf.source(), provider, name, address, code.fileOffsetOf(address), sema, semaOff,
                    args, parsed, error));
            pos = (int) Math.min(next, b.limit());
            index++;
        }
        return List.copyOf(out);
    }

    /** Probes of {@code provider:name} (every site); provider null matches any. */
    public static List<UsdtProbe> find(List<UsdtProbe> probes, String provider, String name) {
        return probes.stream().filter(p -> (provider == null || p.provider().equals(provider)) && p.name().equals(name))
                .toList();
    }

    private static List<UsdtArg> resolveRipSymbols(List<UsdtArg> args, Map<String, Long> symbols, long address) {
        List<UsdtArg> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            UsdtArg a = args.get(i);
            if (a.symbol() == null) {
                out.add(a);
                continue;
            }
            Long value = symbols.get(a.symbol());
            if (value == null) {
                throw new IllegalArgumentException("argument " + i + " '" + a.text() + "': symbol '" + a.symbol()
                        + "' is not in .symtab or .dynsym (stripped binary?)");
            }
            // At a uprobe hit the saved instruction pointer is the probe's own address, so the symbol lies at a
            // fixed distance from it wherever the binary is mapped.
            out.add(a.withRipDisplacement(value + a.valOff() - address));
        }
        return out;
    }

    private static Map<String, Long> symbolAddresses(ElfFile elf) {
        Map<String, Long> out = new HashMap<>();
        for (List<ElfSymbol> table : List.of(elf.dynamicSymbols(), elf.symbols())) {
            for (ElfSymbol s : table) {
                if (!s.name().isEmpty() && s.sectionIndex() != ElfSymbol.SHN_UNDEF && s.sectionIndex() < ElfSymbol.SHN_ABS) {
                    out.putIfAbsent(s.name(), s.value());
                }
            }
        }
        return out;
    }

    private static ElfSegment segmentOf(List<ElfSegment> loads, long addr) {
        for (ElfSegment s : loads) {
            if (s.containsAddress(addr)) {
                return s;
            }
        }
        return null;
    }

    private static long pad(long n, int align) {
        return (n + align - 1) & -align;
    }

    private static String cString(ByteBuffer b, int at, int max) {
        int end = at;
        int limit = Math.min(b.limit(), at + Math.max(0, max));
        while (end < limit && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
