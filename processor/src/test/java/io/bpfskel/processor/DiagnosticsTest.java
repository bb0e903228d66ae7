package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every compile-time diagnostic, reported on the annotation (line 3 of the test sources). */
class DiagnosticsTest {
    @TempDir
    Path tmp;

    private static String messages(Compilation c, Diagnostic.Kind kind) {
        return c.diagnostics().stream().filter(d -> d.getKind() == kind).map(d -> d.getMessage(null))
                .collect(Collectors.joining("\n---\n"));
    }

    @Test
    void objectNotFoundListsEverySearchedPlace() {
        JavaFileObject src = Fixtures.annotated("Missing", "nowhere/missing.bpf.o");
        Compilation c = Fixtures.compile(List.of(tmp.resolve("a"), tmp.resolve("b")), src);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("BPF object 'nowhere/missing.bpf.o' not found").inFile(src).onLine(3);
        String msg = messages(c, Diagnostic.Kind.ERROR);
        int out = msg.indexOf("CLASS_OUTPUT");
        int cp = msg.indexOf("CLASS_PATH");
        int sp = msg.indexOf("SOURCE_PATH");
        int a = msg.indexOf(tmp.resolve("a").toString());
        int b = msg.indexOf(tmp.resolve("b").toString());
        assertTrue(out >= 0 && cp > out && sp > cp && a > sp && b > a, msg);
    }

    @Test
    void objectPathNotSetIsMentioned() {
        JavaFileObject src = Fixtures.annotated("Missing", "missing.bpf.o");
        Compilation c = Fixtures.compile(List.of(), src);
        assertThat(c).hadErrorContaining("-Abpfskel.objectPath (not set)");
    }

    @Test
    void foundOnTheClassPath() {
        // target/test-classes is on the test's class path, so bpf/bpfel/flavors.bpf.o is a class path resource
        JavaFileObject src = Fixtures.annotated("Flavors", "bpf/bpfel/flavors.bpf.o");
        Compilation c = Fixtures.compile(List.of(), src);
        assertThat(c).succeeded();
        assertTrue(Fixtures.generated(c, "test.FlavorsSkel").contains("OBJECT_RESOURCE = \"bpf/bpfel/flavors.bpf.o\""));
    }

    @Test
    void foundOnTheSourcePath() throws IOException {
        Files.createDirectories(tmp.resolve("objs"));
        Files.write(tmp.resolve("objs/flavors.bpf.o"), Fixtures.bytes(Fixtures.el().resolve("flavors.bpf.o")));
        JavaFileObject src = Fixtures.annotated("Flavors", "objs/flavors.bpf.o");
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new BpfSkeletonProcessor())
                .withOptions("-sourcepath", tmp.toString()).compile(src);
        assertThat(c).succeeded();
    }

    @Test
    void notAnElfFile() throws IOException {
        Files.writeString(tmp.resolve("junk.bpf.o"), "this is not an object file\n", StandardCharsets.UTF_8);
        JavaFileObject src = Fixtures.annotated("Junk", "junk.bpf.o");
        Compilation c = Fixtures.compile(List.of(tmp), src);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("is not an ELF file").inFile(src).onLine(3);
    }

    @Test
    void notABpfObject() throws IOException {
        byte[] b = Fixtures.bytes(Fixtures.el().resolve("flavors.bpf.o"));
        b[18] = 62; // e_machine = EM_X86_64 (little-endian u16 at offset 18)
        b[19] = 0;
        Files.write(tmp.resolve("x86.o"), b);
        JavaFileObject src = Fixtures.annotated("X86", "x86.o");
        Compilation c = Fixtures.compile(List.of(tmp), src);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("is not a BPF object: its ELF machine is 62").inFile(src).onLine(3);
    }

    @Test
    void noBtf() throws IOException {
        byte[] b = Fixtures.bytes(Fixtures.el().resolve("flavors.bpf.o"));
        // rename the ".BTF" section (in the section-name string table) so the object has no BTF
        String s = new String(b, StandardCharsets.ISO_8859_1);
        // (".BTF" shares its bytes with the tail of ".rel.BTF" in the section-name string table)
        int i = s.indexOf(".BTF\0");
        assertTrue(i > 0, "fixture has a .BTF section name");
        b[i + 1] = 'X';
        Files.write(tmp.resolve("nobtf.bpf.o"), b);
        JavaFileObject src = Fixtures.annotated("NoBtf", "nobtf.bpf.o");
        Compilation c = Fixtures.compile(List.of(tmp), src);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("has no BTF (.BTF section)").inFile(src).onLine(3);
    }

    @Test
    void malformedObject() throws IOException {
        byte[] b = Fixtures.bytes(Fixtures.el().resolve("flavors.bpf.o"));
        byte[] cut = java.util.Arrays.copyOf(b, 200);
        Files.write(tmp.resolve("cut.bpf.o"), cut);
        JavaFileObject src = Fixtures.annotated("Cut", "cut.bpf.o");
        Compilation c = Fixtures.compile(List.of(tmp), src);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("cut.bpf.o").inFile(src).onLine(3);
    }

    @Test
    void btfThatFailsOnlyWhenTheModelUsesItIsADiagnosticNotACrash() throws IOException {
        // Found by ModelFuzzTest: BTF is checked where it is used, so a struct member of type void (id 0) passes the
        // parse and fails when the model sizes the member; that used to leave javac with an uncaught exception.
        byte[] b = Fixtures.bytes(Fixtures.el().resolve("kitchen.bpf.o"));
        io.bpfskel.elf.ElfFile elf = io.bpfskel.elf.ElfFile.parse("kitchen.bpf.o", b);
        io.bpfskel.elf.ElfSection btfSection = elf.section(".BTF").orElseThrow();
        io.bpfskel.btf.Btf btf = io.bpfskel.btf.Btf.parse("kitchen", elf.bytes(btfSection));
        int point = btf.findByNameKind("point", io.bpfskel.btf.BtfKind.STRUCT);
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(io.bpfskel.testing.BtfRecords.member(b, point, 0) + 4, 0); // the first member's type
        Files.write(tmp.resolve("voidmember.bpf.o"), b);
        JavaFileObject src = Fixtures.annotated("VoidMember", "voidmember.bpf.o");
        Compilation c = Fixtures.compile(List.of(tmp), src);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("'voidmember.bpf.o': is not a valid BPF object: ").inFile(src).onLine(3);
        assertThat(c).hadErrorContaining("has no size");
        assertFalse(messages(c, Diagnostic.Kind.ERROR).contains("threw an uncaught exception"),
                messages(c, Diagnostic.Kind.ERROR));
    }

    /** Names colliding in camel case are not an error: both get names, and a warning says which. */
    @Test
    void aHugeBssHeaderIsADiagnosticNotAnOutOfMemoryError() throws IOException {
        // kitchen.bpf.o with its NOBITS .bss claiming 0x7ffffff0 bytes (no file bytes back a NOBITS section)
        byte[] b = Fixtures.bytes(Fixtures.el().resolve("kitchen.bpf.o"));
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int shoff = (int) h.getLong(40);
        int strtab = (int) h.getLong(shoff + Short.toUnsignedInt(h.getShort(62)) * 64 + 24);
        for (int i = 0; i < Short.toUnsignedInt(h.getShort(60)); i++) {
            int sh = shoff + i * 64;
            if (new String(b, strtab + h.getInt(sh), 5, java.nio.charset.StandardCharsets.US_ASCII).equals(".bss\0")) {
                h.putLong(sh + 32, 0x7ffffff0L);
            }
        }
        Files.write(tmp.resolve("hugebss.bpf.o"), b);
        JavaFileObject src = Fixtures.annotated("HugeBss", "hugebss.bpf.o");
        Compilation c = Fixtures.compile(List.of(tmp), src);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("section '.bss' is 2147483632 bytes").inFile(src).onLine(3);
        assertFalse(messages(c, Diagnostic.Kind.ERROR).contains("internal error"), messages(c, Diagnostic.Kind.ERROR));
    }

    @Test
    void nameClashIsAWarningNamingBothCNamesAndTheJavaNames() {
        JavaFileObject src = Fixtures.annotated("Clash", "clash.bpf.o");
        Compilation c = Fixtures.compile(src);
        assertThat(c).succeeded();
        assertThat(c).hadWarningCount(1);
        assertThat(c).hadWarningContaining("Java name clash in section .bss: variable 'foo_bar' and variable 'fooBar' "
                + "both become 'fooBar'; generated 'foo_bar' for variable 'foo_bar', 'fooBar' for variable 'fooBar'")
                .inFile(src).onLine(3);
        String gen = Fixtures.generated(c, "test.ClashSkel");
        assertTrue(gen.contains("public int foo_bar() {\n            return mem.getInt(0);"), gen);
        assertTrue(gen.contains("public int fooBar() {\n            return mem.getInt(4);"), gen);
    }

    @Test
    void flavorWarnings() {
        JavaFileObject src = Fixtures.annotated("Warnings", "warnings.bpf.o");
        Compilation c = Fixtures.compile(src);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("kfunc 'bpf_strlen___strong' has a flavor but is not __weak")
                .inFile(src).onLine(3);
        assertThat(c).hadWarningContaining("flavors 'bpf_strlen___a' and 'bpf_strlen___b' of kfunc 'bpf_strlen' have "
                + "prototypes that are compatible").inFile(src).onLine(3);
        assertThat(c).hadWarningContaining("ksym variable 'jiffies___x' has a flavor suffix").inFile(src).onLine(3);
        String w = messages(c, Diagnostic.Kind.WARNING);
        // ___strong is compatible with both ___a and ___b as well: three pairs
        assertEquals(3, w.split("compatible by libbpf's rules", -1).length - 1, w);
    }

    @Test
    void distinguishableFlavorsGiveNoWarning() {
        Compilation c = Fixtures.compile(Fixtures.annotated("Flavors", "flavors.bpf.o"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void annotationOnAnEnum() {
        JavaFileObject src = JavaFileObjects.forSourceString("test.E",
                "package test;\n\n@io.bpfskel.BpfSkeleton(\"flavors.bpf.o\")\nenum E { A }\n");
        Compilation c = Fixtures.compile(src);
        assertThat(c).hadErrorContaining("@BpfSkeleton belongs on a class or interface").inFile(src).onLine(3);
    }

    @Test
    void invalidClassName() {
        JavaFileObject src = JavaFileObjects.forSourceString("test.F",
                "package test;\n\n@io.bpfskel.BpfSkeleton(value = \"flavors.bpf.o\", className = \"not-a-name\")\n"
                        + "interface F {}\n");
        Compilation c = Fixtures.compile(src);
        assertThat(c).hadErrorContaining("className \"not-a-name\" is not a valid Java class name").inFile(src).onLine(3);
    }

    @Test
    void customClassName() {
        JavaFileObject src = JavaFileObjects.forSourceString("test.F",
                "package test;\n\n@io.bpfskel.BpfSkeleton(value = \"flavors.bpf.o\", className = \"FlavorsSkeleton\")\n"
                        + "interface F {}\n");
        Compilation c = Fixtures.compile(src);
        assertThat(c).succeeded();
        assertThat(c).generatedSourceFile("test.FlavorsSkeleton");
    }
}
