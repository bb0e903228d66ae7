package io.bpfskel.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools (llvm-readelf, bpftool) and kernel files that tests compare against.
 *
 * <p>When one is missing, a test either fails (CI: {@code -Dbpfskel.requireKernel=true} or the {@code CI}
 * environment variable) or is skipped with a loud message on stderr. Every test that needs something from
 * outside the JVM goes through here so the policy lives in one place.
 */
public final class Tools {
    private Tools() {}

    /** True when missing tools or kernel features must fail tests instead of skipping them. */
    public static boolean required() {
        if (Boolean.getBoolean("bpfskel.requireKernel")) {
            return true;
        }
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    /** The first of {@code names} found as an executable on PATH; otherwise fails or skips (see class doc). */
    public static Path executable(String... names) {
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String name : names) {
            for (String dir : pathVar.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw missing("tool " + String.join(" / ", names) + " not found on PATH");
    }

    /** {@code file} when it exists and is readable; otherwise fails or skips (see class doc). */
    public static Path file(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw missing(what + " " + file + " is not readable");
        }
        return file;
    }

    public static Path llvmReadelf() {
        return executable("llvm-readelf", "llvm-readelf-14", "llvm-readelf-15", "llvm-readelf-16", "llvm-readelf-17",
                "llvm-readelf-18", "llvm-readelf-19");
    }

    public static Path bpftool() {
        return executable("bpftool");
    }

    public static Path vmlinuxBtf() {
        return file(Path.of("/sys/kernel/btf/vmlinux"), "kernel BTF");
    }

    /**
     * Reports something missing: returns an error to throw (CI) or aborts the test with a loud message.
     * Declared to return an exception so callers can write {@code throw missing(...)}.
     */
    public static RuntimeException missing(String problem) {
        if (required()) {
            fail(problem + " (required: -Dbpfskel.requireKernel=true or CI is set)");
        }
        System.err.println();
        System.err.println("*************************************************************************");
        System.err.println("*** SKIPPING: " + problem);
        System.err.println("*** (set -Dbpfskel.requireKernel=true to make this a failure)");
        System.err.println("*************************************************************************");
        Assumptions.abort("SKIPPED: " + problem);
        throw new AssertionError("unreachable");
    }

    /** Runs a command and returns its stdout; a non-zero exit or a timeout fails the test with its stderr. */
    public static String run(long timeoutSeconds, Object... command) {
        String[] cmd = new String[command.length];
        for (int i = 0; i < command.length; i++) {
            cmd[i] = command[i].toString();
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + ": no result after " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                fail(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + err.join());
            }
            return out.join();
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", cmd), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
