package io.bpfskel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClangCommandTest {

    @Test
    void commandLineHasTheBpfFlagsIncludesInOrderAndCflagsLast() {
        ClangCommand c = ClangCommand.forHost("clang-14", "bpfel", Path.of("/p/src/main/bpf"),
                List.of(Path.of("/p/include"), Path.of("/opt/vmlinux")), List.of("-Wall", "-DDEBUG=1"), "amd64");
        assertEquals(List.of("clang-14", "-O2", "-g", "-target", "bpfel", "-D__TARGET_ARCH_x86",
                "-I/p/src/main/bpf", "-I/p/include", "-I/opt/vmlinux", "-I/usr/include/x86_64-linux-gnu",
                "-Wall", "-DDEBUG=1", "-c", "/p/src/main/bpf/a.bpf.c", "-o", "/out/a.bpf.o"),
                c.arguments(Path.of("/p/src/main/bpf/a.bpf.c"), Path.of("/out/a.bpf.o")));
    }

    @Test
    void arm64HostGetsArm64ArchAndMultiarch() {
        ClangCommand c = ClangCommand.forHost("clang", "bpf", Path.of("src"), List.of(), List.of(), "aarch64");
        List<String> a = c.arguments(Path.of("src/x.bpf.c"), Path.of("x.bpf.o"));
        assertTrue(a.contains("-D__TARGET_ARCH_arm64"), a.toString());
        assertTrue(a.contains("-I/usr/include/aarch64-linux-gnu"), a.toString());
        assertEquals("-Isrc", a.get(6), "the source directory is the first include directory");
    }

    @Test
    void targetArchFollowsTheKernelNames() {
        assertEquals("x86", ClangCommand.targetArch("amd64"));
        assertEquals("x86", ClangCommand.targetArch("x86_64"));
        assertEquals("arm64", ClangCommand.targetArch("aarch64"));
        assertEquals("s390", ClangCommand.targetArch("s390x"));
        assertEquals("powerpc", ClangCommand.targetArch("ppc64le"));
        assertEquals("riscv", ClangCommand.targetArch("riscv64"));
        assertEquals("loongarch", ClangCommand.targetArch("loongarch64"));
        assertEquals("s390x-linux-gnu", ClangCommand.multiarch("s390x"));
        assertEquals("powerpc64le-linux-gnu", ClangCommand.multiarch("ppc64le"));
    }

    @Test
    void unknownTargetIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClangCommand.forHost("clang", "x86", Path.of("s"), List.of(), List.of(), "amd64"));
        assertTrue(e.getMessage().contains("'x86'") && e.getMessage().contains("bpfeb"), e.getMessage());
    }

    @Test
    void objectNameReplacesTheCExtension() {
        assertEquals("prog.bpf.o", ClangCommand.objectName("prog.bpf.c"));
        assertThrows(IllegalArgumentException.class, () -> ClangCommand.objectName("prog.bpf.h"));
    }

    @Test
    void failureMessageNamesTheFileAndSaysHowToInstallMissingHeaders() {
        String m = CompileBpfMojo.failureMessage(Path.of("/p/src/main/bpf/a.bpf.c"), 1,
                "a.bpf.c:2:10: fatal error: 'bpf/bpf_helpers.h' file not found\n", List.of("clang", "-c", "a.bpf.c"));
        assertTrue(m.contains("/p/src/main/bpf/a.bpf.c"), m);
        assertTrue(m.contains("fatal error: 'bpf/bpf_helpers.h' file not found"), m);
        assertTrue(m.contains("apt-get install clang libbpf-dev"), m);
        assertTrue(m.contains("command: clang -c a.bpf.c"), m);
    }
}
