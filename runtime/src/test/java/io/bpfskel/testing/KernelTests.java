package io.bpfskel.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpfskel.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The single gate for tests that need the real kernel.
 *
 * <p>When bpf() cannot be used (not root / no CAP_BPF, kernel without BPF, no native access) the
 * test is skipped with a loud message on stderr, unless the system property
 * {@code bpfskel.requireKernel=true} is set (CI does), in which case it fails.
 */
public final class KernelTests {
    public static final String REQUIRE_PROPERTY = "bpfskel.requireKernel";

    /** Probed once per test JVM: whether bpf() works does not change while the tests run. */
    private static final Optional<String> UNAVAILABLE = probe();

    private KernelTests() {}

    /** Skips (or, with bpfskel.requireKernel=true, fails) the calling test unless bpf() is usable. */
    public static void assumeKernel() {
        UNAVAILABLE.ifPresent(reason -> unavailable("the kernel's bpf() is not usable: " + reason));
    }

    /**
     * A mounted bpf filesystem to pin under: /sys/fs/bpf when it is one, otherwise the first bpf
     * mount in /proc/self/mounts. Skips or fails like {@link #assumeKernel()} when there is none.
     */
    public static Path bpffs() {
        assumeKernel();
        Optional<Path> found = findBpffs();
        if (found.isEmpty()) {
            unavailable("no bpf filesystem is mounted (mount -t bpf bpf /sys/fs/bpf)");
        }
        return found.get();
    }

    public static boolean kernelRequired() {
        return Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    private static void unavailable(String why) {
        String banner = "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                + "!! bpfskel kernel test " + (kernelRequired() ? "FAILED" : "SKIPPED") + ": " + why + "\n"
                + "!! Run the tests as root (or with CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN).\n"
                + (kernelRequired() ? "" : "!! Set -D" + REQUIRE_PROPERTY + "=true to turn this skip into a failure.\n")
                + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n";
        System.err.println(banner);
        if (kernelRequired()) {
            fail(why + " (and " + REQUIRE_PROPERTY + "=true)");
        }
        Assumptions.abort(why);
    }

    private static Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("not running on Linux");
        }
        try {
            return Syscalls.bpfUnavailableReason();
        } catch (Throwable t) {
            return Optional.of(t.toString());
        }
    }

    private static Optional<Path> findBpffs() {
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts"));
            Optional<Path> sysFsBpf = Optional.empty();
            Optional<Path> other = Optional.empty();
            for (String line : mounts) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("bpf")) {
                    Path p = Path.of(f[1].replace("\\040", " "));
                    if (p.equals(Path.of("/sys/fs/bpf"))) {
                        sysFsBpf = Optional.of(p);
                    } else if (other.isEmpty()) {
                        other = Optional.of(p);
                    }
                }
            }
            return sysFsBpf.isPresent() ? sysFsBpf : other;
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
