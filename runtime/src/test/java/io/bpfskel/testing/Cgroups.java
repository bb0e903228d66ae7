package io.bpfskel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A cgroup v2 directory a test creates and removes. */
public final class Cgroups implements AutoCloseable {
    private final Path dir;

    private Cgroups(Path dir) {
        this.dir = dir;
    }

    /** Where cgroup2 is mounted (/sys/fs/cgroup on unified hosts, /sys/fs/cgroup/unified on hybrid ones). */
    public static Optional<Path> cgroup2Mount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("cgroup2")) {
                    return Optional.of(Path.of(f[1]));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new child cgroup of the cgroup2 root, named {@code name} (an old one of that name is removed first). */
    public static Cgroups create(String name) {
        Path root = cgroup2Mount().orElseThrow(() -> new IllegalStateException("no cgroup2 mount in /proc/self/mounts"));
        Path dir = root.resolve(name);
        try {
            if (Files.isDirectory(dir)) {
                Files.delete(dir);
            }
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cgroup " + dir, e);
        }
        return new Cgroups(dir);
    }

    public Path path() {
        return dir;
    }

    /**
     * Removes the directory. A process that just exited can keep a cgroup busy for a moment (EBUSY), so removal
     * is retried for a while.
     */
    @Override
    public void close() {
        IOException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new UncheckedIOException("cannot remove cgroup " + dir, last);
    }
}
