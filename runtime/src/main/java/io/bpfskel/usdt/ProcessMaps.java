package io.bpfskel.usdt;

import io.bpfskel.error.BpfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The file mappings of a process ({@code /proc/PID/maps}): which binaries and libraries it runs, and where. */
public final class ProcessMaps {
    /**
     * One line of {@code /proc/PID/maps} that maps a file.
     *
     * @param offset the file offset mapped at {@code start}
     */
    public record Mapping(long start, long end, String perms, long offset, String path) {
        public boolean executable() {
            return perms.indexOf('x') >= 0;
        }
    }

    private final int pid;
    private final List<Mapping> mappings;

    private ProcessMaps(int pid, List<Mapping> mappings) {
        this.pid = pid;
        this.mappings = mappings;
    }

    /** Reads {@code /proc/PID/maps}; a process that is gone or not readable is a {@link BpfException}. */
    public static ProcessMaps of(int pid) {
        Path file = Path.of("/proc", Integer.toString(pid), "maps");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new BpfException("no process " + pid + " (" + file + " does not exist)", e);
        } catch (IOException e) {
            throw new BpfException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new ProcessMaps(pid, parse(lines));
    }

    static List<Mapping> parse(List<String> lines) {
        List<Mapping> out = new ArrayList<>();
        for (String line : lines) {
            // start-end perms offset dev inode path (the path may contain spaces)
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) {
                continue;
            }
            int dash = f[0].indexOf('-');
            String path = f[5].endsWith(" (deleted)") ? f[5].substring(0, f[5].length() - 10) : f[5];
            out.add(new Mapping(Long.parseUnsignedLong(f[0].substring(0, dash), 16),
                    Long.parseUnsignedLong(f[0].substring(dash + 1), 16), f[1], Long.parseUnsignedLong(f[2], 16), path));
        }
        return List.copyOf(out);
    }

    public int pid() {
        return pid;
    }

    public List<Mapping> mappings() {
        return mappings;
    }

    /** The files the process executes code from (its executable and libraries), in mapping order. */
    public List<String> executableFiles() {
        Set<String> out = new LinkedHashSet<>();
        for (Mapping m : mappings) {
            if (m.executable()) {
                out.add(m.path());
            }
        }
        return List.copyOf(out);
    }

    /**
     * The path, as the process sees it, of a mapped file named {@code name}: an exact file name
     * ({@code libjvm.so}), else the first whose name starts with {@code name.} ({@code libc.so} for
     * {@code libc.so.6}).
     */
    public java.util.Optional<String> find(String name) {
        List<String> files = executableFiles();
        for (String f : files) {
            if (Path.of(f).getFileName().toString().equals(name)) {
                return java.util.Optional.of(f);
            }
        }
        for (String f : files) {
            if (Path.of(f).getFileName().toString().startsWith(name + ".")) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A path this process can open for a file the traced process maps, through {@code /proc/PID/root} so that a
     * process in another mount namespace (a container) works too.
     */
    public Path accessible(String path) {
        Path viaRoot = Path.of("/proc", Integer.toString(pid), "root").resolve(path.substring(1));
        return Files.isReadable(viaRoot) ? viaRoot : Path.of(path);
    }

    /**
     * The run-time address of file offset {@code fileOffset} of {@code path} in this process (libbpf's
     * {@code find_vma_seg}: an executable mapping covering that offset).
     */
    public java.util.OptionalLong addressOf(String path, long fileOffset) {
        for (Mapping m : mappings) {
            if (m.executable() && m.path().equals(path) && fileOffset >= m.offset()
                    && fileOffset - m.offset() < m.end() - m.start()) {
                return java.util.OptionalLong.of(m.start() - m.offset() + fileOffset);
            }
        }
        return java.util.OptionalLong.empty();
    }
}
