package io.bpfskel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a helper command (ip, gcc, bash) for a test and fails with its output when it fails. */
public final class Commands {
    private static final long TIMEOUT_SECONDS = 60;

    private Commands() {}

    /** Runs {@code command}; returns its standard output; throws when it exits non-zero. */
    public static String run(String... command) {
        Result r = tryRun(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("command " + List.of(command) + " exited with " + r.exitCode() + ":\n"
                    + r.output());
        }
        return r.output();
    }

    /** Output is stdout and stderr together. */
    public record Result(int exitCode, String output) {}

    public static Result tryRun(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("command " + List.of(command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + List.of(command), e);
        }
    }
}
