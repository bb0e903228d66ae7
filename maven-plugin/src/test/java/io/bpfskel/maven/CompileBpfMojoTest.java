package io.bpfskel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.object.BpfObject;
import java.io.File;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mojo on a throw-away project directory, with the real clang. */
class CompileBpfMojoTest {
    private static final String HEADER = "#define COUNTER_START 40\n";
    private static final String SOURCE = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            #include "counter.h"

            __u64 counter = COUNTER_START;

            SEC("syscall")
            int count(void *ctx)
            {
            \tcounter += 2;
            \treturn 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @TempDir
    Path project;
    Path bpfDir;
    Path classes;

    @BeforeEach
    void setUp() throws Exception {
        bpfDir = Files.createDirectories(project.resolve("src/main/bpf"));
        classes = project.resolve("target/classes");
        Files.writeString(bpfDir.resolve("counter.h"), HEADER);
        Files.writeString(bpfDir.resolve("counter.bpf.c"), SOURCE);
        Files.writeString(bpfDir.resolve("README.txt"), "not a source");
    }

    private CompileBpfMojo mojo(String target) {
        CompileBpfMojo m = new CompileBpfMojo();
        m.sourceDirectory = bpfDir.toFile();
        m.outputDirectory = classes.toFile();
        m.clang = clang();
        m.target = target;
        return m;
    }

    /** The clang the build uses (-Dbpf.clang), which must exist in CI and otherwise may be absent. */
    private static String clang() {
        String clang = System.getProperty("bpfskel.clang", "clang");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (clang.contains("/") ? Files.isExecutable(Path.of(clang)) : Files.isExecutable(Path.of(dir, clang))) {
                return clang;
            }
        }
        boolean required = Boolean.getBoolean("bpfskel.requireKernel") || System.getenv("CI") != null;
        if (required) {
            throw new AssertionError(clang + " not found on PATH: " + CompileBpfMojo.INSTALL_HINT);
        }
        Assumptions.abort(clang + " not found on PATH; skipping");
        return clang;
    }

    @Test
    void compilesIntoTheClassOutputAndSkipsWhenNothingChanged() throws Exception {
        CompileBpfMojo m = mojo("bpf");
        CompileBpfMojo.Outcome first = m.run();
        Path obj = classes.resolve("counter.bpf.o");
        assertEquals(List.of(obj), first.compiled());
        assertTrue(Files.isRegularFile(obj));
        assertFalse(Files.exists(classes.resolve("counter.bpf.o.tmp")), "no temporary file left behind");

        ElfFile elf = ElfFile.read(obj);
        assertEquals(ElfFile.EM_BPF, elf.machine());
        assertEquals(ElfFile.ET_REL, elf.type());
        assertEquals(ByteOrder.nativeOrder(), elf.byteOrder(), "target bpf is the build machine's byte order");
        assertTrue(elf.section(".BTF").isPresent(), "compiled with -g: the object has BTF for skeletons");
        BpfObject parsed = BpfObject.open(obj);
        assertEquals(List.of("count"), parsed.programs().stream().map(p -> p.name()).toList());
        assertEquals(8, parsed.dataSection(".data").orElseThrow().variable("counter").size());
        assertEquals(40, java.nio.ByteBuffer.wrap(parsed.dataSection(".data").orElseThrow().initialData())
                .order(ByteOrder.nativeOrder()).getLong(0), "the local header was found through the source directory");

        FileTime built = Files.getLastModifiedTime(obj);
        CompileBpfMojo.Outcome second = mojo("bpf").run();
        assertEquals(List.of(), second.compiled(), "nothing changed: nothing compiled");
        assertEquals(List.of(obj), second.upToDate());
        assertEquals(built, Files.getLastModifiedTime(obj), "the object was not rewritten");

        // A header edit (dated after the object) makes it stale.
        Files.writeString(bpfDir.resolve("counter.h"), "#define COUNTER_START 7\n");
        Files.setLastModifiedTime(bpfDir.resolve("counter.h"), FileTime.fromMillis(built.toMillis() + 10_000));
        CompileBpfMojo.Outcome third = mojo("bpf").run();
        assertEquals(List.of(obj), third.compiled());
        assertEquals(7, java.nio.ByteBuffer.wrap(BpfObject.open(obj).dataSection(".data").orElseThrow().initialData())
                .order(ByteOrder.nativeOrder()).getLong(0));
    }

    @Test
    void aRecompiledObjectMakesJavacRunAgain() throws Exception {
        Path state = project.resolve("target/maven-status/maven-compiler-plugin/compile/default-compile");
        Files.createDirectories(state);
        Files.writeString(state.resolve("inputFiles.lst"), "Hello.java\n");
        CompileBpfMojo m = mojo("bpf");
        m.compilerState = project.resolve("target/maven-status/maven-compiler-plugin/compile").toFile();
        m.run();
        assertFalse(Files.exists(m.compilerState.toPath()), "compiled: the incremental state is gone");

        Files.createDirectories(state);
        Files.writeString(state.resolve("inputFiles.lst"), "Hello.java\n");
        assertEquals(List.of(), m.run().compiled());
        assertTrue(Files.exists(state.resolve("inputFiles.lst")), "nothing compiled: the state stays");
    }

    @Test
    void targetPicksTheByteOrder() throws Exception {
        mojo("bpfeb").run();
        assertEquals(ByteOrder.BIG_ENDIAN, ElfFile.read(classes.resolve("counter.bpf.o")).byteOrder());
        classes = project.resolve("le");
        mojo("bpfel").run();
        assertEquals(ByteOrder.LITTLE_ENDIAN, ElfFile.read(classes.resolve("counter.bpf.o")).byteOrder());
    }

    @Test
    void cflagsReachClang() throws Exception {
        CompileBpfMojo m = mojo("bpf");
        m.cflags = List.of("-DCOUNTER_OVERRIDE=1", "-UCOUNTER_START", "-DCOUNTER_START=99");
        Files.writeString(bpfDir.resolve("counter.h"), "#ifndef COUNTER_START\n#define COUNTER_START 40\n#endif\n");
        m.run();
        assertEquals(99, java.nio.ByteBuffer.wrap(BpfObject.open(classes.resolve("counter.bpf.o")).dataSection(".data")
                .orElseThrow().initialData()).order(ByteOrder.nativeOrder()).getLong(0));
    }

    @Test
    void compileErrorNamesTheFileAndCarriesClangsMessage() throws Exception {
        Path bad = bpfDir.resolve("zbroken.bpf.c");
        Files.writeString(bad, "int f(void) { return undefined_thing; }\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo("bpf").run());
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_thing"), e.getMessage());
        assertTrue(e.getMessage().contains("error:"), e.getMessage());
        assertFalse(Files.exists(classes.resolve("zbroken.bpf.o")));
        assertFalse(Files.exists(classes.resolve("zbroken.bpf.o.tmp")));
        assertTrue(Files.exists(classes.resolve("counter.bpf.o")), "sources are compiled in name order; counter came first");
    }

    @Test
    void missingClangSaysHowToInstallIt() {
        CompileBpfMojo m = mojo("bpf");
        m.clang = project.resolve("no-such-clang").toString();
        MojoExecutionException e = assertThrows(MojoExecutionException.class, m::run);
        assertTrue(e.getMessage().contains("apt-get install clang libbpf-dev"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-clang"), e.getMessage());
        assertTrue(e.getMessage().contains("counter.bpf.c"), e.getMessage());
    }

    @Test
    void badTargetIsAConfigurationError() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> mojo("arm").run());
        assertTrue(e.getMessage().contains("'arm'"), e.getMessage());
    }

    @Test
    void noSourceDirectoryIsNotAnError() throws Exception {
        CompileBpfMojo m = mojo("bpf");
        m.sourceDirectory = project.resolve("src/main/nothing").toFile();
        CompileBpfMojo.Outcome o = m.run();
        assertTrue(o.compiled().isEmpty() && o.upToDate().isEmpty());
        assertFalse(Files.exists(classes));
    }
}
