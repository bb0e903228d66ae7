package io.bpfskel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's program against the runtime as a module ({@code target/classes} holds module io.bpfskel) and as a plain
 * jar on the class path: both compile and load an object; on the module path the internal packages stay hidden.
 */
class ModulePathTest {
    private static final Path MODULE = Path.of("target", "classes");

    private static final String MAIN = String.join("\n",
            "package demo.user;",
            "",
            "import io.bpfskel.BpfCollection;",
            "import io.bpfskel.error.BpfException;",
            "import java.nio.file.Path;",
            "",
            "public final class Main {",
            "    public static void main(String[] args) {",
            "        try (BpfCollection obj = BpfCollection.open(Path.of(args[0]))) {",
            "            obj.load();",
            "            obj.program(\"bump\").testRun(null);",
            "            obj.program(\"bump\").testRun(null);",
            "            System.out.println(\"bss=\" + obj.dataSection(\".bss\").getInt(0) + \" module=\"",
            "                    + BpfCollection.class.getModule().getName());",
            "        } catch (BpfException e) {",
            "            System.out.println(\"error: \" + e.getMessage());",
            "            System.exit(1);",
            "        }",
            "    }",
            "}",
            "");

    private static final String MODULE_INFO = "module demo.user { requires io.bpfskel; }\n";

    private static Path jna() {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(e).getFileName().toString().matches("jna-[0-9.]+\\.jar")) {
                return Path.of(e);
            }
        }
        throw new AssertionError("no JNA jar on the test class path");
    }

    private static String path(Path... entries) {
        return String.join(File.pathSeparator, Stream.of(entries).map(Path::toString).toList());
    }

    /** javac's diagnostics, or "" when it compiled. */
    private static String javac(List<String> options, Path... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(options);
        Stream.of(sources).map(Path::toString).forEach(args::add);
        int status = javac.run(null, out, out, args.toArray(String[]::new));
        String printed = out.toString(StandardCharsets.UTF_8);
        return status == 0 ? "" : printed.isEmpty() ? "javac exited with " + status : printed;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void onTheModulePath(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Path main = write(src.resolve("demo/user/Main.java"), MAIN);
        Path info = write(src.resolve("module-info.java"), MODULE_INFO);
        Path out = dir.resolve("out");
        assertEquals("", javac(List.of("--module-path", path(MODULE, jna()), "-d", out.toString()), info, main));

        KernelTests.assumeKernel();
        String printed = run(List.of(java(), "--module-path", path(MODULE, jna(), out), "-m", "demo.user/demo.user.Main",
                Fixtures.bpfel("minimal").toString()));
        assertTrue(printed.contains("bss=2 module=io.bpfskel"), printed);
    }

    @Test
    void internalPackagesAreNotVisibleToModules(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Path info = write(src.resolve("module-info.java"), MODULE_INFO);
        Path peek = write(src.resolve("demo/user/Peek.java"), String.join("\n",
                "package demo.user;",
                "",
                "final class Peek {",
                "    static Object fd(io.bpfskel.sys.Fd fd) {",
                "        return fd;",
                "    }",
                "}",
                ""));
        String errors = javac(List.of("--module-path", path(MODULE, jna()), "-d", dir.resolve("out").toString()), info, peek);
        assertFalse(errors.isEmpty(), "io.bpfskel.sys must not be usable from a user module");
        assertTrue(errors.contains("package io.bpfskel.sys is not visible"), errors);
    }

    @Test
    void onTheClassPath(@TempDir Path dir) throws Exception {
        Path main = write(dir.resolve("src/demo/user/Main.java"), MAIN);
        Path out = dir.resolve("out");
        assertEquals("", javac(List.of("-cp", path(MODULE, jna()), "-d", out.toString()), main));

        KernelTests.assumeKernel();
        String printed = run(List.of(java(), "-cp", path(MODULE, jna(), out), "demo.user.Main",
                Fixtures.bpfel("minimal").toString()));
        assertTrue(printed.contains("bss=2 module=null"), printed);
    }

    /**
     * The runtime as users get it, a multi-release jar, on the module path: JNA on every Java, and on 22+ the
     * java.lang.foreign class from META-INF/versions/22 inside module io.bpfskel, with native access granted
     * by module name (so no warning).
     */
    @Test
    void multiReleaseJarOnTheModulePathWithEachBackend(@TempDir Path dir) throws Exception {
        Path manifest = write(dir.resolve("MANIFEST.MF"), "Multi-Release: true\n");
        Path jar = dir.resolve("bpfskel-runtime.jar");
        java.util.spi.ToolProvider jarTool = java.util.spi.ToolProvider.findFirst("jar").orElseThrow();
        StringWriter jarOut = new StringWriter();
        int status = jarTool.run(new PrintWriter(jarOut), new PrintWriter(jarOut), "--create", "--file", jar.toString(),
                "--manifest", manifest.toString(), "-C", MODULE.toString(), ".");
        assertEquals(0, status, jarOut.toString());

        Path src = dir.resolve("src");
        Path main = write(src.resolve("demo/user/Main.java"), MAIN);
        Path info = write(src.resolve("module-info.java"), MODULE_INFO);
        Path out = dir.resolve("out");
        assertEquals("", javac(List.of("--module-path", path(jar, jna()), "-d", out.toString()), info, main));

        KernelTests.assumeKernel();
        List<String> backends = Runtime.version().feature() >= 22 ? List.of("jna", "ffm") : List.of("jna");
        for (String backend : backends) {
            List<String> command = new ArrayList<>(List.of(java(), "-Dbpfskel.native=" + backend));
            if (Runtime.version().feature() >= 22) {
                // JNA loads its own native library, so forcing it needs its module named too
                command.add("--enable-native-access=" + (backend.equals("jna") ? "io.bpfskel,com.sun.jna" : "io.bpfskel"));
            }
            command.addAll(List.of("--module-path", path(jar, jna(), out), "-m", "demo.user/demo.user.Main",
                    Fixtures.bpfel("minimal").toString()));
            String printed = run(command);
            assertTrue(printed.contains("bss=2 module=io.bpfskel"), backend + ": " + printed);
            assertFalse(printed.contains("WARNING"), backend + ": " + printed);
        }
    }
}
