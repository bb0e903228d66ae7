package io.bpfskel.examples.jvmgc;

import io.bpfskel.examples.Args;
import io.bpfskel.link.UsdtOptions;
import io.bpfskel.ringbuf.RingBufferPoller;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Traces a running JVM's garbage collections through the USDT probes of its {@code libjvm.so}: every collection
 * live (collector, full or not, pause time, and the bytes its memory pools hold afterwards: heap and non-heap, as
 * {@code mem__pool__gc__end} reports them), and a log2 histogram of the pause times at exit. (The pools' "before"
 * figures are not shown: G1 refreshes its pool sizes only at the end of a collection, so at {@code
 * mem__pool__gc__begin} they still describe the previous one.) Safepoint pauses that are no memory manager's
 * collection (G1's remark and cleanup on JDK 17) fire {@code gc__begin/gc__end} without pool probes; they show as
 * {@code (pause, no pools)}. Needs no JVM flag: {@code hotspot:gc__begin/gc__end} and {@code mem__pool__gc__begin/end} always
 * fire. With {@code --classes}, also the classes it loads ({@code hotspot:class__loaded}).
 *
 * <pre>
 * scripts/run-example.sh jvm-gc --pid PID [--count N] [--duration SECONDS] [--classes]
 * scripts/run-example.sh jvm-gc --java SECONDS [...]     # starts a small allocating JVM and traces it
 * </pre>
 * The skeleton's {@code attachGcBegin(UsdtOptions.defaults().withPid(pid))} finds {@code libjvm.so} among the
 * process's mappings; the programs' sections name the probes ({@code SEC("usdt/libjvm.so:hotspot:gc__begin")}).
 */
public final class JvmGcExample {
    /** Printed once the probes are attached. */
    public static final String HEADER = String.format("%-8s %-22s %-5s %12s %14s", "PID", "COLLECTOR", "FULL",
            "PAUSE(ms)", "POOLS(KiB)");

    private JvmGcExample() {}

    public static void main(String[] args) {
        run(Args.parse(args, Set.of("pid", "count", "duration", "java"), Set.of("classes")), System.out);
    }

    public static void run(Args args, PrintStream out) {
        long count = args.getLong("count", 0);
        long durationMs = args.getLong("duration", 0) * 1000;
        boolean classes = args.has("classes");
        Process started = null;
        int pid;
        if (args.has("java")) {
            started = startAllocatingJvm(args.getLong("java", 30));
            pid = (int) started.pid();
        } else if (args.has("pid")) {
            pid = (int) args.getLong("pid", 0);
        } else {
            throw new IllegalArgumentException("give --pid PID of a running JVM, or --java SECONDS to start one");
        }
        try (JvmGcSkel skel = JvmGcSkel.open()) {
            skel.load();
            awaitLibjvm(pid);
            UsdtOptions onlyThatJvm = UsdtOptions.defaults().withPid(pid);
            // pools first, so a collection's gc__begin never lacks its pools' begin
            skel.attachPoolBegin(onlyThatJvm);
            skel.attachPoolEnd(onlyThatJvm);
            skel.attachGcEnd(onlyThatJvm);
            skel.attachGcBegin(onlyThatJvm);
            if (classes) {
                skel.attachClassLoaded(onlyThatJvm);
            }
            long[] printed = {0};
            try (RingBufferPoller poller = RingBufferPoller.create()) {
                poller.add(skel.maps().events(), GcEvent.CODEC, e -> {
                    if (count == 0 || printed[0] < count) {
                        out.printf("%-8d %-22s %-5s %12.3f %14d%n", e.pid(), e.pools() == 0 ? "(pause, no pools)" : e.manager(),
                                e.full() ? "yes" : "no", e.durationNs() / 1e6, e.usedAfter() / 1024);
                        printed[0]++;
                    }
                });
                if (classes) {
                    poller.add(skel.maps().classes(), ClassEvent.CODEC,
                            c -> out.printf("%-8d class %s%s%n", c.pid(), c.name().replace('/', '.'),
                                    c.shared() ? " (shared archive)" : ""));
                }
                out.println("tracing garbage collections of JVM " + pid + " (hotspot USDT probes)");
                out.println(HEADER);
                out.flush();
                long deadline = durationMs == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + durationMs;
                while ((count == 0 || printed[0] < count) && System.currentTimeMillis() < deadline && alive(pid)) {
                    poller.poll(100);
                }
                // Stop the probes first, so that the totals and the histogram below describe the same collections.
                skel.detach();
                poller.poll(0);
            }
            out.println(printed[0] + " collection(s) shown, " + skel.bss().collections() + " seen"
                    + (classes ? ", " + skel.bss().classesLoaded() + " class(es) loaded" : ""));
            long[] hist = new long[32];
            for (int i = 0; i < hist.length; i++) {
                hist[i] = skel.bss().hist(i);
            }
            printHistogram(out, hist);
        } finally {
            if (started != null) {
                started.destroy();
                try {
                    started.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                started.destroyForcibly();
            }
        }
    }

    /** bcc's print_log2_hist: one row per power-of-two bucket of microseconds, up to the last non-empty one. */
    static void printHistogram(PrintStream out, long[] hist) {
        int last = -1;
        long max = 0;
        for (int i = 0; i < hist.length; i++) {
            if (hist[i] > 0) {
                last = i;
                max = Math.max(max, hist[i]);
            }
        }
        out.println();
        out.printf("%24s : %-8s %s%n", "pause (usecs)", "count", "distribution");
        for (int i = 0; i <= last; i++) {
            long low = i == 0 ? 0 : 1L << i;
            long high = (1L << (i + 1)) - 1;
            int stars = (int) (hist[i] * 40 / max);
            out.printf("%10d -> %-10d : %-8d |%-40s|%n", low, high, hist[i], "*".repeat(stars));
        }
    }

    private static boolean alive(int pid) {
        return Files.exists(Path.of("/proc", Integer.toString(pid)));
    }

    /** A JVM started with this JVM's java and class path that allocates for {@code seconds}. */
    static Process startAllocatingJvm(long seconds) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Allocator.class.getName(), Long.toString(seconds)));
        try {
            return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** A JVM maps libjvm.so early, but not at once: wait up to 10 s for it. */
    private static void awaitLibjvm(int pid) {
        Path maps = Path.of("/proc", Integer.toString(pid), "maps");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                if (Files.readString(maps).contains("/libjvm.so")) {
                    return;
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("no process " + pid + " (" + maps + ")", e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalArgumentException("process " + pid + " has no libjvm.so mapped: is it a HotSpot JVM?");
    }
}
