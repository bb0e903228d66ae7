package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsdtCommandTest {
    @TempDir
    Path tmp;

    private Path compile() throws Exception {
        Path src = tmp.resolve("p.c");
        Files.writeString(src, "#include <sys/sdt.h>\n#include <unistd.h>\n"
                + "int main(int argc, char **argv) { long v = argc; DTRACE_PROBE2(demo, start, v, 7);"
                + " if (argc > 1) pause(); return 0; }\n");
        Path exe = tmp.resolve("p");
        Process p = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), src.toString()).inheritIO().start();
        Cli.need(p.waitFor() == 0, "gcc with <sys/sdt.h> (systemtap-sdt-dev) could not build a probe");
        return exe;
    }

    @Test
    void tableAndJsonOfABinary() throws Exception {
        Path exe = compile();
        String out = Cli.run("usdt", exe).expectExit(0).out();
        assertTrue(out.startsWith(exe + ": 1 probe\n"), out);
        assertTrue(out.contains("PROVIDER  NAME"), out);
        assertTrue(out.matches("(?s).*demo\\s+start\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+\\s+-\\s+s64 %r\\w+, s32 \\$7\\n.*"), out);
        JsonArray bins = Cli.run("usdt", exe, "--json").expectExit(0).json().getAsJsonArray();
        JsonObject probe = bins.get(0).getAsJsonObject().getAsJsonArray("probes").get(0).getAsJsonObject();
        assertEquals("demo", probe.get("provider").getAsString());
        assertEquals("start", probe.get("name").getAsString());
        assertTrue(probe.get("semaphore").isJsonNull());
        JsonArray args = probe.getAsJsonArray("args");
        assertEquals(2, args.size());
        assertEquals("const", args.get(1).getAsJsonObject().get("kind").getAsString());
        assertEquals(4, args.get(1).getAsJsonObject().get("size").getAsInt());
        assertTrue(args.get(1).getAsJsonObject().get("signed").getAsBoolean());
    }

    @Test
    void everyBinaryOfAProcess() throws Exception {
        Path exe = compile();
        Process p = new ProcessBuilder(exe.toString(), "wait").start();
        try {
            for (int i = 0; i < 100 && !Files.readString(Path.of("/proc/" + p.pid() + "/maps")).contains(exe.toString()); i++) {
                Thread.sleep(20);
            }
            String out = Cli.run("usdt", "--pid", p.pid()).expectExit(0).out();
            assertTrue(out.contains(exe + ": 1 probe"), out);
            assertTrue(out.contains("demo"), out);
            String one = Cli.run("usdt", "--pid", p.pid(), exe.getFileName(), "--provider", "demo").expectExit(0).out();
            assertTrue(one.contains("demo"), one);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String err = Cli.run("usdt", "--pid", 999_999_999).expectExit(1).err();
        assertTrue(err.contains("no process 999999999"), err);
        assertTrue(Cli.run("usdt", tmp.resolve("missing")).expectExit(1).err().contains("no such file"));
        List.of();
    }

    @Test
    void hotspotProbesWhereAJdkIsInstalled() throws Exception {
        Path jvm = Path.of(System.getProperty("java.home"), "lib/server/libjvm.so");
        Cli.need(Files.isRegularFile(jvm), jvm + " not found");
        String out = Cli.run("usdt", jvm, "--provider", "hotspot").expectExit(0).out();
        assertTrue(out.contains("gc__begin"), out.substring(0, Math.min(out.length(), 400)));
        assertTrue(!out.contains("unreadable"), "every hotspot argument parses");
    }
}
