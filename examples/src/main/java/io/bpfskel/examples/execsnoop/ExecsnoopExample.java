package io.bpfskel.examples.execsnoop;

import io.bpfskel.examples.Args;
import io.bpfskel.ringbuf.RingBufferPoller;
import java.io.PrintStream;
import java.util.Set;

/**
 * Prints every {@code execve()} on the machine as it happens: a tracepoint program sends typed events through a
 * ring buffer, Java polls it.
 *
 * <pre>
 * scripts/run-example.sh execsnoop [--count N] [--duration SECONDS] [--filter TEXT]
 * </pre>
 * Stops after {@code N} events or {@code SECONDS} (both 0 = until interrupted); {@code --filter} keeps only events
 * whose file name contains {@code TEXT}.
 */
public final class ExecsnoopExample {
    /** Printed once the program is attached: from here on every exec is seen. */
    public static final String HEADER = String.format("%-8s %-8s %-6s %-16s %s", "PID", "PPID", "UID", "COMM", "FILENAME ARGS");

    private ExecsnoopExample() {}

    public static void main(String[] args) {
        run(Args.parse(args, Set.of("count", "duration", "filter")), System.out);
    }

    public static void run(Args args, PrintStream out) {
        long count = args.getLong("count", 0);
        long durationMs = args.getLong("duration", 0) * 1000;
        String filter = args.get("filter", "");
        try (ExecsnoopSkel skel = ExecsnoopSkel.openAndLoad();
                RingBufferPoller poller = RingBufferPoller.create()) {
            skel.attach(); // SEC("tracepoint/syscalls/sys_enter_execve") says where
            long[] printed = {0};
            poller.add(skel.maps().events(), ExecEvent.CODEC, e -> {
                if (e.filename().contains(filter) && (count == 0 || printed[0] < count)) {
                    out.printf("%-8d %-8d %-6d %-16s %s %s%n", e.pid(), e.ppid(), Integer.toUnsignedLong(e.uid()), e.comm(),
                            e.filename(), String.join(" ", e.args().subList(Math.min(1, e.args().size()), e.args().size())));
                    printed[0]++;
                }
            });
            out.println(HEADER);
            out.flush();
            long deadline = durationMs == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + durationMs;
            while ((count == 0 || printed[0] < count) && System.currentTimeMillis() < deadline) {
                poller.poll(100);
            }
            long dropped = skel.bss().dropped();
            out.println(printed[0] + " exec(s)" + (dropped == 0 ? "" : ", " + Long.toUnsignedString(dropped)
                    + " dropped (ring buffer full)"));
        }
    }
}
