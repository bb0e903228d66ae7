package io.bpfskel.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The USDT test binaries of runtime/src/test/c, built with gcc and {@code <sys/sdt.h>} (Debian systemtap-sdt-dev):
 * {@code usdt_target} (probes of every x86-64 argument form, a semaphore-guarded probe, a probe inlined twice)
 * linked against {@code libbpfskelusdt.so} (a probe inside a shared library).
 */
public final class UsdtTargets {
    private UsdtTargets() {}

    public record Built(Path executable, Path library) {}

    /** Whether {@code <sys/sdt.h>} is installed; tests that need it skip (or fail in CI) without it. */
    public static boolean sdtHeaderAvailable() {
        return Commands.tryRun("bash", "-c", "echo '#include <sys/sdt.h>' | gcc -E -x c - >/dev/null").exitCode() == 0;
    }

    /** Builds both into {@code dir} with the given optimisation level ({@code -O2}, {@code -O0}). */
    public static Built build(Path dir, String opt) {
        Path src = Path.of("src/test/c").toAbsolutePath();
        Path lib = dir.resolve("libbpfskelusdt.so");
        Path exe = dir.resolve("usdt_target");
        Commands.run("gcc", opt, "-g", "-shared", "-fPIC", "-o", lib.toString(), src.resolve("usdt_lib.c").toString());
        Commands.run("gcc", opt, "-g", "-o", exe.toString(), src.resolve("usdt_target.c").toString(),
                src.resolve("usdt_sema.c").toString(), "-L" + dir, "-lbpfskelusdt", "-Wl,-rpath," + dir);
        return new Built(exe, lib);
    }

    /** A running {@code usdt_target}; closing it kills the process. */
    public static final class Running implements AutoCloseable {
        private final Process process;

        private Running(Process process) {
            this.process = process;
        }

        public int pid() {
            return (int) process.pid();
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the executable (it fires every probe every 10 ms for {@code seconds}) and waits until it runs. */
    public static Running start(Built b, int seconds) {
        try {
            Process p = new ProcessBuilder(b.executable().toString(), Integer.toString(seconds))
                    .redirectErrorStream(true).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || !line.startsWith("ready")) {
                p.destroyForcibly();
                throw new IllegalStateException(b.executable() + " did not start: " + line);
            }
            return new Running(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void requireSdt() {
        if (!sdtHeaderAvailable()) {
            String why = "<sys/sdt.h> is not installed (Debian package systemtap-sdt-dev; scripts/setup.sh installs it)";
            if (KernelTests.kernelRequired()) {
                throw new AssertionError(why + " (required in CI)");
            }
            System.err.println("[skip] " + why);
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }
}
