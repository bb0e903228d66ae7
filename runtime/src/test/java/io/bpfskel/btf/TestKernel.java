package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/** Access to this machine's kernel BTF and tools for tests; skips (or fails under -Dbpfskel.requireKernel=true) when absent. */
final class TestKernel {
    private TestKernel() {}

    static boolean requireKernel() {
        return Boolean.getBoolean("bpfskel.requireKernel");
    }

    /** /sys/kernel/btf/vmlinux, parsed; tests share nothing, so each call parses again (~0.1 s). */
    static Btf vmlinux() {
        if (!Files.isReadable(KernelBtf.SYSFS_VMLINUX)) {
            if (requireKernel()) {
                fail("bpfskel.requireKernel is set but " + KernelBtf.SYSFS_VMLINUX + " is not readable");
            }
            assumeTrue(false, KernelBtf.SYSFS_VMLINUX + " not readable");
        }
        return KernelBtf.loadVmlinux();
    }

    /** Whether a command runs (exit status 0 for {@code --version}-style probing). */
    static boolean hasTool(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    record Result(int exit, String output) {}

    static Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }
}
