package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.KernelBtf;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code load} command, run in-process with captured output, and once through {@code java -jar} on the built jar. */
class LoadCommandTest {
    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = LoadCommand.run(args, o, e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String obj(String fixture) {
        return Fixtures.bpfel(fixture).toString();
    }

    private static void assertNoStackTrace(Result r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "a message, not a stack trace: " + r.err());
    }

    // ---------------------------------------------------------------- command line

    private static void usageError(String expected, String... args) {
        Result r = run(args);
        assertEquals(LoadCommand.EXIT_USAGE, r.status(), String.join(" ", args));
        assertTrue(r.err().startsWith("bpfskel: " + expected), r.err());
        assertTrue(r.err().contains("usage: java -jar bpfskel-runtime.jar load"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void badCommandLines() {
        usageError("missing command");
        usageError("unknown command 'lod'", "lod", "x.o");
        usageError("load: missing the object file", "load");
        usageError("load: missing the object file", "load", "--json");
        usageError("unknown option '--jsn'", "load", "x.o", "--jsn");
        usageError("unknown option '-x'", "load", "-x", "x.o");
        usageError("one object at a time: 'a.o' and 'b.o'", "load", "a.o", "b.o");
        usageError("--kconfig needs a file", "load", "x.o", "--kconfig");
        usageError("--btf needs a file", "load", "x.o", "--btf=");
        usageError("--json takes no value", "load", "x.o", "--json=yes");
    }

    @Test
    void help() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"load", "--help"}, new String[] {"load", "x.o", "-h"})) {
            Result r = run(args);
            assertEquals(0, r.status());
            assertTrue(r.out().startsWith("usage: "), r.out());
            assertTrue(r.out().contains("--kconfig FILE"));
            assertEquals("", r.err());
        }
    }

    @Test
    void parsesOptionsAnywhereAndBothValueForms() throws Exception {
        LoadCommand.Options o = LoadCommand.parse(new String[] {"load", "--kconfig=k.txt", "x.o", "--json", "--btf", "v.btf", "-v"});
        assertEquals(Path.of("x.o"), o.object());
        assertEquals(Path.of("k.txt"), o.kconfig());
        assertEquals(Path.of("v.btf"), o.btf());
        assertTrue(o.json());
        assertTrue(o.verbose());
        LoadCommand.Options dash = LoadCommand.parse(new String[] {"load", "--", "--weird.o"});
        assertEquals(Path.of("--weird.o"), dash.object());
        assertFalse(dash.json());
    }

    @Test
    void unreadableInputsAreErrorsNotStackTraces(@TempDir Path dir) throws IOException {
        Result missing = run("load", dir.resolve("nope.bpf.o").toString());
        assertEquals(LoadCommand.EXIT_FAILED, missing.status());
        assertTrue(missing.err().startsWith("bpfskel: ") && missing.err().contains("nope.bpf.o") && missing.err().contains("no such file"),
                missing.err());
        assertNoStackTrace(missing);
        assertEquals("", missing.out());

        Path garbage = Files.writeString(dir.resolve("garbage.bpf.o"), "not an ELF file");
        Result bad = run("load", garbage.toString());
        assertEquals(LoadCommand.EXIT_FAILED, bad.status());
        assertTrue(bad.err().contains("garbage.bpf.o"), bad.err());
        assertNoStackTrace(bad);

        Result kconfig = run("load", obj("minimal"), "--kconfig", dir.resolve("missing.config").toString());
        assertEquals(LoadCommand.EXIT_FAILED, kconfig.status());
        assertTrue(kconfig.err().contains("cannot read the kconfig file " + dir.resolve("missing.config") + ": no such file"), kconfig.err());

        Result btf = run("load", obj("minimal"), "--btf", dir.resolve("missing.btf").toString());
        assertEquals(LoadCommand.EXIT_FAILED, btf.status());
        assertTrue(btf.err().contains("cannot read the BTF file " + dir.resolve("missing.btf") + ": no such file"), btf.err());
    }

    // ---------------------------------------------------------------- loading (kernel)

    @Test
    void tableReport() {
        KernelTests.assumeKernel();
        Result r = run("load", obj("flavors"));
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("object: " + obj("flavors"), lines.get(0));
        assertTrue(lines.contains("externs (2):"), r.out());
        assertTrue(r.out().contains("  NAME              ESSENTIAL NAME  KIND   WEAK  RESOLVED  KERNEL BTF ID  MODULE   FD_ARRAY  REASON\n"), r.out());
        int strlen = KernelBtf.loadVmlinux().findByNameKind("bpf_strlen", io.bpfskel.btf.BtfKind.FUNC);
        assertTrue(r.out().contains("  bpf_strlen___new  bpf_strlen      kfunc  yes   yes       " + pad(strlen, 15) + "vmlinux  0         -\n"), r.out());
        String old = line(lines, "  bpf_strlen___old ");
        assertTrue(old.matches("  bpf_strlen___old  bpf_strlen      kfunc  yes   no        -              -        -         "
                + "func_proto \\[\\d+\\] int bpf_strlen___old\\(const char \\*, int\\) incompatible with vmlinux \\[\\d+\\] "
                + "int bpf_strlen\\(const char \\*s__ign\\)"), old);
        assertTrue(lines.contains("programs (1):"), r.out());
        assertTrue(line(lines, "  flavors_run ").matches("  flavors_run  syscall  syscall  \\d+"), r.out());
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return s + " ".repeat(width - s.length());
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no line " + prefix));
    }

    @Test
    void jsonReport() {
        KernelTests.assumeKernel();
        Result r = run("load", "--json", obj("externs"));
        assertEquals(0, r.status(), r.err());
        Map<String, Object> doc = MiniJson.object(MiniJson.parse(r.out()));
        assertEquals(obj("externs"), doc.get("object"));
        List<Object> externs = MiniJson.array(doc.get("externs"));
        assertEquals(33, externs.size());
        Map<String, Object> strlen = find(externs, "bpf_strlen___new");
        assertEquals("bpf_strlen", strlen.get("essential_name"));
        assertEquals("kfunc", strlen.get("kind"));
        assertEquals(true, strlen.get("weak"));
        assertEquals(true, strlen.get("resolved"));
        assertEquals((long) KernelBtf.loadVmlinux().findByNameKind("bpf_strlen", io.bpfskel.btf.BtfKind.FUNC), strlen.get("kernel_btf_id"));
        assertNull(strlen.get("module"));
        assertEquals(0L, strlen.get("fd_array_index"));
        assertNull(strlen.get("reason"));
        assertEquals(List.of("name", "essential_name", "kind", "weak", "resolved", "kernel_btf_id", "module", "fd_array_index",
                "address", "reason"), List.copyOf(strlen.keySet()));
        Map<String, Object> old = find(externs, "bpf_strlen___old");
        assertEquals(false, old.get("resolved"));
        assertTrue(((String) old.get("reason")).contains("incompatible with vmlinux"), old.toString());
        Map<String, Object> put = find(externs, "bpf_prog_put");
        assertEquals("ksym_typeless", put.get("kind"));
        assertEquals(false, put.get("weak"));
        assertTrue(((String) put.get("address")).matches("0x[0-9a-f]+"), put.toString());
        Map<String, Object> hz = find(externs, "CONFIG_HZ");
        assertEquals("kconfig", hz.get("kind"));
        assertEquals(true, hz.get("resolved"));
        assertEquals("not set in the kernel config", find(externs, "CONFIG_PREEMPT").get("reason"));

        List<Object> programs = MiniJson.array(doc.get("programs"));
        assertEquals(3, programs.size());
        for (Object p : programs) {
            Map<String, Object> prog = MiniJson.object(p);
            assertEquals("syscall", prog.get("type"));
            assertEquals(true, prog.get("loaded"));
            assertTrue((Long) prog.get("id") > 0, prog.toString());
        }
        assertEquals(List.of(), doc.get("warnings"));
    }

    private static Map<String, Object> find(List<Object> externs, String name) {
        return externs.stream().map(MiniJson::object).filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no extern " + name));
    }

    @Test
    void programsThatAreNotAutoloadedAreListed() {
        KernelTests.assumeKernel();
        Result r = run("load", obj("subprogs"), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> disabled = MiniJson.array(MiniJson.object(MiniJson.parse(r.out())).get("programs")).stream()
                .map(MiniJson::object).filter(p -> "sub_disabled".equals(p.get("name"))).findFirst().orElseThrow();
        assertEquals(false, disabled.get("loaded"));
        assertNull(disabled.get("id"));
        assertEquals("syscall", disabled.get("section"), "libbpf drops the ? from the section name");
        Result text = run("load", obj("subprogs"));
        assertTrue(text.out().contains("not loaded (autoload off)"), text.out());
        assertTrue(text.out().contains("externs (0): none"), text.out());
    }

    @Test
    void loadFailuresPrintTheErrorAndExitNonZero() {
        KernelTests.assumeKernel();
        Result missing = run("load", obj("extern_strong_missing"), "--json");
        assertEquals(LoadCommand.EXIT_FAILED, missing.status());
        assertEquals("", missing.out());
        assertTrue(missing.err().startsWith("bpfskel: " + obj("extern_strong_missing") + ": extern (func ksym) 'bpf_bpfskel_missing_kfunc'"),
                missing.err());
        assertNoStackTrace(missing);

        Result verifier = run("load", obj("extern_unguarded"));
        assertEquals(LoadCommand.EXIT_FAILED, verifier.status());
        assertTrue(verifier.err().contains("program 'unguarded' was rejected by the kernel"), verifier.err());
        assertTrue(verifier.err().contains("kfunc 'bpf_bpfskel_unguarded' is referenced but wasn't resolved"), verifier.err());
        assertNoStackTrace(verifier);
    }

    @Test
    void kconfigFileTakesPrecedence(@TempDir Path dir) throws IOException {
        KernelTests.assumeKernel();
        Path good = Files.writeString(dir.resolve("good.config"), "CONFIG_HZ___v2=100\nCONFIG_PREEMPT=y\n");
        Result r = run("load", obj("externs"), "--kconfig", good.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        List<Object> externs = MiniJson.array(MiniJson.object(MiniJson.parse(r.out())).get("externs"));
        assertEquals(true, find(externs, "CONFIG_HZ___v2").get("resolved"));
        assertEquals(true, find(externs, "CONFIG_PREEMPT").get("resolved"));

        Path bad = Files.writeString(dir.resolve("bad.config"), "CONFIG_HZ=y\n");
        Result rejected = run("load", obj("externs"), "--kconfig=" + bad);
        assertEquals(LoadCommand.EXIT_FAILED, rejected.status());
        assertTrue(rejected.err().contains("'CONFIG_HZ': value 'y' implies bool, tristate, or char type"), rejected.err());
    }

    @Test
    void btfFileReplacesTheKernelsBtf(@TempDir Path dir) throws IOException {
        KernelTests.assumeKernel();
        // The running kernel's own BTF as a file: the same answer as without --btf.
        Result same = run("load", obj("flavors"), "--btf", KernelBtf.SYSFS_VMLINUX.toString(), "--json");
        assertEquals(0, same.status(), same.err());
        assertEquals(true, find(MiniJson.array(MiniJson.object(MiniJson.parse(same.out())).get("externs")), "bpf_strlen___new").get("resolved"));
        // A BTF without bpf_strlen (the minimal fixture's own): the weak kfunc stays unresolved and the program
        // takes its fallback branch, so the load still succeeds.
        Result other = run("load", obj("flavors"), "--btf", obj("minimal"), "--verbose");
        assertEquals(0, other.status(), other.err());
        assertTrue(line(other.out().lines().toList(), "  bpf_strlen___new ").contains("not found in kernel or module BTFs"), other.out());
        assertTrue(other.err().contains("bpfskel: extern 'bpf_strlen___new' (weak): not resolved, defaulting to zero"), other.err());
        Path notBtf = Files.writeString(dir.resolve("not.btf"), "nope");
        Result bad = run("load", obj("flavors"), "--btf", notBtf.toString());
        assertEquals(LoadCommand.EXIT_FAILED, bad.status());
        assertTrue(bad.err().contains("not.btf"), bad.err());
        assertNoStackTrace(bad);
    }

    // ---------------------------------------------------------------- the runnable jar

    /**
     * The CLI as its own process: {@code java -jar} on {@code target/bpfskel-runtime-*-all.jar} when {@code mvn package}
     * has built it (and it is not older than the compiled classes), otherwise {@code java -cp <test class path>
     * io.bpfskel.cli.LoadCommand} (plain {@code mvn test} builds no jars). Either way: exit codes, stdout/stderr split,
     * no stack trace.
     */
    @Test
    void runsAsItsOwnProcess() throws Exception {
        KernelTests.assumeKernel();
        Optional<Path> jar;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("bpfskel-runtime-.*-all\\.jar")).findFirst();
        }
        FileTime classes = Files.getLastModifiedTime(Path.of("target", "classes", "io", "bpfskel", "cli", "LoadCommand.class"));
        if (jar.isPresent() && Files.getLastModifiedTime(jar.get()).compareTo(classes) < 0) {
            jar = Optional.empty();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> launcher = jar.isPresent()
                ? List.of(java, "-jar", jar.get().toString())
                : List.of(java, "-cp", System.getProperty("java.class.path"), LoadCommand.class.getName());

        Process p = new ProcessBuilder(concat(launcher, "load", obj("flavors"), "--json")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals(true, find(MiniJson.array(MiniJson.object(MiniJson.parse(out)).get("externs")), "bpf_strlen___new").get("resolved"));

        Process f = new ProcessBuilder(concat(launcher, "load", obj("extern_strong_missing"))).start();
        String fout = new String(f.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String ferr = new String(f.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(f.waitFor(120, TimeUnit.SECONDS));
        assertEquals(LoadCommand.EXIT_FAILED, f.exitValue());
        assertEquals("", fout);
        assertTrue(ferr.startsWith("bpfskel: ") && ferr.contains("bpf_bpfskel_missing_kfunc") && !ferr.contains("\tat "), ferr);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
