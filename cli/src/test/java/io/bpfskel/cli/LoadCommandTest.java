package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.KernelBtf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bpfskel load}: the runtime's {@code LoadReport} rendered as a table and as JSON, on the running kernel. */
class LoadCommandTest {

    private static JsonObject named(JsonArray a, String name) {
        for (JsonElement e : a) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + name + " in " + a);
    }

    private static void assertNoStackTrace(Cli.Result r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "a message, not a stack trace: " + r.err());
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no line " + prefix));
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return s + " ".repeat(width - s.length());
    }

    /**
     * What a tool's C does before bpf_object__load: sizing the maps it leaves to user space and turning off programs of
     * attach kinds the kernel lacks. fleet_user_space's hash map has no max_entries.
     */
    @Test
    void mapSizesAndAutoloadAsToolsSetThemBeforeLoad() {
        Cli.assumeKernel();
        Path obj = Cli.fixture("fleet_user_space");
        Cli.Result unsized = Cli.run("load", obj).expectExit(1);
        assertNoStackTrace(unsized);
        assertTrue(unsized.err().contains("map 'sized_by_user' (HASH, key_size 4, value_size 8, max_entries 0, flags 0x0)")
                && unsized.err().contains("max_entries is 0 in the object"), unsized.err());

        JsonObject sized = Cli.run("load", obj, "--max-entries", "sized_by_user=16", "--json").expectExit(0).json().getAsJsonObject();
        assertTrue(named(sized.getAsJsonArray("programs"), "count").get("loaded").getAsBoolean(), sized.toString());

        JsonObject off = Cli.run("load", obj, "--max-entries=sized_by_user=16", "--value-size=sized_by_user=16",
                "--no-autoload=count", "--json").expectExit(0).json().getAsJsonObject();
        assertFalse(named(off.getAsJsonArray("programs"), "count").get("loaded").getAsBoolean(), off.toString());

        Cli.Result unknown = Cli.run("load", obj, "--no-autoload", "nope");
        unknown.expectExit(1);
        assertNoStackTrace(unknown);
        assertTrue(unknown.err().contains("no program 'nope' (have [count])"), unknown.err());
        Cli.Result bad = Cli.run("load", obj, "--max-entries", "sized_by_user=0").expectExit(1);
        assertTrue(bad.err().contains("map 'sized_by_user': max_entries must be positive, got 0"), bad.err());
    }

    @Test
    void loadsAndReportsExternsAndProgramIds() {
        Cli.assumeKernel();
        JsonObject j = Cli.run("load", Cli.fixture("flavors"), "--json").expectExit(0).json().getAsJsonObject();
        JsonObject neu = named(j.getAsJsonArray("externs"), "bpf_strlen___new");
        assertTrue(neu.get("resolved").getAsBoolean(), neu.toString());
        assertTrue(neu.get("kernel_btf_id").getAsInt() > 0);
        JsonObject old = named(j.getAsJsonArray("externs"), "bpf_strlen___old");
        assertEquals(false, old.get("resolved").getAsBoolean());
        assertTrue(old.get("reason").getAsString().contains("incompatible"), old.toString());
        JsonObject prog = named(j.getAsJsonArray("programs"), "flavors_run");
        assertTrue(prog.get("loaded").getAsBoolean());
        assertTrue(prog.get("id").getAsInt() > 0);

        String text = Cli.run("load", Cli.fixture("subprogs")).expectExit(0).out();
        assertTrue(Pattern.compile("(?m)^  sub_disabled +syscall +syscall +not loaded \\(autoload off\\)$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^  sub_socket +socket +socket_filter +\\d+$").matcher(text).find(), text);
        assertTrue(text.contains("externs (0): none"), text);
    }

    @Test
    void tableReport() {
        Cli.assumeKernel();
        Path obj = Cli.fixture("flavors");
        Cli.Result r = Cli.run("load", obj).expectExit(0);
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("object: " + obj, lines.get(0));
        assertTrue(lines.contains("externs (2):"), r.out());
        assertTrue(r.out().contains("  NAME              ESSENTIAL NAME  KIND   WEAK  RESOLVED  KERNEL BTF ID  MODULE   FD_ARRAY  REASON\n"), r.out());
        int strlen = KernelBtf.loadVmlinux().findByNameKind("bpf_strlen", BtfKind.FUNC);
        assertTrue(r.out().contains("  bpf_strlen___new  bpf_strlen      kfunc  yes   yes       " + pad(strlen, 15) + "vmlinux  0         -\n"), r.out());
        String old = line(lines, "  bpf_strlen___old ");
        assertTrue(old.matches("  bpf_strlen___old  bpf_strlen      kfunc  yes   no        -              -        -         "
                + "func_proto \\[\\d+\\] int bpf_strlen___old\\(const char \\*, int\\) incompatible with vmlinux \\[\\d+\\] "
                + "int bpf_strlen\\(const char \\*s__ign\\)"), old);
        assertTrue(lines.contains("programs (1):"), r.out());
        assertTrue(line(lines, "  flavors_run ").matches("  flavors_run  syscall  syscall  \\d+"), r.out());
    }

    @Test
    void jsonReport() {
        Cli.assumeKernel();
        Path obj = Cli.fixture("externs");
        JsonObject doc = Cli.run("load", "--json", obj).expectExit(0).json().getAsJsonObject();
        assertEquals(obj.toString(), doc.get("object").getAsString());
        JsonArray externs = doc.getAsJsonArray("externs");
        assertEquals(33, externs.size());
        JsonObject strlen = named(externs, "bpf_strlen___new");
        assertEquals("bpf_strlen", strlen.get("essential_name").getAsString());
        assertEquals("kfunc", strlen.get("kind").getAsString());
        assertTrue(strlen.get("weak").getAsBoolean());
        assertTrue(strlen.get("resolved").getAsBoolean());
        assertEquals(KernelBtf.loadVmlinux().findByNameKind("bpf_strlen", BtfKind.FUNC), strlen.get("kernel_btf_id").getAsInt());
        assertTrue(strlen.get("module").isJsonNull());
        assertEquals(0, strlen.get("fd_array_index").getAsInt());
        assertTrue(strlen.get("reason").isJsonNull());
        assertEquals(List.of("name", "essential_name", "kind", "weak", "resolved", "kernel_btf_id", "module", "fd_array_index",
                "address", "reason"), List.copyOf(strlen.keySet()));
        JsonObject old = named(externs, "bpf_strlen___old");
        assertFalse(old.get("resolved").getAsBoolean());
        assertTrue(old.get("reason").getAsString().contains("incompatible with vmlinux"), old.toString());
        JsonObject put = named(externs, "bpf_prog_put");
        assertEquals("ksym_typeless", put.get("kind").getAsString());
        assertFalse(put.get("weak").getAsBoolean());
        assertTrue(put.get("address").getAsString().matches("0x[0-9a-f]+"), put.toString());
        JsonObject hz = named(externs, "CONFIG_HZ");
        assertEquals("kconfig", hz.get("kind").getAsString());
        assertTrue(hz.get("resolved").getAsBoolean());
        assertEquals("not set in the kernel config", named(externs, "CONFIG_PREEMPT").get("reason").getAsString());

        JsonArray programs = doc.getAsJsonArray("programs");
        assertEquals(3, programs.size());
        for (JsonElement p : programs) {
            JsonObject prog = p.getAsJsonObject();
            assertEquals("syscall", prog.get("type").getAsString());
            assertTrue(prog.get("loaded").getAsBoolean());
            assertTrue(prog.get("id").getAsLong() > 0, prog.toString());
        }
        assertEquals(0, doc.getAsJsonArray("warnings").size());
    }

    @Test
    void programsThatAreNotAutoloadedAreListed() {
        Cli.assumeKernel();
        JsonObject disabled = named(Cli.run("load", Cli.fixture("subprogs"), "--json").expectExit(0).json().getAsJsonObject()
                .getAsJsonArray("programs"), "sub_disabled");
        assertFalse(disabled.get("loaded").getAsBoolean());
        assertTrue(disabled.get("id").isJsonNull());
        assertEquals("syscall", disabled.get("section").getAsString(), "libbpf drops the ? from the section name");
    }

    @Test
    void strongExternFailureIsOneMessage() {
        Cli.assumeKernel();
        Path obj = Cli.fixture("extern_strong_missing");
        Cli.Result r = Cli.run("load", obj, "--json").expectExit(1);
        assertTrue(r.err().startsWith("bpfskel load: " + obj + ": extern (func ksym) 'bpf_bpfskel_missing_kfunc'"), r.err());
        assertNoStackTrace(r);
        assertTrue(r.out().isEmpty(), r.out());

        Cli.Result verifier = Cli.run("load", Cli.fixture("extern_unguarded")).expectExit(1);
        assertTrue(verifier.err().contains("program 'unguarded' was rejected by the kernel"), verifier.err());
        assertTrue(verifier.err().contains("kfunc 'bpf_bpfskel_unguarded' is referenced but wasn't resolved"), verifier.err());
        assertNoStackTrace(verifier);
    }

    @Test
    void unreadableInputsAreErrorsNotStackTraces(@TempDir Path dir) throws IOException {
        Cli.Result missing = Cli.run("load", dir.resolve("nope.bpf.o")).expectExit(1);
        assertTrue(missing.err().startsWith("bpfskel load: ") && missing.err().contains("nope.bpf.o")
                && missing.err().contains("no such file"), missing.err());
        assertNoStackTrace(missing);
        assertEquals("", missing.out());

        Path garbage = Files.writeString(dir.resolve("garbage.bpf.o"), "not an ELF file");
        Cli.Result bad = Cli.run("load", garbage).expectExit(1);
        assertTrue(bad.err().contains("garbage.bpf.o"), bad.err());
        assertNoStackTrace(bad);

        Cli.Result kconfig = Cli.run("load", Cli.fixture("minimal"), "--kconfig", dir.resolve("missing.config")).expectExit(1);
        assertTrue(kconfig.err().contains("cannot read the kconfig file " + dir.resolve("missing.config") + ": no such file"), kconfig.err());

        Cli.Result btf = Cli.run("load", Cli.fixture("minimal"), "--btf", dir.resolve("missing.btf")).expectExit(1);
        assertTrue(btf.err().contains("cannot read the BTF file " + dir.resolve("missing.btf") + ": no such file"), btf.err());
    }

    @Test
    void kconfigFileTakesPrecedence(@TempDir Path dir) throws IOException {
        Cli.assumeKernel();
        Path good = Files.writeString(dir.resolve("good.config"), "CONFIG_HZ___v2=100\nCONFIG_PREEMPT=y\n");
        JsonArray externs = Cli.run("load", Cli.fixture("externs"), "--kconfig", good, "--json").expectExit(0).json()
                .getAsJsonObject().getAsJsonArray("externs");
        assertTrue(named(externs, "CONFIG_HZ___v2").get("resolved").getAsBoolean());
        assertTrue(named(externs, "CONFIG_PREEMPT").get("resolved").getAsBoolean());

        Path bad = Files.writeString(dir.resolve("bad.config"), "CONFIG_HZ=y\n");
        Cli.Result rejected = Cli.run("load", Cli.fixture("externs"), "--kconfig=" + bad).expectExit(1);
        assertTrue(rejected.err().contains("'CONFIG_HZ': value 'y' implies bool, tristate, or char type"), rejected.err());
    }

    @Test
    void btfFileReplacesTheKernelsBtf(@TempDir Path dir) throws IOException {
        Cli.assumeKernel();
        // The running kernel's own BTF as a file: the same answer as without --btf.
        JsonArray same = Cli.run("load", Cli.fixture("flavors"), "--btf", KernelBtf.SYSFS_VMLINUX, "--json").expectExit(0)
                .json().getAsJsonObject().getAsJsonArray("externs");
        assertTrue(named(same, "bpf_strlen___new").get("resolved").getAsBoolean());
        // A BTF without bpf_strlen (the minimal fixture's own): the weak kfunc stays unresolved and the program
        // takes its fallback branch, so the load still succeeds.
        Cli.Result other = Cli.run("load", Cli.fixture("flavors"), "--btf", Cli.fixture("minimal"), "--verbose").expectExit(0);
        assertTrue(line(other.out().lines().toList(), "  bpf_strlen___new ").contains("not found in kernel or module BTFs"), other.out());
        assertTrue(other.err().contains("bpfskel: extern 'bpf_strlen___new' (weak): not resolved, defaulting to zero"), other.err());
        Path notBtf = Files.writeString(dir.resolve("not.btf"), "nope");
        Cli.Result bad = Cli.run("load", Cli.fixture("flavors"), "--btf", notBtf).expectExit(1);
        assertTrue(bad.err().contains("not.btf"), bad.err());
        assertNoStackTrace(bad);
    }

    @Test
    void usageErrorsComeFromPicocli() {
        Cli.Result r = Cli.run("load");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("OBJECT"), r.err());
        assertEquals(2, Cli.run("load", "x.o", "--jsn").exit());
    }
}
