package io.bpfskel.link;

import io.bpfskel.error.BpfException;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.sys.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The kernel's tracing filesystem: tracepoint ids, and the {@code kprobe_events}/{@code uprobe_events} files that
 * create probes on kernels without (or instead of) the probe PMUs.
 */
final class Tracefs {
    static final Path TRACING = Path.of("/sys/kernel/tracing");
    static final Path DEBUG_TRACING = Path.of("/sys/kernel/debug/tracing");

    private final Path root;

    private Tracefs(Path root) {
        this.root = root;
    }

    /** The mounted tracefs; mounts it at /sys/kernel/tracing when it is nowhere (as root can). */
    static Tracefs mounted() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return new Tracefs(found.get());
        }
        try {
            Syscalls.mount("tracefs", TRACING.toString(), "tracefs", 0, "tracefs for tracepoints and probes");
        } catch (BpfSyscallException e) {
            throw new BpfException("tracefs is not mounted at " + TRACING + " or " + DEBUG_TRACING
                    + ", and mounting it failed: " + e.getMessage(), e);
        }
        return find().map(Tracefs::new).orElseThrow(() -> new BpfException(
                "tracefs mounted at " + TRACING + " has no events directory"));
    }

    private static Optional<Path> find() {
        for (Path p : new Path[] {TRACING, DEBUG_TRACING}) {
            if (Files.isDirectory(p.resolve("events"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    Path root() {
        return root;
    }

    /** The id of tracepoint {@code category/name}, for perf_event_open with PERF_TYPE_TRACEPOINT. */
    long tracepointId(String category, String name) {
        Path id = root.resolve("events").resolve(category).resolve(name).resolve("id");
        try {
            return Long.parseLong(Files.readString(id).strip());
        } catch (NoSuchFileException e) {
            throw new BpfException("no tracepoint '" + category + "/" + name + "' in this kernel (" + id
                    + " does not exist; see " + root.resolve("available_events") + ")", e);
        } catch (IOException | NumberFormatException e) {
            throw new BpfException("cannot read the id of tracepoint '" + category + "/" + name + "' from " + id
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code kprobe_events} or {@code uprobe_events} exists. */
    boolean hasProbeEvents(String file) {
        return Files.exists(root.resolve(file));
    }

    /**
     * Appends a probe definition to {@code kprobe_events}/{@code uprobe_events}. Never truncates: that would remove
     * every other probe on the system.
     */
    void addProbe(String file, String definition, String what) {
        write(file, definition, "cannot create " + what);
    }

    void removeProbe(String file, String group, String event) {
        write(file, "-:" + group + "/" + event, "cannot remove probe event " + group + "/" + event);
    }

    private void write(String file, String line, String failure) {
        Path p = root.resolve(file);
        try {
            Files.write(p, (line + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new BpfException(failure + ": writing '" + line + "' to " + p + " failed: " + e.getMessage()
                    + errorLogHint(), e);
        }
    }

    private String errorLogHint() {
        Path log = root.resolve("error_log");
        try {
            String text = Files.readString(log).strip();
            if (text.isEmpty()) {
                return "";
            }
            String[] lines = text.split("\n");
            int from = Math.max(0, lines.length - 3);
            return " (" + log + ": " + String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip() + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The id of a probe event created with {@link #addProbe}. */
    long probeEventId(String group, String event) {
        return tracepointId(group, event);
    }
}
