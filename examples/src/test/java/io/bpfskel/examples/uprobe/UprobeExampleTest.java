package io.bpfskel.examples.uprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.examples.Args;
import io.bpfskel.examples.ExampleOutput;
import io.bpfskel.testing.KernelTests;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces one process (the .rodata pid filter) that calls libc's mkdir() twice on the same path: the first call
 * succeeds, the second fails.
 */
class UprobeExampleTest {
    @Test
    void tracesMkdirArgumentsAndResults(@TempDir Path dir) throws Throwable {
        KernelTests.assumeKernel();
        Path target = dir.resolve("made-by-mkdir");
        // the shell waits for a line, then becomes mkdir (same pid), which calls mkdir() once per argument
        Process p = new ProcessBuilder("/bin/sh", "-c", "read line; exec mkdir \"$0\" \"$0\"", target.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ExampleOutput.Background run = ExampleOutput.start(out -> UprobeExample.run(Args.parse(
                    new String[] {"--pid", Long.toString(p.pid()), "--count", "2", "--duration", "120"},
                    Set.of("pid", "count", "duration", "libc")), out));
            run.awaitOutput(UprobeExample.HEADER);
            try (OutputStream in = p.getOutputStream()) {
                in.write('\n');
            }
            assertEquals(1, p.waitFor(), "mkdir fails on the second, existing directory");
            String out = run.finish();

            assertTrue(Files.isDirectory(target));
            String call = String.format("%-8d %-16s mkdir(\"%s\", 0777) = ", p.pid(), "mkdir", target);
            assertTrue(out.contains(call + "0\n" + call + "-1\n"), out);
            assertTrue(out.endsWith("2 call(s)\n"), out);
            assertTrue(out.startsWith("tracing mkdir() in /") && out.contains("libc") && out.contains(" for pid " + p.pid()), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
