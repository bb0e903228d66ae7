package io.bpfskel.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closing while other threads use the objects, and reads after close of every view kind ({@link LifetimeStress}),
 * in a child JVM: a read of unmapped memory kills that JVM, which fails this test with its output, instead of
 * the test run.
 */
class LifetimeStressTest {
    private static final int ROUNDS = 150;

    @Test
    void closingWhileInUseNeverCrashesNorReachesAnotherObject() throws Exception {
        KernelTests.assumeKernel();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The child uses this JVM's native backend, so the run covers JNA on 17 and java.lang.foreign on 22+.
        String backend = Syscalls.nativeBackend();
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:-OmitStackTraceInFastThrow",
                "-XX:ErrorFile=target/hs_err_stress_%p.log", "-Dbpfskel.native=" + backend));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LifetimeStress.class.getName(),
                Fixtures.bpfel("bench").toAbsolutePath().toString(), Fixtures.bpfel("ringbuf").toAbsolutePath().toString(),
                Integer.toString(ROUNDS)));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = output(p);
        assertTrue(done, "the child JVM hung:\n" + out);
        assertEquals(0, p.exitValue(), "the child JVM failed (exit " + p.exitValue()
                + (p.exitValue() > 128 ? ", killed by signal " + (p.exitValue() - 128) : "") + "):\n" + out);
        assertTrue(out.startsWith("OK " + backend + " backend, "), out);
        System.out.println("[lifetime stress] " + out.strip());
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
