package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;

/** Runs {@code bpfskel ...} in-process with captured output; fixtures and external-tool policy for the tests. */
final class Cli {
    record Result(int exit, String out, String err) {
        JsonElement json() {
            return JsonParser.parseString(out);
        }

        Result expectExit(int code) {
            if (exit != code) {
                fail("expected exit " + code + " but got " + exit + "\n--- out:\n" + out + "\n--- err:\n" + err);
            }
            return this;
        }
    }

    private Cli() {}

    static Result run(Object... args) {
        CommandLine cl = BpfskelCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    /** A fixture compiled by this module's build from runtime/src/test/bpf (little-endian). */
    static Path fixture(String name) {
        Path p = Path.of("target/test-classes/bpf/bpfel", name + ".bpf.o");
        if (!Files.isRegularFile(p)) {
            fail(p.toAbsolutePath() + " missing: the build compiles the fixtures (scripts/compile-bpf.sh)");
        }
        return p;
    }

    /** True when missing tools or kernel features must fail tests instead of skipping them (CI). */
    static boolean required() {
        if (Boolean.getBoolean("bpfskel.requireKernel")) {
            return true;
        }
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    static void need(boolean condition, String what) {
        if (condition) {
            return;
        }
        if (required()) {
            fail(what + " (required in CI)");
        }
        System.err.println("[skip] " + what);
        Assumptions.abort(what);
    }

    static Path executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        need(false, name + " not found on PATH");
        return null;
    }

    /** Kernel tests: a usable bpf() (the same probe as runtime's KernelTests) and kernel BTF. */
    static void assumeKernel() {
        java.util.Optional<String> why = io.bpfskel.sys.Syscalls.bpfUnavailableReason();
        need(why.isEmpty(), "the kernel's bpf() is not usable: " + why.orElse(""));
        need(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF /sys/kernel/btf/vmlinux not readable");
    }
}
