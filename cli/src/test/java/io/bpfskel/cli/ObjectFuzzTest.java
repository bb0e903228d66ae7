package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 hostile objects ({@link ObjectFuzz}) through the public API and the command line, in a child JVM with a
 * 256 MiB heap: only {@code BpfException}s and one-line errors, no OutOfMemoryError, no stack trace. The seed
 * changes every run (it is printed, and a failure names it) so that CI covers new mutants each time.
 */
class ObjectFuzzTest {
    private static final int MUTANTS = 10_000;

    @Test
    void hostileObjectsGiveOneLineErrorsInASmallHeap(@TempDir Path work) throws Exception {
        long seed = Long.getLong("bpfskel.fuzzSeed", System.nanoTime());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:-OmitStackTraceInFastThrow", "-XX:ErrorFile=target/hs_err_fuzz_%p.log",
                "-cp", System.getProperty("java.class.path"),
                ObjectFuzz.class.getName(), Path.of("target/test-classes/bpf/bpfel").toAbsolutePath().toString(),
                work.toString(), Integer.toString(MUTANTS), Long.toString(seed)))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String where = " (seed " + seed + "; rerun with -Dbpfskel.fuzzSeed=" + seed + "):\n";
        assertTrue(done, "the fuzz run hung" + where + out);
        assertEquals(0, p.exitValue(), "the fuzz run failed" + where + out);
        assertTrue(out.startsWith("OK "), out);
        System.out.println("[object fuzz] seed " + seed + ": " + out.strip());
    }
}
