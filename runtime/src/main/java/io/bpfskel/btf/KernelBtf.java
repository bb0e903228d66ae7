package io.bpfskel.btf;

import io.bpfskel.elf.BoundedRead;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.error.BpfException;
import io.bpfskel.error.BpfFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finding and reading the running kernel's BTF, as libbpf's {@code btf__load_vmlinux_btf} and
 * {@code btf__load_module_btf} do. Nothing is cached: a kernel BTF is ~5 MB and parsed lazily, so callers
 * that need it more than once keep the returned {@link Btf}.
 */
public final class KernelBtf {
    public static final Path SYSFS_VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    public static final Path SYSFS_BTF_DIR = Path.of("/sys/kernel/btf");

    /** libbpf's fallbacks when sysfs has no BTF; {@code %1$s} is the kernel release. */
    private static final String[] VMLINUX_LOCATIONS = {
        "/boot/vmlinux-%1$s",
        "/lib/modules/%1$s/vmlinux-%1$s",
        "/lib/modules/%1$s/build/vmlinux",
        "/usr/lib/modules/%1$s/kernel/vmlinux",
        "/usr/lib/debug/boot/vmlinux-%1$s",
        "/usr/lib/debug/boot/vmlinux-%1$s.debug",
        "/usr/lib/debug/lib/modules/%1$s/vmlinux",
    };

    private KernelBtf() {}

    /**
     * The running kernel's BTF: {@code /sys/kernel/btf/vmlinux} when it exists (and then only it: a broken
     * sysfs BTF is an error, not a reason to guess), else the first readable, parseable vmlinux ELF among
     * libbpf's fallback paths for this kernel release.
     */
    public static Btf loadVmlinux() {
        if (Files.exists(SYSFS_VMLINUX)) {
            return load(SYSFS_VMLINUX); // the release only names the fallbacks: not read when sysfs has BTF
        }
        return loadVmlinux(Path.of("/"), kernelRelease());
    }

    /**
     * {@link #loadVmlinux()} looking under {@code root} instead of {@code /} (a container's or test's file
     * tree) for kernel {@code release}.
     */
    public static Btf loadVmlinux(Path root, String release) {
        Path sysfs = under(root, SYSFS_VMLINUX.toString());
        if (Files.exists(sysfs)) {
            return load(sysfs);
        }
        List<String> tried = new ArrayList<>();
        tried.add(sysfs + ": missing (kernel built without CONFIG_DEBUG_INFO_BTF?)");
        for (Path p : vmlinuxCandidates(root, release)) {
            if (!Files.isReadable(p)) {
                tried.add(p + ": " + (Files.exists(p) ? "not readable" : "missing"));
                continue;
            }
            try {
                return load(p);
            } catch (BpfFormatException e) {
                tried.add(p + ": " + e.getMessage());
            }
        }
        throw new BpfException("no kernel BTF found for kernel " + release + "; tried: " + String.join(", ", tried));
    }

    /** libbpf's on-disk vmlinux locations for {@code release}, under {@code root}, in search order. */
    public static List<Path> vmlinuxCandidates(Path root, String release) {
        if (release.isEmpty() || release.contains("/")) {
            throw new IllegalArgumentException("bad kernel release '" + release + "'");
        }
        List<Path> out = new ArrayList<>(VMLINUX_LOCATIONS.length);
        for (String loc : VMLINUX_LOCATIONS) {
            out.add(under(root, String.format(loc, release)));
        }
        return out;
    }

    /**
     * A BTF file supplied by the user (BTFHub-style {@code .btf}, a vmlinux, a {@code .ko}): raw BTF, or an
     * ELF file whose {@code .BTF} section holds it.
     */
    public static Btf load(Path file) {
        return parseFile(file, null);
    }

    /** Like {@link #load(Path)} for split BTF (a module's) on top of {@code base}. */
    public static Btf loadSplit(Path file, Btf base) {
        if (base == null) {
            throw new IllegalArgumentException("split BTF needs a base");
        }
        return parseFile(file, base);
    }

    /** A loaded module's BTF, {@code /sys/kernel/btf/<name>}, split on top of {@code vmlinux}. */
    public static Btf loadModule(String name, Btf vmlinux) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("bad module name '" + name + "'");
        }
        return loadSplit(SYSFS_BTF_DIR.resolve(name), vmlinux);
    }

    /** Names of the modules whose BTF sysfs exposes (everything in /sys/kernel/btf but vmlinux). */
    public static List<String> moduleNames() {
        List<String> names = new ArrayList<>();
        try (var s = Files.list(SYSFS_BTF_DIR)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (!n.equals("vmlinux")) {
                    names.add(n);
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    /** {@code uname -r}. */
    public static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return System.getProperty("os.version", "");
        }
    }

    /** Kernel BTF from bytes: raw BTF (BTFHub's {@code .btf}) or an ELF with a {@code .BTF} section (vmlinux). */
    public static Btf parse(String source, byte[] bytes) {
        return parse(source, bytes, null);
    }

    /** A file within the read limit whole; from a larger ELF (a vmlinux with DWARF), only its .BTF section. */
    private static Btf parseFile(Path file, Btf base) {
        Optional<byte[]> btf = BoundedRead.sectionOfLargeElf(file, ".BTF");
        if (btf.isPresent()) {
            String src = file + ": .BTF";
            return base == null ? Btf.parse(src, btf.get()) : Btf.parseSplit(src, btf.get(), base);
        }
        return parse(file.toString(), ElfFile.readAll(file), base);
    }

    private static Btf parse(String source, byte[] bytes, Btf base) {
        byte[] btfBytes = bytes;
        String src = source;
        if (bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F') {
            ElfFile elf = ElfFile.parse(source, bytes);
            Optional<ElfSection> sec = elf.section(".BTF");
            if (sec.isEmpty()) {
                throw new BpfFormatException(source, "ELF file has no .BTF section (kernel built without CONFIG_DEBUG_INFO_BTF?)");
            }
            if (sec.get().type() == ElfSection.SHT_NOBITS) {
                throw new BpfFormatException(source, ".BTF section has no data in the file");
            }
            btfBytes = elf.bytes(sec.get());
            src = source + ": .BTF";
        }
        return base == null ? Btf.parse(src, btfBytes) : Btf.parseSplit(src, btfBytes, base);
    }

    private static Path under(Path root, String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
