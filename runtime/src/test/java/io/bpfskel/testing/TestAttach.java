package io.bpfskel.testing;

import io.bpfskel.BpfProgram;
import io.bpfskel.sys.AttachType;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.LinkCreateAttr;
import io.bpfskel.sys.PerfEventAttr;
import io.bpfskel.sys.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Attaches loaded programs straight through {@code io.bpfskel.sys}, for kernel tests that need real events
 * before the public attach API exists. Each method returns what must be closed to detach.
 */
public final class TestAttach {
    private static final Path[] TRACEFS = {Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing")};

    private TestAttach() {}

    /** BPF_RAW_TRACEPOINT_OPEN: a raw_tp program on the tracepoint {@code name} (e.g. {@code sched_switch}). */
    public static Fd rawTracepoint(BpfProgram prog, String name) {
        return Bpf.rawTracepointOpen(prog.handle(), name, 0, "program '" + prog.name() + "' on raw tracepoint " + name);
    }

    /** A tracepoint program attached as libbpf does: a perf event of the tracepoint on CPU 0, then a perf link. */
    public static AutoCloseable tracepoint(BpfProgram prog, String category, String name) {
        String what = "program '" + prog.name() + "' on tracepoint " + category + "/" + name;
        long id = tracepointId(category, name);
        Fd event = Syscalls.perfEventOpen(PerfEventAttr.of(PerfEventAttr.TYPE_TRACEPOINT, id), -1, 0, null, 0, what);
        try {
            Fd link = Bpf.linkCreate(new LinkCreateAttr(prog.handle(), event, 0, AttachType.PERF_EVENT, 0,
                    new LinkCreateAttr.PerfEvent(0)), what);
            return () -> {
                link.close();
                event.close();
            };
        } catch (RuntimeException e) {
            event.close();
            throw e;
        }
    }

    private static long tracepointId(String category, String name) {
        for (Path root : TRACEFS) {
            Path id = root.resolve("events").resolve(category).resolve(name).resolve("id");
            if (Files.isReadable(id)) {
                try {
                    return Long.parseLong(Files.readString(id).trim());
                } catch (IOException e) {
                    throw new UncheckedIOException(id.toString(), e);
                }
            }
        }
        throw Tools.missing("tracepoint " + category + "/" + name + " not found under " + java.util.Arrays.toString(TRACEFS)
                + " (mount -t tracefs tracefs /sys/kernel/tracing)");
    }
}
