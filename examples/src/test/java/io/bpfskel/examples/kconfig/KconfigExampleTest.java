package io.bpfskel.examples.kconfig;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.examples.Args;
import io.bpfskel.examples.ExampleOutput;
import io.bpfskel.testing.KernelTests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The example's report checked against the kernel's config and kallsyms, read here independently of the loader. */
class KconfigExampleTest {
    @Test
    void reportsTheRunningKernelsConfigAndSymbols() throws IOException {
        KernelTests.assumeKernel();
        Map<String, String> config = kernelConfig();
        String out = ExampleOutput.of(o -> KconfigExample.run(Args.parse(new String[0], Set.of("kconfig")), o));
        assertTrue(out.contains(String.format("  %-32s %s%n", "CONFIG_HZ", config.get("CONFIG_HZ"))), out);
        assertTrue(out.contains(String.format("  %-32s %s%n", "CONFIG_NR_CPUS", config.get("CONFIG_NR_CPUS"))), out);
        assertTrue(out.contains(String.format("  %-32s %s%n", "CONFIG_BPF_SYSCALL", "y".equals(config.get("CONFIG_BPF_SYSCALL")))), out);
        String lsm = config.get("CONFIG_BPF_LSM");
        assertTrue(out.contains(String.format("  %-32s %s%n", "CONFIG_BPF_LSM",
                "y".equals(lsm) ? "TRI_YES" : "m".equals(lsm) ? "TRI_MODULE" : "TRI_NO")), out);
        boolean kallsymsAll = "y".equals(config.get("CONFIG_KALLSYMS_ALL"));
        assertTrue(out.contains(String.format("  %-32s %s%n", "CONFIG_KALLSYMS_ALL", kallsymsAll)), out);
        String localversion = config.getOrDefault("CONFIG_LOCALVERSION", "\"\"");
        assertTrue(out.contains(String.format("  %-32s %s%n", "CONFIG_LOCALVERSION", localversion)), out);
        assertTrue(out.contains("CONFIG_BPFSKEL_EXAMPLE_MADE_UP   false"), out);

        String progPut = kallsymsAddress("bpf_prog_put");
        assertTrue(out.contains("bpf_prog_put         typeless ksym  resolved: 0x" + progPut + " from /proc/kallsyms"), out);
        assertTrue(out.contains("&bpf_prog_put=0x" + progPut), out);
        assertTrue(out.contains("bpf_made_up_kfunc    kfunc          not resolved: "), out);
        assertTrue(out.contains("bpf_task_from_pid    kfunc          resolved: vmlinux BTF id "), out);
        if (!kallsymsAll) {
            assertTrue(out.contains("bpf_link_fops        typeless ksym  not resolved"), out);
        }
        assertTrue(out.contains("bpf_ksym_exists(bpf_task_from_pid)=1, bpf_ksym_exists(bpf_made_up_kfunc)=0"), out);
        assertTrue(out.endsWith("the program saw exactly what the skeleton reports\n"), out);
    }

    @Test
    void kconfigTextOverridesTheKernelsConfig() {
        KernelTests.assumeKernel();
        String out = ExampleOutput.of(o -> KconfigExample.run(
                Args.parse(new String[] {"--kconfig", "CONFIG_HZ=1234\nCONFIG_BPFSKEL_EXAMPLE_MADE_UP=y"}, Set.of("kconfig")), o));
        assertTrue(out.contains(String.format("  %-32s %s%n", "CONFIG_HZ", 1234)), out);
        assertTrue(out.contains("CONFIG_BPFSKEL_EXAMPLE_MADE_UP   true"), out);
        assertTrue(out.contains("program report ran: hz=1234,"), out);
        assertTrue(out.endsWith("the program saw exactly what the skeleton reports\n"), out);
    }

    private static Map<String, String> kernelConfig() throws IOException {
        Path boot = Path.of("/boot/config-" + System.getProperty("os.version"));
        String text;
        if (Files.isReadable(boot)) {
            text = Files.readString(boot);
        } else {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("/proc/config.gz")))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("CONFIG_") && eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private static String kallsymsAddress(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && f[2].equals(name)) {
                return f[0].replaceFirst("^0+(?=.)", "");
            }
        }
        throw new AssertionError(name + " is not in /proc/kallsyms");
    }
}
