package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.bpfskel.load.LiveKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bpfskel resolve} on kernels the test builds: A has {@code bpf_strlen(const char *)}, B has
 * {@code bpf_strlen(const char *, int)}, C lacks it.
 */
class ResolveCommandTest {
    @TempDir
    Path fleet;

    @BeforeEach
    void kernels() throws Exception {
        KernelBtfs.write(fleet.resolve("6.8.0-a.btf"), KernelBtfs.Strlen.ONE_PARAM, true);
        Files.writeString(fleet.resolve("6.8.0-a.config"), """
                #
                # Automatically generated file; DO NOT EDIT.
                # Linux/x86 6.8.0 Kernel Configuration
                #
                CONFIG_BPF_SYSCALL=y
                CONFIG_HZ=250
                CONFIG_LOCALVERSION="-fleet-a"
                # CONFIG_PREEMPT is not set
                CONFIG_BPF_LSM=y
                """);
        Files.writeString(fleet.resolve("6.8.0-a.kallsyms"), """
                ffffffff81000000 T _stext
                ffffffff81234560 T bpf_prog_put
                ffffffff81234570 T __%s_sys_bpf
                """.formatted(LiveKernel.syscallPrefix()));
        KernelBtfs.write(fleet.resolve("5.15.0-b.btf"), KernelBtfs.Strlen.TWO_PARAMS, true);
        KernelBtfs.write(fleet.resolve("c.btf"), KernelBtfs.Strlen.NONE, false);
        Files.writeString(fleet.resolve("c.config"), "CONFIG_BPF_SYSCALL=y\n");
    }

    private static JsonObject kernel(JsonObject root, String label) {
        for (JsonElement k : root.getAsJsonArray("kernels")) {
            if (k.getAsJsonObject().get("kernel").getAsString().equals(label)) {
                return k.getAsJsonObject();
            }
        }
        throw new AssertionError("no kernel " + label + " in " + root);
    }

    private static JsonObject extern(JsonObject kernel, String name) {
        for (JsonElement e : kernel.getAsJsonArray("externs")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no extern " + name + " in " + kernel);
    }

    private static List<String> takes(JsonObject kernel, String group) {
        for (JsonElement g : kernel.getAsJsonArray("flavor_groups")) {
            if (g.getAsJsonObject().get("essential_name").getAsString().equals(group)) {
                List<String> out = new ArrayList<>();
                g.getAsJsonObject().getAsJsonArray("takes").forEach(e -> out.add(e.getAsString()));
                return out;
            }
        }
        throw new AssertionError("no group " + group + " in " + kernel);
    }

    @Test
    void fleetMatrixShowsWhichFlavorEachKernelTakes() {
        Cli.Result r = Cli.run("resolve", Cli.fixture("flavors"), "--btf", fleet).expectExit(0);
        String out = r.out();
        assertTrue(Pattern.compile("(?m)^  kernel +bpf_strlen +loads$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  5\\.15\\.0-b\\.btf +bpf_strlen___old +yes$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  6\\.8\\.0-a\\.btf +bpf_strlen___new +yes$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  c\\.btf +\\(none\\) +yes$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  extern +kind +binding +5\\.15\\.0-b\\.btf +6\\.8\\.0-a\\.btf +c\\.btf$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  bpf_strlen___new +kfunc +weak +no +yes +no$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  bpf_strlen___old +kfunc +weak +yes +no +no$").matcher(out).find(), out);

        JsonObject j = Cli.run("resolve", Cli.fixture("flavors"), "--btf", fleet, "--json").expectExit(0).json().getAsJsonObject();
        assertEquals(3, j.getAsJsonArray("kernels").size(), "config and kallsyms files are not kernels");
        assertEquals(List.of("bpf_strlen___new"), takes(kernel(j, "6.8.0-a.btf"), "bpf_strlen"));
        assertEquals(List.of("bpf_strlen___old"), takes(kernel(j, "5.15.0-b.btf"), "bpf_strlen"));
        assertEquals(List.of(), takes(kernel(j, "c.btf"), "bpf_strlen"));
        JsonObject oldOnA = extern(kernel(j, "6.8.0-a.btf"), "bpf_strlen___old");
        assertEquals("weak_unresolved", oldOnA.get("verdict").getAsString());
        assertTrue(oldOnA.get("reason").getAsString().contains("incompatible with vmlinux"), oldOnA.toString());
        JsonObject newOnA = extern(kernel(j, "6.8.0-a.btf"), "bpf_strlen___new");
        assertEquals("resolved", newOnA.get("verdict").getAsString());
        assertTrue(newOnA.get("kernel_btf_id").getAsInt() > 0);
        assertTrue(newOnA.get("module").isJsonNull());
        assertTrue(extern(kernel(j, "c.btf"), "bpf_strlen___new").get("reason").getAsString().contains("not found"));
    }

    @Test
    void kconfigKallsymsAndVersionComeFromTheKernelsFiles() {
        Cli.Result r = Cli.run("resolve", Cli.fixture("externs"), "--btf", fleet, "--json");
        JsonObject j = r.json().getAsJsonObject();
        // Kernel C's config lacks the strong CONFIG_HZ: that kernel would refuse the object.
        r.expectExit(BpfskelCommand.EXIT_WOULD_FAIL);

        JsonObject a = kernel(j, "6.8.0-a.btf");
        assertEquals("yes", a.get("loads").getAsString());
        assertEquals("250", extern(a, "CONFIG_HZ").get("value").getAsString());
        assertEquals("y", extern(a, "CONFIG_BPF_SYSCALL").get("value").getAsString());
        assertEquals("y", extern(a, "CONFIG_BPF_LSM").get("value").getAsString());
        assertEquals("weak_unresolved", extern(a, "CONFIG_PREEMPT").get("verdict").getAsString(), "\"is not set\" lines are comments");
        assertEquals("\"-fleet-a\"", extern(a, "CONFIG_LOCALVERSION").get("value").getAsString());
        assertEquals("weak_unresolved", extern(a, "CONFIG_NR_CPUS").get("verdict").getAsString());
        assertEquals(Integer.toString(LiveKernel.kernelVersionCode(6, 8, 0)), extern(a, "LINUX_KERNEL_VERSION").get("value").getAsString());
        assertEquals("y", extern(a, "LINUX_HAS_BPF_COOKIE").get("value").getAsString());
        assertEquals("y", extern(a, "LINUX_HAS_SYSCALL_WRAPPER").get("value").getAsString());
        assertEquals("0xffffffff81234560", extern(a, "bpf_prog_put").get("address").getAsString());
        assertEquals("weak_unresolved", extern(a, "bpf_prog_fops").get("verdict").getAsString());
        assertEquals(List.of("bpf_strlen___new"), takes(a, "bpf_strlen"));
        assertEquals(List.of(), takes(a, "bpf_strlen___v2"));

        JsonObject b = kernel(j, "5.15.0-b.btf");
        assertEquals("unknown", b.get("loads").getAsString(), "no config or kallsyms for B: strong externs unchecked");
        assertEquals("not_checked", extern(b, "CONFIG_HZ").get("verdict").getAsString());
        assertEquals("not_checked", extern(b, "bpf_prog_put").get("verdict").getAsString());
        assertEquals("not_checked", extern(b, "LINUX_HAS_SYSCALL_WRAPPER").get("verdict").getAsString());
        assertEquals(Integer.toString(LiveKernel.kernelVersionCode(5, 15, 0)), extern(b, "LINUX_KERNEL_VERSION").get("value").getAsString(),
                "the version comes from the file name when there is no config");
        assertEquals(List.of("bpf_strlen___old"), takes(b, "bpf_strlen"));

        JsonObject c = kernel(j, "c.btf");
        assertEquals("no", c.get("loads").getAsString());
        JsonObject hz = extern(c, "CONFIG_HZ");
        assertEquals("fails_load", hz.get("verdict").getAsString());
        assertTrue(hz.get("reason").getAsString().contains("'CONFIG_HZ' (strong): not resolved"), hz.toString());
        assertEquals("not_checked", extern(c, "LINUX_KERNEL_VERSION").get("verdict").getAsString());
        assertEquals("n", extern(c, "LINUX_HAS_BPF_COOKIE").get("value").getAsString());

        String text = Cli.run("resolve", Cli.fixture("externs"), "--btf", fleet).expectExit(BpfskelCommand.EXIT_WOULD_FAIL).out();
        assertTrue(Pattern.compile("(?m)^  c\\.btf +\\(none\\) +\\(none\\) +NO \\(1 failing\\)$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^  CONFIG_HZ +kconfig +strong +\\? +yes +FAIL$").matcher(text).find(), text);
        assertTrue(text.contains("Why kernels fail\n  c.btf: "), text);
    }

    @Test
    void oneBtfFileGivesThePerExternReport() throws Exception {
        Path a = fleet.resolve("6.8.0-a.btf");
        String out = Cli.run("resolve", Cli.fixture("flavors"), "--btf", a).expectExit(0).out();
        assertTrue(out.startsWith("target/test-classes/bpf/bpfel/flavors.bpf.o on 6.8.0-a.btf: loads: yes\n"), out);
        assertTrue(Pattern.compile("(?m)^  bpf_strlen___new +kfunc +weak +resolved +vmlinux \\[\\d+\\]$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  bpf_strlen___old +kfunc +weak +absent \\(weak: 0\\) +func_proto .*incompatible with vmlinux")
                .matcher(out).find(), out);
        assertTrue(out.contains("Flavor groups (the flavors this kernel takes)\n  bpf_strlen: bpf_strlen___new\n"), out);

        // --kconfig and --kallsyms with one file; the strong kfunc of another fixture fails.
        JsonObject j = Cli.run("resolve", Cli.fixture("externs"), "--btf", a, "--kconfig", fleet.resolve("6.8.0-a.config"),
                "--kallsyms", fleet.resolve("6.8.0-a.kallsyms"), "--json").expectExit(0).json().getAsJsonObject();
        assertEquals("yes", kernel(j, "6.8.0-a.btf").get("loads").getAsString());
        Cli.Result missing = Cli.run("resolve", Cli.fixture("extern_strong_missing"), "--btf", a)
                .expectExit(BpfskelCommand.EXIT_WOULD_FAIL);
        assertTrue(Pattern.compile("(?m)^  bpf_bpfskel_missing_kfunc +kfunc +strong +FAILS LOAD +extern \\(func ksym\\) "
                + "'bpf_bpfskel_missing_kfunc': 'bpf_bpfskel_missing_kfunc' not found in kernel or module BTFs$")
                .matcher(missing.out()).find(), missing.out());
    }

    @Test
    void verboseAddsTheResolverLog() {
        String out = Cli.run("resolve", Cli.fixture("flavors"), "--btf", fleet.resolve("6.8.0-a.btf"), "-v").expectExit(0).out();
        assertTrue(out.contains("\nLog (6.8.0-a.btf)\n"), out);
        assertTrue(out.contains("extern (func ksym) 'bpf_strlen___new': resolved to vmlinux ["), out);
    }

    @Test
    void unreadableBtfIsAnErrorRowNotACrash() throws Exception {
        Files.writeString(fleet.resolve("broken.btf"), "not BTF at all");
        Cli.Result r = Cli.run("resolve", Cli.fixture("flavors"), "--btf", fleet).expectExit(1);
        assertTrue(Pattern.compile("(?m)^  broken\\.btf +\\? +error$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^  broken\\.btf: .*broken\\.btf").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^  6\\.8\\.0-a\\.btf +bpf_strlen___new +yes$").matcher(r.out()).find(),
                "the other kernels are still checked: " + r.out());
    }

    @Test
    void badArgumentsAreClearErrors() {
        Cli.Result r = Cli.run("resolve", Cli.fixture("flavors"), "--btf", fleet, "--kconfig", fleet.resolve("c.config"))
                .expectExit(1);
        assertTrue(r.err().contains("NAME.config"), r.err());
        Cli.Result none = Cli.run("resolve", Cli.fixture("flavors"), "--btf", fleet.resolve("nope")).expectExit(1);
        assertTrue(none.err().contains("nope"), none.err());
    }

    @Test
    void runningKernel() {
        Cli.need(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF /sys/kernel/btf/vmlinux not readable");
        JsonObject j = Cli.run("resolve", Cli.fixture("flavors"), "--json").expectExit(0).json().getAsJsonObject();
        JsonArray ks = j.getAsJsonArray("kernels");
        assertEquals(1, ks.size());
        JsonObject k = ks.get(0).getAsJsonObject();
        assertTrue(k.get("kernel").getAsString().startsWith("this kernel ("), k.toString());
        // This project's kernels (6.17+) have int bpf_strlen(const char *s__ign): the ___new flavor.
        assertEquals(List.of("bpf_strlen___new"), takes(k, "bpf_strlen"));
        assertEquals("yes", k.get("loads").getAsString());
    }
}
