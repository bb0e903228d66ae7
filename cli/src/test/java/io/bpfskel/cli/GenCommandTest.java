package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bpfskel gen}: the annotation processor's own output. */
class GenCommandTest {

    @Test
    void printsTheSkeletonTheProcessorGenerates() {
        String src = Cli.run("gen", Cli.fixture("flavors"), "--package", "com.example.bpf").expectExit(0).out();
        assertTrue(src.startsWith("package com.example.bpf;\n"), src);
        assertTrue(src.contains("public final class FlavorsSkel implements AutoCloseable"), src);
        assertTrue(src.contains("OBJECT_RESOURCE = \"flavors.bpf.o\""), src);
        assertTrue(src.contains("flavors_run"), src);
    }

    @Test
    void classResourceAndOutputDirectory(@TempDir Path out) throws Exception {
        Cli.Result r = Cli.run("gen", Cli.fixture("globals"), "--class", "Globals", "--resource", "bpf/globals.bpf.o",
                "-o", out).expectExit(0);
        Path file = out.resolve("Globals.java");
        assertEquals(file.toString(), r.out().strip());
        String src = Files.readString(file);
        assertTrue(src.contains("public final class Globals "), src);
        assertTrue(src.contains("OBJECT_RESOURCE = \"bpf/globals.bpf.o\""), src);
    }

    @Test
    void defaultClassNameFollowsTheObjectName() {
        assertEquals("FlavorsSkel", GenCommand.defaultClassName("flavors.bpf.o"));
        assertEquals("TcEgressSkel", GenCommand.defaultClassName("tc-egress.bpf.o"));
        assertEquals("MyProgSkel", GenCommand.defaultClassName("my_prog.bpf.o"));
        assertEquals("Bpf7upSkel", GenCommand.defaultClassName("7up.bpf.o"));
    }

    @Test
    void processorErrorsAreReported(@TempDir Path tmp) throws Exception {
        Path bogus = Files.writeString(tmp.resolve("bogus.bpf.o"), "not an object");
        Cli.Result r = Cli.run("gen", bogus).expectExit(1);
        assertTrue(r.err().contains("bpfskel gen: error: 'bogus.bpf.o' (" + bogus + ")"), r.err());
        assertTrue(!r.err().contains("bpfskel-gen") && !r.err().contains("objectPath"), "no temporary staging path: " + r.err());
        assertTrue(r.err().contains("not an ELF file"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
        Cli.Result badClass = Cli.run("gen", Cli.fixture("flavors"), "--class", "not-a-class").expectExit(1);
        assertTrue(badClass.err().contains("not-a-class"), badClass.err());
    }
}
