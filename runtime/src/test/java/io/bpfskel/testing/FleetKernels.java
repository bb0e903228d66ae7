package io.bpfskel.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpfskel.fleet.FleetKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real kernels of the fleet tests: Debian's 6.1 and 6.12 vmlinux BTF and config, which
 * {@code scripts/fetch-kernels.sh} (run by {@code scripts/test.sh}) caches once in {@code /var/cache/bpfskel/fleet}
 * (or {@code $BPFSKEL_FLEET_DIR}, or {@code -Dbpfskel.fleetDir}). Absent kernels skip the test with a loud message,
 * or fail it under {@code -Dbpfskel.requireKernel=true}.
 */
public final class FleetKernels {
    private FleetKernels() {}

    public static Path dir() {
        String p = System.getProperty("bpfskel.fleetDir");
        if (p == null) {
            p = System.getenv("BPFSKEL_FLEET_DIR");
        }
        return Path.of(p != null ? p : "/var/cache/bpfskel/fleet");
    }

    /** The cached BTF file of the Debian kernel whose release starts with {@code series + "."} (e.g. "6.1"). */
    public static Path btf(String series) {
        Optional<Path> found = find(series);
        if (found.isEmpty()) {
            String why = "Debian's " + series + " kernel BTF is not cached in " + dir()
                    + "; run scripts/fetch-kernels.sh (scripts/test.sh does)";
            String banner = "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                    + "!! bpfskel fleet test " + (KernelTests.kernelRequired() ? "FAILED" : "SKIPPED") + ": " + why + "\n"
                    + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n";
            System.err.println(banner);
            if (KernelTests.kernelRequired()) {
                fail(why + " (and " + KernelTests.REQUIRE_PROPERTY + "=true)");
            }
            Assumptions.abort(why);
        }
        return found.get();
    }

    /** The kernel of {@link #btf(String)} with its config. */
    public static FleetKernel kernel(String series) {
        Path btf = btf(series);
        String name = btf.getFileName().toString();
        Path config = btf.resolveSibling(name.substring(0, name.length() - 4) + ".config");
        return FleetKernel.ofFiles(name, btf, Files.exists(config) ? config : null, null);
    }

    private static Optional<Path> find(String series) {
        if (!Files.isDirectory(dir())) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir())) {
            List<Path> l = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(series + ".") && n.endsWith(".btf");
            }).sorted().toList();
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
