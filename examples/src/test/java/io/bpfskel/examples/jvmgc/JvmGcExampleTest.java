package io.bpfskel.examples.jvmgc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.examples.Args;
import io.bpfskel.examples.ExampleOutput;
import io.bpfskel.testing.KernelTests;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Starts a small JVM that allocates (and loads a few JDK classes), traces it through libjvm.so's hotspot USDT
 * probes, and checks what the example printed: collections of that JVM with plausible pauses, the histogram, and
 * the class loads.
 */
class JvmGcExampleTest {
    private static final Pattern ROW = Pattern.compile(
            "(?m)^(\\d+) +(G1 Young Generation|G1 Old Generation|\\S.*?Generation|\\(pause, no pools\\)|[A-Z]\\S* .*?) +(yes|no) +(\\d+\\.\\d{3}) +(\\d+)$");
    private static final Pattern HIST = Pattern.compile("(?m)^ +(\\d+) -> (\\d+) +: (\\d+) +\\|\\**\\s*\\|$");

    @Test
    void tracesCollectionsOfAnAllocatingJvm() throws Throwable {
        KernelTests.assumeKernel();
        long started = System.nanoTime();
        String out = ExampleOutput.start(o -> JvmGcExample.run(Args.parse(
                new String[] {"--java", "30", "--duration", "5", "--classes"},
                Set.of("pid", "count", "duration", "java"), Set.of("classes")), o)).finish();
        assertTrue(System.nanoTime() - started < 90_000_000_000L, "bounded in time");
        assertTrue(out.startsWith("tracing garbage collections of JVM "), out);
        int pid = Integer.parseInt(out.substring("tracing garbage collections of JVM ".length(), out.indexOf(' ',
                "tracing garbage collections of JVM ".length())));
        assertTrue(out.contains(JvmGcExample.HEADER), out);

        Matcher m = ROW.matcher(out);
        int rows = 0;
        int withPools = 0;
        while (m.find()) {
            rows++;
            assertEquals(pid, Integer.parseInt(m.group(1)), "only the traced JVM: " + m.group());
            double ms = Double.parseDouble(m.group(4));
            assertTrue(ms > 0.0 && ms < 5_000.0, "a plausible pause: " + m.group());
            if (!m.group(2).startsWith("(")) {
                withPools++;
                assertTrue(Long.parseLong(m.group(5)) > 1024, "pools hold more than a MiB after a collection: " + m.group());
            }
        }
        assertTrue(rows >= 5, "an allocating JVM with a 64 MiB heap collects within 5 s: " + out);
        assertTrue(withPools * 2 >= rows, "most are collections of a memory manager: " + out);
        assertTrue(out.contains("\n" + rows + " collection(s) shown, "), out);

        long seen = Long.parseLong(out.replaceAll("(?s).*\n\\d+ collection\\(s\\) shown, (\\d+) seen.*", "$1"));
        assertEquals(rows, seen, "without --count every collection seen is shown");
        Matcher h = HIST.matcher(out);
        long inHistogram = 0;
        while (h.find()) {
            inHistogram += Long.parseLong(h.group(3));
        }
        assertEquals(seen, inHistogram, "every collection seen is in the histogram: " + out);

        List<String> classes = out.lines().filter(l -> l.matches("\\d+ +class .*")).collect(Collectors.toList());
        assertTrue(classes.stream().allMatch(l -> l.startsWith(pid + " ")), classes.toString());
        // The allocator loads these JDK classes one by one, after the probes are attached.
        assertTrue(classes.stream().anyMatch(l -> l.contains("class java.util.concurrent.CountDownLatch")
                || l.contains("class java.util.Base64") || l.contains("class java.util.PriorityQueue")), out);
    }
}
