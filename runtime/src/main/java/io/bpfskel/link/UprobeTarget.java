package io.bpfskel.link;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.elf.ElfSymbol;
import io.bpfskel.error.BpfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a uprobe goes: the binary's path, and a function's offset in the file (what the kernel's uprobe takes),
 * found the way libbpf finds them.
 */
public final class UprobeTarget {
    private UprobeTarget() {}

    /**
     * A path for a binary named without a directory: shared objects ({@code libc.so.6}) are looked up in
     * {@code LD_LIBRARY_PATH} and the standard library directories, executables in {@code PATH}. Names with a
     * '/' are returned as they are.
     */
    public static Path resolveBinary(String name) {
        if (name.indexOf('/') >= 0) {
            return Path.of(name);
        }
        List<String> dirs = new ArrayList<>();
        boolean library = name.contains(".so");
        String env = System.getenv(library ? "LD_LIBRARY_PATH" : "PATH");
        if (env != null) {
            for (String d : env.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        if (library) {
            String multiarch = multiarch();
            dirs.addAll(List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib", "/lib/" + multiarch, "/usr/lib/" + multiarch));
        }
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isReadable(p)) {
                return p;
            }
        }
        throw new BpfException("cannot find binary '" + name + "' for a uprobe (searched " + String.join(":", dirs) + ")");
    }

    private static String multiarch() {
        String arch = System.getProperty("os.arch", "");
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "x86_64-linux-gnu";
            case "aarch64":
                return "aarch64-linux-gnu";
            case "riscv64":
                return "riscv64-linux-gnu";
            default:
                return arch + "-linux-gnu";
        }
    }

    /**
     * The file offset of function {@code name} in an ELF executable or shared object: its symbol value turned
     * into a file offset through its section ({@code st_value - sh_addr + sh_offset}), searched in {@code .dynsym}
     * first (all a stripped binary has), then {@code .symtab}. {@code name@VERSION} and {@code name@@VERSION}
     * match versioned {@code .symtab} names; a plain name matches any version. Several non-weak definitions at
     * different offsets are ambiguous, a weak one loses to a global one.
     */
    public static long functionOffset(Path binary, String name) {
        ElfFile elf = ElfFile.read(binary);
        int at = name.indexOf('@');
        String base = at < 0 ? name : name.substring(0, at);
        String version = at < 0 ? null : name.substring(name.charAt(at + 1) == '@' ? at + 2 : at + 1);
        List<List<ElfSymbol>> tables = List.of(elf.dynamicSymbols(), elf.symbols());
        for (List<ElfSymbol> table : tables) {
            long found = -1;
            int foundBind = -1;
            for (ElfSymbol s : table) {
                if (s.type() != ElfSymbol.STT_FUNC || s.sectionIndex() == ElfSymbol.SHN_UNDEF
                        || s.sectionIndex() >= ElfSymbol.SHN_ABS || !matches(s.name(), base, version)) {
                    continue;
                }
                ElfSection sec = elf.section(s.sectionIndex());
                long off = s.value() - sec.addr() + sec.offset();
                if (found >= 0) {
                    if (off == found || s.bind() == ElfSymbol.STB_WEAK) {
                        continue;
                    }
                    if (foundBind != ElfSymbol.STB_WEAK) {
                        throw new BpfException(binary + ": function '" + name + "' is ambiguous: defined at file offsets 0x"
                                + Long.toHexString(found) + " and 0x" + Long.toHexString(off));
                    }
                }
                found = off;
                foundBind = s.bind();
            }
            if (found > 0) {
                return found;
            }
        }
        throw new BpfException(binary + ": no function '" + name + "' in .dynsym or .symtab"
                + (elf.symbols().isEmpty() ? " (the binary is stripped: only exported functions can be found)" : ""));
    }

    /**
     * The functions of {@code binary} whose names (without {@code @VERSION}) match a glob ({@code *}, {@code ?}), by
     * name, with their file offsets; a function under several names or in both symbol tables is listed once
     * (libbpf's pattern resolution for uprobe.multi).
     *
     * @throws BpfException when nothing matches
     */
    public static java.util.Map<String, Long> functionOffsets(Path binary, String glob) {
        ElfFile elf = ElfFile.read(binary);
        java.util.regex.Pattern re = MultiAttach.glob(glob);
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (List<ElfSymbol> table : List.of(elf.dynamicSymbols(), elf.symbols())) {
            for (ElfSymbol s : table) {
                if (s.type() != ElfSymbol.STT_FUNC || s.sectionIndex() == ElfSymbol.SHN_UNDEF
                        || s.sectionIndex() >= ElfSymbol.SHN_ABS) {
                    continue;
                }
                int at = s.name().indexOf('@');
                String name = at < 0 ? s.name() : s.name().substring(0, at);
                if (!re.matcher(name).matches()) {
                    continue;
                }
                ElfSection sec = elf.section(s.sectionIndex());
                long off = s.value() - sec.addr() + sec.offset();
                if (seen.add(off)) {
                    out.putIfAbsent(name, off);
                }
            }
        }
        if (out.isEmpty()) {
            throw new BpfException(binary + ": no function matches '" + glob + "' in .dynsym or .symtab");
        }
        return out;
    }

    private static boolean matches(String symbol, String base, String version) {
        if (!symbol.startsWith(base)) {
            return false;
        }
        if (symbol.length() == base.length()) {
            return true;
        }
        if (symbol.charAt(base.length()) != '@') {
            return false;
        }
        if (version == null) {
            return true;
        }
        String v = symbol.substring(base.length() + 1);
        return (v.startsWith("@") ? v.substring(1) : v).equals(version);
    }
}
