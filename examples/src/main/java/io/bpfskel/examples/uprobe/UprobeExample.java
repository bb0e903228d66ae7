package io.bpfskel.examples.uprobe;

import io.bpfskel.examples.Args;
import io.bpfskel.link.UprobeOptions;
import io.bpfskel.ringbuf.RingBufferPoller;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Traces the C library's {@code int mkdir(const char *path, mode_t mode)} in every process (or one): a uprobe on
 * the function's entry records the arguments, a uretprobe on its return adds the result and sends the call through
 * a ring buffer.
 *
 * <pre>
 * scripts/run-example.sh uprobe [--pid PID] [--count N] [--duration SECONDS] [--libc PATH]
 * </pre>
 * Try {@code mkdir /tmp/demo; mkdir /tmp/demo} in another shell. {@code --pid} is a {@code .rodata} constant, set
 * before load; the verifier sees its value.
 */
public final class UprobeExample {
    /** Printed once both probes are attached. */
    public static final String HEADER = String.format("%-8s %-16s %s", "PID", "COMM", "CALL");

    private UprobeExample() {}

    public static void main(String[] args) {
        run(Args.parse(args, Set.of("pid", "count", "duration", "libc")), System.out);
    }

    public static void run(Args args, PrintStream out) {
        long count = args.getLong("count", 0);
        long durationMs = args.getLong("duration", 0) * 1000;
        Path libc = Path.of(args.get("libc", libc().toString()));
        try (UprobeSkel skel = UprobeSkel.open()) {
            skel.rodata().targetPid((int) args.getLong("pid", 0));
            skel.load();
            // a bare SEC("uprobe") does not say which binary: attach by hand, entry and return
            skel.progs().mkdirEntry().attachUprobe(libc, "mkdir", UprobeOptions.defaults());
            skel.progs().mkdirReturn().attachUprobe(libc, "mkdir", UprobeOptions.returnProbe());
            long[] printed = {0};
            try (RingBufferPoller poller = RingBufferPoller.create()) {
                poller.add(skel.maps().events(), MkdirEvent.CODEC, e -> {
                    if (count == 0 || printed[0] < count) {
                        out.printf("%-8d %-16s mkdir(\"%s\", 0%o) = %d%n", e.pid(), e.comm(), e.path(), e.mode(), e.ret());
                        printed[0]++;
                    }
                });
                out.println("tracing mkdir() in " + libc + (skel.rodata().targetPid() == 0 ? "" : " for pid " + skel.rodata().targetPid()));
                out.println(HEADER);
                out.flush();
                long deadline = durationMs == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + durationMs;
                while ((count == 0 || printed[0] < count) && System.currentTimeMillis() < deadline) {
                    poller.poll(100);
                }
            }
            out.println(printed[0] + " call(s)");
        }
    }

    /** The C library this JVM uses, from /proc/self/maps: the one other programs on this machine use too. */
    static Path libc() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash > 0 && (line.endsWith("/libc.so.6") || line.matches(".*/libc-[0-9.]+\\.so$"))) {
                    return Path.of(line.substring(slash));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/maps to find the C library", e);
        }
        throw new IllegalStateException("no libc.so.6 in /proc/self/maps; pass --libc PATH");
    }
}
