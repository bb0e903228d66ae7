package io.bpfskel.examples.xdp;

import io.bpfskel.link.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Network namespaces for the example: {@code ip} commands, and running code inside a namespace (an interface
 * name means something only in its namespace).
 */
public final class NetNs {
    private NetNs() {}

    /** Runs {@code action} inside the named namespace ({@code /run/netns/NAME}). */
    public static <T> T inside(String name, Supplier<T> action) {
        return NetworkNamespace.call(Path.of("/run/netns", name), action);
    }

    /** Runs a command; a non-zero exit is an exception with its output. */
    public static String run(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + status + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Deletes namespaces, ignoring ones that are already gone; returns the failures. */
    public static List<String> delete(String... names) {
        List<String> failures = new ArrayList<>();
        for (String n : names) {
            if (Path.of("/run/netns", n).toFile().exists()) {
                try {
                    run("ip", "netns", "del", n);
                } catch (RuntimeException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        return failures;
    }
}
