package io.bpfskel.examples.execsnoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.examples.Args;
import io.bpfskel.examples.ExampleOutput;
import io.bpfskel.testing.KernelTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs execsnoop bounded by --count, execs a uniquely named program three times, and reads the table. */
class ExecsnoopExampleTest {
    @Test
    void printsTheExecsThisTestStarts(@TempDir Path dir) throws Throwable {
        KernelTests.assumeKernel();
        Path marker = dir.resolve("bpfskel-execsnoop-marker-" + System.nanoTime());
        Files.copy(Path.of("/bin/true"), marker, StandardCopyOption.COPY_ATTRIBUTES);

        ExampleOutput.Background run = ExampleOutput.start(out -> ExecsnoopExample.run(
                Args.parse(new String[] {"--filter", marker.toString(), "--count", "3", "--duration", "120"},
                        Set.of("count", "duration", "filter")), out));
        run.awaitOutput(ExecsnoopExample.HEADER);
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Process p = new ProcessBuilder(marker.toString(), "run-" + i, "second arg").inheritIO().start();
            pids.add(p.pid());
            assertEquals(0, p.waitFor());
        }
        String out = run.finish();

        long jvm = ProcessHandle.current().pid();
        long uid = uid();
        Pattern row = Pattern.compile("(?m)^(\\d+) +(\\d+) +(\\d+) +\\S+ +" + Pattern.quote(marker.toString()) + " (run-\\d) second arg$");
        Matcher m = row.matcher(out);
        for (int i = 0; i < 3; i++) {
            assertTrue(m.find(), "row " + i + " in\n" + out);
            assertEquals(pids.get(i), Long.parseLong(m.group(1)), "pid");
            assertEquals(jvm, Long.parseLong(m.group(2)), "ppid: the test JVM started it (CO-RE read of real_parent->tgid)");
            assertEquals(uid, Long.parseLong(m.group(3)), "uid");
            assertEquals("run-" + i, m.group(4));
        }
        assertTrue(out.contains("\n3 exec(s)"), out);
    }

    private static long uid() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid in /proc/self/status");
    }
}
