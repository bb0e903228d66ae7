package io.bpfskel.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The clang command line that compiles one BPF C file, as {@code scripts/compile-bpf.sh} and libbpf-based
 * projects do: {@code -O2 -g} (BTF is what skeletons and CO-RE are made from), {@code -target bpf*},
 * {@code -D__TARGET_ARCH_<arch>} for {@code bpf_tracing.h}'s register macros, the source directory and the
 * configured include directories, then the multiarch system include directory ({@code asm/types.h} lives there
 * on Debian and Ubuntu and the BPF target has no default for it).
 *
 * @param clang the clang executable (a name looked up on PATH, or a path)
 * @param target {@code bpf} (host byte order), {@code bpfel} or {@code bpfeb}
 * @param targetArch the {@code __TARGET_ARCH_*} suffix, e.g. {@code x86}
 * @param includes include directories in search order: the source directory first, the system one last
 * @param cflags extra flags, placed after the includes so they can override anything before them
 */
public record ClangCommand(String clang, String target, String targetArch, List<Path> includes, List<String> cflags) {
    public static final List<String> TARGETS = List.of("bpf", "bpfel", "bpfeb");

    public ClangCommand {
        if (!TARGETS.contains(target)) {
            throw new IllegalArgumentException("target '" + target + "' is not one of " + TARGETS
                    + " (bpf: the build machine's byte order, bpfel: little-endian, bpfeb: big-endian)");
        }
        includes = List.copyOf(includes);
        cflags = List.copyOf(cflags);
    }

    /**
     * The command for this machine: {@code targetArch} from {@code os.arch}, includes = the source directory,
     * then {@code extraIncludes}, then {@code /usr/include/<multiarch>}.
     */
    public static ClangCommand forHost(String clang, String target, Path sourceDir, List<Path> extraIncludes,
            List<String> cflags, String osArch) {
        List<Path> inc = new ArrayList<>();
        inc.add(sourceDir);
        inc.addAll(extraIncludes);
        inc.add(Path.of("/usr/include", multiarch(osArch)));
        return new ClangCommand(clang, target, targetArch(osArch), inc, cflags);
    }

    /** The argument list compiling {@code source} to {@code output}. */
    public List<String> arguments(Path source, Path output) {
        List<String> a = new ArrayList<>();
        a.add(clang);
        a.add("-O2");
        a.add("-g");
        a.add("-target");
        a.add(target);
        a.add("-D__TARGET_ARCH_" + targetArch);
        for (Path p : includes) {
            a.add("-I" + p);
        }
        a.addAll(cflags);
        a.add("-c");
        a.add(source.toString());
        a.add("-o");
        a.add(output.toString());
        return a;
    }

    /**
     * The kernel's name for a JVM {@code os.arch}, as {@code bpf_tracing.h} expects it in {@code __TARGET_ARCH_*}
     * (libbpf's Makefile convention: x86, arm64, s390, powerpc, riscv, ...).
     */
    public static String targetArch(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x86", "i386", "i486", "i586", "i686" -> "x86";
            case "aarch64", "arm64" -> "arm64";
            case "arm", "armv7l", "aarch32" -> "arm";
            case "s390x", "s390" -> "s390";
            case "ppc64le", "ppc64", "powerpc64le", "powerpc64", "ppc" -> "powerpc";
            case "riscv64", "riscv" -> "riscv";
            case "loongarch64" -> "loongarch";
            case "mips", "mips64", "mipsel", "mips64el" -> "mips";
            case "sparcv9", "sparc" -> "sparc";
            default -> a;
        };
    }

    /** The Debian multiarch tuple for a JVM {@code os.arch} ({@code gcc -print-multiarch}). */
    public static String multiarch(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "x86", "i386", "i486", "i586", "i686" -> "i386-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            case "arm", "armv7l", "aarch32" -> "arm-linux-gnueabihf";
            case "s390x" -> "s390x-linux-gnu";
            case "ppc64le", "powerpc64le" -> "powerpc64le-linux-gnu";
            case "ppc64", "powerpc64" -> "powerpc64-linux-gnu";
            case "riscv64" -> "riscv64-linux-gnu";
            case "loongarch64" -> "loongarch64-linux-gnu";
            case "mips64el" -> "mips64el-linux-gnuabi64";
            default -> a + "-linux-gnu";
        };
    }

    /** The object's file name for a source: {@code prog.bpf.c} gives {@code prog.bpf.o}. */
    public static String objectName(String sourceName) {
        if (!sourceName.endsWith(".c")) {
            throw new IllegalArgumentException(sourceName + " is not a C source (.c)");
        }
        return sourceName.substring(0, sourceName.length() - 2) + ".o";
    }
}
